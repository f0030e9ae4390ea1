"""Typo repair against a large vocabulary: only words of about the typo's length are compared."""

from __future__ import annotations

import string
from collections import Counter

from retrieval.vocabulary import MATCHES, Vocabulary


def _vocabulary(words: dict[str, int]) -> Vocabulary:
    return Vocabulary(Counter({str(n): 1 for n in range(5000)} | words))


def test_a_typo_is_repaired_among_thousands_of_numbers() -> None:
    vocab = _vocabulary({"brasil": 3, "harbour": 5})
    assert vocab.repair("brazil", capitalized=True) == "brasil"
    assert vocab.repair("harbur") == "harbour"
    assert vocab.repair("zqxjkv") is None


def test_the_words_of_a_range_of_lengths_are_all_of_them_and_no_others() -> None:
    vocab = _vocabulary({"brasil": 3, "harbour": 5})
    picked = vocab.of_lengths(5, 7)
    assert set(picked) == {w for w in vocab.words if 5 <= len(w) <= 7}
    assert "brasil" in picked and "1234" not in picked
    assert vocab.of_lengths(5, 7) is picked  # picked out once


def test_a_repair_chooses_among_the_closest_words_by_distance_then_alphabetically() -> None:
    # Every "zorva?" is one edit from "zorvak"; only the MATCHES first alphabetically are
    # weighed, so the most frequent, "zorvaz", is not among them and "zorvab" wins.
    words = {f"zorva{c}": 1 for c in string.ascii_lowercase if c != "k"}
    assert len(words) > MATCHES
    words |= {"zorvaz": 100, "zorvab": 50}
    assert _vocabulary(words).repair("zorvak") == "zorvab"
    assert _vocabulary(words | {"zorvat": 60}).repair("zorvak") == "zorvat"


def test_a_word_the_typo_spells_in_order_wins_over_a_more_frequent_one() -> None:
    vocab = _vocabulary({"kestrelmouth": 1, "kestrelmoth": 90})
    assert vocab.repair("kestrelmouh") == "kestrelmouth"


def test_a_capitalised_common_word_is_repaired_only_to_the_one_name_an_edit_away() -> None:
    # "Percy Shelly": "shelly" is an English word, but written as a name where the documents
    # never use it, it is the name they write one letter longer.
    vocab = _vocabulary({"shelley": 4, "iain": 2, "gray": 2, "bread": 3})
    assert vocab.repair("shelly", capitalized=True, named=True) == "shelley"
    assert vocab.repair("lain", capitalized=True, named=True) == "iain"
    assert vocab.repair("shelly") is None  # not written as a name: the English word, as written
    assert vocab.repair("shelly", capitalized=True) is None  # "SHELLY" in a shouted question
    assert vocab.repair("break", capitalized=True, named=True) is None  # "bread" is no name
    assert _vocabulary({"iain": 2, "zain": 2}).repair("lain", named=True) is None  # two names: neither


def test_a_common_name_is_never_read_as_a_month_or_a_stopword() -> None:
    """"Mary" is not "mar" (March), "Karen" not "aren" (aren't): only the documents' own words
    that are no stopword, month or generic word can be the name meant."""
    vocab = _vocabulary({"born": 2, "leeds": 1})
    assert "mar" in vocab.words and "aren" in vocab.words
    for name in ("mary", "karen", "sean", "jean", "mark"):
        assert vocab.repair(name, capitalized=True, named=True) is None


def test_an_inflection_of_a_common_word_is_no_typo() -> None:
    vocab = _vocabulary({"shots": 3, "jar": 2})
    assert vocab.repair("spouts") is None  # "spout" is a word: "spouts" is not a misspelt "shots"
    assert vocab.repair("jammed") is None  # "jam"


def test_a_unit_is_no_typo() -> None:
    vocab = _vocabulary({"water": 3, "decide": 2})
    assert vocab.repair("watts") is None  # a unit of synonyms.yaml, which a document writes "W"
    assert vocab.repair("decibels") is None


def test_a_misspelt_inflection_is_repaired() -> None:
    assert _vocabulary({"setting": 3, "shots": 2}).repair("seting") == "setting"  # "set" doubles its t
