"""BM25 over passages, and term weights over sentences to pick the answering sentence.

rank-bm25's BM25Plus is used on purpose: BM25Okapi gives zero or negative weight to a
term found in half of a small corpus's passages ("Kazakhstan" in these documents), while
BM25Plus keeps every matching term's contribution positive.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

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
        self.bm25 = BM25Plus(self.passage_terms)
        self.sentences: dict[str, Sentence] = by_id
        self.sentence_terms: dict[str, set[str]] = {sid: set(terms(signed(sid))) for sid in by_id}
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
        if not query_terms:
            return []
        scores = self.bm25.get_scores(query_terms)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        bags = [set(self.passage_terms[i]) for i in order]
        return [Hit(self.passages[i], float(scores[i])) for i, bag in zip(order, bags, strict=True)
                if bag & set(query_terms)]
