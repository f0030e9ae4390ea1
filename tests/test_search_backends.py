"""The passage search backends (retrieval.search_backends): one interface, the same ranking."""

from __future__ import annotations

import pytest

from knowledge.errors import ConfigError
from knowledge.loader import build
from retrieval import search_backends
from retrieval.analyzer import terms
from retrieval.index import PassageIndex
from retrieval.search_backends import RankBM25Backend, choose_backend, make_backend

QUESTIONS = ["When was the third SPD?", "Who is Kairat Umarov?", "What was said about nuclear security?",
             "Kazakhstan United States", "Kazakhstan Kazakhstan energy", "no such words zzzq"]


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    return PassageIndex(build(None))


def ids_and_terms(index: PassageIndex) -> tuple[list[str], list[list[str]]]:
    return [p.id for p in index.passages], index.passage_terms


def test_rank_bm25_is_the_default_for_a_small_knowledge_base(index: PassageIndex,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QABOT_SEARCH_BACKEND", raising=False)
    assert isinstance(PassageIndex(build(None)).backend, RankBM25Backend)


def test_bm25s_ranks_as_rank_bm25(index: PassageIndex) -> None:
    pytest.importorskip("bm25s")
    ids, docs = ids_and_terms(index)
    small, large = RankBM25Backend(ids, docs), search_backends.BM25sBackend(ids, docs)
    for question in QUESTIONS:
        expected, found = small.search(terms(question), 10), large.search(terms(question), 10)
        assert [i for i, _ in found] == [i for i, _ in expected], question
        assert [s for _, s in found] == pytest.approx([s for _, s in expected], rel=1e-5)


@pytest.mark.parametrize("backend", ["rank-bm25", "bm25s"])
def test_only_passages_holding_a_term_and_ties_by_position(backend: str) -> None:
    if backend == "bm25s":
        pytest.importorskip("bm25s")
    docs = [["river", "forum"], ["harbour"], ["river", "forum"], ["dialogue"], ["river", "forum"]]
    found = make_backend(["a", "b", "c", "d", "e"], docs, backend).search(["river", "nowhere"], 10)
    assert [i for i, _ in found] == ["a", "c", "e"]  # equal scores: in order; b and d hold no term
    assert make_backend(["a"], [["x"]], backend).search(["unknown"], 5) == []
    assert make_backend(["a"], [["x"]], backend).search([], 5) == []


def test_the_backend_is_chosen_by_size_or_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QABOT_SEARCH_BACKEND", raising=False)
    monkeypatch.setattr(search_backends, "_bm25s_available", lambda: True)
    assert choose_backend(10) == "rank-bm25"
    assert choose_backend(search_backends.AUTO_BM25S_PASSAGES) == "bm25s"
    monkeypatch.setenv("QABOT_SEARCH_BACKEND", "rank-bm25")
    assert choose_backend(10**6) == "rank-bm25"
    monkeypatch.setattr(search_backends, "_bm25s_available", lambda: False)
    monkeypatch.setenv("QABOT_SEARCH_BACKEND", "auto")
    assert choose_backend(10**6) == "rank-bm25"  # bm25s not installed: the default


@pytest.mark.parametrize("setting", ["tantivy", "BM25S "])
def test_an_unknown_backend_is_a_one_line_error(setting: str) -> None:
    with pytest.raises(ConfigError, match="QABOT_SEARCH_BACKEND") as err:
        choose_backend(10, setting)
    assert "\n" not in str(err.value)


def test_asking_for_bm25s_without_it_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_backends, "_bm25s_available", lambda: False)
    with pytest.raises(ConfigError, match="not installed"):
        choose_backend(10, "bm25s")
