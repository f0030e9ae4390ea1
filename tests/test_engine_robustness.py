"""Inputs and situations that must never break the engine or mislead it."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.acronyms import extract_acronyms
from knowledge.build import build_from_documents
from knowledge.curated import FactsFile
from knowledge.models import Document, Sentence
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.models import Answer
from tests.engine_support import bundled_engine


def test_a_dialogue_from_another_engine_starts_afresh(tmp_path: Path) -> None:
    old = bundled_engine()
    dialogue = Dialogue()
    old.answer("Who is Tileuberdi?", dialogue)
    (tmp_path / "other.txt").write_text("Other\nThe river flooded in May 2020.\n", encoding="utf-8")
    reloaded = Engine.from_folder(tmp_path)  # as /reload does: new engine, same chat dialogue
    answer = reloaded.answer("What did he do?", dialogue)
    assert not answer.found
    assert dialogue.person_id is None


@pytest.mark.parametrize("question", [None, 42, b"bytes", ["list"]], ids=["none", "int", "bytes", "list"])
def test_non_text_questions_are_empty(question: object) -> None:
    answer = bundled_engine().answer(question)  # type: ignore[arg-type]
    assert not answer.found and answer.text


def test_questions_in_other_scripts_name_the_unknown_words() -> None:
    answer = bundled_engine().answer("Кто такой Керри?")
    assert not answer.found and "Керри" in answer.text


# Digits that are not decimal (str.isdigit() but not int()-able), and survive NFKC.
NON_DECIMAL_DIGITS = ["\u2791", "\u2776", "\u277e", "\u24f5", "\u24fd", "\u2780", "\u2792",
                      "\u1369", "\u1371"]


@pytest.mark.parametrize("digit", NON_DECIMAL_DIGITS, ids=[f"U+{ord(c):04X}" for c in NON_DECIMAL_DIGITS])
@pytest.mark.parametrize("template", ["{}", "When was the {} SPD?", "the {}th meeting"],
                         ids=["alone", "in-question", "as-ordinal"])
def test_non_decimal_digits_are_answered(digit: str, template: str) -> None:
    answer = bundled_engine().answer(template.format(digit))
    assert isinstance(answer, Answer) and answer.text


def sentences(*texts: str) -> list[Sentence]:
    return [Sentence(id=f"d#s{i}", doc_id="d", paragraph=i, text=t, start=0, end=len(t))
            for i, t in enumerate(texts)]


def test_acronym_ties_are_broken_the_same_way_every_time() -> None:
    found = {extract_acronyms(sentences("The Bad Rot Cab met.", "The Big Rat Car met.", "The BRC met."))[0].long
             for _ in range(3)}
    assert found == {"Bad Rot Cab"}


def doc(text: str) -> Document:
    return Document(id="doc", title="Doc", path="doc.txt", sha256="x", text=text)


def test_curated_events_get_distinct_ids_and_keep_extracted_places() -> None:
    body = "The first Alpha Summit took place in Paris on May 1, 2010.\nThe second Alpha Summit took place in Rome."
    curated = FactsFile.model_validate({"events": [
        {"series": "Alpha Summit", "ordinal": 1, "date": "May 2, 2010", "statement": "It began on May 2."},
        {"series": "Alpha Summit", "ordinal": 2, "date": "June 1, 2011", "statement": "The second began in June."},
    ]})
    kb = build_from_documents([doc(body)], aliases={}, curated=curated)
    curated_events = [e for e in kb.events if e.doc_id == "facts"]
    assert len({e.id for e in curated_events}) == 2
    first = next(e for e in curated_events if e.ordinal == 1)
    assert first.places == ["Paris"] and first.dates[0].render() == "May 2, 2010"


def test_a_curated_person_is_not_merged_with_a_namesake() -> None:
    curated = FactsFile.model_validate({"people": [{"name": "Jane Smith", "role": "Prime Minister"}]})
    kb = build_from_documents([doc("Ambassador John Smith arrived in Paris.")], aliases={}, curated=curated)
    john = next(p for p in kb.people if p.name == "John Smith")
    assert [r.title for r in john.roles] == ["Ambassador"]
    assert any(p.name == "Jane Smith" for p in kb.people)


def test_a_blank_curated_name_is_refused() -> None:
    with pytest.raises(ValueError):
        FactsFile.model_validate({"people": [{"name": "  ", "role": "Mayor"}]})


@pytest.mark.parametrize(
    ("text", "rendered", "start", "end"),
    [
        ("began in spring 2020", "spring 2020", "2020-03-01", "2020-05-31"),
        ("completed in Q3 2021", "Q3 2021", "2021-07-01", "2021-09-30"),
        ("in the third quarter of 2020", "the third quarter of 2020", "2020-07-01", "2020-09-30"),
        ("returned in early July 2019", "early July 2019", "2019-07-01", "2019-07-10"),
        ("over winter 2019", "winter 2019", "2018-12-01", "2019-02-28"),
        ("in early 2018", "early 2018", "2018-01-01", "2018-04-30"),
    ],
)
def test_seasons_quarters_and_parts_of_months(text: str, rendered: str, start: str, end: str) -> None:
    from knowledge.dates import find_dates

    [found] = find_dates(text)
    assert (found.span.render(), str(found.span.start), str(found.span.end)) == (rendered, start, end)


def test_an_unknown_word_is_named_alone_unless_it_is_part_of_a_name() -> None:
    from retrieval.engine import _phrases

    assert _phrases("Can I roll over what I don't use?", ["roll"]) == ["roll"]  # not "Can I roll"
    assert _phrases("Who won the World Cup?", ["world"]) == ["World Cup"]


def test_a_currency_code_is_a_unit_not_a_name_the_documents_must_write() -> None:
    from retrieval.dialogue import Dialogue
    from tests.engine_support import engine_of

    engine = engine_of("Late returns cost a fee. The late fee is €2 per day.")
    answer = engine.answer("Is the late fee 2 EUR per day?", Dialogue())
    assert answer.found and answer.text.startswith("Yes"), answer.text
    assert "could not find anything" not in engine.answer("Is the late fee 30 EUR?", Dialogue()).text
