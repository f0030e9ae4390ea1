"""The fact store (knowledge.store: SQLite, or YAML by name) and the loader's freshness check (knowledge.loader)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from pydantic import Field

from knowledge import loader, sqlite_store, store, yaml_store
from knowledge.errors import KnowledgeBaseError
from knowledge.models import SCHEMA_VERSION, KnowledgeBase, Passage
from knowledge.report import count_facts

DOC = ("Basin News\n"
       "The Delta Water Council (DWC) held its third summit on May 14, 2019 in Saltmarsh.\n"
       "Mayor Ana Duarte welcomed the delegates.\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "news.txt").write_text(DOC, encoding="utf-8")
    return kb


@pytest.fixture
def kb(folder: Path) -> KnowledgeBase:
    return loader.build(folder)


def write_marked(path: Path, text: str) -> None:
    """Write a store text by hand, with the end mark a saved store carries."""
    body = text if text.endswith("\n") else text + "\n"
    path.write_text(f"{body}{yaml_store.END_MARK}{hashlib.sha256(body.encode()).hexdigest()}\n", encoding="utf-8")


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in {store.STORE_NAME, "store.yaml"})


def test_round_trip(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "out" / "store.yaml"
    store.save_store(kb, path)
    assert path.read_text(encoding="utf-8").startswith("# qabot fact store")
    assert store.load_store(path) == kb
    assert leftovers(path.parent) == []


def test_other_schema_version_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "store.yaml"
    store.save_store(kb, path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    write_marked(path, yaml.safe_dump(data))
    with pytest.raises(KnowledgeBaseError, match=rf"schema version {SCHEMA_VERSION + 1}.*qabot build"):
        store.load_store(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("- just\n- a list\n", "not a qabot fact store", id="not-a-mapping"),
        pytest.param(f"schema_version: {SCHEMA_VERSION}\nsurprise: 1\n", "surprise", id="unknown-field"),
        pytest.param("schema_version: [1\n", "malformed YAML", id="malformed"),
    ],
)
def test_bad_store_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "store.yaml"
    write_marked(path, content)
    with pytest.raises(KnowledgeBaseError, match=message):
        store.load_store(path)


def test_failed_write_keeps_the_old_store(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out" / "store.yaml"
    store.save_store(kb, path)
    before = path.read_bytes()

    def broken_dump(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yaml_store.yaml, "dump", broken_dump)
    changed = kb.model_copy(update={"source": "changed"})
    with pytest.raises(KnowledgeBaseError, match="cannot write"):
        store.save_store(changed, path)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_failed_rename_keeps_the_old_store(kb: KnowledgeBase, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out" / "store.yaml"
    store.save_store(kb, path)
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KnowledgeBaseError, match="cannot write"):
        store.save_store(kb.model_copy(update={"source": "changed"}), path)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_serializer_error_keeps_the_old_store(kb: KnowledgeBase, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out" / "store.yaml"
    store.save_store(kb, path)
    before = path.read_bytes()

    def broken_dump(*args: object, **kwargs: object) -> None:
        raise yaml.representer.RepresenterError("cannot represent an object")

    monkeypatch.setattr(yaml_store.yaml, "dump", broken_dump)
    with pytest.raises(KnowledgeBaseError, match="cannot write"):
        store.save_store(kb, path)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(kb: KnowledgeBase, tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "store.yaml"
    store.save_store(kb, path)
    before = path.read_bytes()
    directory.chmod(0o555)
    try:
        with pytest.raises(KnowledgeBaseError, match="cannot write"):
            store.save_store(kb.model_copy(update={"source": "changed"}), path)
    finally:
        directory.chmod(0o755)
    assert path.read_bytes() == before
    assert leftovers(directory) == []


def test_loader_without_a_store_builds_in_memory(folder: Path) -> None:
    kb = loader.load_knowledge_base(folder)
    assert count_facts(kb)["documents"] == 1
    assert kb.inputs == {"news.txt": loader.input_hashes(folder)["news.txt"],
                         loader.EXTRACTOR_KEY: loader.extractor_fingerprint()}
    assert not store.default_store_path(folder).exists()


def test_a_store_made_by_other_extraction_code_is_rebuilt(folder: Path, kb: KnowledgeBase) -> None:
    path = store.default_store_path(folder)
    stale = kb.model_copy(update={"source": "old code"})
    stale.inputs = {**loader.input_hashes(folder), loader.EXTRACTOR_KEY: "an older extractor"}
    store.save_store(stale, path)
    assert loader.load_knowledge_base(folder).source != "old code"


def test_loader_reuses_a_fresh_store(folder: Path, kb: KnowledgeBase) -> None:
    path = store.default_store_path(folder)
    store.save_store(kb.model_copy(update={"source": "from the store"}), path)
    assert loader.load_knowledge_base(folder).source == "from the store"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: (f / "news.txt").write_text(DOC + "The fourth summit was in 2021.\n",
                                                           encoding="utf-8"), id="document-edited"),
        pytest.param(lambda f: (f / "more.txt").write_text("More\nThe fifth summit was in 2023.\n",
                                                           encoding="utf-8"), id="document-added"),
        pytest.param(lambda f: (f / "aliases.yaml").write_text("Saltmarsh: [Port Sal]\n", encoding="utf-8"),
                     id="aliases-added"),
    ],
)
def test_loader_rebuilds_when_inputs_change(folder: Path, kb: KnowledgeBase, change) -> None:  # type: ignore[no-untyped-def]
    path = store.default_store_path(folder)
    store.save_store(kb.model_copy(update={"source": "stale"}), path)
    change(folder)
    fresh = loader.load_knowledge_base(folder)
    assert fresh.source == str(folder)
    assert fresh.inputs == loader.input_hashes(folder)
    assert store.load_store(path).inputs == fresh.inputs  # the store was rewritten


def test_loader_rebuilds_over_a_store_of_another_version(folder: Path, kb: KnowledgeBase,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    path = store.default_store_path(folder)
    store.save_store(kb, path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    fresh = loader.load_knowledge_base(folder)
    assert fresh.schema_version == SCHEMA_VERSION
    assert "schema version 999" in caplog.text
    assert store.load_store(path).schema_version == SCHEMA_VERSION


def test_sqlite_round_trip(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "out" / "store.sqlite"
    store.save_store(kb, path)
    assert store.load_store(path) == kb
    assert sorted(p.name for p in path.parent.iterdir()) == ["store.sqlite"]
    with sqlite3.connect(path) as con:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert tables == {"meta", *sqlite_store.row_tables()}


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        pytest.param("DELETE FROM meta WHERE key = 'complete'", "incomplete", id="no-complete-mark"),
        pytest.param("UPDATE meta SET value = '\"other\"' WHERE key = 'format'", "not a qabot fact store",
                     id="other-format"),
        pytest.param("UPDATE documents SET data = '{\"id\": 1}'", "documents.0", id="bad-row"),
        pytest.param("DROP TABLE meta", "not a qabot fact store", id="no-meta"),
    ],
)
def test_bad_sqlite_store_is_refused(kb: KnowledgeBase, tmp_path: Path, sql: str, message: str) -> None:
    path = tmp_path / "store.sqlite"
    store.save_store(kb, path)
    with sqlite3.connect(path) as con:
        con.execute(sql)
    con.close()
    with pytest.raises(KnowledgeBaseError, match=message) as err:
        list(store.load_store(path).documents)  # read on demand: refused when read
    assert "\n" not in str(err.value)


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    path.write_text("just some text, long enough to fill a header " * 4, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="not a qabot fact store"):
        store.load_store(path)


def test_a_field_added_to_a_model_is_stored_without_code_changes(kb: KnowledgeBase, tmp_path: Path) -> None:
    class PagedPassage(Passage):
        page: int | None = None

    class PagedKnowledgeBase(KnowledgeBase):
        passages: list[PagedPassage] = Field(default_factory=list)  # type: ignore[assignment]

    paged = PagedKnowledgeBase.model_validate(
        {**kb.model_dump(), "passages": [{**p.model_dump(), "page": 7} for p in kb.passages]})
    path = tmp_path / "store.sqlite"
    sqlite_store._write(paged, path)
    with sqlite3.connect(path) as con:
        (data,) = con.execute("SELECT data FROM passages").fetchone()
    con.close()
    assert '"page":7' in data


def test_a_document_in_a_subfolder_is_an_input_by_its_relative_path(folder: Path) -> None:
    (folder / "sub").mkdir()
    nested = folder / "sub" / "news.txt"
    nested.write_text(DOC, encoding="utf-8")
    kb = loader.build(folder)
    assert set(kb.inputs) == {"news.txt", "sub/news.txt", loader.EXTRACTOR_KEY}
    path = store.default_store_path(folder)
    store.save_store(kb.model_copy(update={"source": "from the store"}), path)
    assert loader.load_knowledge_base(folder).source == "from the store"
    nested.write_text(DOC + "The fourth summit was in 2021.\n", encoding="utf-8")
    fresh = loader.load_knowledge_base(folder)
    assert fresh.source == str(folder)
    assert any(s.doc_id == "sub/news" and "2021" in s.text for s in fresh.sentences)
