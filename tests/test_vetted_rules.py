"""A passage rule's answer stands only where the reader's decision model finds that the
documents answer the question; a question naming a date stays the rules'."""

from __future__ import annotations

import dataclasses

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.trace import Trace
from tests.engine_support import engine_of

CITY = """The City

From 1795 the city was ruled by Prussia, and its trade declined. The Royal University of Warsaw was established in 1816.

The university was closed by the Russian authorities in 1831 after an uprising.

In 1915 the university reopened with Polish as its language of teaching.
"""


def _engine(threshold: float | None = None) -> Engine:
    engine = engine_of(CITY, "city", "The City")
    if threshold is not None:  # a decision model that never (1.01) or always (0) finds an answer
        reader = engine.open.reader
        reader.weights = dataclasses.replace(reader.weights, threshold=threshold)
    return engine


def _answered_by(engine: Engine, question: str) -> tuple[bool, list[str]]:
    trace = Trace()
    answer = engine.answer(question, Dialogue(), trace)
    return answer.found, [decision for stage, decision in trace.steps if stage == "route"]


def test_a_rule_answers_where_the_reader_finds_an_answer() -> None:
    found, routes = _answered_by(_engine(0.0), "When was the university closed?")
    assert found and routes[-1].startswith("passages: found=True")


def test_a_rule_gives_way_where_the_reader_finds_none() -> None:
    found, routes = _answered_by(_engine(1.01), "When was the university closed?")
    assert not found
    assert "passages: no answer" in routes and routes[-1].startswith("open: found=False")


def test_a_question_naming_a_date_stays_the_rules() -> None:
    engine = Engine.from_folder(None)  # the bundled documents: a post's date line under its text
    reader = engine.open.reader
    reader.weights = dataclasses.replace(reader.weights, threshold=1.01)
    question = "Which Kazakh foreign minister did Secretary Pompeo meet in December 2019?"
    answer = engine.answer(question, Dialogue())
    assert answer.found and "Tileuberdi" in answer.text
