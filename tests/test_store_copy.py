"""A rebuild patches a copy of the previous store made while it built (knowledge.store_copy):
the same store as one written whole, and never a half-written or left-over file."""

from __future__ import annotations

import logging
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rebuild_support import same

from knowledge import atomic, forked_work, loader, sqlite_store, store, store_copy, store_patch

PATCHED = "document(s) replaced"
EXTRACTOR = (loader.EXTRACTOR_KEY, loader.extractor_fingerprint())


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Path:
    kb = notes_kb("")
    loader.build_and_save(kb)
    return kb


def edit(folder: Path) -> None:
    note = folder / "note-1.txt"
    note.write_text(note.read_text(encoding="utf-8") + "Minister Ilse Corvan spoke. It rained.\n", encoding="utf-8")


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in store.default_store_path(folder).parent.iterdir() if p.name.endswith(".tmp"))


def rebuild(folder: Path, caplog: pytest.LogCaptureFixture, **kwargs: Any) -> Any:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="knowledge"):
        return loader.build_and_save(folder, **kwargs)


def test_the_copy_made_while_building_is_what_is_patched(folder: Path, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def no_copy_at_save(*args: object) -> None:
        raise AssertionError("the store was copied again when saved")

    monkeypatch.setattr(store_patch, "shutil", SimpleNamespace(copyfile=no_copy_at_save))
    edit(folder)
    kb = rebuild(folder, caplog)
    assert PATCHED in caplog.text
    whole = tmp_path / "whole.sqlite"
    sqlite_store.save_sqlite(kb, whole)
    path = store.default_store_path(folder)
    assert same(store.load_store(path), store.load_store(whole))
    assert same(store.load_store(path), loader.build(folder))
    assert temp_files(folder) == []


def test_a_failed_copy_is_made_again_when_saving(folder: Path, caplog: pytest.LogCaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    copied = []

    def failing(source: Path, target: Path) -> None:
        copied.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_copy, "shutil", SimpleNamespace(copyfile=failing))
    edit(folder)
    kb = rebuild(folder, caplog)
    assert copied and PATCHED in caplog.text and "not copied while building" in caplog.text
    assert same(store.load_store(store.default_store_path(folder)), kb)
    assert temp_files(folder) == []


def test_a_build_that_fails_leaves_the_old_store_and_no_copy(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = store.default_store_path(folder)
    before = path.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the build broke")

    monkeypatch.setattr(loader, "build", broken)
    edit(folder)
    with pytest.raises(RuntimeError):
        loader.build_and_save(folder)
    assert path.read_bytes() == before
    assert temp_files(folder) == []


def test_no_thread_runs_when_the_build_forks(folder: Path, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[list[str]] = []
    original = forked_work.beside

    @contextmanager
    def counted(work: Callable[[], None]) -> Iterator[None]:
        threads.append(sorted(t.name for t in threading.enumerate() if t.name.startswith("qabot-store")))
        with original(work):
            yield

    def slow_copy(source: Path, target: Path) -> None:
        time.sleep(0.3)  # still copying when the build is done
        shutil.copyfile(source, target)

    monkeypatch.setattr(forked_work, "beside", counted)
    monkeypatch.setattr(store_copy, "shutil", SimpleNamespace(copyfile=slow_copy))
    edit(folder)
    rebuild(folder, caplog, beside=lambda kb: None)
    assert threads == [[]] and PATCHED in caplog.text


def test_a_copy_that_cannot_serve_is_emptied_and_the_store_written_whole(folder: Path, tmp_path: Path) -> None:
    path = store.default_store_path(folder)
    kb = loader.build(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = '\"in-order\"' WHERE key = 'positions'")
    con.close()
    copy = store_copy.StoreCopy(path)
    tmp = copy.take()
    assert tmp is not None and tmp.stat().st_size == path.stat().st_size
    assert not store_patch.patch_copy(kb, path, tmp, copied=True)
    assert tmp.stat().st_size == 0
    sqlite_store.save_sqlite(kb, path, patch=True, copy=store_copy.StoreCopy(path))
    assert same(store.load_store(path), kb)
    tmp.unlink()
    assert temp_files(folder) == []


def test_only_a_store_of_this_extractor_is_copied(folder: Path, tmp_path: Path) -> None:
    path = store.default_store_path(folder)
    copy = store_copy.start_copy(path, EXTRACTOR)
    assert copy is not None
    copy.discard()
    assert temp_files(folder) == []
    assert store_copy.start_copy(path, (EXTRACTOR[0], "another extractor")) is None
    assert store_copy.start_copy(tmp_path / "none.sqlite", EXTRACTOR) is None
    store.save_store(loader.build(folder), tmp_path / "store.yaml")
    assert store_copy.start_copy(tmp_path / "store.yaml", EXTRACTOR) is None
    (tmp_path / "junk.sqlite").write_bytes(b"not a store at all" * 100)
    assert store_copy.start_copy(tmp_path / "junk.sqlite", EXTRACTOR) is None
    assert temp_files(folder) == []


KILLED_COPIER = """
import sys, time
from pathlib import Path
from types import SimpleNamespace
from knowledge.store_copy import StoreCopy

copy = StoreCopy(Path(sys.argv[1]))
copy.wait()
print("copied", flush=True)
time.sleep(60)
"""


def test_kill_9_while_building_with_a_copy_keeps_the_old_store(folder: Path) -> None:
    path = store.default_store_path(folder)
    before = path.read_bytes()
    with subprocess.Popen([sys.executable, "-c", KILLED_COPIER, str(path)], stdout=subprocess.PIPE,
                          text=True) as child:
        assert child.stdout is not None and child.stdout.readline() == "copied\n"
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert path.read_bytes() == before
    assert len(temp_files(folder)) == 1
    assert atomic.remove_stale_temp_files(path)
    assert temp_files(folder) == []
    assert same(store.load_store(path), loader.build(folder))
