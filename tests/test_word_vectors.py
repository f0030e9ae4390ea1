"""The static word vectors behind the reader's similarity features (retrieval/word_vectors.py)."""

from __future__ import annotations

import gc
import json
import logging
import math
import struct
import weakref
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.build import build_from_documents
from knowledge.models import Document
from retrieval import word_vectors
from retrieval.engine import Engine
from retrieval.word_vectors import (
    MAX_TOTAL,
    MAX_WORDS,
    WEIGHT_STEPS,
    similarity,
    table,
    text_vector,
    text_words,
    word_similarity,
    word_vector,
)


def _vector(text: str, weight: float = 2.0) -> word_vectors.Vector:
    return text_vector(text, lambda _: weight)


def test_a_paraphrase_is_nearer_than_a_sentence_on_another_subject() -> None:
    question = _vector("Who established the academy?")
    answer = _vector("The academy was founded by three monks.")
    other = _vector("The river floods the valley every spring.")
    assert similarity(question, answer) > similarity(question, other) + 0.2
    assert similarity(_vector("What is the capital of France?"), _vector("Paris is the French capital city.")) > 0.5


def test_vectors_are_unit_vectors_and_a_text_without_terms_has_none() -> None:
    vector = _vector("Brightleaf was founded in 2014 by Daniel Okafor.")
    assert len(vector) == table().dims
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-6)
    assert not _vector("the of and")  # stopwords are no terms
    assert not _vector("")
    assert similarity(_vector(""), vector) == 0.0


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
    assert list(got) == pytest.approx([x / norm for x in expected], abs=1e-6)
    assert len(vectors.pieces("okafor")) >= 2


def test_words_are_read_as_the_analyzer_reads_them() -> None:
    assert _vector("U.S. policy") == _vector("US policy")  # a dotted abbreviation is one word
    assert _vector("São Paulo") == _vector("Sao Paulo")  # accents stripped, as BERT's uncased model
    assert _vector("ﬁnancial aid") == _vector("financial aid")  # NFKC
    assert _vector("well-known river") == _vector("well known river")  # a hyphenated word in its parts


def test_a_capitalised_word_in_pieces_is_a_name_without_meaning() -> None:
    assert len(table().pieces("gphc")) >= 2 and len(table().pieces("paris")) == 1
    assert not _vector("What is the GPhC?")  # its only word a name the vocabulary splits
    assert _vector("the gphc")  # written in lower case, a word like any other
    assert _vector("Paris") == _vector("paris")  # a name the vocabulary holds keeps its meaning
    assert _vector("北京大学") or not table().pieces("北京大学")  # a caseless script is never "capitalised"


def test_a_text_is_read_to_its_first_words_and_its_lanes_never_overflow() -> None:
    long = "monks founded the academy near the river " * 20_000
    assert _vector(long) == _vector(" ".join(long.split()[:MAX_WORDS * 2]))  # stopwords are read past
    heavy = MAX_TOTAL / WEIGHT_STEPS  # one word's steps fill every lane to the top
    vector = _vector("academy academy", weight=heavy)
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-6)
    assert vector == _vector("academy")  # the second is left out rather than overflowing


def test_wordpieces_take_the_longest_known_token_first() -> None:
    vectors = table()
    assert vectors.pieces("academy") == (vectors.ids["academy"],)
    pieces = vectors.pieces("brightleaf")
    assert [next(t for t, i in vectors.ids.items() if i == p) for p in pieces] == ["bright", "##leaf"]
    assert vectors.pieces("x" * 101) == ()
    assert "☃" not in vectors.ids and vectors.pieces("a☃") == ()  # a piece the vocabulary lacks


def _table_file(header: object, names: bytes = b"a\nb\nc", rows: bytes = b"\x01" * 6) -> bytes:
    return json.dumps(header).encode() + b"\n" + struct.pack("<I", len(names)) + names + rows


GOOD = {"format": 2, "dims": 2, "tokens": 3, "crc32": zlib.crc32(b"a\nb\nc" + b"\x01" * 6)}
DAMAGED = {
    "empty": b"",
    "a header that is no mapping": _table_file([1]),
    "no dimensions": _table_file({**GOOD, "dims": None}),
    "rows cut short": _table_file(GOOD)[:-2],
    "a flipped byte": _table_file(GOOD)[:-1] + b"\x02",
    "an old format": _table_file({**GOOD, "format": 1}),
    "a nested header": b"[" * 100_000 + b"\n",
    "names not UTF-8": _table_file({**GOOD, "crc32": zlib.crc32(b"\xff\nb\nc" + b"\x01" * 6)}, b"\xff\nb\nc"),
}


@pytest.fixture
def table_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "word_vectors.bin"
    monkeypatch.setattr(word_vectors, "VECTORS_FILE", path)
    word_vectors.clear_caches()
    yield path
    word_vectors.clear_caches()


def test_a_table_written_as_the_maker_writes_it_is_read(table_file: Path) -> None:
    table_file.write_bytes(_table_file(GOOD))
    assert table() is not None and table().dims == 2 and table().ids == {"a": 0, "b": 1, "c": 2}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_table_is_logged_and_every_similarity_is_zero(table_file: Path, damage: str,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    table_file.write_bytes(DAMAGED[damage])
    with caplog.at_level(logging.WARNING, logger="retrieval.word_vectors"):
        assert table() is None
        assert not _vector("Who founded the academy?")
    assert "word vectors not read" in caplog.text


def test_without_its_table_the_engine_still_answers_open_questions(table_file: Path) -> None:
    docs = [Document(id="about", title="About", path="about.md", sha256="",
                     text="About\n\nThe academy was founded in 1543 by three monks near the river.\n")]
    answer = Engine(build_from_documents(docs, {}, source="test")).answer("Who founded the academy?")
    assert table() is None and "three monks" in answer.text


def test_a_rebuilt_engine_lets_its_reader_index_go() -> None:
    docs = [Document(id="about", title="About", path="about.md", sha256="",
                     text="About\n\nThe academy was founded in 1543 by three monks near the river.\n")]
    engine = Engine(build_from_documents(docs, {}, source="test"))
    engine.answer("Who established the academy?")  # its vectors made and cached
    index = weakref.ref(engine.open.reader.index)
    del engine
    gc.collect()  # the engine freezes what it built (gc.freeze): a cycle would keep it for good
    assert index() is None


def test_a_word_is_nearer_to_its_paraphrase_than_to_another_subject() -> None:
    assert word_similarity("established", "founded") > word_similarity("established", "river") + 0.2
    assert word_similarity("founded", "founded") == pytest.approx(1.0, abs=1e-5)
    assert word_similarity("founded", "the") == 0.0  # a stopword has no vector


def test_a_texts_words_are_its_weighed_words_once_each_without_a_split_capitalised_name() -> None:
    words = [word for _, word in text_words("The academy, the ACADEMY and Okafor founded the academy.")]
    assert words == ["academy", "founded"]  # stopwords and "Okafor" ("ok" "##af" "##or") left out
