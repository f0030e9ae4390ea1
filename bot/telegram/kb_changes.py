"""Add a document to the knowledge base folder, or remove one, and rebuild; undo on failure.

Synchronous (run in a thread by the handlers, under the reload lock). A document is
written atomically (``knowledge.atomic``: a temporary file beside it, then a rename). The
knowledge base is then rebuilt with ``Engine.from_folder``, which takes unchanged documents
from the cache. If the rebuild fails, or skips the new document, the folder is put back as
it was (a replaced file gets its old bytes again) and the caller keeps its old engine.
Nothing outside the folder is ever written or removed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.telegram.uploads import UploadRefused
from knowledge.atomic import write_atomically
from knowledge.errors import KnowledgeBaseError
from knowledge.ingest import document_id
from knowledge.models import Document, KnowledgeBase
from knowledge.report import count_document_facts
from knowledge.stored_rows import doc_ids
from retrieval.engine import Engine

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Learned:
    """What a change did: the document concerned and the knowledge base after it."""

    engine: Engine
    path: str  # relative to the folder
    title: str
    passages: int  # of the added document (0 when removed)
    facts: dict[str, int]  # of the added document, by kind
    replaced: bool = False


def _write(path: Path, data: bytes) -> None:
    write_atomically(path, lambda tmp: tmp.write_bytes(data), what="the document")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise KnowledgeBaseError(f"{path.name}: cannot read ({err.strerror})") from err


def _restore(path: Path, old: bytes | None) -> None:
    """Put ``path`` back as it was: its old bytes, or no file."""
    try:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            _write(path, old)
    except (OSError, KnowledgeBaseError) as err:
        logger.error("%s: could not be put back after a failed rebuild: %s", path, err)


def _skipped_reason(kb: KnowledgeBase, rel: str) -> str | None:
    return next((f.reason for f in kb.skipped if f.path == rel), None)


def add_document(folder: Path, name: str, data: bytes, current: list[Document]) -> Learned:
    """Save ``data`` as ``folder/name`` and rebuild; UploadRefused or KnowledgeBaseError if not."""
    path = folder / name
    doc_id = document_id(folder, path)
    clash = next((d for d in current if d.id == doc_id and d.path != name), None)
    if clash is not None:
        raise UploadRefused(f"{clash.path} already has the id {doc_id!r}; remove it first "
                            f"(/remove {clash.path}) or send the file as {clash.path}")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UploadRefused(f"{name} exists in the folder and is not a plain file")
    old = _read(path) if path.is_file() else None
    _write(path, data)
    try:
        engine = Engine.from_folder(folder)
        doc = next((d for d in engine.kb.documents if d.path == name), None)
        if doc is None:
            raise UploadRefused(f"{name}: {_skipped_reason(engine.kb, name) or 'not read'}")
    except (KnowledgeBaseError, UploadRefused):
        _restore(path, old)  # the store, if saved, no longer matches: the next load rebuilds
        raise
    passages = doc_ids(engine.kb.passages).count(doc.id)  # none read (knowledge.stored_rows)
    return Learned(engine, name, doc.title, passages, count_document_facts(engine.kb, doc.id),
                   replaced=old is not None)


def find_document(folder: Path, name: str, current: list[Document]) -> Document | None:
    """The folder's document whose relative path or id is ``name``, if it lies in the folder."""
    name = name.strip().strip("/")
    doc = next((d for d in current if d.sha256 and name in (d.path, d.id)), None)
    if doc is None:
        return None
    path = folder / doc.path
    root = folder.resolve()
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(root):
        return None
    return doc


def remove_document(folder: Path, doc: Document) -> Learned:
    """Remove ``doc``'s file from ``folder`` and rebuild; KnowledgeBaseError (file put back) if not."""
    path = folder / doc.path
    old = _read(path)
    try:
        path.unlink()
    except OSError as err:
        raise KnowledgeBaseError(f"{doc.path}: cannot remove ({err.strerror})") from err
    try:
        engine = Engine.from_folder(folder)
    except KnowledgeBaseError:
        _restore(path, old)
        raise
    return Learned(engine, doc.path, doc.title, 0, {})
