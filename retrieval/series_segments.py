"""A series' events cut where no occurrence can reach across, found from their dates alone.

``occurrences.occurrences`` sweeps a series' dated events in date order and joins each to an
occurrence still open, one whose latest end is within ``NEAR`` of its start. Where every event
so far ends more than ``NEAR`` before the next one starts, every occurrence is closed: what
comes before and after that point is grouped independently. A question about a date of a
series with 25,000 events (the River Forum in 2015) then reads and groups only the events of
the segments whose dates overlap it, instead of all of them; the occurrences are the same,
in the same order (``merged``).

The dates come from the events' ``dates`` field (``StoredRows.spans``, read in SQL or as saved
with the analysis) and their ordinals from ``ordinal``: no event is made to cut them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.models import DateSpan
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
