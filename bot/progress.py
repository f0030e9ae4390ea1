"""What the command line shows while long work runs: a notice when loading is slow, a build's progress.

- ``slow_notice``: "Loading the knowledge base…" on standard error once the work has taken
  longer than a second, then how long it took. Work that ends sooner shows nothing, so a
  quick ``qabot ask`` prints only its answer; the commands use it only when standard error
  is a terminal, since a script reads standard error for what went wrong.
- ``build_progress``: a callback for the build's documents. On a terminal it drives a
  tqdm bar (imported only then); piped, it writes a count line at every tenth of the
  documents, so a log file shows progress without a bar's control characters. A folder of
  fewer than 50 documents is read in a moment, and shows neither.

Both write to standard error and never to standard output, which stays the answer's.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from knowledge.progress import Progress

NOTICE_AFTER_S = 1.0
REPORTED_FROM = 50  # documents: a smaller folder is read before a bar could say anything


@contextmanager
def slow_notice(message: str, stream: TextIO | None = None, after: float = NOTICE_AFTER_S) -> Iterator[None]:
    """Write ``message`` to ``stream`` (standard error) if the block runs longer than ``after``
    seconds, and how long it took once it ends."""
    out = stream if stream is not None else sys.stderr
    started = time.perf_counter()
    shown = threading.Event()

    def show() -> None:
        shown.set()
        out.write(f"{message}\n")
        out.flush()

    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        if shown.is_set():
            out.write(f"{message.rstrip('…. ')}: done in {time.perf_counter() - started:.1f} s\n")
            out.flush()


def build_progress(stream: TextIO | None = None, steps: int = 10, least: int = REPORTED_FROM) -> Progress:
    """A progress callback for a build: a bar on a terminal, a count line every 1/``steps`` when
    piped; silent when fewer than ``least`` documents are read (that takes a moment)."""
    out = stream if stream is not None else sys.stderr
    bar = _bar(out) if out.isatty() else None
    shown = {"step": 0}

    def count(done: int, total: int) -> None:
        if total < least:
            return
        if bar is not None:
            bar(done, total)
            return
        step = done * steps // total if total else 0
        if step > shown["step"]:
            out.write(f"read {done} of {total} documents\n")
            out.flush()
            shown["step"] = step

    return count


def _bar(out: TextIO) -> Progress:
    from tqdm import tqdm

    state: dict[str, tqdm] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = tqdm(total=total, unit="doc", desc="reading documents", file=out, leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update
