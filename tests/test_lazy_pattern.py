"""Patterns compiled on first use (knowledge.lazy_pattern): the same results as compiled ones."""

from __future__ import annotations

import copy
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import events
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
               sentence_analysis._NUMBER]
_WORDS = ["first", "second", "Third", "FOURTH", "twentieth", "inaugural", "next", "final", "last", "21st", "2nd",
          "3rd", "104th", "session", "round", "meeting", "Summit", "of", "the", "The", "SPD", "s", "1999", "2015s",
          "19th", "century", "BC", "bce", "Ad", "ce", "years", "ago", "Year", "10", "am", "P.M.", "a.m.", "one",
          "Twelve", "hundred", "half", "several", "3,500", "2.5", "x", "_", "K"]
_GAPS = [" ", "  ", "\n", ",", ", ", ".", "-", ":", "'", "(", ")", "", "\t"]


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12))
@settings(max_examples=400, deadline=None)
def test_a_case_blind_pattern_finds_what_it_finds_ignoring_case(pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in pieces)
    scan, is_folded = folded(text)
    assert is_folded and scan == text.lower()
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
