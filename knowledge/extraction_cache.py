"""The incremental build's memory: each document's extraction, and each input file's hash.

``DIR/.qabot/cache.sqlite`` holds two tables:

- ``extractions(key, data)``: a document's ``DocumentExtraction`` as JSON, keyed by the
  extractor's fingerprint, the document's path and the sha256 of its bytes. A build takes
  the unchanged documents from here and extracts only the new or edited ones; the
  corpus-wide steps (acronyms, people, events, series, places) are redone from all of them.
- ``memos(context, fingerprint, data)``: the event mentions of every sentence text, under
  one acronym table and set of known series (what they depend on); when an edit leaves
  those as they were, only the new sentences are read for events.
- ``files(path, mtime_ns, size, sha256, checked_ns)``: a file whose size and modification
  time are what they were when it was hashed is not read again. A file modified within a
  second of being hashed is always hashed again (its time stamp cannot tell two writes apart).

A cache is an optimization, never a source of errors: one that cannot be read or written
is logged and ignored (and rebuilt when it can be).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from knowledge.document_extraction import DocumentExtraction
from knowledge.events import EventMention
from knowledge.extraction_pool import extract_many
from knowledge.models import Document

log = logging.getLogger(__name__)

CACHE_NAME = "cache.sqlite"
RACY_NS = 1_000_000_000  # a time stamp this close to the hashing may hide a second write

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memos (context TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
                                  sha256 TEXT NOT NULL, checked_ns INTEGER NOT NULL);
"""


@lru_cache(maxsize=1)
def _memo_adapter() -> TypeAdapter[dict[str, list[EventMention]]]:
    return TypeAdapter(dict[str, list[EventMention]])


MEMO_SLACK = 10  # a stored memo is kept while its texts differ from a build's by at most 1/10 of them


class _Memo(dict[str, dict[str, list[EventMention]]]):
    """The memo of mention lists by context, noting which contexts this build set and what was stored."""

    def __init__(self) -> None:
        super().__init__()
        self.fresh: set[str] = set()
        self.stored: dict[str, dict[str, list[EventMention]]] = {}

    def stored_will_do(self) -> bool:
        """Whether the stored memo serves as well as this build's: the same contexts, and texts
        that differ by few (the few new ones are read again next time, which costs little)."""
        for key in self.fresh:
            old, new = self.stored.get(key), self[key]
            if old is None:
                return False
            added = sum(1 for text in new if text not in old)
            gone = len(old) - (len(new) - added)
            if (added + gone) * MEMO_SLACK > len(new):
                return False
        return True

    def __setitem__(self, key: str, value: dict[str, list[EventMention]]) -> None:
        self.fresh.add(key)
        super().__setitem__(key, value)


class ExtractionCache:
    """Per-document extractions and file hashes of one knowledge base folder."""

    def __init__(self, path: Path, fingerprint: str, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self._new: dict[str, str] = {}
        self._used: set[str] = set()
        self._hashes: dict[str, tuple[int, int, str, int]] = {}
        self._checked: dict[str, tuple[int, int, str, int]] = {}
        self._memo: _Memo | None = None
        self._con = self._connect()
        if self._con is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._hashes = {p: (m, s, h, c) for p, m, s, h, c in self._con.execute("SELECT * FROM files")}

    def _connect(self) -> sqlite3.Connection | None:
        if self.readonly:
            if not self.path.is_file():
                return None
            try:
                return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            except sqlite3.DatabaseError:
                return None
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                con = sqlite3.connect(self.path, isolation_level=None)
                con.executescript(_SCHEMA)
                return con
            except (OSError, sqlite3.DatabaseError) as err:
                if attempt == 2 or not self.path.exists():
                    log.info("%s: extraction cache not used (%s)", self.path, err)
                    return None
                log.warning("%s: unreadable extraction cache, starting a new one (%s)", self.path, err)
                with contextlib.suppress(OSError):
                    self.path.unlink()
        return None

    def key(self, doc: Document) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{doc.path}\0{doc.sha256}".encode()).hexdigest()

    def _cached(self, doc: Document, key: str) -> DocumentExtraction | None:
        """The stored extraction of the document's bytes, or None."""
        row = None
        if self._con is not None and doc.sha256:
            with contextlib.suppress(sqlite3.DatabaseError):
                row = self._con.execute("SELECT data FROM extractions WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            part = DocumentExtraction.model_validate_json(row[0])
        except ValidationError:
            return None
        return part if part.doc_id == doc.id else None

    def extract_all(self, docs: list[Document]) -> list[DocumentExtraction]:
        """Each document's extraction, in order: from the cache when its bytes are unchanged, else
        computed (knowledge.extraction_pool) and kept for the next build."""
        parts: list[DocumentExtraction | None] = []
        missing: list[tuple[int, str]] = []
        for doc in docs:
            key = self.key(doc)
            self._used.add(key)
            parts.append(self._cached(doc, key))
            if parts[-1] is None:
                missing.append((len(parts) - 1, key))
        self.hits += len(docs) - len(missing)
        self.misses += len(missing)
        for (index, key), (part, data) in zip(missing, extract_many([docs[i] for i, _ in missing], keep_json=True),
                                              strict=True):
            parts[index] = part
            if docs[index].sha256 and data is not None:
                self._new[key] = data
        return [part for part in parts if part is not None]

    def event_memo(self) -> _Memo:
        """The event mentions of the last build, by context, for this build to reuse and fill."""
        if self._memo is None:
            self._memo = _Memo()
            if self._con is not None:
                try:
                    rows = self._con.execute("SELECT context, data FROM memos WHERE fingerprint = ?",
                                             (self.fingerprint,)).fetchall()
                    for context, data in rows:
                        mentions = _memo_adapter().validate_json(data)
                        dict.__setitem__(self._memo, context, mentions)
                        self._memo.stored[context] = mentions
                except (sqlite3.DatabaseError, ValidationError) as err:
                    log.info("%s: event mentions not reused (%s)", self.path, err)
        return self._memo

    def file_hash(self, path: Path, name: str) -> str:
        """sha256 of the file's bytes, read only when its size or time stamp changed."""
        st = path.stat()
        known = self._hashes.get(name)
        if known and known[0] == st.st_mtime_ns and known[1] == st.st_size and st.st_mtime_ns < known[3] - RACY_NS:
            self._checked[name] = known
            return known[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._checked[name] = (st.st_mtime_ns, st.st_size, digest, time.time_ns())
        return digest

    def save(self) -> None:
        """Record this build's new extractions and hashes; forget documents no longer in the folder."""
        if self._con is None or self.readonly:
            return
        try:
            self._con.execute("BEGIN")
            self._con.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", self._new.items())
            stale = [(k,) for (k,) in self._con.execute("SELECT key FROM extractions") if k not in self._used]
            self._con.executemany("DELETE FROM extractions WHERE key = ?", stale)
            if self._memo is not None and self._memo.fresh and not self._memo.stored_will_do():
                self._con.execute("DELETE FROM memos")
                self._con.executemany("INSERT INTO memos VALUES (?, ?, ?)",
                                      ((k, self.fingerprint, _memo_adapter().dump_json(self._memo[k]).decode())
                                       for k in self._memo.fresh))
            self._save_hashes(self._con)
            self._con.execute("COMMIT")
            self._hashes = dict(self._checked)
        except sqlite3.DatabaseError as err:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._con.execute("ROLLBACK")
            log.warning("%s: extraction cache not saved (%s)", self.path, err)
        self._new.clear()

    def _save_hashes(self, con: sqlite3.Connection) -> None:
        """Make the files table this build's hashes, writing only the rows that changed."""
        con.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in self._hashes if p not in self._checked))
        con.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                        ((p, *v) for p, v in self._checked.items() if self._hashes.get(p) != v))

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def open_cache(folder: Path, fingerprint: str, readonly: bool = False) -> ExtractionCache:
    from knowledge.store import STORE_DIR

    return ExtractionCache(folder / STORE_DIR / CACHE_NAME, fingerprint, readonly)


def cached_file_hash(cache: ExtractionCache | None, path: Path, name: str) -> str:
    if cache is None:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return cache.file_hash(path, name)

