"""A rebuild in a process that holds the folder's knowledge base (knowledge.previous_build): after an
edit, it extracts and reads only what changed, and gives the same knowledge base and store as a full build."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rebuild_support import add_paragraph, same

from knowledge import extraction_cache, extraction_pool, loader, previous_build, store
from knowledge.models import KnowledgeBase
from knowledge.people import RoleMention, merge_people
from knowledge.stored_rows import StoredRows

EDITS = {  # appended to summit-news.html, whose folder has curated events (facts.yaml)
    "append": "The seventh SRBC summit was held on May 3, 2023 in Tavira.",
    "new-person": "Ambassador Lena Fischer opened the seventh SRBC summit on May 3, 2023.",
    "new-acronym": "The Harbour Water Forum (HWF) met on May 3, 2023 in Tavira.",
    "new-series": "The third Lake Tavira Forum took place on May 3, 2023. The Lake Tavira Forum met again.",
    "next-session": "The next session of the sixth SRBC summit opened on May 3, 2023.",
    "no-date": "The second Golden Heron went to a film about the river.",
    "dates-a-series": "The third Golden Heron took place on May 3, 2023.",  # the notes' events count now
}


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    kb = notes_kb(" The first Golden Heron went to Tavira.")
    (kb / "note-9.txt").write_text("Note 9\nThe sixth SRBC summit took place on June 14, 2021 in Doravik.\n",
                                   encoding="utf-8")  # an event that facts.yaml replaces
    yield kb
    previous_build.forget(kb)


def edit(folder: Path, name: str) -> None:
    add_paragraph(folder, EDITS[name])


def assert_as_built_whole(folder: Path, kb: KnowledgeBase) -> None:
    full = loader.build(folder)
    assert same(kb, full)
    saved = store.load_store(store.default_store_path(folder))
    assert same(saved, full) and saved.inputs == kb.inputs == loader.input_hashes(folder)


@pytest.mark.parametrize("held", [True, False], ids=["held", "fresh-process"])
@pytest.mark.parametrize("name", EDITS)
def test_an_edit_rebuilt_equals_a_full_build(folder: Path, name: str, held: bool) -> None:
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)  # held, as the bot holds its engine's
    if not held:
        previous_build.forget(folder)
    edit(folder, name)
    assert_as_built_whole(folder, loader.load_knowledge_base(folder))
    edit(folder, "append")  # and again, from the rebuilt one
    assert_as_built_whole(folder, loader.load_knowledge_base(folder))
    assert kb.documents


def test_a_series_no_longer_dated_drops_the_events_of_documents_unchanged(folder: Path) -> None:
    (folder / "heron.txt").write_text("Heron\nThe fourth Golden Heron took place on May 3, 2023.\n", encoding="utf-8")
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    assert any(e.series == "Golden Heron" and e.doc_id == "note-1" for e in kb.events)
    (folder / "heron.txt").write_text("Heron\nThe fourth Golden Heron went to Selmar.\n", encoding="utf-8")
    rebuilt = loader.load_knowledge_base(folder)
    assert not any(e.series == "Golden Heron" for e in rebuilt.events)
    assert_as_built_whole(folder, rebuilt)


def test_only_the_edited_document_is_extracted_or_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loader.build_and_save(folder)
    held = loader.load_knowledge_base(folder)
    note = folder / "note-2.txt"
    note.write_text(note.read_text(encoding="utf-8") + "It rained again.\n", encoding="utf-8")
    read: list[str] = []
    extracted: list[str] = []
    real_cached, real_many = extraction_cache.ExtractionCache._cached, extraction_pool.extract_many

    def cached(self, doc, key):  # type: ignore[no-untyped-def]
        read.append(doc.path)
        return real_cached(self, doc, key)

    def many(docs, keep_json=False, sidecar=None):  # type: ignore[no-untyped-def]
        extracted.extend(doc.path for doc in docs)
        return real_many(docs, keep_json, sidecar)

    monkeypatch.setattr(extraction_cache.ExtractionCache, "_cached", cached)
    monkeypatch.setattr(extraction_pool, "extract_many", many)  # imported where used
    kb = loader.load_knowledge_base(folder)
    monkeypatch.undo()
    assert extracted == ["note-2.txt"]
    assert set(read) <= {"note-2.txt", "srbc-history.md"}  # and the one that numbers sessions
    assert isinstance(held.sentences, StoredRows) and isinstance(kb.sentences, StoredRows)
    assert not held.sentences.is_whole and not held.passages.is_whole  # the unchanged rows left unread
    assert not kb.sentences.is_whole and not kb.passages.is_whole  # and read on demand from the patched store
    kept = [s for s in held.sentences if s.doc_id == "note-1"]
    assert kept and kept == [s for s in kb.sentences if s.doc_id == "note-1"]
    assert_as_built_whole(folder, kb)


def test_memos_whose_details_are_gone_are_computed_again(folder: Path) -> None:
    loader.build_and_save(folder)
    loader.load_knowledge_base(folder)
    con = sqlite3.connect(folder / store.STORE_DIR / extraction_cache.CACHE_NAME)
    con.execute("DELETE FROM memo_details")
    con.commit()
    con.close()
    edit(folder, "new-person")
    assert_as_built_whole(folder, loader.load_knowledge_base(folder))


def test_a_knowledge_base_of_other_extraction_code_is_not_taken(folder: Path) -> None:
    kb = loader.build_and_save(folder)
    key, fingerprint = loader.EXTRACTOR_KEY, loader.extractor_fingerprint()
    assert previous_build.previous_build(folder, key, fingerprint) is not None
    other = kb.model_copy(update={"inputs": {**kb.inputs, key: "other code"}})
    previous_build.remember(folder, other)
    assert previous_build.previous_build(folder, key, fingerprint) is None


def test_a_knowledge_base_nobody_holds_is_forgotten(folder: Path) -> None:
    loader.build_and_save(folder)
    assert previous_build.previous_build(folder, loader.EXTRACTOR_KEY, loader.extractor_fingerprint()) is None


def test_people_are_merged_as_names_grow_and_split() -> None:
    people = merge_people([
        ("s1", [RoleMention("Kerry", "Secretary", 0)]),
        ("s2", [RoleMention("John Kerry", "Senator", 0)]),  # the same person, a longer name
        ("s3", [RoleMention("Kerry", "Secretary", 0)]),
        ("s4", [RoleMention("Mary Kerry", "Minister", 0)]),  # another person of that surname
        ("s5", [RoleMention("Kerry", "Secretary", 0), RoleMention("Mary Kerry", "Minister", 9)]),
    ])
    assert [(p.id, p.name, p.aliases, p.sentence_ids) for p in people] == [
        ("john-kerry", "John Kerry", ["Kerry"], ["s1", "s2", "s3", "s5"]),
        ("mary-kerry", "Mary Kerry", [], ["s4", "s5"])]
    assert [r.title for r in people[0].roles] == ["Secretary", "Senator"]
