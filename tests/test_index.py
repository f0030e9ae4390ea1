"""The BM25 variant is chosen on purpose, and an empty index is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rank_bm25 import BM25Okapi, BM25Plus

from knowledge.errors import KnowledgeBaseError
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from retrieval.analyzer import terms
from retrieval.index import PassageIndex
from retrieval.search_backends import RankBM25Backend
from tests.engine_support import bundled_engine

# Four passages; "kazakhstan" is in two of them (half the corpus).
CORPUS = [["kazakhstan", "treati"], ["kazakhstan", "summit"], ["embassi", "visit"], ["trade", "fair"]]


def test_okapi_gives_a_half_corpus_term_no_weight_but_plus_does() -> None:
    assert max(BM25Okapi(CORPUS).get_scores(["kazakhstan"])) <= 0.0
    assert min(BM25Plus(CORPUS).get_scores(["kazakhstan"])[:2]) > 0.0


def test_index_uses_bm25plus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QABOT_SEARCH_BACKEND", raising=False)
    backend = PassageIndex(bundled_engine().kb).backend
    assert isinstance(backend, RankBM25Backend) and isinstance(backend.bm25, BM25Plus)


def test_search_ranks_the_passage_with_the_rare_terms_first() -> None:
    index = bundled_engine().index
    hits = index.search(["netherland", "investor"])
    assert hits and "Netherlands" in hits[0].passage.text
    assert all(h.score > 0 for h in hits)


def test_search_with_no_matching_term_finds_nothing() -> None:
    assert bundled_engine().index.search(["zzzz"]) == []


def test_empty_index_is_refused() -> None:
    with pytest.raises(KnowledgeBaseError, match="no passages"):
        PassageIndex(KnowledgeBase(source="empty"))


@pytest.mark.parametrize("folder", [None, *sorted(p for p in (Path(__file__).parent / "data" / "kbs").iterdir()
                                                  if p.is_dir())], ids=lambda p: p.name if p else "bundled")
def test_a_passage_is_indexed_by_the_terms_of_its_whole_text(folder: Path | None) -> None:
    """The index joins its sentences' terms; the analyzer of the joined text gives the same."""
    kb = load_knowledge_base(folder)
    index = PassageIndex(kb)
    by_id = {s.id: s for s in kb.sentences}

    def signed(sid: str) -> str:
        s = by_id[sid]
        return f"{s.text} {by_id[s.attribution].text}" if s.attribution in by_id else s.text

    for passage, indexed in zip(index.passages, index.passage_terms, strict=True):
        assert indexed == terms(f"{passage.section} " + " ".join(signed(s) for s in passage.sentence_ids))
