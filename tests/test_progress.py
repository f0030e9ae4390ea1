"""The command line's notices on long work: shown only when slow, never on standard output."""

from __future__ import annotations

import io
import threading
import time

from bot.progress import build_progress, slow_notice


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
    progress = build_progress(out)
    for done in range(1, 101):
        progress(done, 100)
    lines = out.getvalue().splitlines()
    assert lines == [f"read {n} of 100 documents" for n in range(10, 101, 10)]


def test_piped_progress_of_a_few_documents_ends_with_the_total() -> None:
    out = io.StringIO()
    progress = build_progress(out)
    for done in range(1, 4):
        progress(done, 3)
    assert out.getvalue().splitlines()[-1] == "read 3 of 3 documents"
