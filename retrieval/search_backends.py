"""Passage search behind one small interface: ``search(terms, k) -> [(passage_id, score)]``.

The backends rank only passages holding at least one query term and break ties by
position. Terms come from the one analyzer (retrieval.analyzer), already tokenized: the
backends never tokenize.

- ``rank-bm25`` (default): rank-bm25's ``BM25Plus`` (k1 1.5, b 0.75, delta 1, idf
  ``log((N + 1) / df)``; every query term known to the corpus adds ``idf * delta``, so a
  repeated term counts twice). Pure Python over postings lists; cheap to build, fine for a
  small knowledge base, but every search touches every candidate in Python.
- ``bm25s``: the same BM25+ scores precomputed in a sparse matrix (numpy), a search is a
  few array operations: for large knowledge bases. Its scores are float32, so they agree
  with rank-bm25's to about 1e-6 (relative), and a near-tie may rank the other way. It can
  be saved to a folder and opened memory-mapped (``save``, ``open``).
- ``tantivy``: tantivy's inverted index (Rust), in memory or built in a folder and opened
  memory-mapped (``TantivyBackend(ids, docs, folder)``, ``TantivyBackend.open``). It scores
  plain BM25 (k1 1.2, b 0.75, no delta, passage lengths rounded to one byte), so its top 10
  is close to, not the same as, the others'.

``make_backend`` chooses by size (``AUTO_BM25S_PASSAGES``) unless ``QABOT_SEARCH_BACKEND``
names one; bm25s and tantivy are optional (``pip install 'qabot[large]'``) and imported
only when used: rank-bm25 is used (and the fact logged) when bm25s is not installed, and
naming a backend that is not installed is an error.
"""

from __future__ import annotations

import heapq
import importlib.util
import json
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from rank_bm25 import BM25Plus

from knowledge.atomic import temp_path
from knowledge.errors import ConfigError, KnowledgeBaseError

log = logging.getLogger(__name__)

K1, B, DELTA = 1.5, 0.75, 1.0  # rank-bm25's BM25Plus defaults
AUTO_BM25S_PASSAGES = 20_000  # from benchmarks/search_backends.py: below it, building bm25s costs more than it saves
BACKENDS = ("rank-bm25", "bm25s", "tantivy")
OPTIONAL = ("bm25s", "tantivy")
IDS_FILE = "passage_ids.json"  # beside a saved bm25s index
TERMS, ID, POSITION = "terms", "id", "position"  # the tantivy index's fields
TANTIVY_HEAP_BYTES = 256_000_000  # the writer's budget: 100,000 passages stay one segment


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
        bm25s = _import_bm25s()
        self.ids = ids
        self.vocabulary: dict[str, int] = {}
        token_ids = [[self.vocabulary.setdefault(t, len(self.vocabulary)) for t in bag] for bag in docs]
        self.retriever = bm25s.BM25(method="bm25+", k1=K1, b=B, delta=DELTA)
        self.retriever.index((token_ids, self.vocabulary), show_progress=False)

    @classmethod
    def open(cls, directory: Path, mmap: bool = True) -> BM25sBackend:
        """A backend saved by ``save``; with ``mmap`` its score arrays are memory-mapped, not read."""
        bm25s = _import_bm25s()
        backend = cls.__new__(cls)
        backend.retriever = bm25s.BM25.load(str(directory), mmap=mmap, show_progress=False)
        backend.vocabulary = backend.retriever.vocab_dict
        backend.ids = json.loads((directory / IDS_FILE).read_text(encoding="utf-8"))
        return backend

    def save(self, directory: Path) -> None:
        """The score matrix, vocabulary and passage ids in ``directory`` (replaced whole, for ``open``)."""

        def write(tmp: Path) -> None:
            self.retriever.save(str(tmp), show_progress=False)
            (tmp / IDS_FILE).write_text(json.dumps(self.ids), encoding="utf-8")

        replace_directory(directory, write)

    def _holding(self, known: list[int]) -> object:
        """The sorted positions of the passages holding a term of ``known``: the nonzero
        rows of the terms' columns in bm25s' score matrix (every BM25+ score there is > 0)."""
        import numpy as np

        indptr, indices = self.retriever.scores["indptr"], self.retriever.scores["indices"]
        return np.unique(np.concatenate([indices[indptr[t]:indptr[t + 1]] for t in set(known)]))

    def search(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        import numpy as np

        known = [self.vocabulary[t] for t in terms if t in self.vocabulary and t]
        if not known:
            return []
        scores = self.retriever.get_scores_from_ids(known)
        candidates = self._holding(known)
        chosen = scores[candidates]
        if len(candidates) > k:
            keep = np.argpartition(-chosen, k - 1)[:k]
            threshold = chosen[keep].min()
            keep = np.flatnonzero(chosen >= threshold)  # every tie at the edge, then sort
            candidates, chosen = candidates[keep], chosen[keep]
        order = np.lexsort((candidates, -chosen.astype(np.float64)))[:k]
        return [(self.ids[int(candidates[j])], float(chosen[j])) for j in order]


class TantivyBackend:
    """Tantivy's inverted index over the terms, in memory or in a folder (memory-mapped).

    A passage is one document: its terms joined by spaces in a field whose tokenizer splits
    on whitespace only, so tantivy's tokens are exactly our terms (the analyzer's terms
    hold no whitespace; case and punctuation such as "p5+1" are kept), its id stored, and
    its position as a fast field the index is sorted by. A search ORs one term query per
    term (a repeated term counts twice, as in rank-bm25). Tantivy scores BM25 (k1 1.2,
    b 0.75, no delta; lengths kept to one byte), not BM25+: the ranking is close to, not
    the same as, the other backends'.
    """

    name: ClassVar[str] = "tantivy"

    def __init__(self, ids: list[str], docs: list[list[str]], directory: Path | None = None) -> None:
        """Index ``docs`` in memory, or in ``directory`` (replaced whole, for ``open``)."""
        if directory is None:
            self._start(self._build(ids, docs, None))
            return
        replace_directory(directory, lambda tmp: self._build(ids, docs, tmp))
        self._start(_import_tantivy().Index.open(str(directory)))

    @staticmethod
    def _build(ids: list[str], docs: list[list[str]], directory: Path | None) -> object:
        tantivy = _import_tantivy()
        index = tantivy.Index(_tantivy_schema(tantivy), path=None if directory is None else str(directory),
                              reuse=False, sort_by_field=POSITION)
        writer = index.writer(heap_size=TANTIVY_HEAP_BYTES, num_threads=1)  # one segment, in order
        for position, (pid, bag) in enumerate(zip(ids, docs, strict=True)):
            doc = tantivy.Document()
            doc.add_text(TERMS, " ".join(bag))
            doc.add_text(ID, pid)
            doc.add_unsigned(POSITION, position)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        return index

    @classmethod
    def open(cls, directory: Path) -> TantivyBackend:
        """The index built in ``directory``; its files are memory-mapped, not read."""
        tantivy = _import_tantivy()
        backend = cls.__new__(cls)
        try:
            backend._start(tantivy.Index.open(str(directory)))
        except ValueError as err:  # tantivy reports a missing or broken index as ValueError
            raise KnowledgeBaseError(f"{directory}: no tantivy index to open ({err})") from err
        return backend

    def _start(self, index: object) -> None:
        self._tantivy = _import_tantivy()
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self.in_order = self.searcher.num_segments <= 1  # tantivy's own ties are by position

    def search(self, terms: list[str], k: int) -> list[tuple[str, float]]:
        if not terms or k <= 0:
            return []
        query = self._tantivy.Query.boolean_query(
            [(self._tantivy.Occur.Should, self._tantivy.Query.term_query(self.schema, TERMS, t)) for t in terms])
        hits = self._best(query, k)
        return [(self.searcher.doc(address)[ID][0], score) for score, address in hits]

    def _best(self, query: object, k: int) -> list[tuple[float, object]]:
        """The ``k`` best hits, ties by position. In one segment (sorted by position) tantivy
        breaks ties by document order already; over several, every hit tied with the k-th
        is fetched and the ties sorted by the position field."""
        hits = self.searcher.search(query, k, count=False).hits
        if self.in_order:
            return hits
        limit = k
        while len(hits) == limit and hits[-1][0] == hits[k - 1][0]:
            limit *= 4
            hits = self.searcher.search(query, limit, count=False).hits
        positions = self.searcher.fast_field_values(POSITION, [address for _, address in hits])
        ranked = sorted(zip(hits, positions, strict=True), key=lambda hit: (-hit[0][0], hit[1]))
        return [hit for hit, _ in ranked[:k]]


def replace_directory(directory: Path, fill: Callable[[Path], object]) -> None:
    """``fill`` a new folder beside ``directory``, then put it in ``directory``'s place.

    A failed ``fill`` leaves ``directory`` as it was; OSError becomes a one-line
    KnowledgeBaseError.
    """
    tmp, old = temp_path(directory), temp_path(directory)
    try:
        tmp.mkdir(parents=True)
        fill(tmp)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
    except OSError as err:
        raise KnowledgeBaseError(f"{directory}: cannot write the search index ({err.strerror or err})") from err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _tantivy_schema(tantivy: ModuleType) -> object:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(TERMS, tokenizer_name="whitespace", index_option="freq")  # BM25 needs no positions
    builder.add_text_field(ID, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field(POSITION, fast=True)
    return builder.build()


def _import_bm25s() -> ModuleType:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.NOTSET)  # it sets DEBUG at import: follow ours instead
    return bm25s


def _import_tantivy() -> ModuleType:
    import tantivy

    return tantivy


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _bm25s_available() -> bool:
    return _installed("bm25s")


def _tantivy_available() -> bool:
    return _installed("tantivy")


def _available(name: str) -> bool:
    return _bm25s_available() if name == "bm25s" else _tantivy_available()


def choose_backend(passages: int, setting: str | None = None) -> str:
    """The backend's name: ``setting`` (or $QABOT_SEARCH_BACKEND) if given, else by size."""
    setting = (setting if setting is not None else os.environ.get("QABOT_SEARCH_BACKEND", "")).strip()
    if setting and setting not in (*BACKENDS, "auto"):
        raise ConfigError(f"QABOT_SEARCH_BACKEND {setting!r}: not one of auto, {', '.join(BACKENDS)}")
    if setting in OPTIONAL and not _available(setting):
        raise ConfigError(f"QABOT_SEARCH_BACKEND {setting}: {setting} is not installed (pip install 'qabot[large]')")
    if setting in BACKENDS:
        return setting
    if passages < AUTO_BM25S_PASSAGES:
        return "rank-bm25"
    if not _bm25s_available():
        log.info("bm25s is not installed: rank-bm25 for %d passages (pip install 'qabot[large]')", passages)
        return "rank-bm25"
    return "bm25s"


def make_backend(ids: list[str], docs: list[list[str]], setting: str | None = None) -> SearchBackend:
    name = choose_backend(len(ids), setting)
    log.debug("search backend: %s for %d passages", name, len(ids))
    if name == "bm25s":
        return BM25sBackend(ids, docs)
    if name == "tantivy":
        return TantivyBackend(ids, docs)
    return RankBM25Backend(ids, docs)
