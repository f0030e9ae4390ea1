"""Extraction on worker processes (knowledge.extraction_pool): the same extractions, in order."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge import extraction_pool
from knowledge.ingest import read_documents

DATA = Path(__file__).parent / "data"


@pytest.fixture
def docs():  # type: ignore[no-untyped-def]
    return read_documents(DATA / "kb_other") + read_documents(DATA / "kbs" / "faq_shop")


def test_workers_give_the_extractions_of_this_process_in_order(docs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_DOCUMENTS", 1)
    monkeypatch.setattr(extraction_pool, "CHUNK_CHARS", 1)  # a chunk per document
    monkeypatch.setattr(extraction_pool, "worker_count", lambda: 2)
    here = extraction_pool.extract_many_here(docs, keep_json=True)
    there = extraction_pool.extract_many(docs, keep_json=True)
    assert [data for _, data in there] == [data for _, data in here]
    assert [part for part, _ in there] == [part for part, _ in here]


def test_a_pool_that_cannot_start_leaves_the_work_to_this_process(docs, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    def broken(docs, workers, sidecar=None):  # type: ignore[no-untyped-def]
        raise OSError("no processes")
        yield

    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_DOCUMENTS", 1)
    monkeypatch.setattr(extraction_pool, "worker_count", lambda: 2)
    monkeypatch.setattr(extraction_pool, "_in_workers", broken)
    assert extraction_pool.extract_documents(docs) == [part for part, _ in extraction_pool.extract_many_here(docs)]
    assert "extracting in this process" in caplog.text


@pytest.mark.parametrize(("setting", "expected"), [("1", 1), ("", None), ("lots", None)])
def test_the_setting_caps_the_workers(setting: str, expected: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(extraction_pool.WORKERS_VARIABLE, setting)
    count = extraction_pool.worker_count()
    assert count == expected if expected is not None else count >= 1


def test_a_worker_ends_when_the_build_is_gone() -> None:
    code = ("import time\nfrom knowledge.extraction_pool import _exit_with_parent\n"
            "_exit_with_parent(-1)\ntime.sleep(30)\n")  # -1: never its parent, as after a kill -9
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], timeout=20, check=False)
    assert done.returncode == 1 and time.perf_counter() - started < 15


def test_a_fault_of_the_side_work_leaves_the_document_to_the_build(caplog: pytest.LogCaptureFixture) -> None:
    """The analysis a worker does beside the extraction may fail; the extraction still
    arrives, and the build's process analyses that document itself."""
    from types import SimpleNamespace

    def failing(sentences: object, passages: object) -> object:
        raise RuntimeError("no memory left")

    part = SimpleNamespace(doc_id="notes", sentences=[], passages=[])
    assert extraction_pool._side_result(failing, part) is None  # type: ignore[arg-type]
    assert "notes" in caplog.text and "RuntimeError" in caplog.text
    assert extraction_pool._side_result(lambda s, p: 7, part) == 7  # type: ignore[arg-type]
