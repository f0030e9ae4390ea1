"""An edit's rebuild in a process holding a knowledge base opened from its store leaves the unchanged
documents' rows unread (knowledge.spliced_rows), and still gives what a full build gives, however
its store is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from knowledge import loader, previous_build, store
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase, Sentence
from knowledge.spliced_rows import RowSpan, SplicedRows, joined, row_spans
from knowledge.stored_rows import StoredRows, doc_ids, item_ids


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    kb = notes_kb(" The first Golden Heron went to Tavira.")
    loader.build_and_save(kb)
    yield kb
    previous_build.forget(kb)


def opened(folder: Path) -> KnowledgeBase:
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.sentences, StoredRows) and not kb.sentences.is_whole
    return kb


def same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    return a.model_dump(exclude={"inputs"}) == b.model_dump(exclude={"inputs"})


def append(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "It rained again in Tavira.\n", encoding="utf-8")


def test_spans_and_objects_read_as_one_list(folder: Path) -> None:
    rows = opened(folder).sentences
    assert isinstance(rows, StoredRows)
    spans = row_spans(rows)
    assert spans is not None and [len(s) for s in spans.values()] and sum(map(len, spans.values())) == len(rows)
    first, second, *rest = spans.values()
    new = Sentence(id="x#s1", doc_id="x", paragraph=0, text="New.", start=0, end=4)
    spliced = joined([first, second, [new], *rest])
    assert isinstance(spliced, SplicedRows) and len(spliced.spans) == 2  # the first two spans joined
    expected = [*list(first), *list(second), new, *(s for span in rest for s in span)]
    assert item_ids(spliced) == [s.id for s in expected] and doc_ids(spliced) == [s.doc_id for s in expected]
    assert spliced[len(first) + len(second)] is new and spliced[-1] == expected[-1] and spliced[1:3] == expected[1:3]
    assert spliced == expected and list(spliced) == expected
    with pytest.raises(IndexError):
        spliced[len(expected)]
    assert joined([[new], [new]]) == [new, new] and isinstance(joined([[new]]), list)
    assert isinstance(first, RowSpan) and first[-1] == expected[len(first) - 1]


def test_an_edit_left_unread_is_read_on_demand_from_the_patched_store(folder: Path) -> None:
    held = opened(folder)
    append(folder, "note-2.txt")
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.sentences, StoredRows) and isinstance(kb.passages, StoredRows)
    assert not held.sentences.is_whole and not kb.sentences.is_whole  # type: ignore[attr-defined]
    assert kb.sentences._path == store.default_store_path(folder)  # the new store, not the held one
    assert same(kb, loader.build(folder))


def test_many_edits_write_the_store_whole_from_the_rows_left_unread(folder: Path) -> None:
    held = opened(folder)  # kept: the process holds it, so the rebuild is offered its rows
    append(folder, *(f"note-{i}.txt" for i in range(4)), "summit-news.html")  # too many to patch
    kb = loader.load_knowledge_base(folder)
    full = loader.build(folder)
    assert same(kb, full) and same(store.load_store(store.default_store_path(folder)), full)
    assert held.sentences.is_whole  # type: ignore[attr-defined]  # read whole, in one query, to be written whole


def test_a_store_not_saved_leaves_the_rows_read_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    held = opened(folder)
    append(folder, "note-2.txt")

    def refused(*args: object, **kwargs: object) -> None:
        raise KnowledgeBaseError("cannot write")

    monkeypatch.setattr(loader, "save_store", refused)
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.sentences, list) and isinstance(kb.passages, list)
    monkeypatch.undo()
    assert same(kb, loader.build(folder)) and held.sentences is not kb.sentences


def test_a_yaml_export_of_an_edit_leaves_the_rows_read_whole(folder: Path, tmp_path: Path) -> None:
    held = opened(folder)
    append(folder, "note-2.txt")
    kb = loader.build_and_save(folder, out=tmp_path / "kb.yaml")
    assert isinstance(kb.sentences, list) and isinstance(kb.passages, list)
    assert same(kb, loader.build(folder)) and same(store.load_store(tmp_path / "kb.yaml"), kb)
    assert held.sentences is not kb.sentences
