"""An interval index over date spans: which items have a span overlapping a wanted span.

Built once over a list of items (dated facts, a series' occurrences), each with its date
spans. A look-up returns the positions, in the items' own order, of every item with a span
that overlaps the wanted one, and maybe a few more (never fewer): the caller still applies
its own test (``occurrences.within``, which implies an overlap) to those alone, so the
answer is the one a scan of every item gives, in the same order, without the scan.

Spans are kept in buckets by length (a day, a week, a month, a quarter, a year, a decade),
each sorted by start: a span of at most L days overlapping [a, b] starts in [a - L, b], a
range that bisection finds. Longer spans, and any whose end is before its start, are
checked one by one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from knowledge.models import DateSpan

T = TypeVar("T")
BUCKET_DAYS = (0, 6, 30, 92, 366, 3660)  # the longest span (end minus start, in days) of each bucket


@dataclass(frozen=True)
class _Bucket:
    """Spans of at most ``days`` days: their starts (sorted, as day ordinals), ends and items."""

    days: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    items: tuple[int, ...]

    def overlapping(self, low: int, high: int) -> Iterable[int]:
        left = bisect.bisect_left(self.starts, low - self.days)
        right = bisect.bisect_right(self.starts, high)
        ends, items = self.ends, self.items
        return (items[i] for i in range(left, right) if ends[i] >= low)


class SpanIndex(Generic[T]):
    """The spans of ``items`` (``spans_of`` gives each item's), by length and start."""

    def __init__(self, items: Sequence[T], spans_of: Callable[[T], Iterable[DateSpan]]) -> None:
        rows: list[list[tuple[int, int, int]]] = [[] for _ in BUCKET_DAYS]
        self._other: list[tuple[int, int, int]] = []  # (start, end, item): too long, or reversed
        for position, item in enumerate(items):
            for span in spans_of(item):
                start, end = span.start.toordinal(), span.end.toordinal()
                bucket = bisect.bisect_left(BUCKET_DAYS, end - start)
                if end < start or bucket == len(BUCKET_DAYS):
                    self._other.append((start, end, position))
                else:
                    rows[bucket].append((start, end, position))
        self._buckets: list[_Bucket] = []
        for days, bucket_rows in zip(BUCKET_DAYS, rows, strict=True):
            if bucket_rows:
                bucket_rows.sort()
                starts, ends, positions = zip(*bucket_rows, strict=True)
                self._buckets.append(_Bucket(days, starts, ends, positions))

    def candidates(self, wanted: Iterable[DateSpan]) -> list[int]:
        """Positions (ascending) of the items with a span overlapping one of ``wanted``, or
        whose span the buckets cannot place (the caller's own test decides those)."""
        found: set[int] = set()
        for span in wanted:
            low, high = span.start.toordinal(), span.end.toordinal()
            for bucket in self._buckets:
                found.update(bucket.overlapping(low, high))
            found.update(p for start, end, p in self._other if end < start or (start <= high and low <= end))
        return sorted(found)
