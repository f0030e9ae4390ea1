"""Events of each document from its sentences' mentions, then the corpus's events and series.

A document's events follow from its own sentences (their mentions, dates, places and
people), the series known to be numbered, and its main series; only "the next session of
..." looks at the documents before it (the sessions they numbered). So a document's
events can be kept (knowledge.corpus_facts) while those are unchanged and it numbers no
session. Then the corpus keeps the events of the series that some event dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass

from knowledge.events import EventMention, SentenceFacts
from knowledge.lazy_pattern import CaseBlind
from knowledge.lexicon import EVENT_HEADS, UNITS_AFTER_NAME
from knowledge.models import Acronym, Event, Series

# "known until 2017", "since 2011", "by 2024": a date that is not when an event happened.
_NOT_EVENT_DATE = CaseBlind(r"\b(?:until|till|by|before|since|through)\s+(?:the\s+end\s+of\s+)?$")
_UNIT_AFTER = re.compile(rf"\s+({'|'.join(UNITS_AFTER_NAME)})s?\b", re.I)

Mentions = dict[str, list[EventMention]]  # sentence id -> its mentions
UnitCounts = dict[str, dict[str, int]]  # series -> the words after its name -> how often


@dataclass
class DocumentEvents:
    """One document's events, before the corpus drops the series no event dates."""

    events: list[Event]
    units: UnitCounts
    sessions: bool  # it numbered sessions: it depends on the documents before it


def _nearest(items: list, pos: int, key) -> object | None:
    return min(items, key=lambda item: abs(key(item) - pos)) if items else None


def _by_unit(unit: str, series: set[str]) -> str:
    """The one numbered series whose name ends in the mention's noun: "festival" →
    "Northern Lights Documentary Festival"."""
    if not unit:
        return ""
    fitting = [s for s in series if s.split()[-1].lower().rstrip("s") == unit.rstrip("s")]
    return fitting[0] if len(fitting) == 1 else ""


def _owner(mentions: list[EventMention], pos: int, end: int | None = None) -> EventMention | None:
    """The mention a date (from ``pos`` to ``end``) or place (at ``pos``) belongs to: the one a
    date stands right before ("the 2001 Third Assessment Report"), else the closest one before
    it, else the closest after ("In 2013, Washington hosted the second SPD meeting")."""
    named = [m for m in mentions if end is not None and 0 <= m.start - end <= 1]
    if named:
        return named[0]
    before = [m for m in mentions if m.end <= pos]
    if before:
        return max(before, key=lambda m: m.end)
    return _nearest(mentions, pos, lambda m: m.start)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unit_counts(facts: list[SentenceFacts], per_sentence: Mentions) -> UnitCounts:
    """How often each series' mentions are followed by a word for its events ("SRBC summit")."""
    counts: UnitCounts = {}
    for sf in facts:
        for m in per_sentence[sf.id]:
            after = _UNIT_AFTER.match(sf.text, m.end)
            if m.series and after:
                unit = after.group(1).lower()
                counts.setdefault(m.series, {})[unit] = counts.setdefault(m.series, {}).get(unit, 0) + 1
    return counts


def numbered_counts(numbered: Iterable[list[EventMention]]) -> dict[str, int]:
    """How often one document names each series with a number, from its sentences' numbered mentions."""
    counts: dict[str, int] = {}
    for mentions in numbered:
        for m in mentions:
            if m.series and m.ordinal is not None:
                counts[m.series] = counts.get(m.series, 0) + 1
    return counts


def main_series_of(counts: dict[str, int]) -> str:
    """A document's main series: the one it numbers most often (the first of those), or ""."""
    return max(counts, key=counts.__getitem__) if counts else ""


def document_events(facts: list[SentenceFacts], per_sentence: Mentions, numbered: set[str], main_series: str,
                    last_session: dict[tuple[str, int], int]) -> DocumentEvents:
    """The events of one document's sentences ``facts`` (in order), whose mentions are
    ``per_sentence``; ``last_session`` is the sessions numbered so far in the corpus (updated).
    May date a sentence by the one before it (its ``context_dates``)."""
    events: dict[tuple, Event] = {}
    sessions = False
    current: list[Event] = []
    paragraph_series = ""
    prev_key = None
    document_series = ""  # the last numbered series the document named
    for index, sf in enumerate(facts):
        if (sf.doc_id, sf.block) != prev_key:
            current, prev_key = [], (sf.doc_id, sf.block)
            paragraph_series = document_series or main_series
        mentions = per_sentence[sf.id]
        dates = [d for d in sf.dates if not _NOT_EVENT_DATE.search(sf.text[:d.start])]
        if not mentions:
            if current and not dates:
                event = current[0]  # the paragraph's subject, not one named in passing
                event.details.append(sf.id)
                event.people.extend(p for p in sf.people if p not in event.people)
            elif dates:
                current = []
            continue
        context = list(sf.context_dates)
        if not dates and not context and index > 0:
            prev = facts[index - 1]
            if (prev.doc_id, prev.block) == (sf.doc_id, sf.block) and not per_sentence[prev.id] \
                    and len(prev.dates) == 1:
                context = [prev.dates[0].span]
                sf.context_dates = list(context)  # the sentence is dated by the narrative
        named = [m.series for m in mentions if m.series]
        focus = [e for e in current if e.ordinal is not None]
        current = []
        for mention in mentions:
            if mention.part_of_current:
                if not focus:
                    continue
                mention = EventMention(focus[-1].series, focus[-1].ordinal, mention.session,
                                       mention.start, mention.end)
            series = mention.series or (named[0] if named else _by_unit(mention.unit, numbered) or paragraph_series)
            if not series or (mention.ordinal is None and series not in numbered):
                continue
            session = mention.session
            if mention.ordinal is not None and session == -1:
                session = last_session.get((series, mention.ordinal), 1) + 1
                sessions = True
            if mention.ordinal is not None and session:
                last_session[(series, mention.ordinal)] = session
                sessions = True
            if len(mentions) > 1 and dates:  # each date and place to the event it follows
                mine = [d for d in dates if _owner(mentions, d.start, d.end) is mention]
                span = mine[0].span if mine else None
                places = [p.name for p in sf.places if _owner(mentions, p.start) is mention]
            else:
                near = _nearest([d for d in dates if d.start >= mention.start] or dates,
                                mention.end, lambda d: d.start)
                span = near.span if near else (context[0] if context else None)
                places = [p.name for p in sf.places]
            if mention.undated:
                span = None
            if mention.ordinal is None and span is None:
                continue
            if span is None:  # an undated mention of an event already met: the same event
                same = [e for e in [*current, *events.values()] if e.doc_id == sf.doc_id
                        and (e.series, e.ordinal, e.session) == (series, mention.ordinal, session)]
                if same:
                    if sf.id not in same[0].sentence_ids:
                        same[0].sentence_ids.append(sf.id)
                    current.append(same[0])
                    paragraph_series = series
                    continue
            key = (sf.doc_id, series, mention.ordinal, session,
                   span.start if span and mention.ordinal is None else None,
                   span.start if span else None)
            event = events.get(key)
            if event is None:
                ident = "-".join(str(x) for x in (_slug(series), mention.ordinal or "x",
                                                   session or "", span.start if span else "", sf.doc_id) if x != "")
                event = Event(id=ident, series=series, ordinal=mention.ordinal, session=session,
                              dates=[span] if span else [], doc_id=sf.doc_id)
                events[key] = event
            for place in places:
                if place not in event.places:
                    event.places.append(place)
            for person in sf.people if sf.participants is None else sf.participants:
                if person not in event.people:
                    event.people.append(person)
            if sf.id not in event.sentence_ids:
                event.sentence_ids.append(sf.id)
            current.append(event)
            paragraph_series = series
            if mention.ordinal is not None:
                document_series = series
    return DocumentEvents(list(events.values()), unit_counts(facts, per_sentence), sessions)


def corpus_events(documents: list[DocumentEvents], acronyms: list[Acronym]) -> tuple[list[Event], list[Series]]:
    """The events of the series that some event dates, and those series with their acronyms and units."""
    events = [e for d in documents for e in d.events]
    dated_series = {e.series for e in events if e.dates}
    events = [e for e in events if e.series in dated_series]  # "the first Golden Heron went to ...": no event
    return events, corpus_series(dated_series, [d.units for d in documents], acronyms)


def corpus_series(dated_series: Set[str], documents: Iterable[UnitCounts], acronyms: list[Acronym]) -> list[Series]:
    """The series that some event dates, with their acronyms and units (added up over ``documents``' counts)."""
    counts: UnitCounts = {}
    for document in documents:
        for series, units in document.items():
            merged = counts.setdefault(series, {})
            for unit, n in units.items():
                merged[unit] = merged.get(unit, 0) + n
    units = {series: max(c, key=c.__getitem__) for series, c in counts.items()
             if series.split()[-1].lower() not in EVENT_HEADS}
    reverse = {a.long: a.short for a in acronyms}
    return [Series(name=s, acronym=reverse.get(s, ""), unit=units.get(s, "")) for s in sorted(dated_series)]

