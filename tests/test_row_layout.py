"""A store opened with no row read (knowledge.row_layout): positions and documents from each
document's count of rows, rows found by id through an index of their ids, and the facts'
groups saved with the analysis (retrieval.fact_groups): the same tables as worked out."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from knowledge import loader, sqlite_store, store
from knowledge.errors import KnowledgeBaseError
from knowledge.row_fields import date_spans, field_values, list_values
from knowledge.row_layout import DocumentPositions, IdPositions
from knowledge.stored_rows import StoredRows, by_id, doc_ids, item_ids
from retrieval import analysis_store
from retrieval.compose_events import EventAnswers
from retrieval.engine import Engine, knowledge_identity
from retrieval.facts import FactTables

pytestmark = pytest.mark.usefixtures("clean_env")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A built copy of tests/data/kb_other (its store and saved analysis written)."""
    copy = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", copy)
    loader.build_and_save(copy)
    Engine.from_folder(copy)  # saves the analysis
    return copy


def test_positions_follow_from_the_counts() -> None:
    positions = DocumentPositions([2, 0, 3])
    expected = [0, 1, (2 << 32), (2 << 32) + 1, (2 << 32) + 2]
    assert len(positions) == 5 and list(positions) == expected and positions[:] == expected
    assert [positions[i] for i in range(-5, 5)] == expected * 2
    assert [positions.index(p) for p in expected] == list(range(5))
    for pos in [2, 1 << 32, (2 << 32) + 3, 3 << 32, -1]:
        with pytest.raises(ValueError):
            positions.index(pos)
    with pytest.raises(IndexError):
        positions[5]
    assert positions.documents(["a", "b", "c"]) == ["a", "a", "c", "c", "c"]


def test_ids_are_found_through_the_index_and_a_repeated_id_is_its_last_row() -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (pos INTEGER PRIMARY KEY, id TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [(0, "a"), (1, "b"), (1 << 32, "a"), ((1 << 32) + 1, "c")])
    con.execute("CREATE INDEX t_id ON t (id)")
    ids = ["a", "b", "a", "c"]
    found = IdPositions(con, threading.Lock(), "t", DocumentPositions([2, 2]), lambda: ids, ValueError)
    assert found["a"] == 2 and found.get("b") == 1 and "c" in found and "d" not in found and found.get(3) is None
    found.find(["c", "d", "b"])
    assert list(found) == ["a", "b", "c"] and len(found) == 3
    assert dict(found) == dict(zip(ids, range(len(ids)), strict=True))
    with pytest.raises(KeyError):
        found["d"]


def test_a_store_opens_with_no_id_read_and_answers_alike(folder: Path) -> None:
    path = store.default_store_path(folder)
    kb, built = store.load_store(path), loader.build(folder)
    for table in ("documents", "sentences", "passages"):
        rows = getattr(kb, table)
        assert isinstance(rows, StoredRows) and rows._ids is None, table  # nothing read at open
    sentences, passages = by_id(kb.sentences), by_id(kb.passages)
    for sentence in built.sentences:
        assert sentences[sentence.id] == sentence
    assert [passages[p.id] for p in built.passages] == built.passages
    assert "no such id" not in sentences and sentences.get("no such id") is None
    assert kb.sentences.documents_by_layout and kb.sentences._ids is None  # found by id, none listed
    assert doc_ids(kb.sentences) == [s.doc_id for s in built.sentences]
    assert item_ids(kb.sentences) == [s.id for s in built.sentences]
    assert list(kb.sentences.row_positions) == list(sqlite_store.document_positions(built)["sentences"])


def test_a_store_written_before_the_ids_had_an_index_is_read_as_before(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        for table in sqlite_store.ID_INDEXED:
            con.execute(f"DROP INDEX {table}_id")
        con.execute("DELETE FROM meta WHERE key = 'rows'")
    con.close()
    kb, built = store.load_store(path), loader.build(folder)
    assert kb.sentences._ids is not None and not kb.sentences.documents_by_layout  # read at open, as before
    assert list(kb.sentences) == built.sentences and list(kb.documents) == built.documents
    doc = folder / "flood-statement.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nThe Arlen rose again.\n", encoding="utf-8")
    loader.build_and_save(folder)  # patched: its ids get their index
    names = {n for (n,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {f"{table}_id" for table in sqlite_store.ID_INDEXED} <= names
    assert store.load_store(path).sentences._ids is None


def test_the_saved_fact_groups_are_those_worked_out(folder: Path) -> None:
    kb = loader.load_knowledge_base(folder)
    saved = analysis_store.load(folder, kb, knowledge_identity(kb))
    assert saved is not None and saved.groups is not None
    opened, worked_out = FactTables(kb, groups=saved.groups), FactTables(loader.build(folder))
    assert {s: list(e) for s, e in opened.events_by_series.items()} == \
        {s: list(e) for s, e in worked_out.events_by_series.items()}
    assert list(opened.events_by_series) == list(worked_out.events_by_series)
    assert opened.doc_recency == worked_out.doc_recency and opened.latest_year == worked_out.latest_year


def test_fact_groups_that_do_not_fit_make_the_analysis_unused(folder: Path) -> None:
    path = analysis_store.analysis_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE parts SET data = ? WHERE name = ?", (b'{"events_by_series": {}, "doc_recency": {}, '
                                                                 b'"latest_year": 0}', analysis_store.GROUPS_PART))
        # the checksum covers the parts: a changed part is refused by it already; make it fit
        parts = dict(con.execute("SELECT name, data FROM parts"))
        rows = [d for (d,) in con.execute("SELECT data FROM passages ORDER BY pos")]
        con.execute("UPDATE meta SET value = ? WHERE key = 'checksum'", (str(analysis_store._checksum(parts, [rows])),))
    con.close()
    kb = loader.load_knowledge_base(folder)
    assert analysis_store.load(folder, kb, knowledge_identity(kb)) is None  # not every event: analysed again


def test_the_saved_fields_are_those_read_in_sql(folder: Path) -> None:
    kb = loader.load_knowledge_base(folder)
    assert analysis_store.load(folder, kb, knowledge_identity(kb)) is not None  # offers its saved fields
    fresh = store.load_store(store.default_store_path(folder))  # reads them in SQL
    assert kb.dated._saved_fields is not None and fresh.dated._saved_fields is None
    assert field_values(kb.events, "ordinal") == field_values(fresh.events, "ordinal")
    assert field_values(kb.dated, "sentence_id") == field_values(fresh.dated, "sentence_id")
    assert list_values(kb.dated, "people") == list_values(fresh.dated, "people")
    assert date_spans(kb.dated) == date_spans(fresh.dated)
    assert [[tuple(s) for s in spans] for spans in kb.events.spans("dates")] == fresh.events.spans("dates")
    assert FactTables(kb).dated_about(kb.dated[0].dates, []) == FactTables(fresh).dated_about(kb.dated[0].dates, [])


def test_saved_event_spans_of_another_table_are_refused_in_one_line(folder: Path) -> None:
    path = analysis_store.analysis_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE parts SET data = ? WHERE name = 'field.events.spans dates'", (b"[[]]",))
        parts = dict(con.execute("SELECT name, data FROM parts"))  # made to fit the checksum
        con.execute("UPDATE meta SET value = ? WHERE key = 'checksum'", (str(analysis_store._checksum(parts, [])),))
    con.close()
    kb = loader.load_knowledge_base(folder)
    assert analysis_store.load(folder, kb, knowledge_identity(kb)) is not None
    with pytest.raises(KnowledgeBaseError, match=r"events: spans dates: saved for another table; delete that file"):
        kb.events.spans("dates")


@pytest.mark.parametrize("damage", [None, b"{", b'{"buckets": [[1, [], [], []]], "other": []}'])
def test_the_saved_index_of_the_dated_facts_finds_what_one_made_now_does(
        folder: Path, damage: bytes | None, caplog: pytest.LogCaptureFixture) -> None:
    kb = loader.load_knowledge_base(folder)
    saved = analysis_store.load(folder, kb, knowledge_identity(kb))
    assert saved is not None and saved.groups is not None and saved.groups.dated_index is not None
    groups = saved.groups if damage is None else dataclasses.replace(saved.groups, dated_index=damage)
    opened, worked_out = FactTables(kb, groups=groups), FactTables(loader.build(folder))
    for fact in kb.dated:
        assert opened.dated_by_span.candidates(fact.dates) == worked_out.dated_by_span.candidates(fact.dates)
    assert any("cannot be used" in r.getMessage() for r in caplog.records) == (damage is not None)


@pytest.mark.parametrize("damage", [None, b"[", b'{"S": [[1, 0, [0]]]}'])
def test_a_series_near_some_dates_gives_the_occurrences_of_the_whole_sweep(
        folder: Path, damage: bytes | None, caplog: pytest.LogCaptureFixture) -> None:
    kb = loader.load_knowledge_base(folder)
    saved = analysis_store.load(folder, kb, knowledge_identity(kb))
    assert saved is not None and saved.groups is not None and saved.groups.series_segments is not None
    groups = saved.groups
    if damage is not None:
        segments = damage.replace(b'"S"', json.dumps(next(iter(json.loads(groups.series_segments)))).encode())
        groups = dataclasses.replace(groups, series_segments=segments)
    opened, worked_out = EventAnswers(FactTables(kb, groups=groups)), EventAnswers(FactTables(loader.build(folder)))
    asked = 0
    for series, events in worked_out.t.events_by_series.items():
        for event in events:
            for day in event.dates:
                assert opened.occurrences_within(series, [day]) == worked_out.occurrences_within(series, [day])
                asked += 1
    assert asked and opened._segments  # the segments were used, not the whole sweep
    assert any("cannot be used" in r.getMessage() for r in caplog.records) == (damage is not None)
