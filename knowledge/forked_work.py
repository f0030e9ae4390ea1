"""Work done in a forked copy of this process while this one goes on, on another core.

After the extraction, ``qabot build`` has two long single-core steps that need only the built
knowledge base: writing the fact store and writing the saved analysis (the engine's indexes,
then 400,000 rows at 100,000 passages). Both are mostly Python, so a thread would wait for
the interpreter's lock; a forked process shares the knowledge base without copying or
pickling it (its pages are copied only when touched), and runs the second step on the other
core. ``beside(work)`` forks on entry, the child runs ``work()`` and ends; on exit this
process waits for it. Where it cannot fork (no ``os.fork``, one core, another thread
running: a fork would copy its locks held), ``work()`` runs here when the block ends, as it
did before, so the results are the same either way.

The child ends when this process is gone (``PR_SET_PDEATHSIG`` on Linux, else a watching
thread), so a build killed with -9 leaves no process behind; what it writes it writes to a
temporary file renamed into place (knowledge.atomic), so a killed child leaves the previous
file whole. If the block raises, the child is killed: the work is not wanted without it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_S = 0.5  # how often a child without prctl looks whether its parent is still there


def can_fork() -> bool:
    """Whether ``beside`` forks here: ``os.fork`` exists, this process may use two cores, and no
    other thread runs (a child would inherit the locks it holds, never released)."""
    from knowledge.extraction_pool import worker_count

    return hasattr(os, "fork") and worker_count() > 1 and threading.active_count() == 1


def _die_with_parent(parent: int) -> None:
    """In the child: be killed when ``parent`` ends (Linux), else exit when it is seen gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_CHECK_S)
            os._exit(1)

        threading.Thread(target=watch, name="qabot-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _run_child(work: Callable[[], None], parent: int) -> None:
    """In the child: ``work()``, then end at once (no atexit, no buffers of the parent's flushed)."""
    code = 1
    try:
        _die_with_parent(parent)
        work()
        code = 0
    except BaseException:
        log.exception("the work beside the build failed")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
        sys.stderr.flush()
        os._exit(code)


def _start(work: Callable[[], None]) -> int | None:
    if not can_fork():
        return None
    sys.stdout.flush()  # else what is buffered would be written twice
    sys.stderr.flush()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError as err:
        log.info("cannot fork (%s): the work is done after the block", err)
        return None
    if pid == 0:
        _run_child(work, parent)
    return pid


def _wait(pid: int) -> None:
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        log.warning("the work beside the build ended with status %d; it was not done", code)


@contextmanager
def beside(work: Callable[[], None]) -> Iterator[bool]:
    """Run ``work()`` in a forked child while the block runs, and wait for it at the end of the
    block; yields whether it forked. Without a fork, ``work()`` runs after the block."""
    pid = _start(work)
    if pid is not None:
        # The child has its own copy: what only the work needs is freed here (as the caller lets
        # go of it) while the child runs, not after (1.7 s of a 100,000-passage build's objects).
        del work
    try:
        yield pid is not None
    except BaseException:
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    if pid is None:
        work()
    else:
        _wait(pid)


class Forked:
    """``work()``'s bytes, made in a forked child while this process goes on (``forked``)."""

    def __init__(self, pid: int, pipe: int) -> None:
        self._pid, self._pipe = pid, pipe

    def result(self) -> bytes | None:
        """What ``work()`` returned, once the child is done; None if it failed (logged there)."""
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else None

    def cancel(self) -> None:
        """End the child, its result unread."""
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        os.close(self._pipe)


def _send(work: Callable[[], bytes], pipe: int) -> None:
    data = work()
    with os.fdopen(pipe, "wb") as out:
        out.write(data)


def forked(work: Callable[[], bytes]) -> Forked | None:
    """``work()`` started in a forked child (see the module), its bytes sent back through a
    pipe; None where this process cannot fork (the caller does the work itself). The caller
    reads the ``result()`` or ``cancel``s it."""
    if not can_fork():
        return None
    read, write = os.pipe()
    pid = _start(partial(_send, work, write))
    os.close(write)
    if pid is None:
        os.close(read)
        return None
    return Forked(pid, read)
