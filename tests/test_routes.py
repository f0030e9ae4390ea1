"""The route table: which answerers a question goes to, in what order, and when one settles it."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from retrieval.dialogue import Dialogue
from retrieval.followups import resolve
from retrieval.routes import FINAL_WHEN, ROUTES, plan
from retrieval.trace import Trace
from retrieval.understand import understand
from tests.engine_support import bundled_engine


def _plan(question: str, dialogue: Dialogue | None = None):
    engine = bundled_engine()
    return plan(understand(question, engine.tables, engine.vocab), dialogue or Dialogue())


def test_every_answerer_the_table_names_is_bound_by_the_engine() -> None:
    bound = set(bundled_engine()._answerers(Dialogue(), Trace()))
    named = {a for route in ROUTES for a in route.answerers} | set(FINAL_WHEN)
    assert named <= bound


@pytest.mark.parametrize(("question", "first", "answerers"), [
    ("When was the third SPD?", "a table's cell", ("cell", "events", "passages", "section", "open")),
    ("Was the ESPD established in 2018?", "a table's cell", ("cell", "passages", "section", "open")),
    ("What does the document say about tea?", "the reader", ("open",)),
    # a date or a place, but no series, known person or "when": the reader's (after a table's
    # cell or a section the number may name), not a list of the year
    ("What stadium was built in 1990?", "a table's cell", ("cell", "section", "open")),
    ("What agreement was signed in Astana in 2019?", "a table's cell", ("cell", "section", "open")),
    ("When was the Investment Incentive Agreement signed?", "a table's cell", ("cell", "passages", "section", "open")),
    ("What changed in 2.2?", "a table's cell", ("cell", "section", "open")),
], ids=["series-fact", "series-verb", "open", "dated-open", "dated-placed-open", "when", "section"])
def test_the_routes_whose_conditions_hold_choose_the_answerers(question: str, first: str,
                                                               answerers: tuple[str, ...]) -> None:
    chosen = _plan(question)
    assert chosen.routes[0] == first
    assert chosen.answerers == answerers


def test_a_pronoun_after_a_passage_answer_is_settled_by_that_passage_alone() -> None:
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("What were the P5+1 talks about?", dialogue)
    assert dialogue.sentence_ids
    chosen = plan(understand("Who led it?", engine.tables, engine.vocab), dialogue)
    assert chosen.routes[-1] == "about the last passage"
    assert chosen.answerers[-5:] == ("paragraph", "last_sentences", "cell", "section", "open")
    assert {"paragraph", "last_sentences", "open"} <= chosen.settling


def test_the_trace_names_the_routes_taken() -> None:
    trace = Trace()
    bundled_engine().answer("When was the third SPD?", Dialogue(), trace)
    assert any(stage == "routes" and "a series, its facts alone" in text for stage, text in trace.steps)


def test_a_query_is_frozen_and_a_follow_up_makes_a_new_one() -> None:
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("When was the third SPD?", dialogue)
    query = understand("Where was it held?", engine.tables, engine.vocab)
    resolved = resolve(query, dialogue)
    assert resolved is not query
    assert query.series is None and query.ordinal is None
    assert resolved.series == dialogue.series and resolved.ordinal == 3
    with pytest.raises(FrozenInstanceError):
        query.intent = "when"  # type: ignore[misc]


def test_the_one_before_is_resolved_to_an_ordinal_before_routing() -> None:
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("When was the fourth SPD?", dialogue)
    trace = Trace()
    reply = engine.answer("and the one before?", dialogue, trace)
    assert "December 10, 2014" in reply.text
    assert any(stage == "relative" and "ordinal 3" in text for stage, text in trace.steps)
    assert dialogue.ordinal == 3


def test_the_engine_is_a_pipeline_of_named_stages() -> None:
    from retrieval.engine import STAGES, Engine

    assert [s.name for s in STAGES] == ["guard", "compound", "parse", "unknown words", "follow-up", "relative",
                                        "route"]
    assert all(callable(getattr(Engine, s.method)) for s in STAGES)


def test_the_stage_that_refuses_says_so_in_the_trace() -> None:
    trace = Trace()
    reply = bundled_engine().answer("Who won the 2018 World Cup?", Dialogue(), trace)
    assert not reply.found
    assert [stage for stage, _ in trace.steps] == ["parse", "unknown"]
