"""A series' events cut where no occurrence can reach across, found from their dates alone.

``occurrences.occurrences`` sweeps a series' dated events in date order and joins each to an
occurrence still open, one whose latest end is within ``NEAR`` of its start. Where every event
so far ends more than ``NEAR`` before the next one starts, every occurrence is closed: what
comes before and after that point is grouped independently. A question about a date of a
series with 25,000 events (the River Forum in 2015) then reads and groups only the events of
the segments whose dates overlap it, instead of all of them; the occurrences are the same,
in the same order (``merged``).

The dates come from the events' ``dates`` field (``StoredRows.spans``, read in SQL or as saved
with the analysis) and their ordinals from ``ordinal``: no event is made to cut them. The cuts of
every series are saved with the analysis too (``to_data``, ``from_data``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.models import DateSpan, Event
from knowledge.row_fields import RowSubset
from retrieval.occurrences import NEAR, Occurrence

_NEAR_DAYS = NEAR.days


@dataclass(frozen=True)
class Segment:
    """Positions (ascending, among the series' events) of events grouped together, and the
    first and last day (ordinals) any end of their date spans names."""

    members: tuple[int, ...]
    low: int
    high: int


@dataclass(frozen=True)
class Segments:
    """A series' dated events cut into independent segments, in sweep order."""

    segments: tuple[Segment, ...]

    def overlapping(self, wanted: Sequence[DateSpan]) -> list[int]:
        """The indexes of the segments with a day inside one of ``wanted`` (a superset of those
        with a span overlapping it or within it), in order."""
        bounds = [(w.start.toordinal(), w.end.toordinal()) for w in wanted]
        return [n for n, s in enumerate(self.segments) if any(s.low <= high and low <= s.high for low, high in bounds)]


    def to_data(self) -> list[list[Any]]:
        """The segments as plain JSON data (``from_data`` makes them again)."""
        return [[s.low, s.high, list(s.members)] for s in self.segments]

    @classmethod
    def from_data(cls, data: object, count: int) -> Segments:
        """The segments saved as ``data`` (``to_data``) of a series of ``count`` events; a
        ValueError when they are not of that shape (an event out of range or in two)."""
        if not isinstance(data, list):
            raise ValueError("series segments: not a list")
        segments, seen = [], set()
        for row in data:
            if not isinstance(row, list) or len(row) != 3 or type(row[0]) is not int or type(row[1]) is not int \
                    or row[0] > row[1] or not isinstance(row[2], list) or not row[2] \
                    or not all(type(m) is int and 0 <= m < count for m in row[2]) or row[2] != sorted(row[2]):
                raise ValueError("series segments: a segment not of its shape")
            seen.update(row[2])
            segments.append(Segment(tuple(row[2]), row[0], row[1]))
        if len(seen) != sum(len(s.members) for s in segments):
            raise ValueError("series segments: an event in two segments")
        return cls(tuple(segments))


def of_series(events: Sequence[Event], groups: Mapping[str, Sequence[Event]]) -> dict[str, Segments]:
    """The segments of each series of ``groups`` (the series' events; of ``events``, a store's
    table or a list): of a store read on demand, from the spans and ordinals alone."""
    if groups and all(isinstance(group, RowSubset) for group in groups.values()):
        spans, ordinals = events.spans("dates"), events.field("ordinal")  # type: ignore[attr-defined]
        return {series: cut([spans[i] for i in group.indexes], [ordinals[i] for i in group.indexes])  # type: ignore[attr-defined]
                for series, group in groups.items()}
    return {series: cut([[(d.start.isoformat(), d.end.isoformat()) for d in e.dates] for e in group],
                        [e.ordinal for e in group]) for series, group in groups.items()}


def merged(groups: Iterable[Sequence[Occurrence]]) -> list[Occurrence]:
    """The occurrences of some segments (each group as ``occurrences.occurrences`` gave it, the
    groups in segment order), in the order the whole series' occurrences have them: a stable
    sort by start, as the whole sweep's, of what each segment's sweep made in turn."""
    found = [occ for group in groups for occ in group]
    found.sort(key=lambda o: o.start)
    return found


def cut(spans: Sequence[Sequence[tuple[Any, Any]]], ordinals: Sequence[int | None]) -> Segments:
    """The segments of events whose date spans (``spans[i]``: each span's start and end as ISO
    text) and ordinals are given, in their order. An event without a date is in none."""
    known: dict[Any, int] = {}  # each date's day, worked out once: a series' events share few dates

    def _day(text: Any) -> int:
        day = known.get(text)
        if day is None:
            day = known[text] = dt.date.fromisoformat(text).toordinal()
        return day

    dated = [(_day(s[0][0]), ordinals[i] is None, i) for i, s in enumerate(spans) if s]
    dated.sort()  # occurrences' own sort key, ties in the events' order (their positions, last)
    segments: list[Segment] = []
    members: list[int] = []
    low = high = 0
    for start, _, i in dated:
        if members and high + _NEAR_DAYS < start:
            segments.append(Segment(tuple(sorted(members)), low, high))
            members = []
        if not members:
            low, high = start, start
        for first, last in spans[i]:  # a reversed span's too: both ends
            for day in (_day(first), _day(last)):
                if day < low:
                    low = day
                elif day > high:
                    high = day
        members.append(i)
    if members:
        segments.append(Segment(tuple(sorted(members)), low, high))
    return Segments(tuple(segments))
