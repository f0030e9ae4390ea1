"""BM25+ over the reader's sentences (k1 1.2, b 0.75, delta 1): the ``k`` best for some terms.

Two ways to the same scores, chosen by size (``make_bm25``):

- ``PostingsBM25``: pure Python over postings lists; each search touches only the sentences
  holding a question term, but touches each of them in Python: fine for a small knowledge
  base, slow when a common word is in a large share of 300,000 sentences.
- ``ArrayBM25`` (numpy, installed with ``qabot[large]``): every (term, sentence) score
  precomputed once into flat arrays, one slice per term; a search adds a few slices into
  one array of scores and picks the best among those above a floor that a sample of the
  scores gives (the k-th best of every 64th sentence is no better than the k-th best).

Both compute each term's contribution with the same floating-point operations in the same
order, and add them up term by term in the question's order, so the scores are equal to the
last bit and the ranking (ties broken by position) is the same; ``tests/test_reader_bm25.py``
holds them to it.

An ``ArrayBM25``'s arrays can be kept as plain data (``BM25Arrays``: the terms with their idf,
and raw little-endian buffers) and made into one again (``ArrayBM25.from_saved``): ``qabot
build`` saves them (``analysis_store``). Such an index first sums the postings a question
needs in Python, straight from the buffers (the same additions in the same order, so the same
scores): importing numpy costs a fresh ``qabot ask`` about 0.1 s, about what summing
``PYTHON_POSTINGS`` postings in Python does. Past that many postings in all (or if numpy is
imported anyway), it imports numpy and uses the arrays from then on: a one-question process
never pays for numpy, a long-running one pays for it once, early.
"""

from __future__ import annotations

import heapq
import importlib.util
import logging
import math
import os
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)

K1, B, DELTA = 1.2, 0.75, 1.0
# From 2,000 sentences: at 3,000 (1,000 passages of benchmarks/scale.py) the arrays read a question
# in 1.7 ms against the postings' 2.8 ms; at 300 (a SQuAD article) both take the same, and a
# small knowledge base then need not import numpy at all (a shorter cold start).
AUTO_ARRAYS_SENTENCES = 2_000
SAMPLE_STEP = 64  # the floor of the k best is the k-th best of every SAMPLE_STEP-th sentence
PYTHON_POSTINGS = 200_000  # a saved index sums this many postings in all in Python before it imports numpy


INTEGER, REAL = "<i8", "<f8"  # the saved buffers' element types (numpy dtypes)


@dataclass(frozen=True)
class BM25Arrays:
    """An ``ArrayBM25`` as plain data: ``idf`` in term-id order, and its arrays as raw buffers
    (``positions`` and ``starts`` of INTEGER, ``impacts`` of REAL)."""

    idf: dict[str, float]
    average_length: float
    size: int  # the number of sentences
    positions: bytes
    impacts: bytes
    starts: bytes

    def consistent(self) -> bool:
        """Whether the buffers have the lengths the terms and sentences call for."""
        pairs = len(self.positions) // 8
        return (len(self.positions) == len(self.impacts) == 8 * pairs and len(self.starts) == 8 * (len(self.idf) + 1)
                and self.size >= 0)


class SentenceBM25(Protocol):
    idf: dict[str, float]
    average_length: float

    def top(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best sentences holding a term of ``query_terms``: (position, score), best
        first, ties by position."""
        ...


def idf_of(df: Mapping[str, int], n: int) -> dict[str, float]:
    return {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}


class PostingsBM25:
    """Scores summed through postings lists of (position, term frequency)."""

    def __init__(self, bags: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for position, bag in enumerate(bags):
            counts = Counter(bag)
            df.update(counts.keys())
            for t, tf in counts.items():
                self.postings.setdefault(t, []).append((position, tf))
        n = max(1, len(bags))
        self.lengths = [len(bag) for bag in bags]
        self.idf = idf_of(df, n)
        self.average_length = sum(self.lengths) / n or 1.0

    def top(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        scores: dict[int, float] = {}
        for t in dict.fromkeys(query_terms):  # in order: the same sums, so the same ties, in every process
            idf = self.idf.get(t)
            if idf is None:
                continue
            for position, tf in self.postings[t]:
                length = self.lengths[position]
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.average_length))
                scores[position] = scores.get(position, 0.0) + idf * (norm + DELTA)
        return heapq.nlargest(k, scores.items(), key=lambda kv: (kv[1], -kv[0]))


class ArrayBM25:
    """Each term's scores precomputed: ``positions[starts[i]:starts[i + 1]]`` are the
    sentences holding term ``i`` and ``impacts[...]`` what it adds to each one's score."""

    def __init__(self, bags: Sequence[Sequence[str]]) -> None:
        import numpy as np

        self._np = np
        self._saved: BM25Arrays | None = None  # set by from_saved until numpy is imported for a search
        self._python_budget = 0  # postings a saved index may still sum in Python
        # Every token's term id (ids in the order terms first appear, as PostingsBM25 meets
        # them) and sentence; then each (term, sentence) pair once with its count, by term and
        # then by sentence, counted by numpy rather than a Counter per sentence in Python.
        ids: dict[str, int] = {}
        sizes = np.fromiter((len(bag) for bag in bags), dtype=np.int64, count=len(bags))
        tokens = array("q")  # compact while it grows: millions of tokens at 100,000 passages
        for bag in bags:
            for t in bag:
                if t not in ids:
                    ids[t] = len(ids)
            tokens.extend(map(ids.__getitem__, bag))
        n = max(1, len(bags))
        lengths = sizes.astype(np.float64)
        self.average_length = float(sizes.sum()) / n or 1.0
        sentence_of = np.repeat(np.arange(len(bags), dtype=np.int64), sizes)
        pairs, counts = np.unique(np.frombuffer(tokens, dtype=np.int64) * n + sentence_of, return_counts=True)
        by_term = pairs // n
        df = np.bincount(by_term, minlength=len(ids)) if ids else np.zeros(0, dtype=np.int64)
        self.idf = idf_of(dict(zip(ids, df.tolist(), strict=True)), n)
        self.term_ids = ids
        self.positions = pairs % n
        tf = counts.astype(np.float64)
        length = lengths[self.positions]
        # The operations of PostingsBM25.top, one array at a time, in the same order.
        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.average_length))
        idf = np.asarray([self.idf[t] for t in ids], dtype=np.float64)
        self.impacts = idf[by_term] * (norm + DELTA)
        self.starts = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        self.size = len(bags)

    @classmethod
    def from_saved(cls, saved: BM25Arrays) -> ArrayBM25:
        """The index ``saved`` holds; its buffers become arrays (numpy imported) at the first search."""
        index = cls.__new__(cls)
        index.idf = saved.idf
        index.term_ids = {t: i for i, t in enumerate(saved.idf)}
        index.average_length = saved.average_length
        index.size = saved.size
        index._saved = saved
        index._python_budget = PYTHON_POSTINGS
        return index

    def saved(self) -> BM25Arrays:
        """This index as plain data, for ``from_saved``."""
        self._arrays()
        return BM25Arrays(idf=self.idf, average_length=self.average_length, size=self.size,
                          positions=self.positions.astype(INTEGER).tobytes(),
                          impacts=self.impacts.astype(REAL).tobytes(), starts=self.starts.astype(INTEGER).tobytes())

    def _arrays(self) -> Any:
        """numpy, with the saved buffers made arrays if they are not yet."""
        saved = self._saved
        if saved is not None:
            import numpy as np

            self._np = np
            self.positions = np.frombuffer(saved.positions, dtype=INTEGER)
            self.impacts = np.frombuffer(saved.impacts, dtype=REAL)
            self.starts = np.frombuffer(saved.starts, dtype=INTEGER)
            self._saved = None
        return self._np

    def top(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        known = [self.term_ids[t] for t in dict.fromkeys(query_terms) if t in self.term_ids]
        if not known or k <= 0:
            return []
        if self._saved is not None and _numpy_unloaded():
            found = self._top_in_python(self._saved, known, k)
            if found is not None:
                return found
        np = self._arrays()
        scores = np.zeros(self.size, dtype=np.float64)
        for term in known:  # one term after the other: the same sums as PostingsBM25
            span = slice(self.starts[term], self.starts[term + 1])
            np.add.at(scores, self.positions[span], self.impacts[span])  # a term's positions are distinct
        chosen = self._above_floor(scores, k)
        best = chosen[np.lexsort((chosen, -scores[chosen]))[:k]]  # the best first, ties by position
        return [(int(p), float(scores[p])) for p in best]

    def _top_in_python(self, saved: BM25Arrays, known: list[int], k: int) -> list[tuple[int, float]] | None:
        """``top`` summed in Python over ``saved``'s buffers, or None once the postings summed
        so far would pass ``PYTHON_POSTINGS`` (or on a machine that is not little-endian)."""
        if sys.byteorder != "little":
            return None
        starts = memoryview(saved.starts).cast("q")
        touched = sum(starts[t + 1] - starts[t] for t in known)
        if touched > self._python_budget:
            return None
        self._python_budget -= touched
        positions, impacts = memoryview(saved.positions).cast("q"), memoryview(saved.impacts).cast("d")
        first, rest = known[0], known[1:]
        # The first term's scores are its impacts (0.0 + x is x): the dict made in C, when its
        # positions are distinct (a term has one posting a sentence), else summed as the others.
        start, end = starts[first], starts[first + 1]
        scores: dict[int, float] = dict(zip(positions[start:end], impacts[start:end], strict=True))
        if len(scores) != end - start:
            scores, rest = {}, known
        get = scores.get
        for term in rest:  # term after term, as the arrays add them
            start, end = starts[term], starts[term + 1]
            for position, impact in zip(positions[start:end], impacts[start:end], strict=True):
                scores[position] = get(position, 0.0) + impact
        return _best(scores, k)

    def _above_floor(self, scores: object, k: int) -> object:
        """The positions of every sentence that can be among the ``k`` best (every tie at the
        edge with them), of those scored (every contribution is positive)."""
        np = self._np
        sample = scores[::SAMPLE_STEP]
        if np.count_nonzero(sample) >= k:
            floor = np.partition(sample, len(sample) - k)[len(sample) - k]  # at most the k-th best
            chosen = np.flatnonzero(scores >= floor)
        else:
            chosen = np.flatnonzero(scores)
        if len(chosen) > 4 * k * SAMPLE_STEP:  # a poor sample: the k-th best among them
            values = scores[chosen]
            chosen = chosen[values >= np.partition(values, len(values) - k)[len(values) - k]]
        return chosen


def _best(scores: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The ``k`` best of ``scores`` (position -> score), the best first and ties by position: as
    ``heapq.nlargest`` with that key over every item gives, but with the key made only for the
    items at least the ``k``-th greatest score (found without one: a tenth of the time at
    75,000 scored sentences); every one of the ``k`` best is among them."""
    items: Iterable[tuple[int, float]] = scores.items()
    if len(scores) > k:
        floor = heapq.nlargest(k, scores.values())[-1]
        items = [item for item in items if item[1] >= floor]
    return heapq.nlargest(k, items, key=lambda kv: (kv[1], -kv[0]))


def _numpy_unloaded() -> bool:
    return "numpy" not in sys.modules


def _numpy_available() -> bool:
    """Whether numpy is installed (found, not imported: a saved index imports it only when it needs to)."""
    return importlib.util.find_spec("numpy") is not None


def wants_arrays(sentences: int) -> bool:
    """Arrays (numpy) for ``AUTO_ARRAYS_SENTENCES`` sentences or more, when numpy is installed;
    ``$QABOT_READER_ARRAYS`` 1 or 0 forces the choice."""
    setting = os.environ.get("QABOT_READER_ARRAYS", "").strip()
    return (setting == "1" if setting in {"0", "1"} else sentences >= AUTO_ARRAYS_SENTENCES) and _numpy_available()


def make_bm25(bags: Sequence[Sequence[str]], arrays: bool | None = None,
              saved: BM25Arrays | None = None) -> SentenceBM25:
    """Arrays or postings (``wants_arrays``; ``arrays`` forces the choice); the arrays are
    ``saved``'s when given for as many sentences, and not read from ``bags`` then."""
    if arrays is None:
        arrays = wants_arrays(len(bags))
    log.debug("reader BM25+: %s for %d sentences", "arrays" if arrays else "postings", len(bags))
    if arrays and saved is not None and saved.size == len(bags):
        return ArrayBM25.from_saved(saved)
    return ArrayBM25(bags) if arrays else PostingsBM25(bags)
