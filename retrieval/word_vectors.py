"""Static word vectors, for how near a sentence's meaning is to a question's.

A question and the sentence that answers it often share few words: "Who established the
academy?" against "The academy was founded by ...". The table (``word_vectors.bin``, made by
``benchmarks/make_word_vectors.py``) holds, for each WordPiece token of the sentence model
all-MiniLM-L6-v2, a vector of ``dims`` signed bytes, distilled from the model as model2vec does.

- A word is split into tokens as BERT does: lower case, accents stripped, letters and digits
  apart from punctuation, the longest known token first, then "##" pieces ("brightleaf" is
  "bright" "##leaf"). Its vector is the sum of its pieces'.
- A text's vector is the sum of its words' vectors, each weighted by the knowledge base's
  weight (IDF) of the word's index term (``analyzer.term``): rare words weigh most,
  stopwords nothing. A capitalised word the vocabulary must split ("GPhC", "Okafor") is left
  out: a name's pieces carry no meaning ("gp" "##hc"), and the lexical features match names.
  ``similarity`` is the cosine of two texts' vectors.
- Measured (``benchmarks/train_reader.py``, held out by article): a word's own vector beat the
  mean vector of its index term's words ("found" for "founded", "founding"): best candidate
  right 82.9% against 82.3%; leaving capitalised split words out, answerable right 80.9%
  against 80.5% (and 2 more turns of the conversations over unseen documents).

No numpy on the answer path: a word's vector is one Python integer with a 32-bit lane per
dimension, each lane holding its byte plus 128 (so never negative); a text's vector is a sum
of those integers times small integer weights, unpacked once into ``dims`` numbers. A table
that is missing or damaged is logged once, and every similarity is then 0.
"""

from __future__ import annotations

import json
import logging
import math
import operator
import struct
import sys
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import term

log = logging.getLogger(__name__)

VECTORS_FILE = Path(__file__).with_name("word_vectors.bin")
FORMAT = 1
HEADER_END = b"\n"  # the JSON header's line, then the names' length (4 bytes), names, rows
LANE_BYTES, BIAS = 4, 128
WEIGHT_STEPS = 8  # a word's weight is counted in eighths
MAX_TOTAL = (1 << 32) // 256 - 1  # lanes hold at most 255 × this: a longer text's tail is left out
MAX_WORD = 100  # characters; a longer term is no word (BERT's limit)
_WORDS = lazy_compile(r"[^\W_]+")  # letters and digits, as BERT splits off punctuation
_LANE = next(code for code in "IL" if array(code).itemsize == LANE_BYTES)
_FLIP = bytes((b ^ 0x80) for b in range(256))  # a signed byte's two's complement, plus 128


@dataclass(frozen=True)
class VectorTable:
    ids: dict[str, int]  # WordPiece token → row
    rows: bytes  # tokens × dims signed bytes
    dims: int

    @classmethod
    def read(cls, path: Path) -> VectorTable:
        raw = path.read_bytes()
        end = raw.index(HEADER_END)
        header = json.loads(raw[:end])
        (size,) = struct.unpack_from("<I", raw, end + 1)
        start = end + 1 + 4
        names = raw[start:start + size].decode("utf-8").split("\n")
        rows, dims, tokens = raw[start + size:], int(header["dims"]), int(header["tokens"])
        if header.get("format") != FORMAT or len(names) != tokens or len(rows) != tokens * dims:
            raise ValueError(f"{path.name}: {len(names)} names and {len(rows)} bytes for "
                             f"{tokens} tokens of {dims} dimensions")
        return cls(dict(zip(names, range(tokens), strict=True)), rows, dims)

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
            for end in range(len(word), start, -1):
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
    except (OSError, ValueError, KeyError, UnicodeDecodeError, struct.error) as err:
        log.warning("word vectors not read (%s): the reader does without similarity", err)
        return None


def _plain(word: str) -> str:
    """Accents stripped, as BERT's uncased tokenizer does ("são" → "sao")."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 17)
def word_vector(word: str) -> tuple[str | None, int, int]:
    """A lower-case word's index term (its weight's key), its packed vector (the sum of its
    pieces') and how many pieces; (None, 0, 0) for a stopword or a word the table cannot split."""
    key = term(word)
    vectors = table()
    if key is None or vectors is None:
        return None, 0, 0
    ids = vectors.pieces(_plain(word))
    return (key, sum(vectors.packed(i) for i in ids), len(ids)) if ids else (None, 0, 0)


def text_vector(text: str, weight: Callable[[str], float]) -> tuple[float, ...]:
    """The unit vector of ``text``: its words' vectors summed, each weighted by ``weight`` of
    its index term; () where no word weighs or the table knows none."""
    vectors = table()
    if vectors is None:
        return ()
    total, packed = 0, 0
    for written in _WORDS.findall(text):
        key, vector, count = word_vector(written.lower())
        if key is None or (count > 1 and not written.islower()):  # a name the vocabulary lacks: no meaning
            continue
        steps = round(weight(key) * WEIGHT_STEPS)
        if steps > 0 and total + steps * count <= MAX_TOTAL:
            packed += steps * vector
            total += steps * count
    if not total:
        return ()
    lanes = array(_LANE)
    lanes.frombytes(packed.to_bytes(vectors.dims * LANE_BYTES, sys.byteorder))
    offset = BIAS * total
    values = [x - offset for x in lanes]
    norm = math.hypot(*values)
    return tuple([x / norm for x in values]) if norm else ()


def similarity(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The cosine of two unit vectors; 0 where either is empty."""
    return sum(map(operator.mul, a, b)) if a and b else 0.0
