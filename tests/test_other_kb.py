"""The engine on a second, unrelated knowledge base (tests/data/kb_other): a river-basin commission.

Three documents (Markdown, HTML, plain text), an aliases.yaml (Port Averin was called
Kestrelmouth) and a facts.yaml that adds the sixth summit, which no document describes.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.models import Answer

KB_OTHER = Path(__file__).parent / "data" / "kb_other"
DOCUMENTS = {"srbc-history", "summit-news", "flood-statement"}
CURATED = "facts"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the folder, so that no fact store is ever written into the repository."""
    copy = tmp_path_factory.mktemp("kb") / "kb_other"
    shutil.copytree(KB_OTHER, copy)
    return copy


@pytest.fixture(scope="module")
def engine(folder: Path) -> Engine:
    return Engine.from_folder(folder)


def check(answer: Answer, found: bool, contains: tuple[str, ...] = (), cites: set[str] | None = None) -> None:
    text = answer.text.replace("–", "-")
    assert answer.found is found, answer.text
    for part in contains:
        assert part.lower() in text.lower(), f"{part!r} not in {answer.text!r}"
    cited = {c.document for c in answer.citations}
    if found:
        assert cited, answer.text
        assert cited <= DOCUMENTS | {CURATED}
    else:
        assert not cited
    if cites is not None:
        assert cites <= cited, (cites, cited)


def test_documents_and_titles(engine: Engine) -> None:
    assert dict(engine.documents) == {
        "flood-statement": "Statement on the spring floods on the Arlen",
        "srbc-history": "The Selvara River Basin Commission: A Short History",
        "summit-news": "Fifth Selvara summit agrees on sediment plan | SRBC News",
        "facts": "Curated facts (facts.yaml)",
    }


@pytest.mark.parametrize(
    ("question", "contains", "cites"),
    [
        pytest.param("When was the fifth SRBC summit?", ("September 9, 2019", "Port Averin"), {"summit-news"},
                     id="when-fifth"),
        pytest.param("When was the fifth Selvara River Basin Commission summit?", ("September 9, 2019",),
                     {"summit-news"}, id="when-fifth-long-name"),
        pytest.param("Where was the third SRBC summit?", ("Doravik",), {"srbc-history"}, id="where-third"),
        pytest.param("When was the thrid SRBC sumit?", ("2013", "Doravik"), {"srbc-history"}, id="typos"),
        pytest.param("When was the sixth SRBC summit?", ("June 15, 2021", "Lenhall"), {CURATED},
                     id="only-in-facts-yaml"),
        pytest.param("What is the SRBC?", ("Selvara River Basin Commission",), {"srbc-history"},
                     id="acronym-defined-in-parentheses"),
        pytest.param("What is the SRP?", ("Sediment Restoration Programme",), {"summit-news"},
                     id="acronym-defined-in-html"),
        pytest.param("What does JFWN stand for?", ("Joint Flood Warning Network",), None, id="implicit-acronym"),
        pytest.param("Who is Tomas Berglund?", ("Executive Secretary",), {"srbc-history"}, id="who-secretary"),
        pytest.param("Who is Dmitri Halloran?", ("Mayor",), {"summit-news"}, id="who-mayor"),
        pytest.param("Who is Marta Oyelaran?", ("Chair",), {"summit-news"}, id="who-chair"),
        pytest.param("What happened on March 24, 2016?", ("red alert",), {"flood-statement"}, id="happened-on-date"),
        pytest.param("What happened on September 9, 2019?", ("sediment",), {"summit-news"},
                     id="happened-on-summit-day"),
        pytest.param("What happened in 2013?", ("third SRBC summit", "Doravik"), {"srbc-history"},
                     id="happened-in-year"),
        pytest.param("What happened in Kestrelmouth?", ("May 17-18, 2011",), {"srbc-history"},
                     id="old-city-name"),
        pytest.param("Where is the secretariat based?", ("Lenhall",), {"srbc-history"}, id="passage-where"),
        pytest.param("When did the JFWN go live?", ("2014",), {"srbc-history"}, id="acronym-in-passage"),
        pytest.param("When was the SRBC set up?", ("2009",), {"srbc-history"}, id="founding"),
        pytest.param("How many people were moved out before the water arrived?", ("2,000",), {"flood-statement"},
                     id="number-from-plain-text"),
    ],
)
def test_answered(engine: Engine, question: str, contains: tuple[str, ...], cites: set[str] | None) -> None:
    check(engine.answer(question, Dialogue()), True, contains, cites)


@pytest.mark.parametrize(
    ("question", "contains"),
    [
        pytest.param("When was the ninth SRBC summit?", ("ninth",), id="ordinal-that-does-not-exist"),
        pytest.param("Who won the 2018 World Cup?", (), id="out-of-scope"),
        pytest.param("Who is Xavier Pellegrin?", (), id="unknown-person"),
    ],
)
def test_not_found(engine: Engine, question: str, contains: tuple[str, ...]) -> None:
    answer = engine.answer(question, Dialogue())
    check(answer, False, contains)
    assert "September 9, 2019" not in answer.text


def test_follow_ups_borrow_the_focus(engine: Engine) -> None:
    dialogue = Dialogue()
    check(engine.answer("When was the fifth SRBC summit?", dialogue), True, ("September 9, 2019",))
    check(engine.answer("Where was it held?", dialogue), True, ("Port Averin",), {"summit-news"})
    third = engine.answer("And the third one?", dialogue)
    check(third, True, ("2013", "Doravik"), {"srbc-history"})
    assert "2019" not in third.text


def test_who_follow_up(engine: Engine) -> None:
    dialogue = Dialogue()
    check(engine.answer("Where was the third SRBC summit?", dialogue), True, ("Doravik",))
    check(engine.answer("Who chaired it?", dialogue), True, ("Corvan",), {"srbc-history"})


def test_first_and_second_summits(engine: Engine) -> None:
    dialogue = Dialogue()
    first = engine.answer("When was the first SRBC summit?", dialogue)
    check(first, True, ("April 22, 2010", "Lenhall"), {"srbc-history"})
    assert "2018" not in first.text
    check(engine.answer("Where was it held?", dialogue), True, ("Lenhall",))
    check(engine.answer("And the second one?", dialogue), True, ("May 17-18, 2011", "Kestrelmouth"))


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".qabot"))
    return target


def count(out: str, label: str) -> int:
    match = re.search(rf"^{label}\s+(\d+)$", out, re.M)
    assert match, out
    return int(match.group(1))


def test_cli_build(cli: Callable[..., Any], clean_env: Path, folder: Path, tmp_path: Path) -> None:
    kb = copy_of(folder, tmp_path)
    result = cli("build", "--kb", str(kb))
    assert result.code == 0, result.err
    out: str = result.out
    assert count(out, "documents") == 4  # three files and the curated facts
    assert count(out, "events") >= 5
    assert count(out, "people") >= 3
    assert count(out, "acronyms") == 3
    store = kb / ".qabot" / "store.sqlite"
    assert f"wrote {store}" in out
    assert store.is_file()


def test_cli_facts_events(cli: Callable[..., Any], clean_env: Path, folder: Path, tmp_path: Path) -> None:
    kb = copy_of(folder, tmp_path)
    result = cli("facts", "--kind", "event", "--kb", str(kb))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    events = [line for line in lines if line.startswith("event: ")]
    assert any(line.startswith("event: third SRBC | 2013 | Doravik") for line in events)
    assert any(line.startswith("event: fifth SRBC | September 9, 2019 | Port Averin") for line in events)
    assert any(line.startswith("event: sixth SRBC | June 15, 2021 | Lenhall") for line in events)
    assert any("[Curated facts (facts.yaml)] The sixth SRBC summit was held in Lenhall" in line for line in lines)
    assert not any(line.startswith(("date:", "person:", "acronym:")) for line in lines)
