"""The analysis saved at build time (retrieval.analysis_store): read instead of recomputed
when current, and never trusted when missing, stale or damaged; answers are the same."""

from __future__ import annotations

import itertools
import logging
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import retrieval.engine as engine_module
import retrieval.reader_bm25 as reader_bm25
from knowledge import loader
from knowledge.errors import KnowledgeBaseError
from retrieval import analysis_store
from retrieval.analysis import Analysis
from retrieval.engine import Engine
from retrieval.reader_bm25 import ArrayBM25

if TYPE_CHECKING:
    from conftest import Result

DATA = Path(__file__).parent / "data"
QUESTIONS = [
    "When was the third SRBC summit?",
    "Who chaired the third SRBC summit?",
    "How many river gauges does the flood warning network have?",
    "Where is the secretariat based?",
    "Who led the secretariat before Tomas Berglund?",
    "When did the JFWN go live?",
    "What did the ministers approve in 2013?",
    "Who won the 2018 World Cup?",
]


@pytest.fixture(params=["postings", "arrays"])
def folder(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built folder whose saved analysis is current; the reader's BM25+ as postings or as arrays."""
    monkeypatch.setenv("QABOT_READER_ARRAYS", "1" if request.param == "arrays" else "0")
    monkeypatch.delenv("QABOT_SAVED_ANALYSIS", raising=False)
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", kb)
    loader.build_and_save(kb)
    Engine.from_folder(kb)  # finds no analysis: analyses, and saves it
    assert analysis_store.analysis_path(kb).is_file()
    return kb


def replies(engine: Engine) -> list[dict[str, object]]:
    return [engine.answer(q).model_dump() for q in QUESTIONS]


@pytest.fixture
def expected(folder: Path) -> list[dict[str, object]]:
    """The answers of an engine that analyses the folder's knowledge base in memory."""
    return replies(Engine(loader.load_knowledge_base(folder)))


def no_analysing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> Analysis:
        raise AssertionError("the saved analysis should have been read")

    monkeypatch.setattr(engine_module, "analyse", refuse)


def test_a_current_saved_analysis_is_read_not_recomputed(
        folder: Path, expected: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    no_analysing(monkeypatch)
    assert replies(Engine.from_folder(folder)) == expected


def test_the_saved_reader_bm25_arrays_are_used_and_score_the_same(folder: Path) -> None:
    saved = Engine.from_folder(folder).open.reader.index
    fresh = Engine(loader.load_knowledge_base(folder)).open.reader.index
    assert type(saved.search) is type(fresh.search)
    if isinstance(fresh.search, ArrayBM25):
        assert saved.search.idf == fresh.search.idf
    for entry in fresh.entries[:40]:
        assert saved.search.top(list(entry.terms), 5) == fresh.search.top(list(entry.terms), 5)
        assert saved.entries[entry.position] == entry


def test_everything_read_back_equals_what_is_analysed_in_memory(folder: Path) -> None:
    kb = loader.load_knowledge_base(folder)
    fresh, saved = Engine(kb), Engine.from_folder(folder)
    assert list(saved.open.reader.index.entries) == list(fresh.open.reader.index.entries)
    assert list(saved.open.reader.index.paragraph_terms) == list(fresh.open.reader.index.paragraph_terms)
    for name in ("numbers", "initials", "idf", "vocabulary"):
        assert getattr(saved.open.reader.index, name) == getattr(fresh.open.reader.index, name), name
    assert dict(saved.index.sentence_terms) == dict(fresh.index.sentence_terms)
    assert [list(t) for t in saved.index.passage_terms] == [list(t) for t in fresh.index.passage_terms]
    assert (saved.index.idf, saved.index.title_terms) == (fresh.index.idf, fresh.index.title_terms)
    assert list(saved.index.idf) == list(fresh.index.idf)  # in the same order
    assert saved.vocab.counts == fresh.vocab.counts and list(saved.vocab.counts) == list(fresh.vocab.counts)


@pytest.mark.parametrize("numpy_loaded", [True, False], ids=["numpy", "in Python"])
def test_saved_bm25_arrays_give_the_same_top_with_or_without_numpy(
        folder: Path, numpy_loaded: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Engine(loader.load_knowledge_base(folder)).open.reader.index
    saved = Engine.from_folder(folder).open.reader.index
    monkeypatch.setattr(reader_bm25, "_numpy_unloaded", lambda: not numpy_loaded)
    queries = [list(e.terms) for e in fresh.entries[:60]]
    queries += [a + b for a, b in itertools.pairwise(queries)]  # two sentences' terms: many ties
    for query in queries:
        for k in (1, 5, 25):
            assert saved.search.top(query, k) == fresh.search.top(query, k)


@pytest.mark.parametrize("folder", ["arrays"], indirect=True)
def test_a_saved_index_imports_numpy_once_it_has_summed_enough_in_python(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Engine(loader.load_knowledge_base(folder)).open.reader.index
    saved = Engine.from_folder(folder).open.reader.index
    assert isinstance(fresh.search, ArrayBM25)
    monkeypatch.setattr(reader_bm25, "_numpy_unloaded", lambda: True)
    monkeypatch.setattr(saved.search, "_python_budget", 10)  # a few postings, then the arrays
    query = list(fresh.entries[0].terms)
    for _ in range(3):
        assert saved.search.top(query, 5) == fresh.search.top(query, 5)
    assert saved.search._saved is None  # made arrays, for good


@pytest.mark.parametrize("damage", ["truncated", "garbage", "bad part"])
def test_a_damaged_saved_analysis_is_analysed_again_and_rewritten(
        folder: Path, expected: list[dict[str, object]], damage: str, caplog: pytest.LogCaptureFixture) -> None:
    path = analysis_store.analysis_path(folder)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    else:
        con = sqlite3.connect(path)
        con.execute("UPDATE parts SET data = ? WHERE name = 'words'", (b"{",))  # the rows: checked when read (below)
        con.commit()
        con.close()
    with caplog.at_level(logging.WARNING, logger="retrieval.analysis_store"):
        assert replies(Engine.from_folder(folder)) == expected
    assert any("cannot be used" in r.getMessage() for r in caplog.records)
    kb = loader.load_knowledge_base(folder)
    assert analysis_store.load(folder, kb, engine_module.knowledge_identity(kb)) is not None  # saved again


@pytest.mark.parametrize(("table", "column"), [("sentences", "reader"), ("sentences", "terms"), ("paragraphs", "data")])
def test_a_damaged_sentence_or_paragraph_row_is_refused_in_one_line_when_read(
        folder: Path, table: str, column: str, cli: Callable[..., Result]) -> None:
    path = analysis_store.analysis_path(folder)
    with sqlite3.connect(path) as con:
        con.execute(f"UPDATE {table} SET {column} = ?", (b"[[\"tru",))
    con.close()
    kb = loader.load_knowledge_base(folder)
    saved = analysis_store.load(folder, kb, engine_module.knowledge_identity(kb))
    assert saved is not None  # opened: its rows are checked as they are read
    rows = saved.reader.records if table == "sentences" else saved.reader.paragraphs
    with pytest.raises(KnowledgeBaseError, match=rf"{table}\.1: damaged saved analysis .*delete that file") as err:
        rows[1] if column != "terms" else saved.passages.sentence_terms[kb.sentences[1].id]
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    result = cli("ask", "--kb", str(folder), "What did the ministers approve in 2013?")
    assert result.code == 2 and result.out == "" and result.err.count("\n") == 1
    assert "delete that file" in result.err and "Traceback" not in result.err


def test_a_damaged_passage_row_is_refused_in_one_line_when_the_passages_are_read(folder: Path) -> None:
    path = analysis_store.analysis_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE passages SET data = ? WHERE pos = 3", (b"[[\"tru",))
    con.close()
    kb = loader.load_knowledge_base(folder)
    saved = analysis_store.load(folder, kb, engine_module.knowledge_identity(kb))
    assert saved is not None  # opened: the passages are read and checked when first searched
    with pytest.raises(KnowledgeBaseError, match=r"passages: damaged saved analysis .*delete that file") as err:
        saved.passages.passage_terms[0]
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_saved_rows_are_read_in_any_thread(folder: Path, expected: list[dict[str, object]]) -> None:
    opened: list[Engine] = []
    worker = threading.Thread(target=lambda: opened.append(Engine.from_folder(folder)))
    worker.start()
    worker.join()
    answers: list[list[dict[str, object]]] = []
    readers = [threading.Thread(target=lambda: answers.append(replies(opened[0]))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert answers == [expected] * 4


def test_a_stale_saved_analysis_is_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = folder / "flood-statement.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nThe Arlen rose by 4 metres in two days.\n", encoding="utf-8")
    kb = loader.load_knowledge_base(folder)  # the store is rebuilt; the analysis is of the old documents
    assert analysis_store.load(folder, kb, engine_module.knowledge_identity(kb)) is None
    answer = Engine.from_folder(folder).answer("How much did the Arlen rise?")
    assert answer.found and "4 metres" in answer.text
    no_analysing(monkeypatch)  # the engine above saved its analysis of the new documents
    assert Engine.from_folder(folder).answer("How much did the Arlen rise?") == answer


def test_other_code_makes_it_stale(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = loader.load_knowledge_base(folder)
    identity = engine_module.knowledge_identity(kb)
    assert analysis_store.load(folder, kb, identity) is not None
    monkeypatch.setattr(analysis_store, "code_fingerprint", lambda: "another version")
    assert analysis_store.load(folder, kb, identity) is None


def test_a_folder_without_it_still_answers(folder: Path, expected: list[dict[str, object]]) -> None:
    analysis_store.analysis_path(folder).unlink()
    assert replies(Engine.from_folder(folder)) == expected


def test_it_can_be_turned_off(folder: Path, expected: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    analysis_store.analysis_path(folder).unlink()
    monkeypatch.setenv("QABOT_SAVED_ANALYSIS", "0")
    assert replies(Engine.from_folder(folder)) == expected
    assert not analysis_store.analysis_path(folder).exists()


def test_a_write_cut_short_leaves_the_previous_file_usable(
        folder: Path, expected: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    path = analysis_store.analysis_path(folder)
    before = path.read_bytes()

    def dies(tmp: Path, *args: object) -> None:
        tmp.write_bytes(before[:1000])
        raise KeyboardInterrupt  # as a kill would stop it: the temporary file is never renamed

    monkeypatch.setattr(analysis_store, "_write", dies)
    with pytest.raises(KeyboardInterrupt):
        analysis_store.save(folder, Engine.from_folder(folder))
    assert path.read_bytes() == before
    monkeypatch.undo()
    no_analysing(monkeypatch)
    assert replies(Engine.from_folder(folder)) == expected


def test_an_unwritable_folder_answers_without_saving(
        folder: Path, expected: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    analysis_store.analysis_path(folder).unlink()

    def refuse(*args: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(analysis_store, "_write", refuse)
    assert replies(Engine.from_folder(folder)) == expected
    assert not analysis_store.analysis_path(folder).exists()


@pytest.mark.usefixtures("clean_env")
def test_qabot_build_saves_it(tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QABOT_SAVED_ANALYSIS", raising=False)
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", kb)
    assert cli("build", "--kb", str(kb)).code == 0
    no_analysing(monkeypatch)
    result = cli("ask", "--kb", str(kb), "When was the third SRBC summit?")
    assert result.code == 0 and "2013" in result.out
