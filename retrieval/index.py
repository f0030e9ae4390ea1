"""BM25 over passages, and term weights over sentences to pick the answering sentence.

BM25+ is used on purpose: BM25Okapi gives zero or negative weight to a term found in half
of a small corpus's passages ("Kazakhstan" in these documents), while BM25Plus keeps every
matching term's contribution positive. Only passages that hold at least one query term
are ranked. The scoring itself is a backend (retrieval.search_backends): rank-bm25's
``BM25Plus`` by default, bm25s for large knowledge bases.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase, Passage, Sentence
from retrieval.analyzer import terms
from retrieval.search_backends import SearchBackend, make_backend


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


class PassageIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.passages = [p for p in kb.passages]
        if not self.passages:
            raise KnowledgeBaseError(f"{kb.source}: no passages to index")
        by_id = {s.id: s for s in kb.sentences}
        self.title_terms = {d.id: set(terms(d.title)) for d in kb.documents}

        def signed(sid: str) -> str:  # a quotation is searchable by who said it
            s = by_id[sid]
            return f"{s.text} {by_id[s.attribution].text}" if s.attribution in by_id else s.text

        # A passage's terms are its section's, then its sentences' in order: the terms of the
        # joined text, without reading each sentence twice (the analyzer sees no token across
        # a space, so the two are the same; tests/test_index.py holds them equal).
        signed_terms = {sid: terms(signed(sid)) for sid in by_id}
        self.passage_terms = [terms(p.section) + [t for sid in p.sentence_ids for t in signed_terms[sid]]
                              for p in self.passages]
        self.backend: SearchBackend = make_backend([p.id for p in self.passages], self.passage_terms)
        self._passage_by_id = {p.id: p for p in self.passages}
        self.sentences: dict[str, Sentence] = by_id
        self.sentence_terms: dict[str, set[str]] = {sid: set(found) for sid, found in signed_terms.items()}
        df: Counter[str] = Counter()
        for bag in self.sentence_terms.values():
            df.update(bag)
        n = len(self.sentence_terms)
        self.known_terms = frozenset(df)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.max_idf)

    def search(self, query_terms: list[str], k: int = 5) -> list[Hit]:
        """The ``k`` best passages holding a query term, best first (retrieval.search_backends)."""
        return [Hit(self._passage_by_id[pid], score) for pid, score in self.backend.search(query_terms, k)]
