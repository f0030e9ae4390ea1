"""A store is served whole or not at all, and never claims documents it did not read."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge import atomic, loader, store
from knowledge.errors import KnowledgeBaseError
from knowledge.report import count_facts

DOC = ("Basin News\n"
       "The Delta Water Council (DWC) held its third summit on May 14, 2019 in Saltmarsh.\n"
       "Mayor Ana Duarte welcomed the delegates.\n")
LATE = "Late News\nThe fourth summit of the DWC was held on June 2, 2021 in Port Sal.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "news.txt").write_text(DOC, encoding="utf-8")
    (kb / "more.txt").write_text(DOC.replace("third", "second").replace("2019", "2017"), encoding="utf-8")
    return kb


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.75, 0.9, 0.999], ids=lambda f: f"{f:.0%}")
def test_a_truncated_store_is_refused_and_rebuilt(folder: Path, fraction: float,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = store.default_store_path(folder)
    kb = loader.load_knowledge_base(folder)
    store.save_store(kb, path)
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(KnowledgeBaseError) as err:
        store.load_store(path)
    assert "\n" not in str(err.value) and "qabot build" in str(err.value)
    rebuilt = loader.load_knowledge_base(folder)
    assert count_facts(rebuilt) == count_facts(kb)
    assert "rebuilding" in caplog.text
    assert count_facts(store.load_store(path)) == count_facts(kb)  # and saved whole again


def test_a_store_missing_its_last_digit_is_refused(folder: Path) -> None:
    path = store.default_store_path(folder)
    store.save_store(loader.build(folder), path)
    path.write_bytes(path.read_bytes()[:-2])  # the final newline and one digit of the mark
    with pytest.raises(KnowledgeBaseError):
        store.load_store(path)


def test_a_document_added_during_the_build_is_not_recorded(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = loader.build_knowledge_base

    def build_then_add(*args: object, **kwargs: object) -> object:
        kb = real(*args, **kwargs)  # type: ignore[arg-type]
        (folder / "late.txt").write_text(LATE, encoding="utf-8")  # after the documents were read
        return kb

    monkeypatch.setattr(loader, "build_knowledge_base", build_then_add)
    kb = loader.load_knowledge_base(folder)
    assert "late.txt" not in kb.inputs and all(d.path != "late.txt" for d in kb.documents)
    store.save_store(kb, store.default_store_path(folder))
    monkeypatch.setattr(loader, "build_knowledge_base", real)
    fresh = loader.load_knowledge_base(folder)
    assert any(d.path == "late.txt" for d in fresh.documents)


def test_a_document_added_before_reading_is_not_recorded_either(folder: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = loader.build_knowledge_base

    def add_then_build(*args: object, **kwargs: object) -> object:
        (folder / "late.txt").write_text(LATE, encoding="utf-8")  # after the hashes were taken
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "build_knowledge_base", add_then_build)
    kb = loader.build(folder)
    assert any(d.path == "late.txt" for d in kb.documents)
    assert "late.txt" not in kb.inputs  # so the next load does not take the store as current
    assert kb.inputs != loader.input_hashes(folder)


def test_a_document_edited_during_the_build_is_marked_changed(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    real = loader.build_knowledge_base

    def build_then_edit(*args: object, **kwargs: object) -> object:
        kb = real(*args, **kwargs)  # type: ignore[arg-type]
        (folder / "news.txt").write_text(DOC + "The fifth summit was in 2023.\n", encoding="utf-8")
        return kb

    monkeypatch.setattr(loader, "build_knowledge_base", build_then_edit)
    kb = loader.build(folder)
    assert kb.inputs["news.txt"] == loader.CHANGED_DURING_BUILD
    assert "news.txt changed during the build" in caplog.text
    store.save_store(kb, store.default_store_path(folder))
    monkeypatch.setattr(loader, "build_knowledge_base", real)
    assert any("2023" in s.text for s in loader.load_knowledge_base(folder).sentences)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_killed_builds_are_removed(folder: Path) -> None:
    path = store.default_store_path(folder)
    path.parent.mkdir(parents=True)
    dead = path.parent / f".{path.name}.{dead_pid()}.0badcafe.tmp"
    mine = path.parent / f".{path.name}.{os.getpid()}.0badcafe.tmp"  # a build running now
    legacy = path.parent / f".{path.name}.k3j4h5g6"
    for leftover in (dead, mine, legacy):
        leftover.write_text("half a store", encoding="utf-8")
    os.utime(legacy, (time.time() - 3600, time.time() - 3600))
    store.save_store(loader.build(folder), path)
    assert not dead.exists() and not legacy.exists()
    assert mine.exists()


KILLED_WRITER = """
import sys, time
from pathlib import Path
from knowledge.atomic import write_atomically

def write(tmp):
    tmp.write_text("half a store")
    print("writing", flush=True)
    time.sleep(60)

write_atomically(Path(sys.argv[1]), write)
"""


def test_kill_9_while_writing_keeps_the_old_store(folder: Path) -> None:
    path = store.default_store_path(folder)
    kb = loader.build(folder)
    store.save_store(kb, path)
    before = path.read_bytes()
    with subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE,
                          text=True) as child:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert path.read_bytes() == before
    assert any(p.name.endswith(".tmp") for p in path.parent.iterdir())
    assert atomic.remove_stale_temp_files(path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_an_unreadable_document_is_skipped_and_reported_not_fatal(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.loader import load_knowledge_base

    (tmp_path / "hours.txt").write_text("Hours\n\nWe open at 9 am.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("Secret\n\nThe code is 42.\n", encoding="utf-8")
    real_read, real_open = Path.read_bytes, Path.open

    def denied(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", lambda self: denied(self) if self.name == "secret.txt" else real_read(self))
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: denied(self) if self.name == "secret.txt"
                        else real_open(self, *a, **k))
    kb = load_knowledge_base(tmp_path)
    assert [d.path for d in kb.documents] == ["hours.txt"]
    assert [(s.path, "Permission denied" in s.reason) for s in kb.skipped] == [("secret.txt", True)]
