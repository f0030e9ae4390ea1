"""A series' events cut into segments give, for any dates, the occurrences of the whole sweep."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.models import DateSpan, Event
from retrieval.occurrences import occurrences, within
from retrieval.series_segments import Segments, cut, merged, of_series

BASE = dt.date(2015, 1, 1)


@st.composite
def spans(draw: st.DrawFn) -> DateSpan:
    start = BASE + dt.timedelta(days=draw(st.integers(0, 60)))
    length = draw(st.sampled_from([0, 0, 0, 1, 2, 3, 4, 6, 30, 364, -2]))
    return DateSpan(start=start, end=start + dt.timedelta(days=length),
                    precision=draw(st.sampled_from(("day", "day", "month", "year"))))


@st.composite
def events(draw: st.DrawFn) -> list[Event]:
    drawn = draw(st.lists(st.tuples(st.lists(spans(), max_size=3), st.sampled_from([None, 1, 2, 3])), max_size=30))
    return [Event(id=f"e{i}", series="S", ordinal=ordinal, dates=dates, sentence_ids=[f"s{i}"], doc_id=f"d{i % 4}")
            for i, (dates, ordinal) in enumerate(drawn)]


def _within(occs: list, wanted: list[DateSpan]) -> list:
    return [o for o in occs if any(within(s, w) for s in o.spans for w in wanted)]


@settings(max_examples=300, deadline=None)
@given(series=events(), wanted=st.lists(spans(), min_size=1, max_size=2))
def test_the_segments_near_some_dates_give_the_whole_sweeps_occurrences_of_them(
        series: list[Event], wanted: list[DateSpan]) -> None:
    segments = cut([[(s.start.isoformat(), s.end.isoformat()) for s in e.dates] for e in series],
                   [e.ordinal for e in series])
    assert sorted(m for s in segments.segments for m in s.members) == [i for i, e in enumerate(series) if e.dates]
    groups = [occurrences([series[m] for m in segments.segments[n].members])[0] for n in segments.overlapping(wanted)]
    assert _within(merged(groups), wanted) == _within(occurrences(series)[0], wanted)
    every = [occurrences([series[m] for m in s.members])[0] for s in segments.segments]
    assert merged(every) == occurrences(series)[0]


def test_events_more_than_three_days_apart_are_cut_and_nearer_ones_are_not() -> None:
    day = [("2015-01-01", "2015-01-01")]
    near = [("2015-01-04", "2015-01-04")]
    far = [("2015-01-09", "2015-01-09")]
    assert [s.members for s in cut([far, day, near, []], [1, None, 2, None]).segments] == [(1, 2), (0,)]


def test_segments_saved_and_read_back_are_the_same() -> None:
    cuts = cut([[("2015-01-01", "2015-01-02")], [("2015-01-20", "2015-01-20")], []], [1, None, 2])
    assert Segments.from_data(json.loads(json.dumps(cuts.to_data())), 3) == cuts


@pytest.mark.parametrize("data", [{}, [[1, 0, [0]]], [[0, 1, [3]]], [[0, 1, [1, 0]]], [[0, 1, [0]], [2, 3, [0]]],
                                  [[0, 1, []]], [[0, 1, ["0"]]]])
def test_saved_segments_not_of_their_shape_are_refused(data: object) -> None:
    with pytest.raises(ValueError, match="series segments"):
        Segments.from_data(data, 3)


def test_a_knowledge_base_without_series_has_no_segments() -> None:
    assert of_series([], {}) == {}
