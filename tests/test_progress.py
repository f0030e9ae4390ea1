"""The command line's notices on long work: shown only when slow, never on standard output."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.progress import build_progress, slow_notice
from knowledge import loader
from knowledge.progress import reporting


def test_a_slow_block_is_announced_then_timed() -> None:
    out = io.StringIO()
    with slow_notice("Loading the knowledge base…", stream=out, after=0.0):
        for _ in range(1000):  # the block outlives the timer, however busy the machine
            if out.getvalue():
                break
            time.sleep(0.01)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Loading the knowledge base…"
    assert lines[1].startswith("Loading the knowledge base: done in ")


def test_a_quick_block_shows_nothing() -> None:
    out = io.StringIO()
    with slow_notice("Loading the knowledge base…", stream=out, after=30.0):
        pass
    assert out.getvalue() == ""


def test_a_failing_block_still_stops_the_timer() -> None:
    out = io.StringIO()
    try:
        with slow_notice("Loading…", stream=out, after=30.0):
            raise ValueError("broken")
    except ValueError:
        pass
    assert out.getvalue() == ""
    assert not any(isinstance(t, threading.Timer) and t.is_alive() for t in threading.enumerate())


def test_piped_progress_is_a_count_line_at_each_tenth() -> None:
    out = io.StringIO()
    progress = build_progress(out, least=0)
    for done in range(1, 101):
        progress(done, 100)
    lines = out.getvalue().splitlines()
    assert lines == [f"read {n} of 100 documents" for n in range(10, 101, 10)]


def test_piped_progress_of_a_few_documents_ends_with_the_total() -> None:
    out = io.StringIO()
    progress = build_progress(out, least=0)
    for done in range(1, 4):
        progress(done, 3)
    assert out.getvalue().splitlines()[-1] == "read 3 of 3 documents"


def test_a_small_folder_shows_no_progress() -> None:
    out = io.StringIO()
    progress = build_progress(out)
    for done in range(1, 6):
        progress(done, 5)
    assert out.getvalue() == ""


def test_a_build_reports_each_document_it_reads() -> None:
    heard: list[tuple[int, int]] = []
    folder = Path(__file__).parent / "data" / "kbs" / "faq_shop"
    with reporting(lambda done, total: heard.append((done, total))):
        kb = loader.build(folder)
    assert heard == [(n, len(kb.documents)) for n in range(1, len(kb.documents) + 1)]
    heard.clear()
    loader.build(folder)  # outside the block nobody listens
    assert heard == []


def test_qabot_build_piped_counts_the_documents(tmp_path: Path) -> None:
    for n in range(60):
        (tmp_path / f"note-{n:02d}.txt").write_text(f"Note {n}\n\nThe shop opened branch {n} in 2019.\n",
                                                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "build", "--kb", str(tmp_path)],
                          capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [f"read {n} of 60 documents" for n in range(6, 61, 6)]
    assert "read" not in done.stdout  # the counts stay off standard output
