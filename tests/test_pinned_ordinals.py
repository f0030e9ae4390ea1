"""The ordinal a question pins a noun down by ("Newton's second law") must be in the sentence
that answers it, with that noun: when the reader's best sentence lacks it, the best that
keeps it answers, and when none does, the question is not answered."""

from __future__ import annotations

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from tests.engine_support import engine_of

LAWS = """The Laws of Motion

Newton's first law states that a body keeps a constant velocity unless a net force acts on it.

Succinctly stated, Newton's law of gravitation states that every mass attracts every other mass, \
as Newton stated in his law.

With some justification, Newton's second law can be taken as a definition of mass: the acceleration \
of a body is proportional to the force on it.

Newton's third law is a result of symmetry: every action has an equal and opposite reaction.

The first vote of the society on the laws was held in 1687, and a second edition of the book followed in 1713.
"""


def _engine() -> Engine:
    return engine_of(LAWS, "laws", "The Laws of Motion")


def test_the_ordinal_of_an_ellipsis_finds_its_own_law() -> None:
    engine, dialogue = _engine(), Dialogue()
    first = engine.answer("What does Newton's first law state?", dialogue)
    assert first.found and "constant velocity" in first.text
    second = engine.answer("And the second law?", dialogue)
    assert second.found and "acceleration" in second.text
    third = engine.answer("What about the third one?", dialogue)
    assert third.found and "symmetry" in third.text


def test_an_ordinal_no_sentence_gives_the_noun_is_not_answered() -> None:
    engine = _engine()
    fourth = engine.answer("What does Newton's fourth law state?", Dialogue())
    assert not fourth.found
    assert "fourth" not in fourth.text.lower() or "not sure" in fourth.text.lower()


def test_a_pinned_candidate_keeps_the_questions_names() -> None:
    engine = engine_of("Adele\n\nAdele recorded her second studio album in London with Paul Epworth.\n\n"
                            "Metallica\n\nMetallica recorded its second album in Copenhagen.\n")
    answer = engine.answer("Who produced Adele's second album?", Dialogue())
    assert "Metallica" not in answer.text and "Copenhagen" not in answer.text


def test_a_contraction_is_no_possessive_of_an_ordinal() -> None:
    engine = engine_of("Meeting agenda\n\nThe Monday meeting agenda opens with the budget review. "
                            "Then the team discusses hiring.\n")
    answer = engine.answer("What's first on the Monday meeting agenda?", Dialogue())
    assert answer.found and "budget review" in answer.text


CANAL = """The Erie Canal

The Erie Canal opened in 1825 and was enlarged between 1836 and 1862.
In 1903 voters approved a further rebuilding, and the canal was replaced by the New York State Barge Canal.
In the 1890s railways carried more freight than the canal.
"""


def test_a_year_in_the_nth_century_keeps_it() -> None:
    engine = engine_of(CANAL, "erie", "The Erie Canal")
    answer = engine.answer("What replaced the Erie Canal in the twentieth century?", Dialogue())
    assert answer.found and "Barge Canal" in answer.text


def test_a_year_of_another_century_does_not() -> None:
    engine = engine_of(CANAL, "erie", "The Erie Canal")
    answer = engine.answer("What replaced the Erie Canal in the eighteenth century?", Dialogue())
    assert not answer.found


PRESIDENTS = """The University

In 1929, the university's fifth president, Robert Maynard Hutchins, took office.
The university's first president was William Rainey Harper, from 1891.
"""


def test_an_ordinal_in_digits_is_no_number_the_documents_must_write() -> None:
    from retrieval.reader_question import read_question

    assert read_question("Who was the 5th president in 1929?").numbers == ("1929",)
    answer = engine_of(PRESIDENTS, "uni", "The University").answer("Who was the university's 5th president?",
                                                                    Dialogue())
    assert answer.found and "Robert Maynard Hutchins" in answer.text


def test_an_ordinal_in_digits_is_kept_without_a_determiner() -> None:
    text = "Rankings\n\nIn 2012 the Economist Intelligence Unit ranked Warsaw as the 32nd most liveable city.\n"
    engine = engine_of(text, "rank", "Rankings")
    assert not engine.answer("Who ranked Warsaw as 22nd most liveable city?", Dialogue()).found
    assert engine.answer("Who ranked Warsaw as 32nd most liveable city?", Dialogue()).found
