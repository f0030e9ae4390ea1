"""The passage search backends (retrieval.search_backends): one interface, the same ranking
(tantivy's plain BM25: the same passages, close ranking), and the saved indexes reopened."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import ConfigError, KnowledgeBaseError
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


@pytest.mark.parametrize("backend", ["rank-bm25", "bm25s", "tantivy"])
def test_only_passages_holding_a_term_and_ties_by_position(backend: str) -> None:
    if backend != "rank-bm25":
        pytest.importorskip(backend)
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


@pytest.mark.parametrize("setting", ["lucene", "BM25S "])
def test_an_unknown_backend_is_a_one_line_error(setting: str) -> None:
    with pytest.raises(ConfigError, match="QABOT_SEARCH_BACKEND") as err:
        choose_backend(10, setting)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("backend", ["bm25s", "tantivy"])
def test_asking_for_an_optional_backend_without_it_is_an_error(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_backends, f"_{backend}_available", lambda: False)
    with pytest.raises(ConfigError, match=f"{backend} is not installed"):
        choose_backend(10, backend)


def test_tantivy_is_chosen_only_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_backends, "_tantivy_available", lambda: True)
    monkeypatch.delenv("QABOT_SEARCH_BACKEND", raising=False)
    assert choose_backend(10**6) != "tantivy"
    assert choose_backend(10, "tantivy") == "tantivy"


def test_without_bm25s_a_large_knowledge_base_uses_rank_bm25_and_says_so(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(search_backends, "_bm25s_available", lambda: False)
    monkeypatch.delenv("QABOT_SEARCH_BACKEND", raising=False)
    with caplog.at_level("INFO", logger="retrieval.search_backends"):
        assert choose_backend(search_backends.AUTO_BM25S_PASSAGES) == "rank-bm25"
    assert "bm25s is not installed" in caplog.text


def test_a_saved_bm25s_index_reopens_memory_mapped_with_the_same_results(index: PassageIndex, tmp_path: Path) -> None:
    pytest.importorskip("bm25s")
    ids, docs = ids_and_terms(index)
    built = search_backends.BM25sBackend(ids, docs)
    built.save(tmp_path / "bm25s")
    built.save(tmp_path / "bm25s")  # a second save replaces the first
    opened = search_backends.BM25sBackend.open(tmp_path / "bm25s")
    for question in QUESTIONS:
        assert opened.search(terms(question), 10) == built.search(terms(question), 10), question
    assert [p.name for p in tmp_path.iterdir()] == ["bm25s"]  # no temporary folder left


ODD = ["p5+1", "o'brien", "k-12", "#3", "2015", "3.1", "são", "c++"]


def tantivy_backend(ids: list[str], docs: list[list[str]],
                    directory: Path | None = None) -> search_backends.SearchBackend:
    pytest.importorskip("tantivy")
    return search_backends.TantivyBackend(ids, docs, directory)


def test_tantivy_ranks_the_passages_holding_the_terms(index: PassageIndex) -> None:
    ids, docs = ids_and_terms(index)
    large, small = tantivy_backend(ids, docs), RankBM25Backend(ids, docs)
    for question in QUESTIONS:
        found, expected = large.search(terms(question), 10), small.search(terms(question), 10)
        holding = {i for i, bag in zip(ids, docs, strict=True) if set(bag) & set(terms(question))}
        assert {i for i, _ in found} <= holding, question
        assert len(found) == min(10, len(holding)), question
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True), question
        if expected:
            assert found[0][0] in [i for i, _ in expected[:3]], question  # BM25, not BM25+: close, not equal


def test_tantivy_respects_k_and_finds_nothing_for_unknown_terms() -> None:
    docs = [["river", "forum", "dialogue", "harbour"], ["river"], ["river", "forum"], ["forum"]]
    backend = tantivy_backend(["a", "b", "c", "d"], docs)
    assert [i for i, _ in backend.search(["river"], 2)] == ["b", "c"]  # the shorter passages first
    assert len(backend.search(["river", "forum"], 10)) == 4
    assert backend.search(["river"], 0) == []
    assert backend.search(["zzqx", "nowhere"], 5) == []
    assert backend.search(["River"], 5) == []  # terms are matched as given: the analyzer lowercases


def test_tantivy_keeps_terms_with_odd_characters_whole() -> None:
    docs = [[t, "filler"] for t in ODD] + [["p5", "1", "o", "brien", "k", "12", "3", "c"]]
    backend = tantivy_backend([f"p{i}" for i in range(len(docs))], docs)
    for i, term in enumerate(ODD):
        assert [pid for pid, _ in backend.search([term], 5)] == [f"p{i}"], term


def test_a_persisted_tantivy_index_reopens_with_the_same_results(index: PassageIndex, tmp_path: Path) -> None:
    ids, docs = ids_and_terms(index)
    folder = tmp_path / ".qabot" / "tantivy"
    tantivy_backend(ids[::-1], docs[::-1], folder)
    built = tantivy_backend(ids, docs, folder)  # a second build replaces the first
    opened = search_backends.TantivyBackend.open(folder)
    for question in [*QUESTIONS, *ODD]:
        assert opened.search(terms(question), 10) == built.search(terms(question), 10), question
    assert [p.name for p in folder.parent.iterdir()] == ["tantivy"]  # no temporary folder left


def test_opening_a_folder_without_a_tantivy_index_is_a_one_line_error(tmp_path: Path) -> None:
    pytest.importorskip("tantivy")
    with pytest.raises(KnowledgeBaseError, match="no tantivy index") as err:
        search_backends.TantivyBackend.open(tmp_path)
    assert "\n" not in str(err.value)


def test_tantivy_over_several_segments_still_breaks_ties_by_position() -> None:
    tantivy = pytest.importorskip("tantivy")
    docs = [["river", "forum"], ["harbour"], ["river", "forum"], ["river"]] * 3
    ids = [f"p{i}" for i in range(len(docs))]
    index = tantivy.Index(search_backends._tantivy_schema(tantivy), reuse=False, sort_by_field=search_backends.POSITION)
    for positions in (range(6, 12), range(6)):  # the later passages in the first segment
        writer = index.writer(heap_size=15_000_000, num_threads=1)
        for position in positions:
            doc = tantivy.Document()
            doc.add_text(search_backends.TERMS, " ".join(docs[position]))
            doc.add_text(search_backends.ID, ids[position])
            doc.add_unsigned(search_backends.POSITION, position)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
    index.reload()
    backend = search_backends.TantivyBackend.__new__(search_backends.TantivyBackend)
    backend._start(index)
    assert not backend.in_order
    assert [i for i, _ in backend.search(["river"], 2)] == ["p3", "p7"]  # the one-word passages, in order
    assert [i for i, _ in backend.search(["forum"], 4)] == ["p0", "p2", "p4", "p6"]
