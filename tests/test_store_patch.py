"""A rebuilt store written as a patched copy of the previous one (knowledge.store_patch) is the
same store as one written whole."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge import loader, sqlite_store, store
from knowledge.models import KnowledgeBase

DATA = Path(__file__).parent / "data"
PATCHED = "document(s) replaced"


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Path:
    return notes_kb("")


def same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    return a.model_dump() == b.model_dump()


def rebuild(folder: Path, caplog: pytest.LogCaptureFixture) -> KnowledgeBase:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="knowledge.store_patch"):
        return loader.build_and_save(folder)


@pytest.mark.parametrize("edit", ["append", "new-acronym", "settings"])
def test_a_patched_store_equals_one_written_whole(folder: Path, edit: str, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    loader.build_and_save(folder)
    note = folder / "note-1.txt"
    if edit == "append":
        note.write_text(note.read_text(encoding="utf-8") + "Minister Ilse Corvan spoke. It rained.\n",
                        encoding="utf-8")
    elif edit == "new-acronym":
        note.write_text("Note\nThe Harbour Water Forum (HWF) met on May 3, 2023 in Tavira.\n", encoding="utf-8")
    else:
        (folder / "aliases.yaml").write_text("Saltmarsh: [Port Sal]\n", encoding="utf-8")
    kb = rebuild(folder, caplog)
    assert (PATCHED in caplog.text) == (edit != "settings")  # other settings: written whole
    path = store.default_store_path(folder)
    whole = tmp_path / "whole.sqlite"
    sqlite_store.save_sqlite(kb, whole)
    assert same(store.load_store(path), kb)
    assert same(store.load_store(path), store.load_store(whole))
    assert same(store.load_store(path), loader.build(folder).model_copy(update={"inputs": kb.inputs}))


def test_an_added_document_or_an_old_layout_is_written_whole(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    loader.build_and_save(folder)
    (folder / "late.txt").write_text("Late\nThe eighth SRBC summit took place on June 1, 2024.\n", encoding="utf-8")
    kb = rebuild(folder, caplog)
    assert PATCHED not in caplog.text
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = '\"in-order\"' WHERE key = 'positions'")
    con.close()
    (folder / "late.txt").write_text("Late\nThe ninth SRBC summit took place on June 1, 2025.\n", encoding="utf-8")
    kb = rebuild(folder, caplog)
    assert PATCHED not in caplog.text
    assert same(store.load_store(path), kb)


def test_many_changed_documents_are_written_whole(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    loader.build_and_save(folder)
    for note in folder.glob("note-*.txt"):
        note.write_text(note.read_text(encoding="utf-8") + "It rained.\n", encoding="utf-8")
    kb = rebuild(folder, caplog)
    assert PATCHED not in caplog.text
    assert same(store.load_store(store.default_store_path(folder)), kb)


def test_a_kb_whose_rows_are_not_grouped_by_document_is_stored_in_order(tmp_path: Path) -> None:
    kb = loader.build(DATA / "kb_other")
    shuffled = kb.model_copy(update={"sentences": kb.sentences[::-1]})
    path = tmp_path / "store.sqlite"
    sqlite_store.save_sqlite(shuffled, path)
    assert store.load_store(path).sentences == shuffled.sentences
