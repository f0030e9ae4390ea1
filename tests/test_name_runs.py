"""The people and places a question is searched for are only those it may name: never fewer
than ``FactTables.find_in_text`` (its pattern) finds among all of them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.analyzer import normalize
from retrieval.facts import NameRuns, _names_pattern

PIECES = ["Ann", "ann", "Kerry", "O'Neil", "al-Sabah", "Jean-Luc", "U.S.", "é", "É", "-", "'", " ", ".", "St.",
          "Kerry's", "1st", "Saint", "Ångström", "ß", "SS"]


def _text(pieces: list[str]) -> str:
    return " ".join(pieces)


@settings(max_examples=400, deadline=None)
@given(items=st.lists(st.lists(st.lists(st.sampled_from(PIECES), max_size=3).map("".join), max_size=3), max_size=8),
       question=st.lists(st.sampled_from(PIECES), max_size=8).map(_text))
def test_every_item_found_is_a_candidate(items: list[list[str]], question: str) -> None:
    runs = NameRuns([(i, names) for i, names in enumerate(items)])
    candidates = runs.candidates(normalize(question))
    assert candidates == sorted(set(candidates))
    found = [i for i, names in enumerate(items) if _names_pattern(tuple(names)).search(normalize(question))]
    assert set(found) <= set(candidates)


def test_a_question_naming_no_one_tries_no_one() -> None:
    runs = NameRuns([("kerry", ["John Kerry", "Kerry"]), ("biswal", ["Nisha Biswal"]), ("odd", ["-x"])])
    assert runs.candidates(normalize("Who is Nisha Biswal?")) == ["biswal", "odd"]
    assert runs.candidates(normalize("What did Kerry's team say?")) == ["kerry", "odd"]
