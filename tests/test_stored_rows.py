"""A fact store's sentences read on demand (knowledge.stored_rows), and found by text
(retrieval.sentence_texts): the same knowledge base and answers as a store read whole; a
damaged row refused in one line when it is read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from knowledge import loader, sqlite_store, store
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase, Passage, Sentence
from knowledge.previous_build import previous_build
from knowledge.spliced_rows import RowSpan
from knowledge.stored_rows import StoredRows, by_id, doc_ids, item_ids
from retrieval.engine import Engine
from retrieval.sentence_texts import SentenceTexts, TextKeys

if TYPE_CHECKING:
    from conftest import Result

pytestmark = pytest.mark.usefixtures("clean_env")

DATA = Path(__file__).parent / "data"
QUESTIONS = ["When was the third SRBC summit?", "Who chaired the third SRBC summit?",
             "Where is the secretariat based?", "What did the ministers approve in 2013?"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A built copy of tests/data/kb_other (its store and saved analysis written)."""
    copy = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", copy)
    loader.build_and_save(copy)
    Engine.from_folder(copy)  # saves the analysis
    return copy


def _made(rows: StoredRows[Sentence]) -> int:
    return sum(item is not None for item in rows._made)


def test_a_loaded_store_reads_its_sentences_on_demand(folder: Path) -> None:
    built = loader.build(folder)
    kb = store.load_store(store.default_store_path(folder))
    rows = kb.sentences
    assert isinstance(rows, StoredRows)
    assert len(rows) == len(built.sentences) and _made(rows) == 0
    assert item_ids(rows) == [s.id for s in built.sentences]
    assert doc_ids(rows) == [s.doc_id for s in built.sentences]
    assert rows[3] == built.sentences[3] and rows[-1] == built.sentences[-1] and _made(rows) == 2
    assert rows[3] is rows[3]
    assert by_id(rows)[built.sentences[5].id] == built.sentences[5]
    assert _made(rows) == 3
    assert list(rows) == built.sentences and _made(rows) == len(rows)
    assert kb == built.model_copy(update={"inputs": kb.inputs})
    assert kb.model_dump(exclude={"inputs"}) == built.model_dump(exclude={"inputs"})


def test_answers_are_those_of_a_knowledge_base_in_memory(folder: Path) -> None:
    opened, in_memory = Engine.from_folder(folder), Engine(loader.build(folder))
    assert isinstance(opened.kb.sentences, StoredRows)
    for question in QUESTIONS:
        assert opened.answer(question).model_dump() == in_memory.answer(question).model_dump(), question
    assert _made(opened.kb.sentences) < len(opened.kb.sentences)  # read no more than it needed


def test_a_store_without_the_keys_index_still_opens(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("DROP INDEX sentences_keys")
    con.close()
    assert list(store.load_store(path).sentences) == loader.build(folder).sentences


def test_sentences_stay_readable_when_the_store_is_replaced(folder: Path) -> None:
    kb = store.load_store(store.default_store_path(folder))
    first = kb.sentences[0].text
    for doc in folder.glob("*.txt"):
        doc.write_text("It rained all day.\n", encoding="utf-8")
    loader.build_and_save(folder)  # a new file renamed over the old one
    assert kb.sentences[1].text != "It rained all day." and kb.sentences[0].text == first
    assert len(list(kb.sentences)) == len(kb.sentences)


@pytest.mark.parametrize("row", ["'{\"id\": 1}'", "'not json'", "X'00ff'"], ids=["invalid", "not-json", "no-text"])
def test_a_damaged_sentence_row_is_refused_in_one_line_when_read(folder: Path, row: str) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        first = con.execute("SELECT min(pos) FROM sentences").fetchone()[0]
        con.execute(f"UPDATE sentences SET data = {row} WHERE pos = ?", (first,))
    con.close()
    kb = store.load_store(path)
    for read in (lambda: kb.sentences[0], lambda: list(kb.sentences)):
        with pytest.raises(KnowledgeBaseError, match=r"sentences\.0: .*delete that file and run `qabot build`") as err:
            read()
        assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert kb.sentences[1].id  # the others are still read


def test_qabot_ask_on_a_damaged_sentence_row_is_one_line(folder: Path, cli: Callable[..., Result]) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE sentences SET data = 'not json'")
    con.close()
    result = cli("ask", "--kb", str(folder), "When was the third SRBC summit?")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "delete that file and run `qabot build`" in result.err
    assert "Traceback" not in result.err


def test_a_store_whose_ids_are_damaged_is_refused(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE sentences SET id = NULL, doc_id = NULL")
    con.close()
    with pytest.raises(KnowledgeBaseError, match="sentence") as err:
        kb = store.load_store(path)
        list(kb.passages)  # read on demand: the sentences they cite are looked up by id
    assert "\n" not in str(err.value)


def test_a_store_whose_ids_are_damaged_is_refused_when_they_are_read_whole(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE sentences SET doc_id = NULL")
    con.close()
    with pytest.raises(KnowledgeBaseError, match="sentences") as err:
        store.load_store(path).sentences.ids  # noqa: B018
    assert "\n" not in str(err.value)


def test_a_store_with_no_sentences_holds_no_connection(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    store.save_store(KnowledgeBase(), path)
    kb = sqlite_store.load_sqlite(path)
    assert len(kb.sentences) == 0 and list(kb.sentences) == []
    os.replace(path, tmp_path / "moved.sqlite")  # nothing keeps it open


def _kb_of(texts: list[tuple[str, str, list[str] | None]]) -> list[Sentence]:
    return [Sentence(id=f"{doc}#s{i}", doc_id=doc, paragraph=0, text=text, start=0, end=len(text), places=places,
                     dates=[] if places is not None else None)
            for i, (doc, text, places) in enumerate(texts)]


def test_sentences_found_by_hash_are_those_found_by_dict() -> None:
    sentences = _kb_of([("a", "It rained.", ["Lenhall"]), ("b", "It rained.", ["Orlen"]), ("a", "Sun.", None),
                        ("b", "Sun.", ["Tavira"]), ("b", "Sun.", None), ("a", "Wind on May 3, 2020.", [])])
    by_dict, by_hash = SentenceTexts(sentences), SentenceTexts(sentences, TextKeys.of(sentences))
    for text in ["It rained.", "Sun.", "Wind on May 3, 2020.", "It rained. Sun.", ""]:
        assert by_hash.places(text) == by_dict.places(text), text
        assert by_hash.dates(text) == by_dict.dates(text), text
        for doc in ("a", "b", "c"):
            assert by_hash.sentence_id(doc, text) == by_dict.sentence_id(doc, text), (doc, text)
    assert by_hash.places("It rained.") == ["Orlen"]  # the last of the same text, as a dict's
    assert by_hash.places("Sun.") == ["Tavira"] and by_hash.sentence_id("b", "Sun.") == "b#s4"


def test_text_keys_round_trip_and_refuse_what_does_not_fit() -> None:
    sentences = _kb_of([("a", f"Sentence {i}.", []) for i in range(50)])
    keys = TextKeys.of(sentences)
    again = TextKeys.from_bytes(*keys.to_bytes(), size=50)
    assert (again.keys, again.order) == (keys.keys, keys.order)
    assert again.positions("Sentence 7.") == [7]
    with pytest.raises(ValueError, match="do not fit"):
        TextKeys.from_bytes(*keys.to_bytes(), size=49)
    with pytest.raises(ValueError, match="do not fit"):
        TextKeys.from_bytes(keys.to_bytes()[0], keys.to_bytes()[0][:-4] + b"\xff\xff\xff\xff", size=50)


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        ("sentences", {"doc_id": "nowhere"}, "sentence .* names (unknown )?document 'nowhere'"),
        ("passages", {"sentence_ids": ["x#s9"]}, "passage .* cites unknown sentence 'x#s9'"),
        ("events", {"details": ["x#s9"]}, "event .* cites unknown sentence 'x#s9'"),
        ("events", {"people": ["nobody"]}, "event .* names unknown person 'nobody'"),
        ("dated", {"sentence_id": "x#s9"}, "dated fact .* cites unknown sentence 'x#s9'"),
    ],
    ids=["sentence-document", "passage", "event-detail", "event-person", "dated"],
)
def test_a_store_citing_what_it_does_not_hold_is_refused(folder: Path, table: str, change: dict[str, object],
                                                        message: str) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        pos, data = con.execute(f"SELECT pos, data FROM {table} ORDER BY pos LIMIT 1").fetchone()
        model = type(getattr(loader.build(folder), table)[0])
        changed = model.model_validate_json(data).model_copy(update=change)
        column = ", doc_id = ?" if "doc_id" in change else ""
        con.execute(f"UPDATE {table} SET data = ?{column} WHERE pos = ?",
                    (changed.model_dump_json(), *([change["doc_id"]] if column else []), pos))
    con.close()
    with pytest.raises(KnowledgeBaseError, match=message) as err:
        kb = store.load_store(path)
        for rows in (kb.sentences, kb.passages, kb.events, kb.dated):  # read on demand, tested as they are read
            list(rows)
    assert "\n" not in str(err.value)


def test_a_passage_citing_an_unknown_sentence_is_refused_when_read(folder: Path) -> None:
    path = store.default_store_path(folder)
    with sqlite3.connect(path) as con:
        pos, data = con.execute("SELECT pos, data FROM passages ORDER BY pos LIMIT 1").fetchone()
        changed = Passage.model_validate_json(data).model_copy(update={"sentence_ids": ["x#s9"]})
        con.execute("UPDATE passages SET data = ? WHERE pos = ?", (changed.model_dump_json(), pos))
    con.close()
    kb = store.load_store(path)
    assert isinstance(kb.passages, StoredRows)
    with pytest.raises(KnowledgeBaseError, match=r"passages\.0: passage .* cites unknown sentence 'x#s9'"):
        kb.passages[0]
    assert kb.passages[1].sentence_ids


def test_an_opened_knowledge_base_is_freed_when_dropped(folder: Path) -> None:
    engine = Engine.from_folder(folder)  # its tables hold the rows by id
    ref = weakref.ref(engine.kb)
    del engine
    assert ref() is None  # no reference cycle: gone at once (the loader freezes the collector's view)


def test_an_opened_knowledge_base_is_offered_to_the_next_build_unread(folder: Path) -> None:
    kb = loader.load_knowledge_base(folder)
    assert isinstance(kb.sentences, StoredRows) and not kb.sentences.is_whole
    held = previous_build(folder, loader.EXTRACTOR_KEY, loader.extractor_fingerprint())
    assert held is not None and held.documents
    one = next(iter(held.documents.values()))
    assert isinstance(one.sentences, RowSpan) and one.sentences.ids
    assert not kb.sentences.is_whole and not kb.passages.is_whole  # spans of rows, none read
    assert all(s is kb.sentences[kb.sentences.positions[s.id]] for s in one.sentences)


def test_rows_opened_in_one_thread_are_read_in_others(folder: Path) -> None:
    opened: list[KnowledgeBase] = []
    worker = threading.Thread(target=lambda: opened.append(store.load_store(store.default_store_path(folder))))
    worker.start()
    worker.join()
    kb = opened[0]  # as the bot's /reload opens it in a worker thread and answers in its own
    assert kb.sentences[0].id and kb.passages[0].id
    readers = [threading.Thread(target=lambda i=i: kb.sentences[i]) for i in range(1, 9)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert list(kb.sentences) == loader.build(folder).sentences
