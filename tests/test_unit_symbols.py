"""A unit the question names is matched by the symbol a document writes after a number
("How many watts does the Pro draw?" by "2,100 W", ``knowledge.lexicon.UNITS``); a measure
asked for ("How loud?") is in its units; a sum asked for is read from a sentence holding one."""

from __future__ import annotations

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.number_values import value_kind
from retrieval.reader_question import expected_kind
from tests.engine_support import engine_of

SPECS = """Specifications

The water tank holds 1.6 litres and should be filled with fresh water every day.

Power: Cortina Lite 1,350 W, Cortina Pro 2,100 W.

Noise while brewing: Cortina Lite 58 dB, Cortina Pro 52 dB.
"""


def _engine() -> Engine:
    return engine_of(SPECS, "specs", "Specifications")


def test_watts_are_read_as_the_w_a_document_writes() -> None:
    answer = _engine().answer("How many watts does the Pro draw?", Dialogue())
    assert answer.found and "2,100 W" in answer.text


def test_decibels_are_read_as_db() -> None:
    answer = _engine().answer("How many decibels does the Lite make?", Dialogue())
    assert answer.found and "58 dB" in answer.text


def test_how_loud_asks_for_decibels_even_with_a_when_after_it() -> None:
    question = "How loud is the Pro when it is brewing?"
    assert (expected_kind(question), value_kind(question)) == ("number", "loudness")
    assert expected_kind("What happens when the tank is empty?") != "date"
    assert expected_kind("And when was it opened?") == "date"
    answer = _engine().answer(question, Dialogue())
    assert answer.found and "52 dB" in answer.text


HALL = """The Town Hall

The council paid for the town hall construction with a loan, and the town hall construction took three years.

The new hall opened in 1992. Its construction cost €2 million, paid by the council.
"""


def test_a_sum_asked_for_is_read_from_the_best_sentence_that_holds_one() -> None:
    engine = engine_of(HALL, "hall", "The Town Hall")
    answer = engine.answer("How much did the council pay for the town hall construction?", Dialogue())
    assert answer.found and "€2 million" in answer.text


def test_synonym_groups_of_one_word_each_and_units() -> None:
    from retrieval.analyzer import terms
    from retrieval.templates import synonyms_of

    def group(word: str) -> set[str]:
        return synonyms_of(set(terms(word)))

    assert set(terms("manager")) <= group("boss") and set(terms("employees")) <= group("staff")
    assert set(terms("W")) <= group("watts") and set(terms("dB")) <= group("decibels")
    assert not set(terms("period")) & group("probation")  # a group of several words would join each word



def test_a_count_in_a_unit_is_answered_only_in_that_unit() -> None:
    question = "How many watts does the Cortina tank use?"
    assert value_kind(question) == "unit watt"
    tank = engine_of("Tank\n\nThe Cortina tank holds 5 liters of water and uses a filter.\n", "tank", "Tank")
    answer = tank.answer(question, Dialogue())
    assert not answer.found
