"""BM25 over passages, and term weights over sentences to pick the answering sentence.

BM25+ is used on purpose: BM25Okapi gives zero or negative weight to a term found in half
of a small corpus's passages ("Kazakhstan" in these documents), while BM25Plus keeps every
matching term's contribution positive. Only passages that hold at least one query term
are ranked. The scoring itself is a backend (retrieval.search_backends): rank-bm25's
``BM25Plus`` by default, bm25s for large knowledge bases, built on the first search.

The terms it works from (``PassageData``) are analysed when the engine starts
(``analyse_passages``) or read from what ``qabot build`` saved (``analysis_store``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase, Passage, Sentence
from knowledge.stored_rows import by_id, item_ids
from retrieval.analyzer import terms
from retrieval.lazy import LazyMapping
from retrieval.reader_bm25 import idf_of
from retrieval.search_backends import SearchBackend, choose_backend, make_backend


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


@dataclass(frozen=True)
class PassageData:
    """The terms the passage index works from (``analyse_passages``), or their saved copy."""

    passage_terms: Sequence[Sequence[str]]  # each passage's: its section's, then its sentences' in order
    sentence_terms: Mapping[str, Collection[str]]  # each sentence's, with its attribution's if it is a quotation
    idf: dict[str, float]  # of each term over the sentences
    title_terms: dict[str, Collection[str]]  # each document's title's, by document id


def analyse_passages(kb: KnowledgeBase) -> PassageData:
    """Read the terms of every passage and sentence of ``kb``."""
    by_id = {s.id: s for s in kb.sentences}

    def signed(sid: str) -> str:  # a quotation is searchable by who said it
        s = by_id[sid]
        return f"{s.text} {by_id[s.attribution].text}" if s.attribution in by_id else s.text

    # A passage's terms are its section's, then its sentences' in order: the terms of the
    # joined text, without reading each sentence twice (the analyzer sees no token across
    # a space, so the two are the same; tests/test_index.py holds them equal).
    signed_terms = {sid: terms(signed(sid)) for sid in by_id}
    passage_terms = [terms(p.section) + [t for sid in p.sentence_ids for t in signed_terms[sid]]
                     for p in kb.passages]
    df: Counter[str] = Counter()
    for found in signed_terms.values():
        df.update(set(found))
    n = len(signed_terms)
    return PassageData(passage_terms=passage_terms, sentence_terms=signed_terms,
                       idf=idf_of(df, n),
                       title_terms={d.id: terms(d.title) for d in kb.documents})


class PassageIndex:
    def __init__(self, kb: KnowledgeBase, data: PassageData | None = None) -> None:
        """Index ``kb``'s passages from ``data`` (analysed now if None)."""
        self.passages: Sequence[Passage] = kb.passages  # a StoredRows: each read when first asked for
        if not self.passages:
            raise KnowledgeBaseError(f"{kb.source}: no passages to index")
        data = data if data is not None else analyse_passages(kb)
        self.title_terms = {doc: set(found) for doc, found in data.title_terms.items()}
        self.passage_terms = data.passage_terms
        self._backend_name = choose_backend(len(self.passages))  # a bad setting is an error now, not at a search
        self._backend: SearchBackend | None = None
        self._passage_by_id: Mapping[str, Passage] = by_id(self.passages)
        self.sentences: Mapping[str, Sentence] = by_id(kb.sentences)
        self.sentence_terms: Mapping[str, set[str]] = LazyMapping(data.sentence_terms, set)
        self.known_terms = frozenset(data.idf)
        self.idf = data.idf
        self.max_idf = math.log(1 + (len(kb.sentences) + 0.5) / 0.5)  # not by_id's: of a store, every id read

    @property
    def backend(self) -> SearchBackend:
        """The search backend, built on the first search: a question answered from facts never pays for it."""
        if self._backend is None:
            self._backend = make_backend(item_ids(self.passages), [list(t) for t in self.passage_terms],
                                         self._backend_name)
        return self._backend

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.max_idf)

    def search(self, query_terms: list[str], k: int = 5) -> list[Hit]:
        """The ``k`` best passages holding a query term, best first (retrieval.search_backends)."""
        return [Hit(self._passage_by_id[pid], score) for pid, score in self.backend.search(query_terms, k)]
