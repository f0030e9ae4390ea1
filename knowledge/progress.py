"""The build's progress, for whoever shows it: a callback set for a block, told each document read.

The command line sets one (``bot.progress.build_progress``: a bar on a terminal, count lines
when piped) around ``qabot build``; without one, reporting costs a look-up per document.
A context variable, not a parameter through every step of the build: only the extraction
step knows how many documents are read, and the steps between have no use for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Progress = Callable[[int, int], None]  # (documents read, documents to read)

_reporter: ContextVar[Progress | None] = ContextVar("qabot_build_progress", default=None)


@contextmanager
def reporting(callback: Progress) -> Iterator[None]:
    """Within the block, ``callback`` hears of each document the build reads."""
    token = _reporter.set(callback)
    try:
        yield
    finally:
        _reporter.reset(token)


def counter(total: int) -> Callable[[], None]:
    """A tick to call once per document read, of ``total``; does nothing when nobody listens."""
    callback = _reporter.get()
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if callback is not None:
            callback(done, total)

    return tick
