"""Patterns compiled on first use (knowledge.lazy_pattern): the same results as compiled ones."""

from __future__ import annotations

import copy
import pickle
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import corpus_facts, dates, document_extraction, event_assembly, events
from knowledge.lazy_pattern import CaseBlind, LazyPattern, folded, lazy_compile
from retrieval import sentence_analysis


def test_nothing_is_compiled_until_used(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    pattern = lazy_compile(r"(?P<year>\d{4})", re.I)
    assert pattern.pattern == r"(?P<year>\d{4})" and not compiled
    assert pattern.search("in 2014.").group("year") == "2014"
    assert pattern.groupindex == {"year": 1}
    assert compiled == [r"(?P<year>\d{4})"]


@pytest.mark.parametrize("method", ["search", "match", "fullmatch", "findall", "split", "sub"])
def test_each_method_answers_as_the_compiled_pattern(method: str) -> None:
    text = "Talks on May 5, 2014 and June 7, 2015"
    args = ("-", text) if method == "sub" else (text,)
    lazy, compiled = lazy_compile(r"\w+ \d+", re.I), re.compile(r"\w+ \d+", re.I)
    got, want = getattr(lazy, method)(*args), getattr(compiled, method)(*args)
    if isinstance(want, re.Match):
        got, want = got.span(), want.span()
    assert got == want
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.flags == compiled.flags


def test_it_copies_and_pickles_as_a_lazy_pattern() -> None:
    pattern = lazy_compile(r"\bSPD\b")
    pattern.search("the SPD")
    for other in (copy.deepcopy(pattern), pickle.loads(pickle.dumps(pattern))):
        assert isinstance(other, LazyPattern)
        assert other.search("the third SPD").group(0) == "SPD"
    assert repr(lazy_compile("a", re.I)) == "lazy_compile('a', re.IGNORECASE)"


def _lazy_patterns(value: object, depth: int = 0) -> list[LazyPattern]:
    if isinstance(value, LazyPattern):
        return [value]
    if depth < 3 and isinstance(value, (list, tuple, dict, set, frozenset)):
        items = value.items() if isinstance(value, dict) else value
        return [p for item in items for p in _lazy_patterns(item, depth + 1)]
    return []


def test_every_lazy_pattern_of_the_package_compiles() -> None:
    # compiled on first use, a bad pattern would fail only when some question reached it
    import importlib
    import pkgutil

    import bot
    import knowledge
    import retrieval

    found = []
    for package in (knowledge, retrieval, bot):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.startswith("bot.telegram") or info.name.endswith("__main__"):
                continue  # python-telegram-bot's imports (its few patterns compile at import); the CLI
            module = importlib.import_module(info.name)
            found += [p for value in vars(module).values() for p in _lazy_patterns(value)]
    assert len(found) > 100
    for pattern in found:
        assert isinstance(pattern.groups, int), pattern  # reading an attribute compiles it


# The case-blind patterns in use, and words their matches are made of (in any case, with digits
# and separators between them: the texts below).
_CASE_BLIND = [events._ORD, events._SESSION_OF, events._UNIT_OF, events._BARE, sentence_analysis._YEAR,
               sentence_analysis._NUMBER, dates._HAS_MONTH, dates._MONTH_START,
               *(p for _, p in [*dates.PATTERNS, *dates._HINTS.items()] if isinstance(p, CaseBlind)),
               events._CANCELLED, events._NOT_ITS_DATE, events._NOT_SERIES_ORDER, events._MEETING,
               event_assembly._NOT_EVENT_DATE, corpus_facts._OTHER_OCCASION, document_extraction._MONTH_DAY]
_WORDS = ["first", "second", "Third", "FOURTH", "twentieth", "inaugural", "next", "final", "last", "21st", "2nd",
          "3rd", "104th", "session", "round", "meeting", "Summit", "of", "the", "The", "SPD", "s", "1999", "2015s",
          "19th", "century", "BC", "bce", "Ad", "ce", "years", "ago", "Year", "10", "am", "P.M.", "a.m.", "one",
          "Twelve", "hundred", "half", "several", "3,500", "2.5", "x", "_", "K", "May", "may", "Dec.", "SEPT",
          "September", "jan", "4th", "12", "31", "1774", "2019-12-04", "21.03.2015", "to", "–", "through", "Early",
          "mid", "Spring", "fall", "Q3", "quarter", "of", "8-12", "2020,", "Cancelled", "ahead", "For", "until",
          "by", "since", "EVER", "its", "kind", "met", "Held", "took", "place", "preceding", "prior", "before"]
_GAPS = [" ", "  ", "\n", ",", ", ", ".", "-", ":", "'", "(", ")", "", "\t"]


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12))
@settings(max_examples=400, deadline=None)
def test_a_case_blind_pattern_finds_what_it_finds_ignoring_case(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in pieces)
    scan, is_folded = folded(text)
    if not is_folded:  # "–": a text that is not ASCII is searched as it is
        assert scan == text
        return
    assert scan == text.lower()
    for blind in _CASE_BLIND:
        slow, fast = blind.pattern(False), blind.pattern(True)
        assert [(m.span(), [g and g.lower() for g in m.groups()]) for m in slow.finditer(text)] == \
               [(m.span(), list(m.groups())) for m in fast.finditer(scan)]


def test_a_text_that_is_not_ascii_is_searched_as_it_is() -> None:
    text = "The ſecond ſession of the third SPD in Zürich"  # "ſ" is an "s" to re.IGNORECASE
    assert folded(text) == (text, False)
    assert events._ORD.pattern(False).search(text).group(0) == "ſecond"
    with pytest.raises(ValueError):
        CaseBlind(r"\S+")  # in lower case, \s: another pattern


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12))
@settings(max_examples=400, deadline=None)
def test_what_is_found_in_a_folded_text_is_what_is_found_in_it_as_written(pieces: list[tuple[str, str]]) -> None:
    """Dates, numbered events and a sentence's written values: the same as with every pattern
    searched in the text as written (under re.IGNORECASE)."""
    text = "".join(word + gap for word, gap in pieces)
    found = [dates.find_dates(text), dates.find_dates(text, context_year=2020), events.numbered_phrases(text),
             sentence_analysis.written_values(text)]
    with mock.patch.object(dates, "folded", _as_written), mock.patch.object(events, "folded", _as_written), \
            mock.patch.object(sentence_analysis, "folded", _as_written):
        assert found == [dates.find_dates(text), dates.find_dates(text, context_year=2020),
                         events.numbered_phrases(text), sentence_analysis.written_values(text)]


def _as_written(text: str) -> tuple[str, bool]:
    return text, False
