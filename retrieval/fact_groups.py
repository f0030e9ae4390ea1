"""What answering groups the facts by, saved with the analysis so that a fresh process need not.

Opening a large knowledge base grouped its 100,000 events by series, reading that field of
each in SQL (about 0.2 s, and more on a loaded machine), and the first question about a
series worked out how recent each document is from every dated fact's dates (0.3 s more).
Both follow from the knowledge base alone, so ``qabot build`` saves them beside the rest of
the analysis (``analysis_store``: one JSON part), keyed as the analysis is, and the engine's
fact tables (``facts.FactTables``) take them from there: the same groups, in the same order,
and the same figures as worked out from the facts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.row_fields import RowSubset, field_values


@dataclass(frozen=True)
class FactGroups:
    """Each series' events (their indexes, in order; the series in the order of their first
    event), each document's recency (the ordinal of the latest date it mentions) and the
    latest year any dated fact reaches."""

    events_by_series: dict[str, list[int]]
    doc_recency: dict[str, int]
    latest_year: int
    dated_index: bytes | None = None  # the dated facts' span index as saved (span_index.to_data), decoded when used
    series_segments: bytes | None = None  # each series' segments as saved (series_segments), decoded when used

    def to_data(self) -> dict[str, Any]:
        return {"events_by_series": self.events_by_series, "doc_recency": self.doc_recency,
                "latest_year": self.latest_year}

    @classmethod
    def from_data(cls, data: object, events: int) -> FactGroups:
        """The groups saved as ``data`` (``to_data``), of a knowledge base of ``events``
        events; a ValueError when they are not of that shape."""
        if not isinstance(data, dict):
            raise ValueError("fact groups: not a mapping")
        series, recency, year = data.get("events_by_series"), data.get("doc_recency"), data.get("latest_year")
        if not isinstance(series, dict) or not isinstance(recency, dict) or type(year) is not int:
            raise ValueError("fact groups: not of their shape")
        indexes = [i for group in series.values() if isinstance(group, list) for i in group]
        if len(indexes) != events or sorted(indexes) != list(range(events)) \
                or not all(isinstance(g, list) and g == sorted(g) for g in series.values()):
            raise ValueError("fact groups: not every event once, in order")
        if not all(isinstance(k, str) and type(v) is int for k, v in recency.items()):
            raise ValueError("fact groups: recency not a mapping of numbers")
        return cls(series, recency, year)


def event_indexes(events: Sequence[Any], groups: Mapping[Any, Sequence[Any]]) -> dict[str, list[int]]:
    """The indexes of the events of each of ``groups`` (``grouped(events, "series")``), in order."""
    if all(isinstance(group, RowSubset) for group in groups.values()):
        return {series: list(group.indexes) for series, group in groups.items() if group}  # type: ignore[attr-defined]
    found: dict[str, list[int]] = {}
    for index, series in enumerate(field_values(events, "series")):
        found.setdefault(series, []).append(index)
    return found
