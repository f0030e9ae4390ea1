"""A question asking where is answered only by a sentence that says where: a word saying
where, or a name that is no person's ("Dr. Helena Marsh is the clinic director" says nowhere)."""

from __future__ import annotations

from knowledge.build import build_from_documents
from knowledge.models import Document
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

ABOUT = """About the clinic

Dr. Helena Marsh is the clinic director and a general dentist.

The clinic offers check-ups, fillings and whitening.
"""


def _engine(text: str) -> Engine:
    doc = Document(id="about", title="About the clinic", path="about.txt", sha256="", text=text)
    return Engine(build_from_documents([doc], {}, source="test"))


def test_a_person_named_is_no_place() -> None:
    answer = _engine(ABOUT).answer("Where is the clinic?", Dialogue())
    assert not answer.found


def test_a_sentence_saying_where_answers() -> None:
    answer = _engine(ABOUT + "\nThe clinic is at 14 Linden Street, next to the library.\n").answer(
        "Where is the clinic?", Dialogue())
    assert answer.found and "14 Linden Street" in answer.text
