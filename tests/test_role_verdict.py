""""Is X the Y?" is settled by who the documents say the Y is."""

from __future__ import annotations

import pytest
from engine_support import engine_of

from retrieval.dialogue import Dialogue
from retrieval.role_verdict import role_asked

TEAM = """The team

Ingrid Solberg is the project lead and founded Tarnfeld in 2019.
Marcus Adeyemi maintains the Kafka output plugin.
Chen Wei writes the documentation.
Brazil is the second-largest producer of soybeans.
"""


@pytest.mark.parametrize(("question", "who"), [
    ("Is Chen Wei the project lead?", "Who is the project lead?"),
    ("Was Marie Curie the first woman to win a Nobel Prize?", "Who was the first woman to win a Nobel Prize?"),
    ("Is Brazil the largest producer of soybeans?", None),  # no person
    ("Is Harvard University the oldest university?", None),  # no person's role
])
def test_the_who_question_of_is_x_the_y(question: str, who: str | None) -> None:
    asked = role_asked(question)
    assert (asked.question if asked else None) == who


@pytest.mark.parametrize(("question", "reply"), [
    ("Is Chen Wei the project lead?", "No: Ingrid Solberg is the project lead and founded Tarnfeld in 2019."),
    ("Is Ingrid Solberg the project lead?", "Yes: Ingrid Solberg is the project lead and founded Tarnfeld in 2019."),
])
def test_is_x_the_y_is_answered_yes_or_no(question: str, reply: str) -> None:
    answer = engine_of(TEAM, "team", "The team").answer(question, Dialogue())
    assert answer.found and answer.text == reply


def test_a_question_of_no_person_gets_no_verdict() -> None:
    answer = engine_of(TEAM, "team", "The team").answer("Is Brazil the largest producer of soybeans?", Dialogue())
    assert not answer.text.startswith("Yes")


@pytest.mark.parametrize(("question", "text", "verdict"), [
    ("Is Chen Wei the project lead?", "Ingrid Solberg, the project lead, hired Chen Wei in 2020.", "No"),
    ("Is Chen Wei the project lead?", "The project lead is Ingrid Solberg.", "No"),
    ("Is Chen Wei the project lead?", "Chen Wei is the project lead.", "Yes"),
    ("Is Chen Wei the project lead?", "Chen Wei writes the documentation.", None),  # no role
    ("Is Marta Novak the CEO?", "Marta Novak was the CEO until 2020, when Tomas Berg took over.", None),  # a change
])
def test_a_verdict_needs_the_name_tied_to_the_role(question: str, text: str, verdict: str | None) -> None:
    from retrieval.role_verdict import settled

    asked = role_asked(question)
    assert asked is not None
    assert settled(asked, text) == verdict
