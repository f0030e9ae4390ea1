"""When someone lived, was born or died: the lifespan a biography writes after the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.compose_open import lifespan
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

HISTORY = """Early chemists

The Flemish physician Jan van Helmont (1580–1644) coined the word gas. His pupil Franciscus
Sylvius (1614–1672) founded a school of medicine in Leiden.

In Ancient Greece, Diocles of Carystus (4th century BC) was one of several men studying the
medicinal properties of plants. Robert Boyle showed that air is needed for combustion.
"""


@pytest.mark.parametrize(("words", "text", "about", "expected"), [
    (("live",), "Jan van Helmont (1580–1644) coined the word gas.", {"helmont"}, "1580–1644"),
    (("born",), "Jan van Helmont (1580–1644) coined the word gas.", {"helmont"}, "1580"),
    (("died",), "Jan van Helmont (c. 1580 – c. 1644) coined it.", {"helmont"}, "1644"),
    (("live",), "Diocles of Carystus (4th century BC) was one of them.", {"diocl"}, "4th century BC"),
    (("live",), "Al-Biruni (973–1050) wrote it. Avicenna, too, described 700.", {"avicenna"}, ""),
    (("wrote",), "Jan van Helmont (1580–1644) coined the word gas.", {"helmont"}, ""),
    (("live",), "The treaty (1648–1650) was signed.", {"helmont"}, ""),
    (("born",), "Helmont (1580–1644) taught Franciscus Sylvius (1614–1672).", {"sylvius"}, "1614"),
    (("live",), "Helmont (p. 120–135) is cited.", {"helmont"}, ""),  # a page range
])
def test_the_lifespan_after_the_name_asked_about(words: tuple[str, ...], text: str, about: set[str],
                                                  expected: str) -> None:
    assert lifespan(" ".join(words), words, text, about) == expected


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("chemists")
    (folder / "chemists.txt").write_text(HISTORY, encoding="utf-8")
    return Engine.from_folder(Path(folder))


def test_a_follow_up_on_a_life_reads_the_lifespan(engine: Engine) -> None:
    dialogue = Dialogue()
    first = engine.answer("Who coined the word gas?", dialogue)
    assert first.found and "Helmont" in first.text
    lived, born = engine.answer("When did he live?", dialogue), engine.answer("When was he born?", dialogue)
    assert lived.found and lived.text.startswith("1580–1644"), lived.text
    assert born.found and born.text.startswith("1580"), born.text


def test_living_somewhere_asks_no_lifespan() -> None:
    assert lifespan("When did he live in Leiden?", ("live", "leiden"), "Jan van Helmont (1580–1644) lived there.",
                    {"helmont"}) == ""


def test_a_lifespan_of_someone_else_answers_nothing(engine: Engine) -> None:
    dialogue = Dialogue()
    assert engine.answer("Who showed that air is needed for combustion?", dialogue).found
    answer = engine.answer("When was he born?", dialogue)
    assert not answer.found, answer.text
