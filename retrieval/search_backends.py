"""BM25+ over passages behind one small interface: ``search(terms, k) -> [(passage_id, score)]``.

Both backends score the same way, rank-bm25's ``BM25Plus`` (k1 1.5, b 0.75, delta 1,
idf ``log((N + 1) / df)``; every query term known to the corpus adds ``idf * delta``, so
a repeated term counts twice), rank only passages holding at least one query term, and
break ties by position. Terms come from the one analyzer (retrieval.analyzer), already
tokenized: the backends never tokenize.

- ``rank-bm25`` (default): pure Python over postings lists; cheap to build, fine for a
  small knowledge base, but every search touches every candidate in Python.
- ``bm25s``: the scores precomputed in a sparse matrix (numpy), a search is a few array
  operations: for large knowledge bases. Its scores are float32, so they agree with
  rank-bm25's to about 1e-6 (relative), and a near-tie may rank the other way.

``make_backend`` chooses by size (``AUTO_BM25S_PASSAGES``) unless ``QABOT_SEARCH_BACKEND``
names one; bm25s is optional (``pip install 'qabot[large]'``) and rank-bm25 is used when
it is not installed.
"""

from __future__ import annotations

import heapq
import logging
import os
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from rank_bm25 import BM25Plus

from knowledge.errors import ConfigError

log = logging.getLogger(__name__)

K1, B, DELTA = 1.5, 0.75, 1.0  # rank-bm25's BM25Plus defaults
AUTO_BM25S_PASSAGES = 20_000  # from benchmarks/search_backends.py: below it, building bm25s costs more than it saves
BACKENDS = ("rank-bm25", "bm25s")


class SearchBackend(Protocol):
    name: ClassVar[str]

    def search(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        """The ``k`` best passages holding a term of ``terms``: (passage id, score), best first."""
        ...


class RankBM25Backend:
    name: ClassVar[str] = "rank-bm25"

    def __init__(self, ids: list[str], docs: list[list[str]]) -> None:
        self.ids = ids
        self.docs = docs
        self.postings: dict[str, list[int]] = {}
        for i, bag in enumerate(docs):
            for t in set(bag):
                self.postings.setdefault(t, []).append(i)
        self._bm25: BM25Plus | None = None

    @property
    def bm25(self) -> BM25Plus:
        """Built on the first search: questions answered from facts never pay for it (nor
        for importing numpy, which rank-bm25 needs)."""
        if self._bm25 is None:
            from rank_bm25 import BM25Plus

            self._bm25 = BM25Plus(self.docs, k1=K1, b=B, delta=DELTA)
        return self._bm25

    def search(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        candidates = sorted({i for t in set(terms) for i in self.postings.get(t, ())})
        if not candidates:
            return []
        scores = self.bm25.get_batch_scores(terms, candidates)
        best = heapq.nlargest(k, range(len(candidates)), key=lambda j: (scores[j], -candidates[j]))
        return [(self.ids[candidates[j]], float(scores[j])) for j in best]


class BM25sBackend:
    name: ClassVar[str] = "bm25s"

    def __init__(self, ids: list[str], docs: list[list[str]]) -> None:
        import bm25s
        import numpy as np

        logging.getLogger("bm25s").setLevel(logging.NOTSET)  # it sets DEBUG at import: follow ours instead
        self._np = np
        self.ids = ids
        self.vocabulary: dict[str, int] = {}
        token_ids = [[self.vocabulary.setdefault(t, len(self.vocabulary)) for t in bag] for bag in docs]
        self.retriever = bm25s.BM25(method="bm25+", k1=K1, b=B, delta=DELTA)
        self.retriever.index((token_ids, self.vocabulary), show_progress=False)
        self._has = self._term_documents(token_ids)

    def _term_documents(self, token_ids: list[list[int]]) -> list[object]:
        """For each term id, the sorted positions of the passages holding it (numpy arrays)."""
        np = self._np
        by_term: list[list[int]] = [[] for _ in self.vocabulary]
        for position, bag in enumerate(token_ids):
            for t in set(bag):
                by_term[t].append(position)
        return [np.asarray(p, dtype=np.int64) for p in by_term]

    def search(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        np = self._np
        known = [self.vocabulary[t] for t in terms if t in self.vocabulary]
        if not known:
            return []
        scores = self.retriever.get_scores_from_ids(known)
        candidates = np.unique(np.concatenate([self._has[t] for t in set(known)]))
        chosen = scores[candidates]
        if len(candidates) > k:
            keep = np.argpartition(-chosen, k - 1)[:k]
            threshold = chosen[keep].min()
            keep = np.flatnonzero(chosen >= threshold)  # every tie at the edge, then sort
            candidates, chosen = candidates[keep], chosen[keep]
        order = np.lexsort((candidates, -chosen.astype(np.float64)))[:k]
        return [(self.ids[int(candidates[j])], float(chosen[j])) for j in order]


def _bm25s_available() -> bool:
    try:
        import bm25s  # noqa: F401
    except ImportError:
        return False
    return True


def choose_backend(passages: int, setting: str | None = None) -> str:
    """The backend's name: ``setting`` (or $QABOT_SEARCH_BACKEND) if given, else by size."""
    setting = (setting if setting is not None else os.environ.get("QABOT_SEARCH_BACKEND", "")).strip()
    if setting and setting not in (*BACKENDS, "auto"):
        raise ConfigError(f"QABOT_SEARCH_BACKEND {setting!r}: not one of auto, {', '.join(BACKENDS)}")
    if setting == "bm25s" and not _bm25s_available():
        raise ConfigError("QABOT_SEARCH_BACKEND bm25s: bm25s is not installed (pip install 'qabot[large]')")
    if setting in BACKENDS:
        return setting
    return "bm25s" if passages >= AUTO_BM25S_PASSAGES and _bm25s_available() else "rank-bm25"


def make_backend(ids: list[str], docs: list[list[str]], setting: str | None = None) -> SearchBackend:
    name = choose_backend(len(ids), setting)
    log.debug("search backend: %s for %d passages", name, len(ids))
    return BM25sBackend(ids, docs) if name == "bm25s" else RankBM25Backend(ids, docs)
