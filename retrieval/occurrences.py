"""Group event mentions into occurrences: one meeting, however many sentences name it.

Mentions whose dates overlap are one occurrence; an unnumbered mention ("the ESPD
convened on ...") within a few days of another is the same occurrence, and when their
dates differ the occurrence keeps both so the answer can say the sources disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from knowledge.models import DateSpan, Event

NEAR = dt.timedelta(days=3)


@dataclass
class Occurrence:
    spans: list[DateSpan] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)
    ordinals: set[int] = field(default_factory=set)
    sentence_ids: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    span_sentences: dict[tuple, list[str]] = field(default_factory=dict)

    @property
    def span(self) -> DateSpan | None:
        """The best-supported date: the most sentences, then the most precise."""
        if not self.spans:
            return None
        rank = {"day": 0, "month": 1, "year": 2}
        return min(self.spans, key=lambda s: (-len(self.span_sentences.get(s.key(), [])),
                                              rank[s.precision], s.start))

    @property
    def start(self) -> dt.date:
        return min(s.start for s in self.spans) if self.spans else dt.date.max

    def add(self, event: Event) -> None:
        for span in event.dates:
            if not any(s.key() == span.key() for s in self.spans):
                self.spans.append(span)
            self.span_sentences.setdefault(span.key(), []).extend(event.sentence_ids)
        for place in event.places:
            if place not in self.places:
                self.places.append(place)
        self.people.extend(p for p in event.people if p not in self.people)
        if event.session:
            self.sessions.add(event.session)
        if event.ordinal:
            self.ordinals.add(event.ordinal)
        self.sentence_ids.extend(s for s in event.sentence_ids if s not in self.sentence_ids)
        self.details.extend(s for s in event.details if s not in self.details)
        if event.doc_id not in self.docs:
            self.docs.append(event.doc_id)


def _joins(occ: Occurrence, event: Event) -> bool:
    if not event.dates or not occ.spans:
        return False
    span = event.dates[0]
    for known in occ.spans:
        if known.overlaps(span):
            return True
        near = known.start - NEAR <= span.end and span.start <= known.end + NEAR
        if near and (event.ordinal is None or not occ.ordinals) and span.precision == "day" \
                and known.precision == "day":
            return True
    return False


def occurrences(events: list[Event]) -> tuple[list[Occurrence], list[Event]]:
    """Dated occurrences in date order, and the events that carry no date."""
    dated = sorted((e for e in events if e.dates), key=lambda e: (e.dates[0].start, e.ordinal is None))
    found: list[Occurrence] = []
    open_: list[Occurrence] = []  # occurrences that can still be joined (sorted input)
    for event in dated:
        start = event.dates[0].start
        open_ = [o for o in open_ if max(s.end for s in o.spans) + NEAR >= start]
        target = next((o for o in open_ if _joins(o, event)), None)
        if target is None:
            target = Occurrence()
            found.append(target)
            open_.append(target)
        target.add(event)
    found.sort(key=lambda o: o.start)
    return found, [e for e in events if not e.dates]


def within(span: DateSpan, wanted: DateSpan) -> bool:
    """Whether a fact's date answers a question about ``wanted`` (a day, month or year)."""
    if wanted.precision == "day":
        return span.precision == "day" and span.overlaps(wanted)
    return span.within(wanted) or (span.overlaps(wanted) and span.precision != "year")
