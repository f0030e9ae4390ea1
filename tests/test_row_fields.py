"""A fact store's documents, events and dated facts read on demand (knowledge.stored_rows), and
their fields read without the rows (knowledge.row_fields): the same tables and answers as
the knowledge base in memory; a damaged row refused in one line when it is read."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from knowledge import loader, store
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase
from knowledge.row_fields import (
    RowSubset,
    date_spans,
    field_by_id,
    field_values,
    grouped,
    keyed,
    latest_ends,
    list_values,
    non_empty,
)
from knowledge.stored_rows import StoredRows, in_order, rows_at
from retrieval.engine import Engine
from retrieval.facts import FactTables

pytestmark = pytest.mark.usefixtures("clean_env")

DATA = Path(__file__).parent / "data"
QUESTIONS = ["When was the third SRBC summit?", "Who chaired the third SRBC summit?",
             "What happened in 2013?", "When was the last SRBC summit?", "Where is the secretariat based?",
             "What is the GDP of Brazil?"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A built copy of tests/data/kb_other (its store and saved analysis written)."""
    copy = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", copy)
    loader.build_and_save(copy)
    Engine.from_folder(copy)  # saves the analysis
    return copy


def _opened(folder: Path) -> KnowledgeBase:
    return store.load_store(store.default_store_path(folder))


def _made(rows: StoredRows) -> int:
    return sum(item is not None for item in rows._made)


def test_documents_events_and_dated_facts_are_read_on_demand(folder: Path) -> None:
    kb, built = _opened(folder), loader.build(folder)
    for table in ("documents", "events", "dated"):
        rows = getattr(kb, table)
        assert isinstance(rows, StoredRows) and _made(rows) == 0, table
        assert len(rows) == len(getattr(built, table)) > 0, table
        assert rows[1] == getattr(built, table)[1] and _made(rows) == 1, table
        assert rows.read_rows([0, 2, 3]) == [getattr(built, table)[i] for i in (0, 2, 3)], table
        assert rows.read_rows([1])[0] is rows[1], table  # a row read once stays the one kept
        assert list(rows) == getattr(built, table), table
    assert kb.model_dump(exclude={"inputs"}) == built.model_dump(exclude={"inputs"})


@pytest.mark.parametrize("name", ["series", "ordinal", "doc_id", "id"])
def test_fields_and_groups_are_those_of_the_rows(folder: Path, name: str) -> None:
    kb, built = _opened(folder), loader.build(folder)
    assert field_values(kb.events, name) == field_values(built.events, name) == [getattr(e, name) for e in built.events]
    groups, expected = grouped(kb.events, name), grouped(built.events, name)
    assert list(groups) == list(expected)
    assert all(isinstance(group, RowSubset) for group in groups.values())
    assert _made(kb.events) == 0  # none read to group them
    for key, group in groups.items():
        assert len(group) == len(expected[key]) and list(group) == expected[key]
        assert group[0] is kb.events[group.indexes[0]]
        inner = grouped(group, "ordinal")
        assert {k: list(v) for k, v in inner.items()} == grouped(expected[key], "ordinal")


def test_keyed_rows_and_dates_are_those_of_the_rows(folder: Path) -> None:
    kb, built = _opened(folder), loader.build(folder)
    by_sentence = keyed(kb.dated, "sentence_id")
    assert dict(by_sentence) == {d.sentence_id: d for d in built.dated}
    assert by_sentence.get("nowhere") is None and "nowhere" not in by_sentence
    assert latest_ends(kb.dated) == latest_ends(built.dated) == [max(s.end for s in d.dates) for d in built.dated]
    assert field_values(kb.documents, "title") == [d.title for d in built.documents]
    paged, expected = non_empty(kb.documents, "pages"), {d.id: d for d in built.documents if d.pages}
    assert _made(kb.dated) == len(by_sentence) and _made(kb.documents) == 0  # none read to make them
    first = built.documents[0].id
    assert paged.get(first) == expected.get(first) and (first in paged) == (first in expected)
    assert _made(kb.documents) == 1  # the one looked up
    assert dict(paged) == expected and len(paged) == len(expected)
    titles = field_by_id(kb.documents, "title")
    assert titles == field_by_id(built.documents, "title") == {d.id: d.title for d in built.documents}
    assert titles.get("nowhere", "-") == "-" and "nowhere" not in titles and titles[first] == built.documents[0].title


def test_the_fact_tables_are_those_of_the_knowledge_base_in_memory(folder: Path) -> None:
    kb, built = _opened(folder), loader.build(folder)
    opened, in_memory = FactTables(kb), FactTables(built)
    assert _made(kb.events) == _made(kb.dated) == 0  # none read to make them
    assert opened.titles == in_memory.titles and dict(opened.paged) == in_memory.paged
    assert opened.doc_order == in_memory.doc_order and opened.series_terms == in_memory.series_terms
    assert {s: list(e) for s, e in opened.events_by_series.items()} == in_memory.events_by_series
    assert dict(opened.sentence_dates) == in_memory.sentence_dates
    assert (opened.doc_recency, opened.latest_year) == (in_memory.doc_recency, in_memory.latest_year)


def test_answers_and_examples_are_those_of_the_knowledge_base_in_memory(folder: Path) -> None:
    opened, in_memory = Engine.from_folder(folder), Engine(loader.build(folder))
    assert isinstance(opened.kb.events, StoredRows)
    assert opened.example_questions() == in_memory.example_questions()
    assert opened.documents == in_memory.documents
    for question in QUESTIONS:
        assert opened.answer(question).model_dump() == in_memory.answer(question).model_dump(), question


def test_reading_in_order_stops_where_the_reader_does(folder: Path) -> None:
    kb = _opened(folder)
    first = next(in_order(kb.events))
    assert first == kb.events[0] and _made(kb.events) == min(len(kb.events), 500)
    assert list(in_order(kb.events)) == list(kb.events)
    assert list(in_order([1, 2])) == [1, 2]


@pytest.mark.parametrize("row", ["'{\"id\": 1}'", "'not json'"], ids=["invalid", "not-json"])
def test_a_damaged_event_row_is_refused_in_one_line(folder: Path, row: str) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        first = con.execute("SELECT min(pos) FROM events").fetchone()[0]
        con.execute(f"UPDATE events SET data = {row} WHERE pos = ?", (first,))
    con.close()
    kb = _opened(folder)
    reads = [lambda: kb.events[0], lambda: list(kb.events), lambda: kb.events.read_rows([0, 1])]
    if "not json" in row:
        reads.append(lambda: field_values(kb.events, "series"))  # its fields are read in SQL
    for read in reads:
        with pytest.raises(KnowledgeBaseError, match=r"events(\.0)?: .*delete that file and run `qabot build`") as err:
            read()
        assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert kb.events[1].id  # the others are still read


def test_a_dated_fact_without_dates_is_refused(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE dated SET data = json_set(data, '$.dates', json('[]'))")
    con.close()
    with pytest.raises(KnowledgeBaseError, match=r"dated: dates: .*run `qabot build`") as err:
        latest_ends(_opened(folder).dated)
    assert "\n" not in str(err.value)


def test_rows_read_together_in_several_threads_are_one_object_each(folder: Path) -> None:
    kb = _opened(folder)
    everything = list(range(len(kb.events)))
    results: list[list[object]] = []
    readers = [threading.Thread(target=lambda: results.append(kb.events.read_rows(everything))) for _ in range(6)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(results) == 6 and all(all(a is b for a, b in zip(r, results[0], strict=True)) for r in results)
    assert results[0] == loader.build(folder).events


def test_keys_read_joined_are_those_read_a_row_at_a_time(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = _opened(folder)
    for rows in (kb.sentences, kb.passages):
        joined = rows._joined_keys()
        assert joined is not None and joined == (list(rows._pos), rows.ids, rows.doc_ids)
        monkeypatch.setattr(rows, "_joined_keys", lambda: None)
        assert rows._keys() == joined
    assert kb.documents._joined_keys() is None  # no document column: read a row at a time


def test_an_id_holding_a_nul_is_read_a_row_at_a_time(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE sentences SET id = id || char(0) || 'x' WHERE pos = (SELECT min(pos) FROM sentences)")
    con.close()
    rows = StoredRows(sqlite3.connect(path), path, "sentences", type(loader.build(folder).sentences[0]))
    assert rows.ids[0].endswith("\0x") and len(rows.ids) == len(rows.doc_ids) == len(rows)


def test_dated_facts_are_found_by_date_and_person_from_their_fields(folder: Path) -> None:
    kb, built = _opened(folder), loader.build(folder)
    assert [[(s.start, s.end) for s in spans] for spans in date_spans(kb.dated)] == \
        [[(s.start, s.end) for s in d.dates] for d in built.dated]
    assert list_values(kb.dated, "people") == [d.people for d in built.dated]
    assert _made(kb.dated) == 0
    opened, in_memory = FactTables(kb), FactTables(built)
    first = built.dated[0].dates
    assert opened.dated_about(first, []) == in_memory.dated_about(first, [])
    assert 0 < _made(kb.dated) < len(kb.dated)  # those that may be of those dates
    people = sorted({p for d in built.dated for p in d.people})
    for fact in built.dated:
        for who in ([], people[:1]):
            assert opened.dated_about(fact.dates, who) == in_memory.dated_about(fact.dates, who)
    assert rows_at(kb.dated, [0, 2]) == [built.dated[0], built.dated[2]] == rows_at(built.dated, [0, 2])


def test_an_occurrence_names_its_documents_only_when_its_differing_sources_are_told(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval.templates import joined, render

    engine = Engine(_opened(folder))
    events = engine.events
    titles = events.t.titles
    asked: list[str] = []

    class Recorded(dict[str, str]):
        def get(self, key: str, default: object = None) -> object:
            asked.append(key)
            return titles.get(key, default)

    monkeypatch.setattr(events.t, "titles", Recorded())
    occs = [occ for series in events.t.events_by_series for occ in events.series_occurrences(series)]
    described = [events._describe_once(occ) for occ in occs]
    assert occs and asked == []  # a timeline's entries and clauses name no document
    for occ, told in zip(occs, described, strict=True):
        title = joined([titles.get(d, d) for d in occ.docs])
        assert told.differing == render("event.differing_part", title=title, **told.clauses)
    assert asked == [d for occ in occs for d in occ.docs]
    assert [events._describe_once(occ).differing for occ in occs] == [d.differing for d in described]
    assert len(asked) == sum(len(occ.docs) for occ in occs)  # each made once
