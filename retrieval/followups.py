"""Resolve a follow-up question against the conversation's focus, and update the focus."""

from __future__ import annotations

import re
from dataclasses import replace

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import MONTHS, WEEKDAYS
from knowledge.ordinals import ORDINAL_PATTERN
from retrieval.analyzer import QUESTION_WORDS, STOPWORDS, terms
from retrieval.dialogue import Dialogue
from retrieval.models import Answer
from retrieval.reader_question import COUNTED_NOUN
from retrieval.understand import PER_UNIT, Query

# "there" as a place ("What did he do there?", "Who met him there in 2015?"), not "there is".
_THERE = lazy_compile(r"\bthere\s*[?.!]*\s*$|\bthere\s+(?:in|on|at|during|when|before|after|with)\b", re.I)
_IN_A_NAME = lazy_compile(r"\b(?:in|at|to|from)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_TIMES = frozenset({*MONTHS, *WEEKDAYS})
_SUBJECTLESS_INTENTS = {"describe", "about", "define"}


def there_named(text: str, previous: str) -> str:
    """The name a "there" of ``text`` stands for when the documents know it as no place: the
    last one the previous question was asked in ("Who is the People Partner there?" after "Who is
    the office manager in Lisbon?"), or ""."""
    if not _THERE.search(text):
        return ""
    found = [m.group("name") for m in _IN_A_NAME.finditer(previous)
             if m.group("name").split()[0] not in _TIMES]  # "in March" is when, not where
    return found[-1] if found else ""
_SLOT_INTENTS = {"when", "where", "who"}


def resolve(query: Query, dialogue: Dialogue, focus_terms: set[str] = frozenset()) -> Query:
    """``query`` with the slots a follow-up leaves out filled from the dialogue's focus (a new
    Query; the given one is unchanged).

    ``focus_terms`` are the words of the sentences about the focus: a question whose
    words are all there ("Who led the delegations?") is about the focus too.
    """
    if not dialogue.has_focus:
        return query
    if dialogue.places and not query.locations and _THERE.search(query.text):
        query = replace(query, locations=list(dialogue.places))  # "What did he do there?"
    if dialogue.person_id and query.personal and dialogue.person_id not in query.people:
        query = replace(query, people=[dialogue.person_id, *query.people])  # "When did he meet Kerry?"
    own_subject = bool(query.series or query.people or query.acronyms or query.locations)
    same_series = query.series is not None and query.series == dialogue.series
    if dialogue.series and query.relative and query.ordinal is None and (not own_subject or same_series):
        subjectless = query.intent in _SUBJECTLESS_INTENTS  # "and the next one?": asked as before
        return replace(query, series=dialogue.series, anchor_ordinal=dialogue.ordinal,
                       anchor_dates=list(dialogue.dates),
                       intent=(dialogue.intent if dialogue.intent in _SLOT_INTENTS else "when") if subjectless
                       else query.intent)
    ordinal_only = (query.ordinal is not None or query.session is not None) and not own_subject \
        and not query.content
    if ordinal_only and not dialogue.series and dialogue.answer_series:
        return apply_focus(query, replace(dialogue, series=dialogue.answer_series, ordinal=None,
                                          session=None, dates=[]))  # "And the fifth?"
    pointing = query.pronoun and not own_subject and not query.dates
    on_focus = bool(query.extra) and not own_subject and not query.dates and query.ordinal is None and all(
        set(terms(w)) & focus_terms for w in query.extra)
    if on_focus and dialogue.series and not (query.followup or ordinal_only or pointing):
        return replace(query, maybe_focus=True)  # the engine tries it on its own first
    if not (query.followup or ordinal_only or (dialogue.series and pointing)):
        return query
    return apply_focus(query, dialogue)


def apply_focus(query: Query, dialogue: Dialogue) -> Query:
    """``query`` made about the dialogue's focus (a new Query)."""
    query = replace(query, maybe_focus=False)
    if dialogue.series:
        if query.ordinal is None:
            query = replace(query, ordinal=dialogue.ordinal, session=query.session or dialogue.session,
                            dates=query.dates or list(dialogue.dates))
        return replace(query, series=dialogue.series,
                       intent="about" if query.intent in _SUBJECTLESS_INTENTS else query.intent)
    if dialogue.person_id and query.followup and query.ordinal is None:  # "the third one" is no person
        return replace(query, people=[dialogue.person_id],
                       intent="person" if query.intent in _SUBJECTLESS_INTENTS else query.intent)
    return query


def remember(dialogue: Dialogue, query: Query, answer: Answer, cited: list[str]) -> None:
    """Make what this question was about the new focus, if it was answered."""
    dialogue.turns += 1
    if not answer.found:
        return
    if query.series:
        dialogue.series, dialogue.ordinal, dialogue.session = query.series, query.ordinal, query.session
        dialogue.dates = list(query.dates) if query.ordinal is None else []
        dialogue.person_id = None
    elif len(query.people) == 1:
        dialogue.person_id = query.people[0]
        dialogue.series = None
    else:
        dialogue.series = dialogue.person_id = None
    dialogue.intent = query.intent
    dialogue.sentence_ids = cited
    if query.locations or not _THERE.search(query.text):
        dialogue.places = tuple(query.locations)


_ELLIPSIS = lazy_compile(r"^(?:and\s+what\s+about|and\s+how\s+about|what\s+about|how\s+about|and)"
                         r"\s+(?P<rest>.+?)\s*\??$", re.I)
_PREPOSITIONS = "in|on|at|for|of|by|during|to|from"  # what a slot of the last question may open with
_SLOT = lazy_compile(rf"\b(?P<lead>(?:{_PREPOSITIONS})\s+)?(?:the\s+)?"
                     r"(?:\d[\d,.]*|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_ELLIPSIS_WORDS = 5
_LEADING_PREPOSITION = lazy_compile(rf"({_PREPOSITIONS}|with)\s+\S", re.I)
# A question of its own after "and": a question word with its verb or a pronoun ("And what did
# it cost?", "And who led it?"), not a phrase for the last question's slot ("And how deep?",
# "And how many in 2010?").
_ASKS_ITSELF = lazy_compile(r"(?:what|who|whom|whose|when|where|why|how|which)\b(?:\s+\w+)?\s+"
                            r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must)\b"
                            r"|(?:what|who|whom|whose|when|where|why|how|which)\b.*\b(?:it|he|she|they|them|him|her|its|their|this|that|these|those)\b",
                            re.I)
# An ordinal and the noun it is of ("the second law"): the noun is no stopword ("the second in 1687").
_ORDINAL_SLOT = lazy_compile(rf"(?:the\s+)?\b(?P<ordinal>{ORDINAL_PATTERN})\b"
                             rf"(?:\s+(?P<noun>(?!(?:{'|'.join(sorted(STOPWORDS))})\b)[a-z][\w-]*))?", re.I)
# The noun slot of a question, which an ellipsis of a plain noun replaces: the noun a "how
# many" question counts ("And mammals?" after "How many bird species have been ...?"), or
# what a "what is" question asks of ("And your email address?" after "What is your phone number?").
_NOUN_SLOTS = (
    COUNTED_NOUN,
    lazy_compile(r"^(?:what|which)\s+(?:is|are|was|were)\s+(?P<noun>(?:the|your|its|our|their|his|her)\s+"
                 r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})$", re.I),
)


def _noun_slot(previous: str) -> re.Match[str] | None:
    return next((m for pattern in _NOUN_SLOTS if (m := pattern.match(previous))), None)


def ellipsis_rest(text: str, previous: str) -> str | None:
    """What an ellipsis ("And in England?") puts in the previous question, or None."""
    m = _ELLIPSIS.match(text)
    if not m or not previous or len(m.group("rest").split()) > _ELLIPSIS_WORDS or _ASKS_ITSELF.match(m.group("rest")):
        return None
    return m.group("rest")


def noun_ellipsis(text: str, previous: str) -> bool:
    """A plain noun for the noun slot of the previous question ("And mammals?", "And your email?")."""
    rest = ellipsis_rest(text, previous)
    return rest is not None and _noun_slot(previous.rstrip(" ?")) is not None and not _SLOT.search(rest)


def _shared_head(rest: str, body: str) -> tuple[int, int] | None:
    """Where ``body`` writes the head a fragment of two or more words ends with ("employees" of
    "part-time employees"), once, with as many of the words before it as the fragment has
    before its head, if they are no stopwords ("junior members" for "adult members")."""
    words = rest.split()
    head = terms(words[-1]) if len(words) > 1 else []
    if not head:
        return None
    spans = list(re.finditer(r"[\w'’-]+", body))
    found = [i for i, m in enumerate(spans) if terms(m.group(0)) == head]
    if len(found) != 1:
        return None
    first = found[0]
    while found[0] - first < len(words) - 1 and first > 0 and spans[first - 1].group(0).lower() not in STOPWORDS \
            and spans[first - 1].group(0).lower() not in QUESTION_WORDS:
        first -= 1  # its modifiers, which the fragment's own replace
    return spans[first].start(), spans[found[0]].end()


def elliptic(text: str, previous: str) -> str:
    """"And in England?" after "How many live in France?": the previous question with the
    slot replaced ("How many live in England?"); any other question as it is."""
    rest = ellipsis_rest(text, previous)
    if rest is None:
        return text
    body = previous.rstrip(" ?")
    mine = _ORDINAL_SLOT.fullmatch(rest)
    theirs = next((m for m in _ORDINAL_SLOT.finditer(body) if not PER_UNIT.search(body, 0, m.start())), None)
    if mine and theirs:  # "And the second law?" after "What does Newton's first law state?"
        noun = mine.group("noun")
        same = not noun or noun.lower() in {"one", "ones"} or not theirs.group("noun")
        end = theirs.end("ordinal") if same else theirs.end()
        said = mine.group("ordinal") if same else f"{mine.group('ordinal')} {noun}"
        return f"{body[:theirs.start('ordinal')]}{said}{body[end:]}?"
    slots = [s for s in _SLOT.finditer(body) if s.start() > 0]
    if slots and _SLOT.search(rest):
        last = slots[-1]  # the most specific slot is usually the last one named
        lead = last.group("lead") or ""
        if lead and rest.lower().startswith(lead.strip().lower() + " "):
            lead = ""  # "And in England?": its own preposition
        return f"{body[:last.start()]}{lead}{rest}{body[last.end():]}?"
    shared = None if _SLOT.search(rest) or _LEADING_PREPOSITION.match(rest) else _shared_head(rest, body)
    if shared:  # "And part-time employees?" after "How many days of holiday do employees get?"
        return f"{body[:shared[0]]}{rest}{body[shared[1]:]}?"
    lead = _LEADING_PREPOSITION.match(rest)
    at = body.lower().rfind(f" {lead.group(1).lower()} ") if lead else -1
    if at > 0:  # "And for students?" after "How much is the membership for adults?"
        return f"{body[:at + 1]}{rest}?"
    slot = _noun_slot(body)
    if slot and not _SLOT.search(rest):  # "And mammals?" after "How many bird species ...?"
        return f"{body[:slot.start('noun')]}{rest}{body[slot.end('noun'):]}?"
    return f"{body} {rest}?"
