"""BM25 over passages, and term weights over sentences to pick the answering sentence.

rank-bm25's BM25Plus is used on purpose: BM25Okapi gives zero or negative weight to a
term found in half of a small corpus's passages ("Kazakhstan" in these documents), while
BM25Plus keeps every matching term's contribution positive. Only passages that hold at
least one query term are scored (postings lists, then ``get_batch_scores``, though
rank-bm25 still copies the passage lengths on every call).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rank_bm25 import BM25Plus

from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase, Passage, Sentence
from retrieval.analyzer import terms


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

        self.passage_terms = [terms(f"{p.section} " + " ".join(signed(s) for s in p.sentence_ids))
                              for p in self.passages]
        self.postings: dict[str, list[int]] = {}
        for i, bag in enumerate(self.passage_terms):
            for t in set(bag):
                self.postings.setdefault(t, []).append(i)
        self.sentences: dict[str, Sentence] = by_id
        self.sentence_terms: dict[str, set[str]] = {sid: set(terms(signed(sid))) for sid in by_id}
        df: Counter[str] = Counter()
        for bag in self.sentence_terms.values():
            df.update(bag)
        n = len(self.sentence_terms)
        self.known_terms = frozenset(df)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    @cached_property
    def bm25(self) -> BM25Plus:
        """Built on the first search: questions answered from facts never pay for it (nor
        for importing numpy, which rank-bm25 needs)."""
        from rank_bm25 import BM25Plus

        return BM25Plus(self.passage_terms)

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.max_idf)

    def search(self, query_terms: list[str], k: int = 5) -> list[Hit]:
        candidates = sorted({i for t in set(query_terms) for i in self.postings.get(t, ())})
        if not candidates:
            return []
        scores = self.bm25.get_batch_scores(query_terms, candidates)
        best = heapq.nlargest(k, range(len(candidates)), key=lambda j: (scores[j], -candidates[j]))
        return [Hit(self.passages[candidates[j]], float(scores[j])) for j in best]
