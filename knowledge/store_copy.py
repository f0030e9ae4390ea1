"""The previous store copied to a temporary file in a thread while a rebuild runs.

After a few documents of a large folder change, the new store is written as a copy of the
previous one with only their rows replaced (knowledge.store_patch). Copying the file (290 MB
at 100,000 passages) and making the copy durable (fsync) took 0.6 s after the build, of an
edit's 2.5 s; both are system calls that let go of the interpreter's lock, so a thread does
them while the build extracts and merges instead, and the store is then written by patching
the copy and flushing the few pages the patch changed.

The copy is a temporary file of the store (knowledge.atomic), renamed over it only when
patched whole (``write_atomically``): one left by a killed build is removed by the next
writer as any other, and the store is never touched before the rename. The patch checks the
copy itself (its format, documents and inputs), so a store replaced by another build while
this one ran is the copy's or not at all. The copy is made only of a complete SQLite store
built by this extractor (another one's is written whole anyway).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from pathlib import Path

from knowledge.atomic import create_temp

log = logging.getLogger(__name__)


class StoreCopy:
    """A copy of ``source`` into a temporary file of it, made and fsynced by a thread started at
    once. ``take`` hands the finished copy over to be patched; ``discard`` removes one not taken."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.tmp = create_temp(source)
        self._error: OSError | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._copy, name="qabot-store-copy", daemon=True)
        self._thread.start()

    def _copy(self) -> None:
        try:
            shutil.copyfile(self.source, self.tmp)
            fd = os.open(self.tmp, os.O_RDONLY)
            try:
                os.fsync(fd)  # durable now, so that the fsync after the patch writes only its pages
            finally:
                os.close(fd)
        except OSError as err:
            self._error = err

    def wait(self) -> None:
        """Return once the thread is done (before a fork: no thread may run then)."""
        self._thread.join()

    def take(self) -> Path | None:
        """The whole, durable copy, now the caller's to fill and rename or remove; None (and the
        file removed) when copying failed."""
        self.wait()
        if self._taken:
            return None
        self._taken = True
        if self._error is not None:
            log.info("%s: not copied while building (%s)", self.source, self._error.strerror or self._error)
            self._remove()
            return None
        return self.tmp

    def discard(self) -> None:
        """Remove the copy unless it was taken (a build that failed, or saved another way)."""
        self.wait()
        if not self._taken:
            self._taken = True
            self._remove()

    def _remove(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def start_copy(store: Path, extractor: tuple[str, str]) -> StoreCopy | None:
    """A ``StoreCopy`` of ``store`` begun now, or None when it could not serve a patch: no such
    file, a YAML file, not a readable store, or one of another extractor (``extractor``: its
    key in the stored inputs and this extractor's hash)."""
    from knowledge.errors import KnowledgeBaseError
    from knowledge.store import is_yaml, stored_inputs

    if is_yaml(store) or not store.is_file():
        return None
    key, fingerprint = extractor
    try:
        if stored_inputs(store).get(key) != fingerprint:
            return None
        return StoreCopy(store)
    except (KnowledgeBaseError, OSError) as err:
        log.debug("%s: not copied while building (%s)", store, err)
        return None
