"""Find dates in text and render them back.

Recognized: "December 10, 2014", "Dec. 5, 2014", "Mar. 07, 2001", "December 4th 2019",
"12 April 1961", "December 8-12, 2018", "June 30 - July 2, 2015", "January 2018",
"in 2013" (any bare year 1800-2099), "2019-12-04", and "Oct. 3" (year taken from the
nearest earlier year in the same text only; otherwise dropped, never guessed). A year written
with a month may be older, from 1000 ("August 1, 1774"): a bare "1500" is as often a count.
Each date becomes a DateSpan with start, end and precision (day, month, year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge.lazy_pattern import CaseBlind, folded, lazy_compile
from knowledge.models import DateSpan

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (r"(?P<{0}>january|february|march|april|may|june|july|august|september|october"
          r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?")
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:1[89]|20)\d\d)"  # a bare year, or one in an ISO date
# With a month, a year may be older: "August 1, 1774", "12 April 1633".
_OLD_YEAR = r"(?P<{0}>(?:1\d|20)\d\d)"
_DASH = r"\s*(?:-|–|—|to|through|until)\s*"

# The patterns under re.IGNORECASE are case-blind (knowledge.lazy_pattern.CaseBlind): searched in
# a sentence folded to lower case when it is ASCII; the others in the sentence as written.
PATTERNS: list[tuple[str, CaseBlind | re.Pattern[str]]] = [
    ("iso_range", lazy_compile(r"\b" + _YEAR.format("y") + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)" + _DASH
                               + _YEAR.format("y2") + r"-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)\b")),
    ("dmy_dots", lazy_compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:1[89]|20)\d\d)(?!\d|\.\d)")),
    ("iso", lazy_compile(r"\b" + _YEAR.format("y") + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dmy_range", CaseBlind(
        r"\b" + _DAY.format("d") + r"(?:\s+" + _MONTH.format("m0") + r")?" + _DASH + _DAY.format("d2")
        + r"\s+(?:of\s+)?" + _MONTH.format("m") + r",?\s+" + _OLD_YEAR.format("y") + r"\b")),
    ("mdy_range2", CaseBlind(
        r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + _DASH + _MONTH.format("m2")
        + r"\s+" + _DAY.format("d2") + r",?\s+" + _OLD_YEAR.format("y") + r"\b")),
    ("mdy_range", CaseBlind(
        r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + _DASH + _DAY.format("d2")
        + r",?\s+" + _OLD_YEAR.format("y") + r"\b")),
    ("mdy", CaseBlind(
        r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + r",?\s+" + _OLD_YEAR.format("y")
        + r"(?![\d])")),
    ("dmy", CaseBlind(
        r"\b" + _DAY.format("d") + r"\s+(?:of\s+)?" + _MONTH.format("m") + r",?\s+"
        + _OLD_YEAR.format("y") + r"\b")),
    ("part_of_month", CaseBlind(r"\b(?P<part>early|mid|late)[- ]" + _MONTH.format("m") + r",?\s+"
                                   + _OLD_YEAR.format("y") + r"\b")),
    ("part_of_year", CaseBlind(r"\b(?P<part>early|mid|late)[- ]" + _YEAR.format("y") + r"\b")),
    ("season", CaseBlind(r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEAR.format("y")
                            + r"\b")),
    ("quarter", CaseBlind(r"\b(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter\s+of)\s+"
                             + _YEAR.format("y") + r"\b")),
    ("my", CaseBlind(r"\b" + _MONTH.format("m") + r",?\s+(?:of\s+)?" + _OLD_YEAR.format("y") + r"\b")),
    ("md", CaseBlind(r"\b" + _MONTH.format("m") + r"\s+" + _DAY.format("d") + r"\b(?![,.]?\s*\d)")),
    ("y", lazy_compile(r"(?<![\w$£€.,/-])" + _YEAR.format("y") + r"(?![\w%/-]|,\d|\.\d)")),
]


# What each pattern cannot match without, searched once per text: most sentences hold no
# date, and a pattern whose hint is absent is not run. Every hint is necessary (a pattern
# that matches contains it), so the result is the same as running every pattern.
_DIGIT = lazy_compile(r"\d")
_HAS_YEAR = lazy_compile(r"(?:1\d|20)\d\d")  # every pattern but "md" holds a year
_HAS_MONTH = CaseBlind(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")  # each month's start
_NEEDS_MONTH = {"dmy_range", "mdy_range2", "mdy_range", "mdy", "dmy", "part_of_month", "my", "md"}
# Patterns that start with r"\b" and a month: a match starts where _MONTH_START matches, so
# these are tried only there (one scan of the text for all of them instead of one each).
_MONTH_FIRST = {"mdy_range2", "mdy_range", "mdy", "my", "md"}
_MONTH_START = CaseBlind(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_HINTS: dict[str, CaseBlind | re.Pattern[str]] = {
    "iso_range": lazy_compile(r"\d-\d"), "iso": lazy_compile(r"\d-\d"), "dmy_dots": lazy_compile(r"\d\.\d"),
    "dmy_range": CaseBlind(r"-|–|—|to|through|until"),
    "mdy_range2": CaseBlind(r"-|–|—|to|through|until"),
    "mdy_range": CaseBlind(r"-|–|—|to|through|until"),
    "part_of_month": CaseBlind(r"early|mid|late"), "part_of_year": CaseBlind(r"early|mid|late"),
    "season": CaseBlind(r"spring|summer|autumn|fall|winter"), "quarter": CaseBlind(r"q"),
}


def _searched(pattern: CaseBlind | re.Pattern[str], text: str, scan: str,
              is_folded: bool) -> tuple[re.Pattern[str], str]:
    """The pattern to search with, and the text to search: a case-blind one the text ``folded``
    (``scan``), another the text as written."""
    return (pattern.pattern(is_folded), scan) if isinstance(pattern, CaseBlind) else (pattern, text)


def _patterns_for(text: str, scan: str, is_folded: bool) -> list[tuple[str, re.Pattern[str], str]]:
    """The PATTERNS that may match ``text`` (``scan``: it ``folded``), in their order, each with the text to search."""
    if not _DIGIT.search(text):
        return []
    has_year = _HAS_YEAR.search(text) is not None
    has_month = _HAS_MONTH.pattern(is_folded).search(scan) is not None
    return [(kind, *_searched(pattern, text, scan, is_folded)) for kind, pattern in PATTERNS
            if (has_year or kind == "md") and (has_month or kind not in _NEEDS_MONTH)
            and (kind not in _HINTS or _search(_HINTS[kind], text, scan, is_folded))]


def _search(pattern: CaseBlind | re.Pattern[str], text: str, scan: str, is_folded: bool) -> bool:
    searched, where = _searched(pattern, text, scan, is_folded)
    return searched.search(where) is not None


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    span: DateSpan


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _day_span(year: int, month: int, day: int, year2: int | None = None,
              month2: int | None = None, day2: int | None = None) -> DateSpan | None:
    try:
        start = dt.date(year, month, day)
        end = dt.date(year2 or year, month2 or month, day2 or day)
    except ValueError:
        return None
    if end < start:
        return None
    return DateSpan(start=start, end=end, precision="day")


def month_span(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(start=dt.date(year, month, 1), end=dt.date(year, month, last),
                    precision="month")


def year_span(year: int) -> DateSpan:
    return DateSpan(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision="year")


# Winter YEAR is the winter that ends in YEAR: December of the year before to February.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (0, 2)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _months(year: int, first: int, last: int, label: str) -> DateSpan:
    """Months ``first``..``last`` of ``year`` (month 0 is December of the year before), labelled."""
    start = dt.date(year - 1, 12, 1) if first == 0 else dt.date(year, first, 1)
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return DateSpan(start=start, end=end, precision="month", label=label)


def _build(kind: str, m: re.Match[str], written: str, context_year: int | None) -> DateSpan | None:
    """The span of the match ``m``, whose text is ``written`` (as written: ``m``'s groups may
    be in lower case, of a folded text)."""
    g = m.groupdict()
    label = " ".join(written.split())
    if kind == "part_of_year":  # "early 2018", "late 2015"
        first, last = _YEAR_PARTS[g["part"].lower()]
        return _months(int(g["y"]), first, last, label)
    if kind == "season":
        first, last = _SEASONS[g["season"].lower()]
        return _months(int(g["y"]), first, last, label)
    if kind == "quarter":
        q = int(g["q"]) if g.get("q") else _QUARTER_WORDS[g["qw"].lower()]
        if not g.get("q") and not label.lower().startswith("the "):
            label = f"the {label}"  # "the third quarter of 2020"
        return _months(int(g["y"]), 3 * q - 2, 3 * q, label)
    if kind == "part_of_month":
        month = _month(g["m"])
        if month is None:
            return None
        year = int(g["y"])
        first, last = _PARTS[g["part"].lower()]
        last = min(last, calendar.monthrange(year, month)[1])
        return DateSpan(start=dt.date(year, month, first), end=dt.date(year, month, last),
                        precision="month", label=label)
    if kind == "y":
        return year_span(int(g["y"]))
    if kind in {"iso", "dmy_dots"}:  # "2019-12-04"; "21.03.2015" (day first, as written in Europe)
        return _day_span(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind == "iso_range":
        return _day_span(int(g["y"]), int(g["m"]), int(g["d"]), int(g["y2"]), int(g["m2"]), int(g["d2"]))
    month = _month(g["m"])
    if month is None:
        return None
    if kind == "my":
        if g["m"].lower().rstrip(".") == "may" and written[0].islower():
            return None  # "may 2015" as a verb is rare but "may" is a verb; keep capitalised only
        return month_span(int(g["y"]), month)
    if kind == "md":
        if context_year is None or (g["m"].lower() == "may" and written[0].islower()):
            return None
        return _day_span(context_year, month, int(g["d"]))
    year = int(g["y"])
    if kind == "mdy_range2":
        month2 = _month(g["m2"])
        return _day_span(year, month, int(g["d"]), year, month2, int(g["d2"])) if month2 else None
    if kind == "mdy_range":
        return _day_span(year, month, int(g["d"]), day2=int(g["d2"]))
    if kind == "dmy_range":  # "12-14 September 2015", "30 June - 2 July 2015"
        first_month = _month(g["m0"]) if g.get("m0") else month
        return _day_span(year, first_month or month, int(g["d"]), year, month, int(g["d2"]))
    if kind in {"mdy", "dmy"}:
        return _day_span(year, month, int(g["d"]))
    return None


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts at one of ``starts`` (sorted)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m:
            yield m
            end = m.end()


def find_dates(text: str, context_year: int | None = None) -> list[DateMention]:
    """Date mentions in ``text``, left to right, longest match first, never overlapping."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    scan, is_folded = folded(text)  # the text the patterns search (their groups in lower case if folded)
    patterns = _patterns_for(text, scan, is_folded)
    if not patterns:
        return found
    years_seen = [(m.start(), int(m.group(0))) for m in re.finditer(r"\b(?:1[89]|20)\d\d\b", text)]
    month_starts = [m.start() for m in _MONTH_START.pattern(is_folded).finditer(scan)]
    for kind, pattern, where in patterns:
        matches = _matches_at(pattern, where, month_starts) if kind in _MONTH_FIRST else pattern.finditer(where)
        for m in matches:
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            ctx = context_year
            if kind == "md":
                earlier = [y for pos, y in years_seen if pos < m.start()]
                ctx = earlier[-1] if earlier else context_year
            if kind in _OLD_YEAR_KINDS and int(m.group("y")) < 1800 and not _old_date(text, m):
                continue
            span = _build(kind, m, text[m.start():m.end()], ctx)
            if span is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), span))
    found.sort(key=lambda d: d.start)
    return found


# The patterns that read a year before 1800 (with a month), and what may follow such a date: a
# mark, the end, or a word that does not make its number a count ("On December 10, 1200 people
# gathered", "the troops march 1200 miles" are counts; "on August 1, 1774, an experiment" a date).
_OLD_YEAR_KINDS = frozenset({"dmy_range", "mdy_range2", "mdy_range", "mdy", "dmy", "part_of_month", "my"})
_AFTER_OLD_DATE = lazy_compile(r"\s*(?:[^\w\s]|$|(?:and|or|but|in|on|at|to|by|when|where|while|as|after|before|"
                               r"during|until|the|a|an|he|she|it|they|we|his|her|its|their|was|were|is|had|has|"
                               r"with|from|for)\b)")


def _old_date(text: str, m: re.Match[str]) -> bool:
    """Whether a match with a year before 1800 is a date: its month capitalised ("March", not
    the verb "march"), and no noun after the year that it would count."""
    return text[m.start("m")].isupper() and _AFTER_OLD_DATE.match(text, m.end()) is not None


def _day(d: dt.date) -> str:
    return f"{calendar.month_name[d.month]} {d.day}, {d.year}"


def render_span(span: DateSpan) -> str:
    if span.label:
        return span.label
    s, e = span.start, span.end
    if span.precision == "year":
        return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
    if span.precision == "month":
        return f"{calendar.month_name[s.month]} {s.year}"
    if s == e:
        return _day(s)
    if s.year == e.year and s.month == e.month:
        return f"{calendar.month_name[s.month]} {s.day}-{e.day}, {s.year}"
    if s.year == e.year:
        return f"{calendar.month_name[s.month]} {s.day} - {calendar.month_name[e.month]} {e.day}, {s.year}"
    return f"{_day(s)} - {_day(e)}"
