"""The incremental build's memory: each document's extraction, and each input file's hash.

``DIR/.qabot/cache.sqlite`` holds these tables:

- ``extractions(key, data)``: a document's ``DocumentExtraction`` as JSON, keyed by the
  extractor's fingerprint, the document's path and the sha256 of its bytes. A build takes
  the unchanged documents from here and extracts only the new or edited ones; the
  corpus-wide steps (acronyms, people, events, series, places) are redone from all of them
  (acronyms from each document's evidence, events and dated facts by document, below).
- ``summaries(key, data)``, ``phrases(key, data)`` and ``role_mentions(key, data)``: the
  parts of each extraction that every build reads (acronym evidence, its phrases apart:
  knowledge.stored_evidence; role mentions, ``people_memo.roles_json``:
  knowledge.document_parts), under the same key. A document whose sentences and passages
  this process holds (knowledge.previous_build) is read as these alone (its phrases and
  mentions only when asked for); its extraction only if a corpus-wide step asks for it.
- ``people(key, data)``: the people merged from every document's role mentions, by a hash
  of those mentions as stored (knowledge.people_memo): the last build's only.
- ``documents(key, data)``: the ``Document`` each file was read as, under the same key: a
  file whose hash is unchanged is not read again (the loader hashes it from its time stamp).
- ``document_memos``, ``memo_details`` and ``builds``: each document's share of the
  corpus-wide facts with hashes of what it depended on, under the same key, and what each
  build found its facts under (knowledge.memo_cache): a document whose share still holds is
  not read again.
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
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from knowledge.keyed_rows import KeyedRows
from knowledge.models import Document
from knowledge.previous_build import PreviousBuild

if TYPE_CHECKING:  # imported where used: opening a current folder extracts nothing
    from knowledge.document_extraction import DocumentExtraction
    from knowledge.document_parts import ExtractedDocument, SummarizedDocument
    from knowledge.extraction_pool import Sidecar
    from knowledge.memo_cache import CachedMemos
    from knowledge.people_memo import StoredPeople

log = logging.getLogger(__name__)

CACHE_NAME = "cache.sqlite"
RACY_NS = 1_000_000_000  # a time stamp this close to the hashing may hide a second write

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document_memos (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memo_details (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS summaries (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS role_mentions (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS phrases (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS people (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS builds (key TEXT PRIMARY KEY, data TEXT NOT NULL);
DROP TABLE IF EXISTS memos;
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
                                  sha256 TEXT NOT NULL, checked_ns INTEGER NOT NULL);
"""


class ExtractionCache:
    """Per-document extractions and file hashes of one knowledge base folder."""

    def __init__(self, path: Path, fingerprint: str, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self._new: dict[str, str] = {}
        self._new_docs: dict[str, str] = {}
        self._used: set[str] = set()
        self._read_before: set[str] = set()  # documents taken from the cache, not read
        self._hashes: dict[str, tuple[int, int, str, int]] = {}
        self._checked: dict[str, tuple[int, int, str, int]] = {}
        self._memos_made: CachedMemos | None = None
        self._summaries = KeyedRows(self.connection, "summaries", path)
        self._roles = KeyedRows(self.connection, "role_mentions", path)
        self._phrases = KeyedRows(self.connection, "phrases", path)
        self._people = KeyedRows(self.connection, "people", path, whole=False)
        self.previous: PreviousBuild | None = None
        self._doc_keys: set[str] | None = None
        self._keys: dict[tuple[str, str], str] = {}
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
        return self._key(doc.path, doc.sha256)

    def _key(self, path: str, sha256: str) -> str:
        """The rows' key of the file ``path`` read with hash ``sha256``: made once, asked for three
        times a document (its document, extraction and memo; 0.1 s at 10,000 documents)."""
        key = self._keys.get((path, sha256))
        if key is None:
            digest = hashlib.sha256(f"{self.fingerprint}\0{path}\0{sha256}".encode())
            key = self._keys[path, sha256] = digest.hexdigest()
        return key

    def document_reader(self, hashes: dict[str, str]) -> Callable[[str], Document | None]:
        """The documents read before from files whose hash is in ``hashes`` (by name), for
        ``read_folder`` to take instead of reading them."""

        def reuse(name: str) -> Document | None:
            digest = hashes.get(name)
            if self._con is None or not is_digest(digest):
                return None
            key = self._key(name, digest)
            held = self.previous.get(name, digest) if self.previous is not None else None
            if held is not None and key in self._document_keys():
                self._read_before.add(key)
                return held.document
            try:
                row = self._con.execute("SELECT data FROM documents WHERE key = ?", (key,)).fetchone()
                doc = Document.model_validate_json(row[0]) if row else None
            except (sqlite3.DatabaseError, ValidationError):
                return None
            if doc is None or doc.sha256 != digest:
                return None
            self._read_before.add(key)
            return doc

        return reuse

    def _cached(self, doc: Document, key: str) -> DocumentExtraction | None:
        """The stored extraction of the document's bytes, or None."""
        row = None
        if self._con is not None and doc.sha256:
            with contextlib.suppress(sqlite3.DatabaseError):
                row = self._con.execute("SELECT data FROM extractions WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        from knowledge.document_extraction import DocumentExtraction

        try:
            part = DocumentExtraction.model_validate_json(row[0])
        except ValidationError:
            return None
        return part if part.doc_id == doc.id else None

    def _document_keys(self) -> set[str]:
        """The keys of the documents table, read once."""
        if self._doc_keys is None:
            self._doc_keys = set()
            if self._con is not None:
                with contextlib.suppress(sqlite3.DatabaseError):
                    self._doc_keys = {k for (k,) in self._con.execute("SELECT key FROM documents")}
        return self._doc_keys

    def _summarized(self, doc: Document, key: str) -> SummarizedDocument | None:
        """An unchanged document whose objects this process holds and whose summary (acronym
        evidence and role mentions) is stored; its role mentions are read when asked for."""
        held = self.previous.get(doc.path, doc.sha256) if self.previous is not None else None
        if held is None or held.document.id != doc.id:
            return None
        from knowledge.document_parts import SummarizedDocument
        from knowledge.stored_evidence import EvidenceIndex, StoredEvidence

        index = self._summaries.parsed(key, EvidenceIndex.model_validate_json)
        phrases, roles = self._phrases.get(key), self._roles.get(key)
        if index is None or phrases is None or roles is None:
            return None
        # Its phrases that cannot be read are its extraction's, read once (SummarizedDocument keeps it).
        evidence = StoredEvidence(index, phrases, lambda: part.extraction().acronyms)
        part = SummarizedDocument(doc.id, held.sentences, held.passages, roles, evidence,
                                  load=lambda: self._cached(doc, key) or self._extract_again(doc, key))
        return part

    def _extract_again(self, doc: Document, key: str) -> DocumentExtraction:
        """A summarized document's extraction that the cache no longer holds: computed here."""
        from knowledge.document_extraction import extract_document

        part = extract_document(doc)
        self._new[key] = part.model_dump_json()
        return part

    def _summarize(self, doc: Document, key: str, part: DocumentExtraction) -> None:
        if not doc.sha256:
            return
        if self._summaries.get(key) is None or not self._phrases.has(key):
            from knowledge.stored_evidence import evidence_rows

            index, phrases = evidence_rows(part.acronyms)
            self._summaries.put(key, index)
            self._phrases.put(key, phrases)
        if self._roles.get(key) is None:
            self._roles.put(key, part.roles_json())

    def extract_all(self, docs: list[Document], sidecar: Sidecar[Any] | None = None) -> list[ExtractedDocument]:
        """Each document's extraction, in order: from the cache when its bytes are unchanged (only
        its summary, when this process holds its objects), else computed (knowledge.extraction_pool,
        which does the ``sidecar``'s work on them) and kept for the next build."""
        from knowledge.extraction_pool import extract_many

        parts: list[ExtractedDocument | None] = []
        missing: list[tuple[int, str]] = []
        for doc in docs:
            key = self.key(doc)
            self._used.add(key)
            if doc.sha256 and key not in self._read_before:
                self._new_docs[key] = doc.model_dump_json()
            part: ExtractedDocument | None = self._summarized(doc, key)
            if part is None and (whole := self._cached(doc, key)) is not None:
                self._summarize(doc, key, whole)
                part = whole
            parts.append(part)
            if part is None:
                missing.append((len(parts) - 1, key))
        self.hits += len(docs) - len(missing)
        self.misses += len(missing)
        extracted = extract_many([docs[i] for i, _ in missing], keep_json=True, sidecar=sidecar)
        for (index, key), (made, data) in zip(missing, extracted, strict=True):
            parts[index] = made
            self._summarize(docs[index], key, made)
            if docs[index].sha256 and data is not None:
                self._new[key] = data
        return [part for part in parts if part is not None]

    def connection(self) -> sqlite3.Connection | None:
        return self._con

    def people_memo(self) -> StoredPeople:
        """The people the last build merged, by a hash of the role mentions they were merged from."""
        from knowledge.people_memo import StoredPeople

        return StoredPeople(self._people, self.fingerprint)

    def document_memos(self) -> CachedMemos:
        """Each document's share of the corpus-wide facts in the last build, for this build to
        reuse, and to keep for the next (opened when a build first asks for them)."""
        if self._memos_made is None:
            from knowledge.memo_cache import CachedMemos

            self._memos_made = CachedMemos(self.connection, self.path, self.key, lambda: self.previous)
        return self._memos_made

    def use_previous(self, previous: PreviousBuild | None) -> None:
        """Take unchanged documents' objects from ``previous`` (a knowledge base this process holds)."""
        self.previous = previous
        if previous is not None and not all(map(is_digest, previous.inputs.values())):
            self.previous = None  # a file changed during its build, or unreadable: not a pure function of inputs

    def file_hash(self, path: str | Path, name: str) -> str:
        """sha256 of the file's bytes, read only when its size or time stamp changed."""
        st = os.stat(path)
        known = self._checked.get(name) or self._hashes.get(name)  # hashed earlier in this build, or the last
        if known and known[0] == st.st_mtime_ns and known[1] == st.st_size and st.st_mtime_ns < known[3] - RACY_NS:
            self._checked[name] = known
            return known[2]
        digest = file_digest(path)
        self._checked[name] = (st.st_mtime_ns, st.st_size, digest, time.time_ns())
        return digest

    def save(self, inputs: dict[str, str] | None = None) -> None:
        """Record this build's new extractions and hashes, and what its ``inputs`` were built under;
        forget documents no longer in the folder."""
        if self._con is None or self.readonly:
            return
        memos = self._memos_made  # None: this build read no memos, so it has none to save
        if memos is not None and inputs is not None and memos.this_build is not None \
                and all(map(is_digest, inputs.values())):
            from knowledge.memo_cache import inputs_key

            memos.builds.put(inputs_key(inputs), memos.this_build)
        try:
            self._con.execute("BEGIN")
            self._con.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", self._new.items())
            stale = [(k,) for (k,) in self._con.execute("SELECT key FROM extractions") if k not in self._used]
            self._con.executemany("DELETE FROM extractions WHERE key = ?", stale)
            self._con.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)", self._new_docs.items())
            stale = [(k,) for (k,) in self._con.execute("SELECT key FROM documents") if k not in self._used]
            self._con.executemany("DELETE FROM documents WHERE key = ?", stale)
            for rows in (*(memos.tables() if memos is not None else ()), self._summaries, self._phrases, self._roles,
                         self._people):
                if rows.used:  # a table this build did not read is left as it was
                    rows.save(self._con)
            self._save_hashes(self._con)
            self._con.execute("COMMIT")
            self._hashes = dict(self._checked)
        except sqlite3.DatabaseError as err:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._con.execute("ROLLBACK")
            log.warning("%s: extraction cache not saved (%s)", self.path, err)
        self._new.clear()
        self._new_docs.clear()

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


def is_digest(value: str | None) -> bool:
    """Whether an input's recorded value is its hash, not a note in brackets in its place
    ("(unreadable: ...)", "(changed during the build)": see ``knowledge.loader``)."""
    return bool(value) and not value.startswith("(")


def file_digest(path: str | Path) -> str:
    """sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cached_file_hash(cache: ExtractionCache | None, path: str | Path, name: str) -> str:
    if cache is None:
        return file_digest(path)
    return cache.file_hash(path, name)

