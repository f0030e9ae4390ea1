"""Read a knowledge base folder into Documents; refuse what cannot be read, never skip it.

A document is a UTF-8 ``.txt``, ``.md`` or ``.html`` file, in the folder or any subfolder.
Its id is its path in the folder without the extension ("prices", "shop/prices"), so a
file at the top keeps its stem as id; its title is the first line (.txt), first heading
(.md) or ``<title>`` (.html). Files of other kinds (YAML settings, hidden files and
folders, editor leftovers) are not documents.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
from pathlib import Path

from knowledge.errors import KnowledgeBaseError
from knowledge.models import Document
from knowledge.textformats import to_text

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
SETTINGS_FILES = {"aliases.yaml", "facts.yaml"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise KnowledgeBaseError(f"{path}: invalid UTF-16 text ({err.reason})") from err
    if b"\x00" in data[:8192]:
        raise KnowledgeBaseError(f"{path}: binary file, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise KnowledgeBaseError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[err.start]:02x}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from err


def is_editor_leftover(name: str) -> bool:
    """A backup (``notes.txt~``), a vim swap file (``.swp``) or an Emacs auto-save (``#notes.txt#``)."""
    return name.endswith(("~", ".swp", ".swo")) or (name.startswith("#") and name.endswith("#"))


def document_paths(folder: Path) -> list[Path]:
    """The document files under a folder, subfolders included, sorted by relative path.

    Hidden files and folders (``.qabot/`` among them), the settings files at the top and
    editor leftovers are passed over in silence; any other file that is not a document is
    named in a warning. Raises on a missing folder or one with no documents.
    """
    if not folder.exists():
        raise KnowledgeBaseError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise KnowledgeBaseError(f"{folder}: not a folder")
    paths: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        top = Path(root) == folder
        for name in files:
            path = Path(root) / name
            if name.startswith(".") or is_editor_leftover(name) or (top and name in SETTINGS_FILES):
                continue
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                paths.append(path)
            else:
                log.warning("%s: not a document (.txt, .md, .html); ignored", path)
    if not paths:
        raise KnowledgeBaseError(f"{folder}: no documents (.txt, .md or .html files)")
    return sorted(paths, key=lambda p: p.relative_to(folder).parts)


def relative_name(folder: Path, path: Path) -> str:
    """A file's path inside the knowledge base folder, with "/" between its parts."""
    return path.relative_to(folder).as_posix()


def document_id(folder: Path, path: Path) -> str:
    """The relative path without its extension: "prices" or "shop/prices"."""
    return relative_name(folder, path.with_suffix(""))


def read_document(path: Path, folder: Path | None = None) -> Document:
    """One document; ``folder`` (the file's own by default) is what its id and path are relative to."""
    folder = path.parent if folder is None else folder
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise KnowledgeBaseError(f"{path}: larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as err:
        raise KnowledgeBaseError(f"{path}: cannot read ({err.strerror})") from err
    raw = decode(path, data)
    title, body = to_text(path.suffix.lower(), raw.replace("\r\n", "\n").replace("\r", "\n"))
    if not body.strip():
        raise KnowledgeBaseError(f"{path}: no text after the title")
    return Document(
        id=document_id(folder, path),
        title=title or path.stem,
        path=relative_name(folder, path),
        sha256=hashlib.sha256(data).hexdigest(),
        text=body,
    )


def read_documents(folder: Path) -> list[Document]:
    docs = [read_document(p, folder) for p in document_paths(folder)]
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.id in seen:
            raise KnowledgeBaseError(
                f"{folder}: {seen[doc.id]} and {doc.path} share the id {doc.id!r}; rename one"
            )
        seen[doc.id] = doc.path
    return docs
