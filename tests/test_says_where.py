"""A question asking where is answered only by a sentence that says where: a word saying
where, or a name that is no person's ("Dr. Helena Marsh is the clinic director" says nowhere)."""

from __future__ import annotations

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from tests.engine_support import engine_of

ABOUT = """About the clinic

Dr. Helena Marsh is the clinic director and a general dentist.

The clinic offers check-ups, fillings and whitening.
"""


def _engine(text: str) -> Engine:
    return engine_of(text, "about", "About the clinic")


def test_a_person_named_is_no_place() -> None:
    answer = _engine(ABOUT).answer("Where is the clinic?", Dialogue())
    assert not answer.found


def test_a_sentence_saying_where_answers() -> None:
    answer = _engine(ABOUT + "\nThe clinic is at 14 Linden Street, next to the library.\n").answer(
        "Where is the clinic?", Dialogue())
    assert answer.found and "14 Linden Street" in answer.text
