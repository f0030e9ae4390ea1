"""The interval index over date spans finds what a scan of every item finds, in the same order."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.models import DateSpan
from retrieval.occurrences import within
from retrieval.span_index import SpanIndex

BASE = dt.date(2000, 1, 1)
PRECISIONS = ("day", "month", "year")


@st.composite
def spans(draw: st.DrawFn) -> DateSpan:
    start = BASE + dt.timedelta(days=draw(st.integers(0, 4000)))
    length = draw(st.sampled_from([0, 0, 1, 6, 7, 29, 30, 31, 90, 364, 365, 366, 3000, 5000, -3]))
    return DateSpan(start=start, end=start + dt.timedelta(days=length), precision=draw(st.sampled_from(PRECISIONS)))


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.lists(spans(), max_size=3), max_size=40), wanted=st.lists(spans(), min_size=1, max_size=2))
def test_candidates_hold_every_overlap_and_the_test_keeps_the_scans_answer(
        items: list[list[DateSpan]], wanted: list[DateSpan]) -> None:
    index = SpanIndex(items, lambda spans_of_item: spans_of_item)
    candidates = index.candidates(wanted)
    assert candidates == sorted(set(candidates))
    overlapping = [i for i, item in enumerate(items) if any(s.overlaps(w) for s in item for w in wanted)]
    assert set(overlapping) <= set(candidates)
    scanned = [item for item in items if any(within(s, w) for s in item for w in wanted)]
    assert [items[i] for i in candidates if any(within(s, w) for s in items[i] for w in wanted)] == scanned


def test_a_day_finds_the_facts_of_that_day_and_of_the_spans_around_it() -> None:
    day = DateSpan(start=dt.date(2015, 3, 3), end=dt.date(2015, 3, 3))
    year = DateSpan(start=dt.date(2015, 1, 1), end=dt.date(2015, 12, 31), precision="year")
    other = DateSpan(start=dt.date(2016, 3, 3), end=dt.date(2016, 3, 3))
    index = SpanIndex([[other], [day], [year], [other, day]], lambda item: item)
    assert index.candidates([day]) == [1, 2, 3]
    assert index.candidates([other]) == [0, 3]


@settings(max_examples=100, deadline=None)
@given(items=st.lists(st.lists(spans(), max_size=3), max_size=40), wanted=st.lists(spans(), min_size=1, max_size=2))
def test_an_index_saved_and_read_back_finds_the_same(items: list[list[DateSpan]], wanted: list[DateSpan]) -> None:
    index = SpanIndex(items, lambda spans_of_item: spans_of_item)
    data = json.loads(json.dumps(index.to_data()))
    assert SpanIndex.from_data(data, len(items)).candidates(wanted) == index.candidates(wanted)


@pytest.mark.parametrize("damage", ["not a mapping", "unsorted", "out of range", "lengths", "text"])
def test_a_saved_index_not_of_its_shape_is_refused(damage: str) -> None:
    days = [DateSpan(start=BASE + dt.timedelta(days=n), end=BASE + dt.timedelta(days=n)) for n in range(3)]
    data = SpanIndex([[d] for d in days], lambda item: item).to_data()
    bucket = data["buckets"][0]
    if damage == "not a mapping":
        data = []
    elif damage == "unsorted":
        bucket[1].reverse()
    elif damage == "out of range":
        bucket[3][0] = 3
    elif damage == "lengths":
        bucket[2].pop()
    else:
        bucket[1][0] = "x"
    with pytest.raises(ValueError, match="span index"):
        SpanIndex.from_data(data, 3)
