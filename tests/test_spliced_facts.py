"""An edit's rebuild in a process holding a knowledge base opened from its store takes the unchanged
documents' events and dated facts as spans of the held store's rows, none read
(knowledge.previous_build, knowledge.spliced_rows), and still gives what a full build gives; a
damaged held row carried into the patched store is refused in one line when read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from knowledge import loader, previous_build, store
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase
from knowledge.previous_build import sentence_document
from knowledge.spliced_rows import RowSpan
from knowledge.stored_rows import StoredRows


@pytest.fixture
def curated(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    """A folder with curated events (facts.yaml): the build reads every event to apply them."""
    kb = notes_kb(" The first Golden Heron went to Tavira on May 5, 2014.")
    loader.build_and_save(kb)
    yield kb
    previous_build.forget(kb)


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    kb = notes_kb(" The first Golden Heron went to Tavira on May 5, 2014.")
    (kb / "facts.yaml").unlink()
    loader.build_and_save(kb)
    yield kb
    previous_build.forget(kb)


def opened(folder: Path) -> KnowledgeBase:
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.events, StoredRows) and isinstance(kb.dated, StoredRows)
    assert not kb.events.is_whole and not kb.dated.is_whole and len(kb.events) and len(kb.dated)
    return kb


def append(folder: Path, name: str) -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8") + "It rained again in Tavira on June 2, 2015.\n",
                    encoding="utf-8")


def test_the_held_facts_are_offered_as_spans_of_their_documents(folder: Path) -> None:
    kb = opened(folder)
    held = previous_build.previous_build(folder, loader.EXTRACTOR_KEY, loader.extractor_fingerprint())
    assert held is not None
    spans = [*held.events.values(), *held.dated.values()]
    assert spans and all(isinstance(span, RowSpan) for span in spans)
    assert not kb.events.is_whole and not kb.dated.is_whole  # type: ignore[attr-defined]
    for doc_id, dated in held.dated.items():  # a dated fact's document: its position's, none read
        assert {sentence_document(d.sentence_id) for d in dated} == {doc_id}
    for doc_id, events in held.events.items():
        assert {e.doc_id for e in events} == {doc_id}
    assert sum(map(len, held.dated.values())) == len(kb.dated)


def test_an_edit_splices_the_held_facts_unread_and_equals_a_full_build(folder: Path) -> None:
    held = opened(folder)
    append(folder, "note-2.txt")
    kb = loader.load_knowledge_base(folder)
    assert not held.events.is_whole and not held.dated.is_whole  # type: ignore[attr-defined]
    path = store.default_store_path(folder)
    for rows in (kb.events, kb.dated):  # read on demand from the new store, as a fresh open's are
        assert isinstance(rows, StoredRows) and rows._path == path and not rows.is_whole
    full = loader.build(folder)
    assert list(kb.events) == list(full.events) and list(kb.dated) == list(full.dated)
    assert list(kb.documents) == list(full.documents)
    assert kb.model_dump(exclude={"inputs"}) == full.model_dump(exclude={"inputs"})
    previous_build.forget(folder)
    fresh = store.load_store(path)
    assert fresh.model_dump(exclude={"inputs"}) == full.model_dump(exclude={"inputs"})


def test_two_edits_in_a_row_splice_from_the_store_the_first_wrote(folder: Path) -> None:
    held = opened(folder)
    append(folder, "note-2.txt")
    first = loader.load_knowledge_base(folder)
    del held
    append(folder, "note-3.txt")
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.events, StoredRows) and kb.events._path == store.default_store_path(folder)
    assert not first.events.is_whole and not first.dated.is_whole  # type: ignore[attr-defined]
    full = loader.build(folder)
    assert kb.model_dump(exclude={"inputs"}) == full.model_dump(exclude={"inputs"})


def damage(folder: Path, table: str) -> None:
    """Make the first row of ``table`` of a document that stays unchanged (note-0) no JSON."""
    con = sqlite3.connect(store.default_store_path(folder))
    with con:
        con.execute(f"UPDATE {table} SET data = '{{' WHERE pos = (SELECT min(pos) FROM {table} WHERE pos >= "
                    "(SELECT pos FROM documents WHERE id = 'note-0'))")
    con.close()


def one_line(refused: pytest.ExceptionInfo[KnowledgeBaseError], table: str) -> bool:
    message = str(refused.value)
    return "\n" not in message and f"{table}." in message and "qabot build" in message


@pytest.mark.parametrize("table", ["events", "dated"])
def test_a_damaged_held_row_is_refused_in_one_line_when_read(folder: Path, table: str) -> None:
    held = opened(folder)
    damage(folder, table)
    append(folder, "note-2.txt")
    kb = loader.load_knowledge_base(folder)  # the damaged row is carried over unread
    with pytest.raises(KnowledgeBaseError) as refused:
        list(getattr(kb, table))
    assert one_line(refused, table)
    previous_build.forget(folder)
    with pytest.raises(KnowledgeBaseError) as again:  # and so by a fresh process
        list(getattr(loader.load_knowledge_base(folder), table))
    assert one_line(again, table)
    del held


def test_a_damaged_held_row_read_by_the_build_is_refused_in_one_line(curated: Path) -> None:
    held = opened(curated)
    damage(curated, "events")
    append(curated, "note-2.txt")
    with pytest.raises(KnowledgeBaseError) as refused:
        loader.load_knowledge_base(curated)
    assert one_line(refused, "events")
    del held


def test_an_edit_with_curated_events_equals_a_full_build(curated: Path) -> None:
    held = opened(curated)
    append(curated, "note-2.txt")
    kb = loader.load_knowledge_base(curated)
    full = loader.build(curated)
    assert kb.model_dump(exclude={"inputs"}) == full.model_dump(exclude={"inputs"})
    assert held.events.is_whole  # type: ignore[attr-defined]  # read, to apply the curated events
