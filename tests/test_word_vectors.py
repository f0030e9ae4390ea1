"""The static word vectors behind the reader's similarity features (retrieval/word_vectors.py)."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval import word_vectors
from retrieval.word_vectors import WEIGHT_STEPS, similarity, table, text_vector, word_vector


def _vector(text: str) -> tuple[float, ...]:
    return text_vector(text, lambda _: 2.0)


def test_a_paraphrase_is_nearer_than_a_sentence_on_another_subject() -> None:
    question = _vector("Who established the academy?")
    answer = _vector("The academy was founded by three monks.")
    other = _vector("The river floods the valley every spring.")
    assert similarity(question, answer) > similarity(question, other) + 0.2
    assert similarity(_vector("What is the capital of France?"), _vector("Paris is the French capital city.")) > 0.5


def test_vectors_are_unit_vectors_and_a_text_without_terms_has_none() -> None:
    vector = _vector("Brightleaf was founded in 2014 by Daniel Okafor.")
    assert len(vector) == table().dims
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-9)
    assert _vector("the of and") == ()  # stopwords are no terms
    assert similarity((), vector) == 0.0


def test_the_packed_sum_is_the_weighted_sum_of_the_signed_bytes() -> None:
    vectors = table()
    weights = {"found": 1.5, "academi": 0.25, "okafor": 3.0}  # by index term: founded, academy, okafor
    expected = [0.0] * vectors.dims
    for word in ("founded", "academy", "okafor"):  # two words of the vocabulary, a word in pieces
        key, _, count = word_vector(word)
        assert count == len(vectors.pieces(word)) >= 1
        for row in vectors.pieces(word):
            raw = vectors.rows[row * vectors.dims:(row + 1) * vectors.dims]
            for d, byte in enumerate(raw):
                expected[d] += round(weights[key] * WEIGHT_STEPS) * (byte - 256 if byte > 127 else byte)
    norm = math.sqrt(sum(x * x for x in expected))
    got = text_vector("founded: the academy of okafor.", weights.__getitem__)
    assert got == pytest.approx([x / norm for x in expected], abs=1e-12)
    assert len(vectors.pieces("okafor")) >= 2


def test_a_capitalised_word_in_pieces_is_a_name_without_meaning() -> None:
    assert len(table().pieces("gphc")) >= 2 and len(table().pieces("paris")) == 1
    assert _vector("What is the GPhC?") == ()  # its only word a name the vocabulary splits
    assert _vector("the gphc") != ()  # written in lower case, a word like any other
    assert _vector("Paris") == _vector("paris")  # a name the vocabulary holds keeps its meaning


def test_wordpieces_take_the_longest_known_token_first() -> None:
    vectors = table()
    assert vectors.pieces("academy") == (vectors.ids["academy"],)
    pieces = vectors.pieces("brightleaf")
    assert [next(t for t, i in vectors.ids.items() if i == p) for p in pieces] == ["bright", "##leaf"]
    assert vectors.pieces("x" * 101) == ()
    assert "☃" not in vectors.ids and vectors.pieces("a☃") == ()  # a piece the vocabulary lacks


def test_a_very_long_text_still_sums_without_overflow() -> None:
    vector = text_vector("monks founded the academy near the river " * 20_000, lambda _: 12.0)
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-9)
    assert similarity(vector, _vector("monks founded an academy by a river")) > 0.9


@pytest.fixture
def damaged_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    bad = tmp_path / "word_vectors.bin"
    bad.write_bytes(b'{"format": 2, "dims": 64, "tokens": 3, "terms": 0}\n\x05\x00\x00\x00a\nb\nc' + b"\x01" * 10)
    monkeypatch.setattr(word_vectors, "VECTORS_FILE", bad)
    table.cache_clear()
    word_vector.cache_clear()
    yield
    table.cache_clear()
    word_vector.cache_clear()


def test_a_damaged_table_is_logged_and_every_similarity_is_zero(damaged_table: None,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="retrieval.word_vectors"):
        assert table() is None
        assert _vector("Who founded the academy?") == ()
    assert "word vectors not read" in caplog.text
