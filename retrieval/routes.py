"""Which answerers a question goes to, and in what order: routing as a table of data.

Each ``Route`` is a condition over the parsed question (and the dialogue it continues) and
the answerers it adds. Every route whose condition holds adds its answerers, in table
order; an answerer already added is not tried twice. A route marked ``settles`` ends
routing with the first answer its own answerers give, found or not ("who led it?" after an
answer from a passage is answered from that passage or not at all); one marked ``last``
also stops the routes below it from being consulted.

The engine tries the answerers in order (``Engine._route``) and keeps the first that finds
an answer. An answer that says what the documents lack ("they do not say where the first
SPD was") is final for some answerers: ``FINAL_WHEN`` says when. The answerers are named
here and bound to the engine's composers in ``Engine._answerers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.lexicon import ROLE_NOUNS
from retrieval.compose_cell import asks_a_column
from retrieval.compose_section import asks_latest
from retrieval.compose_steps import asks_a_step, read_step_question
from retrieval.compose_table import asked_extreme
from retrieval.dialogue import Dialogue
from retrieval.followups import noun_ellipsis
from retrieval.understand import Query

Condition = Callable[[Query, Dialogue], bool]


@dataclass(frozen=True)
class Route:
    name: str
    applies: Condition
    answerers: tuple[str, ...]
    settles: bool = False  # the first answer of its answerers, found or not, is the reply
    last: bool = False  # no route below it is consulted


def _counts_other(q: Query) -> bool:
    """"How many films at the fourth festival?": a count of something other than the events."""
    return q.intent == "count" and q.ordinal is not None and not re.search(
        r"\b(?:sessions|parts|rounds|days)\b", q.text, re.I)


def _about_facts_alone(q: Query) -> bool:
    """A question about what the fact tables hold and nothing more: the facts answer it first.
    One with more to it ("Who delivered opening remarks at the ESPD virtual meeting?") goes to
    the passages first, with the facts as the fallback."""
    return (not q.extra or q.intent in {"count", "list"}) and not _counts_other(q)


def _a_verb_of_the_series(q: Query, d: Dialogue) -> bool:
    """"Was the ESPD established in 2018?": the facts hold meetings, not that verb."""
    return bool(q.series) and q.intent in {"verify", "count"} and bool(q.extra)


def _names_a_person(q: Query, d: Dialogue) -> bool:
    return q.intent == "person" or (q.intent == "define" and bool(q.people) and not q.acronyms)


def _names_an_abbreviation(q: Query, d: Dialogue) -> bool:
    plain_name = q.intent == "describe" and not q.extra and not (
        q.dates or q.locations or q.people or q.ordinal is not None)
    return (q.intent == "define" or plain_name) and bool(q.acronyms) and q.ordinal is None


def _asks_the_same_of_another(q: Query, d: Dialogue) -> bool:
    """"And mammals?" after "How many bird species ...?": the last question, of mammals."""
    return not d.series and noun_ellipsis(q.text, d.question)


def _about_the_last_passage(q: Query, d: Dialogue) -> bool:
    """"Who led it?" after an answer from a passage: "it" is what that passage is about."""
    return q.pronoun and bool(d.sentence_ids) and not d.series and not d.person_id and not (
        q.series or q.people or q.acronyms or q.locations)


def _asks_a_role_holder(q: Query, d: Dialogue) -> bool:
    """A role's holder, unless an ordinal outside a series asks for an order the role tables
    do not know ("the first president of the university")."""
    return q.intent in {"who", "person"} and not q.people and (q.ordinal is None or bool(q.series))


def _anchored_in_facts(q: Query) -> bool:
    """A question about a series or a person the fact tables know, or a "when" (whose date
    the passage rules read off the clause that says it), is for the passage rules. Any other,
    even one naming a date or a place ("What stadium was built in 1920?"), is the reader's:
    on the shared SQuAD articles the passage rules were right on 84% of the other questions
    they answered, fewer than the reader, and a list of what happened in a year answered 85
    unanswerable ones. Routing those to the reader: answerable right 79.0% → 79.6%,
    unanswerable declined 25.1% → 27.6%."""
    return bool(q.series or q.people) or q.answer_type == "date"


def _writes_a_number_or_name(q: Query) -> bool:
    """"What changed in 2.2?": a number or a capitalised name, which may name a section only
    its heading writes (``compose_section``)."""
    return _NUMBER_OR_NAME.search(q.raw) is not None


_NUMBER_OR_NAME = re.compile(r"\d|(?<!^)(?<![.!?]\s)\b[A-Z]")


def _structured(q: Query) -> bool:
    return bool(q.series or q.dates or q.people or q.acronyms or q.locations)


ROUTES: tuple[Route, ...] = (
    Route("a person named", _names_a_person, ("person",), settles=True),
    Route("an abbreviation named", _names_an_abbreviation, ("define",), settles=True),
    Route("a numbered list's step", lambda q, d: asks_a_step(q.raw) or (
        bool(d.sentence_ids) and read_step_question(q.raw) is not None), ("steps",)),  # "What is step 3?"
    Route("the latest version", lambda q, d: asks_latest(q.raw), ("latest",)),  # a changelog's greatest version
    Route("a table's largest or smallest", lambda q, d: asked_extreme(q.raw) is not None, ("table",)),
    Route("a table's cell", lambda q, d: _writes_a_number_or_name(q) or asks_a_column(q.raw),
          ("cell",)),  # "the phone of the Lyon office", "How much is a cleaning?"
    Route("the last question, of something else", _asks_the_same_of_another,
          ("last_section", "cell", "section", "open"), settles=True, last=True),
    Route("about the last passage", _about_the_last_passage,
          ("last_section", "paragraph", "last_sentences", "cell", "section", "open"),
          settles=True, last=True),
    Route("a series, a verb its facts lack", _a_verb_of_the_series, ("passages",)),
    Route("a series, its facts alone",
          lambda q, d: bool(q.series) and not _a_verb_of_the_series(q, d) and _about_facts_alone(q), ("events",)),
    Route("a series, with more to it",
          lambda q, d: bool(q.series) and not _a_verb_of_the_series(q, d) and not _about_facts_alone(q),
          ("passages", "events")),
    Route("what happened when", lambda q, d: q.intent == "happened", ("happened",)),
    Route("a date described", lambda q, d: bool(q.dates) and q.intent in {"describe", "about"} and not q.extra,
          ("happened",)),
    Route("a date, with more to it", lambda q, d: bool(q.dates) and q.intent in {"describe", "about"}
          and bool(q.extra) and _anchored_in_facts(q), ("passages", "open")),
    Route("a role's holder", _asks_a_role_holder, ("role_holder",)),
    Route("a follow-up on the last sentences", lambda q, d: q.followup and bool(d.sentence_ids)
          and not d.person_id and q.intent in {"when", "where", "who"}, ("last_sentences",)),
    Route("the passage rules", lambda q, d: _anchored_in_facts(q) and (_structured(q) or q.answer_type == "date"),
          ("passages",)),
    Route("a section its heading names", lambda q, d: _writes_a_number_or_name(q), ("section",)),
    Route("the reader", lambda q, d: not (q.relative and (q.series or d.series)), ("open",)),  # "the next one":
    # the events' to answer
)

# When an answerer's not-found answer ends routing.
FINAL_WHEN: dict[str, Callable[[Query], bool]] = {
    "open": lambda q: True,  # the reader's "I'm not sure" quotes the closest sentence
    "steps": lambda q: True,  # "The list has 8 steps, so there is no step 9."
    "events": lambda q: q.ordinal is not None and not q.extra,  # "no such meeting"
    # "do not say which of them is the US president"; "the first president of the
    # university" has more to it, which a sentence may say
    "role_holder": lambda q: q.ordinal is None and all(w in ROLE_NOUNS for w in q.extra),
}


@dataclass(frozen=True)
class Plan:
    """The answerers a question goes to, and the routes that chose them."""

    routes: tuple[str, ...]
    answerers: tuple[str, ...]
    settling: frozenset[str]  # answerers whose first answer, found or not, is the reply


def plan(query: Query, dialogue: Dialogue) -> Plan:
    """The answerers for ``query``, in order, from the routes whose conditions hold."""
    names: list[str] = []
    answerers: list[str] = []
    settling: set[str] = set()
    for route in ROUTES:
        if not route.applies(query, dialogue):
            continue
        names.append(route.name)
        for answerer in route.answerers:
            if route.settles:
                settling.add(answerer)
            if answerer not in answerers:
                answerers.append(answerer)
        if route.last:
            break
    return Plan(tuple(names), tuple(answerers), frozenset(settling))
