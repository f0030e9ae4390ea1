"""Finding dates in text and rendering them back (knowledge.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.dates import find_dates, render_span
from knowledge.models import DateSpan

D = dt.date


@pytest.mark.parametrize(
    ("text", "matched", "start", "end", "precision", "rendered"),
    [
        pytest.param("on December 10, 2014 in Washington", "December 10, 2014", D(2014, 12, 10), D(2014, 12, 10),
                     "day", "December 10, 2014", id="mdy"),
        pytest.param("held on December 8-12, 2018 in Nur-Sultan", "December 8-12, 2018", D(2018, 12, 8),
                     D(2018, 12, 12), "day", "December 8-12, 2018", id="day-range"),
        pytest.param("Religions, June 10-11, 2015, in Nur-Sultan", "June 10-11, 2015", D(2015, 6, 10),
                     D(2015, 6, 11), "day", "June 10-11, 2015", id="day-range-two-days"),
        pytest.param("a visit to the US in January 2018.", "January 2018", D(2018, 1, 1), D(2018, 1, 31),
                     "month", "January 2018", id="month-year"),
        pytest.param("the treaty concluded in February 2015.", "February 2015", D(2015, 2, 1), D(2015, 2, 28),
                     "month", "February 2015", id="february-length"),
        pytest.param("In 2013, Washington hosted", "2013", D(2013, 1, 1), D(2013, 12, 31), "year", "2013",
                     id="bare-year"),
        pytest.param("signed Mar. 07, 2001 in Paris", "Mar. 07, 2001", D(2001, 3, 7), D(2001, 3, 7), "day",
                     "March 7, 2001", id="abbreviated-month-zero-day"),
        pytest.param("Gagarin flew on 12 April 1961.", "12 April 1961", D(1961, 4, 12), D(1961, 4, 12), "day",
                     "April 12, 1961", id="dmy"),
        pytest.param("adopted on July 4, 1976.", "July 4, 1976", D(1976, 7, 4), D(1976, 7, 4), "day",
                     "July 4, 1976", id="old-year"),
        pytest.param("on August 1, 1774, an experiment", "August 1, 1774", D(1774, 8, 1), D(1774, 8, 1), "day",
                     "August 1, 1774", id="year-before-1800-with-a-month"),
        pytest.param("founded in September 1636 by", "September 1636", D(1636, 9, 1), D(1636, 9, 30), "month",
                     "September 1636", id="month-of-an-old-year"),
        pytest.param("from June 30 - July 2, 2015 in Vienna", "June 30 - July 2, 2015", D(2015, 6, 30),
                     D(2015, 7, 2), "day", "June 30 - July 2, 2015", id="cross-month-range"),
        pytest.param("posted 2019-12-04 by", "2019-12-04", D(2019, 12, 4), D(2019, 12, 4), "day",
                     "December 4, 2019", id="iso"),
        pytest.param("on Dec. 5, 2014.", "Dec. 5, 2014", D(2014, 12, 5), D(2014, 12, 5), "day",
                     "December 5, 2014", id="dec-dot"),
        pytest.param("on December 4th 2019 the", "December 4th 2019", D(2019, 12, 4), D(2019, 12, 4), "day",
                     "December 4, 2019", id="ordinal-day-no-comma"),
        pytest.param("the leap day February 29, 2016 came", "February 29, 2016", D(2016, 2, 29), D(2016, 2, 29),
                     "day", "February 29, 2016", id="leap-day"),
    ],
)
def test_find_one_date(text: str, matched: str, start: dt.date, end: dt.date, precision: str,
                       rendered: str) -> None:
    found = find_dates(text)
    assert len(found) == 1
    mention = found[0]
    assert text[mention.start:mention.end] == matched
    assert (mention.span.start, mention.span.end, mention.span.precision) == (start, end, precision)
    assert render_span(mention.span) == rendered
    assert mention.span.render() == rendered


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("over the course of 25 years has grown", id="duration"),
        pytest.param("host of the P5+1 talks with Iran", id="p5-plus-1"),
        pytest.param("the 71st United Nations General Assembly", id="ordinal-number"),
        pytest.param("a grant of $2015 was paid", id="dollar-amount"),
        pytest.param("more than 2,000 delegates", id="thousands"),
        pytest.param("growth of 2015% is impossible", id="percent"),
        pytest.param("the 2015/16 season", id="season-slash"),
        pytest.param("room 1.2015 of the building", id="decimal"),
        pytest.param("on 2019-13-01 nothing", id="iso-bad-month"),
        pytest.param("On Oct. 3 they met", id="day-without-any-year"),
        pytest.param("Oct. 3 came before the 2015 talks", id="day-before-the-only-year"),
        pytest.param("you may 2 of them", id="may-verb"),
        pytest.param("a fleet of 1500 ships sailed", id="a-bare-number-before-1800-is-no-year"),
        pytest.param("On December 10, 1200 people gathered", id="a-count-after-a-day-is-no-old-year"),
        pytest.param("the troops march 1200 miles", id="march-the-verb-before-a-count"),
        pytest.param("May 1500 people attend the show?", id="a-month-before-a-counted-noun"),
        pytest.param("by mid-may 1500 ships had come", id="may-the-verb-after-a-part"),
    ],
)
def test_not_a_date(text: str) -> None:
    found = find_dates(text)
    assert all(text[d.start:d.end] == "2015" for d in found), [text[d.start:d.end] for d in found]
    assert all(d.span.precision == "year" for d in found)


def test_day_takes_the_nearest_earlier_year_of_the_text() -> None:
    text = "In 2013 and 2014 they met; on Oct. 3 they signed."
    found = find_dates(text)
    assert [text[d.start:d.end] for d in found] == ["2013", "2014", "Oct. 3"]
    assert found[-1].span == DateSpan(start=D(2014, 10, 3), end=D(2014, 10, 3), precision="day")
    assert found[-1].span.render() == "October 3, 2014"


def test_day_takes_the_context_year_when_the_text_has_none() -> None:
    (mention,) = find_dates("On Oct. 3 they met", context_year=2010)
    assert mention.span.start == D(2010, 10, 3)


def test_several_dates_in_order_without_overlap() -> None:
    text = "The first session was on November 2, 2015; the second on March 9, 2016, after talks in 2015."
    found = find_dates(text)
    assert [d.span.render() for d in found] == ["November 2, 2015", "March 9, 2016", "2015"]
    assert [d.start for d in found] == sorted(d.start for d in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("February 30, 2015", "2015", id="impossible-day-keeps-the-year"),
        pytest.param("December 12-8, 2018", "2018", id="backwards-range"),
        pytest.param("May 2015", "May 2015", id="capital-may-is-a-month"),
        pytest.param("may 2015", "2015", id="lowercase-may-is-a-verb"),
    ],
)
def test_invalid_or_ambiguous_dates(text: str, expected: str) -> None:
    assert [d.span.render() for d in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    ("span", "rendered"),
    [
        pytest.param(DateSpan(start=D(2015, 6, 10), end=D(2015, 6, 10)), "June 10, 2015", id="day"),
        pytest.param(DateSpan(start=D(2015, 12, 30), end=D(2016, 1, 2)), "December 30, 2015 - January 2, 2016",
                     id="across-years"),
        pytest.param(DateSpan(start=D(2015, 1, 1), end=D(2016, 12, 31), precision="year"), "2015-2016",
                     id="year-range"),
        pytest.param(DateSpan(start=D(2015, 6, 1), end=D(2015, 6, 30), precision="month"), "June 2015", id="month"),
    ],
)
def test_render_span(span: DateSpan, rendered: str) -> None:
    assert render_span(span) == rendered
