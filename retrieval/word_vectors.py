"""Static word vectors, for how near a sentence's meaning is to a question's.

A question and the sentence that answers it often share few words: "Who established the
academy?" against "The academy was founded by ...". The table (``word_vectors.bin``, made by
``benchmarks/make_word_vectors.py``) holds, for each WordPiece token of the sentence model
all-MiniLM-L6-v2, a vector of ``dims`` signed bytes, distilled from the model as model2vec does.

- A text is read into words as the analyzer reads it (``analyzer.surface_tokens``: NFKC,
  case-folded, "U.S." one word "us", a hyphenated word in its parts), so that each word's
  weight is that of its index term (``analyzer.term``), the knowledge base's IDF: rare words
  weigh most, stopwords nothing.
- A word is split into tokens as BERT does: accents stripped, the longest known token first,
  then "##" pieces ("brightleaf" is "bright" "##leaf"). Its vector is the sum of its pieces'.
  A word written with a capital that the vocabulary must split ("GPhC", "Okafor") is left out:
  a name's pieces carry no meaning ("gp" "##hc"), and the lexical features match names.
- A text's vector is the weighted sum of its first ``MAX_WORDS`` words' vectors (the model
  itself reads 256 tokens at most); ``similarity`` is the cosine of two texts' vectors.
- Measured (``benchmarks/train_reader.py``, held out by article): a word's own vector beat the
  mean vector of its index term's words ("found" for "founded", "founding"): best candidate
  right 82.9% against 82.3%; leaving capitalised split words out, answerable right 80.9%
  against 80.5% (and 2 more turns of the conversations over unseen documents).

No numpy on the answer path: a word's vector is one Python integer with a 32-bit lane per
dimension, each lane holding its byte plus 128 (so never negative); a text's vector is a sum
of those integers times small integer weights, unpacked once into ``dims`` numbers and kept
as an ``array`` of floats. The table's names and rows carry a CRC-32; a table that is missing
or damaged in any way is logged once, and every similarity is then 0.
"""

from __future__ import annotations

import json
import logging
import math
import operator
import struct
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import surface_tokens, term

log = logging.getLogger(__name__)

VECTORS_FILE = Path(__file__).with_name("word_vectors.bin")
FORMAT = 2
HEADER_END = b"\n"  # the JSON header's line, then the names' length (4 bytes), names, rows
LANE_BYTES, BIAS = 4, 128
WEIGHT_STEPS = 8  # a word's weight is counted in eighths
MAX_TOTAL = (1 << 32) // 256 - 1  # lanes hold at most 255 × this: a longer text's tail is left out
MAX_WORDS = 256  # a text's words read at most
MAX_WORD = 100  # characters; a longer word is no word (BERT's limit)
_WORDS = lazy_compile(r"[^\W_]+")
_LANE = next(code for code in "IL" if array(code).itemsize == LANE_BYTES)
_FLIP = bytes((b ^ 0x80) for b in range(256))  # a signed byte's two's complement, plus 128
Vector = array  # of floats ("f"), unit length; empty where a text has no weighed word


@dataclass(frozen=True)
class VectorTable:
    ids: dict[str, int]  # WordPiece token → row
    rows: bytes  # tokens × dims signed bytes
    dims: int
    longest: int  # characters of the longest token: no piece is longer

    @classmethod
    def read(cls, path: Path) -> VectorTable:
        raw = path.read_bytes()
        end = raw.index(HEADER_END)
        header = json.loads(raw[:end])
        if not isinstance(header, dict):
            raise ValueError("its header is no mapping")
        (size,) = struct.unpack_from("<I", raw, end + 1)
        start = end + 1 + 4
        body = raw[start:]
        if header.get("format") != FORMAT or zlib.crc32(body) != header.get("crc32"):
            raise ValueError(f"format {header.get('format')!r} or a CRC-32 that does not match")
        names = body[:size].decode("utf-8").split("\n")
        rows, dims, tokens = body[size:], int(header["dims"]), int(header["tokens"])
        if len(names) != tokens or len(rows) != tokens * dims or dims <= 0:
            raise ValueError(f"{len(names)} names and {len(rows)} bytes for {tokens} tokens of {dims} dimensions")
        return cls(dict(zip(names, range(tokens), strict=True)), rows, dims, max(map(len, names)))

    def packed(self, row_id: int) -> int:
        """A row's vector as one integer: a 32-bit lane per dimension, byte + 128."""
        row = self.rows[row_id * self.dims:(row_id + 1) * self.dims].translate(_FLIP)
        return int.from_bytes(array(_LANE, iter(row)).tobytes(), sys.byteorder)  # a lane per byte

    def pieces(self, word: str) -> tuple[int, ...]:
        """``word``'s WordPiece tokens, longest first; () where a piece is unknown."""
        if word in self.ids:
            return (self.ids[word],)
        if len(word) > MAX_WORD:
            return ()
        out, start = [], 0
        while start < len(word):
            for end in range(min(len(word), start + self.longest), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    out.append(self.ids[piece])
                    start = end
                    break
            else:
                return ()
        return tuple(out)


@lru_cache(maxsize=1)
def table() -> VectorTable | None:
    try:
        return VectorTable.read(VECTORS_FILE)
    except Exception as err:  # any damage: the reader does without, never a crash
        log.warning("word vectors not read (%s: %s): the reader does without similarity",
                    type(err).__name__, err)
        return None


def _plain(word: str) -> str:
    """Accents stripped, as BERT's uncased tokenizer does ("são" → "sao")."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 15)
def _row(row_id: int) -> int:
    vectors = table()
    return vectors.packed(row_id) if vectors else 0


@lru_cache(maxsize=1 << 14)
def word_vector(word: str) -> tuple[str | None, int, int]:
    """A case-folded word's index term (its weight's key), its packed vector (the sum of its
    pieces') and how many pieces; (None, 0, 0) for a stopword or a word the table cannot split."""
    key = term(word)
    vectors = table()
    if key is None or vectors is None:
        return None, 0, 0
    ids = vectors.pieces(_plain(word))
    return (key, sum(map(_row, ids)), len(ids)) if ids else (None, 0, 0)


def _read_words(text: str) -> Iterator[tuple[str, str, int, int]]:
    """The words of ``text`` that have a vector, in order, as (word, index term, packed vector,
    pieces): a capitalised word the vocabulary must split is a name and left out; the first
    ``MAX_WORDS`` read, to the end of the token that reaches them."""
    capitalised = {w.casefold() for w in _WORDS.findall(text) if w != w.lower()}  # caseless scripts: none
    read = 0
    for token in surface_tokens(text):
        for word in token.split("-") if "-" in token else (token,):
            key, vector, count = word_vector(word)
            if key is None or (count > 1 and word in capitalised):
                continue
            yield word, key, vector, count
            read += 1
        if read >= MAX_WORDS:
            break


def text_vector(text: str, weight: Callable[[str], float]) -> Vector:
    """The unit vector of ``text``: its words' vectors summed, each weighted by ``weight`` of
    its index term; empty where no word weighs or the table knows none."""
    vectors = table()
    if vectors is None:
        return array("f")
    total, packed = 0, 0
    for _, key, vector, count in _read_words(text):
        steps = round(weight(key) * WEIGHT_STEPS)
        if steps > 0 and total + steps * count <= MAX_TOTAL:
            packed += steps * vector
            total += steps * count
    return _unpacked(packed, total, vectors.dims) if total else array("f")


def _unpacked(packed: int, count: int, dims: int) -> Vector:
    """The unit vector of a sum of ``count`` packed rows; empty where it is zero."""
    lanes = array(_LANE)
    lanes.frombytes(packed.to_bytes(dims * LANE_BYTES, sys.byteorder))
    offset = BIAS * count
    values = [x - offset for x in lanes]
    norm = math.hypot(*values)
    return array("f", [x / norm for x in values]) if norm else array("f")


@lru_cache(maxsize=1 << 15)
def word_unit(word: str) -> Vector:
    """A case-folded word's own unit vector (its pieces' summed); empty where it has none."""
    vectors = table()
    _, packed, count = word_vector(word)
    return _unpacked(packed, count, vectors.dims) if vectors is not None and count else array("f")


def text_words(text: str) -> tuple[tuple[str, str], ...]:
    """The distinct words of ``text`` that ``text_vector`` reads, as (index term, word), in
    order (every one, whatever its weight)."""
    if table() is None:
        return ()
    return tuple({word: (key, word) for word, key, _, _ in _read_words(text)}.values())


@lru_cache(maxsize=1 << 17)
def word_similarity(a: str, b: str) -> float:
    """The cosine of two words' own vectors (``word_unit``); 0 where either has none."""
    return similarity(word_unit(a), word_unit(b))


def clear_caches() -> None:
    """Forget the table and everything read from it (for a test that swaps the table)."""
    for cached in (table, _row, word_vector, word_unit, word_similarity):
        cached.cache_clear()


def similarity(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors; 0 where either is empty."""
    return sum(map(operator.mul, a, b)) if a and b else 0.0
