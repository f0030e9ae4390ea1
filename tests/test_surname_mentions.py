"""A person the documents name in full is found again by the surname alone."""

from __future__ import annotations

from engine_support import engine_of

from retrieval.dialogue import Dialogue

ARTICLE = """The Tay Bridge

The first Tay Bridge was designed by the engineer Thomas Bouch and opened in 1878.
It fell during a storm on 28 December 1879, taking a train with it.
The inquiry found that the bridge had been badly designed, built and maintained.
Bouch fell ill and died at Moffat in October 1880, four months after the report appeared.
"""


def test_a_sentence_naming_a_person_by_surname_answers_for_the_full_name() -> None:
    answer = engine_of(ARTICLE, "tay", "The Tay Bridge").answer("When did Thomas Bouch die?", Dialogue())
    assert answer.found
    assert "October 1880" in answer.text


def test_a_given_name_the_documents_never_write_with_that_surname_is_still_asked_for() -> None:
    answer = engine_of(ARTICLE, "tay", "The Tay Bridge").answer("When did George Bouch die?", Dialogue())
    assert not answer.found
