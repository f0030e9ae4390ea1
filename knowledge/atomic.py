"""Write a file all at once or not at all: a temporary file beside it, then a rename.

A temporary file is named ``.NAME.PID.RANDOM.tmp``. A build killed before its rename
leaves one behind; the next write to the same NAME removes those whose process is gone
(and, of the older, pid-less ``.NAME.XXXXXXXX`` names, those more than a minute old).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from knowledge.errors import KnowledgeBaseError

log = logging.getLogger(__name__)

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import: os.umask is process-wide
LEGACY_TEMP_AGE_S = 60.0


def temp_path(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Remove the temporary files that killed writers of ``path`` left; return them."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(?P<pid>\d+)\.[0-9a-f]+\.tmp|[\w-]{{6,}})")
    removed = []
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return []
    for candidate in candidates:
        m = pattern.fullmatch(candidate.name)
        if not m:
            continue
        try:
            if m.group("pid"):
                stale = int(m.group("pid")) != os.getpid() and not _alive(int(m.group("pid")))
            else:
                stale = time.time() - candidate.stat().st_mtime > LEGACY_TEMP_AGE_S
            if stale:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    if removed:
        log.info("%s: removed %d temporary file(s) of an interrupted build", path.parent, len(removed))
    return removed


def create_temp(path: Path) -> Path:
    """A new, empty temporary file of ``path`` (``temp_path``), with the permissions a new file
    gets, once the ones killed writers left are removed (``remove_stale_temp_files``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    tmp = temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~_UMASK)
    os.close(fd)
    return tmp


def write_atomically(path: Path, write: Callable[[Path], None], what: str = "the fact store",
                     prepared: Path | None = None) -> None:
    """Call ``write(temp)`` to fill a temporary file, make it durable, then rename it to ``path``.

    ``prepared``: a temporary file of ``path`` (``create_temp``'s) that the caller has begun
    to fill, and hands over: ``write`` goes on with it, and it is removed on failure as one
    made here would be. On any failure ``path`` is left as it was and the temporary file is
    removed. OSError and ValueError become a one-line KnowledgeBaseError.
    """
    try:
        if prepared is None:
            tmp = create_temp(path)
        else:
            tmp = prepared
            remove_stale_temp_files(path)  # a writer's own files are never stale: not ``prepared``
    except OSError as err:
        if prepared is not None:
            with contextlib.suppress(OSError):
                os.unlink(prepared)
        raise KnowledgeBaseError(f"{path}: cannot write ({err.strerror})") from err
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)  # on disk before it replaces the old file
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise KnowledgeBaseError(f"{path}: cannot write ({err.strerror or err})") from err
        if isinstance(err, ValueError):
            raise KnowledgeBaseError(f"{path}: cannot write {what} ({err})") from err
        raise
