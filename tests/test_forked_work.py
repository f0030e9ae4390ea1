"""Work beside a block in a forked process (knowledge.forked_work): done there, waited for,
killed with the block's failure or its parent's death, and done here when it cannot fork."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from knowledge import extraction_pool, forked_work

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extraction_pool, "worker_count", lambda: 2)


def _wait_for(path: Path, seconds: float = 20) -> None:
    """Until ``path`` exists (a bound on the wait, not a timed assertion)."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_the_work_runs_in_another_process_while_the_block_runs(tmp_path: Path) -> None:
    started, done = tmp_path / "started", tmp_path / "done"

    def work() -> None:
        started.write_text(str(os.getpid()))
        _wait_for(tmp_path / "block")  # the block must be running for the work to go on
        done.write_text("yes")

    with forked_work.beside(work) as forked:
        _wait_for(started)
        (tmp_path / "block").write_text("running")
    assert forked
    assert int(started.read_text()) != os.getpid()
    assert done.read_text() == "yes"  # waited for at the block's end


def test_a_failing_block_kills_the_work(tmp_path: Path) -> None:
    started, done = tmp_path / "started", tmp_path / "done"

    def work() -> None:
        started.write_text("1")
        time.sleep(30)
        done.write_text("yes")

    with pytest.raises(RuntimeError, match="store"), forked_work.beside(work):
        _wait_for(started)
        raise RuntimeError("the store could not be written")
    assert not done.exists()


def test_a_failing_work_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def work() -> None:
        raise ValueError("broken")

    with forked_work.beside(work) as forked:
        pass
    assert forked
    assert "ended with status 1" in caplog.text


def test_without_a_fork_the_work_runs_here_after_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked_work, "can_fork", lambda: False)
    seen: list[tuple[str, int]] = []
    with forked_work.beside(lambda: seen.append(("work", os.getpid()))) as forked:
        seen.append(("block", os.getpid()))
    assert not forked
    assert seen == [("block", os.getpid()), ("work", os.getpid())]


def test_one_core_or_another_thread_means_no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    assert forked_work.can_fork()
    monkeypatch.setattr(forked_work.threading, "active_count", lambda: 2)
    assert not forked_work.can_fork()
    monkeypatch.undo()
    monkeypatch.setattr(extraction_pool, "worker_count", lambda: 1)
    assert not forked_work.can_fork()


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_the_work_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    child_pid = tmp_path / "child"
    code = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from knowledge import extraction_pool, forked_work
        extraction_pool.worker_count = lambda: 2
        def work():  # the pid written whole before the name appears: the test reads it at once
            part = Path({str(child_pid)!r} + ".part")
            part.write_text(str(os.getpid()))
            os.replace(part, {str(child_pid)!r})
            time.sleep(60)
        with forked_work.beside(work):
            time.sleep(60)
        """)
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[1])
    try:
        _wait_for(child_pid)
        pid = int(child_pid.read_text())
    finally:
        parent.kill()  # kill -9
        parent.wait()
    deadline = time.monotonic() + 20
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie not yet reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def test_a_build_waits_for_its_work_only_when_the_callers_stack_closes(tmp_path: Path) -> None:
    import shutil
    from contextlib import ExitStack

    from knowledge import loader

    folder = tmp_path / "kb"
    shutil.copytree(Path(__file__).parent / "data" / "kbs" / "faq_shop", folder)
    after_build, seen = tmp_path / "after-build", tmp_path / "seen"

    def work(kb: object) -> None:
        _wait_for(after_build, seconds=10)  # written by the caller once the build has returned
        seen.write_text("after the build" if after_build.exists() else "during the build")

    with ExitStack() as until:
        kb = loader.build_and_save(folder, beside=work, until=until)
        after_build.write_text("returned")
    assert kb.documents
    assert seen.read_text() == "after the build"
    assert (folder / ".qabot" / "store.sqlite").exists()
