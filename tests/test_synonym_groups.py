"""A question's word matches a document's word of its synonym group (retrieval/synonyms.yaml)."""

from __future__ import annotations

from retrieval.dialogue import Dialogue
from tests.engine_support import engine_of, follow_up


def test_who_chairs_it_is_answered_by_the_chairman() -> None:
    answer = follow_up("The university is governed by a board of trustees. The board is composed of 50 members "
                       "including the university President. The Chairman of the Board of Trustees is Andrew Alper.",
                       "How many members does the board of trustees have?", "Who chairs it?")
    assert answer.found and "Andrew Alper" in answer.text, answer.text


def test_a_head_coach_is_no_chairman() -> None:
    engine = engine_of("Daniel Ferreira coaches the first team. Paul Okafor is the club chairman.")
    answer = engine.answer("Who is the head coach?", Dialogue())
    assert answer.found and answer.text.startswith("Daniel Ferreira"), answer.text


def test_a_phrase_of_a_group_is_no_synonym_without_its_particle() -> None:
    """"set up" means founded; "set" alone does not: a sentence about setting a PIN, or leaving
    rooms as you found them, does not answer when the library was founded."""
    engine = engine_of("Since 2015 you can set a new library PIN yourself online. Library rooms hired in 2019 must be "
                       "left as you found them. The reading room holds 3,200 books. The library was established "
                       "in 1887.")
    answer = engine.answer("When was the library founded?", Dialogue())
    assert answer.found and "1887" in answer.text, answer.text
