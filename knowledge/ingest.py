"""Read a knowledge base folder into Documents; a file that cannot be read is skipped and reported.

A document is a ``.txt``, ``.md``, ``.html``, ``.pdf`` or ``.docx`` file (the table in
``knowledge.formats``), in the folder or any subfolder. Its id is its path in the folder
without the extension ("prices", "shop/prices"), so a file at the top keeps its stem as id;
its title is the first line (.txt), first heading (.md, .docx), ``<title>`` (.html) or the
PDF's own title. Hidden files and folders (``.qabot/`` among them), the settings files at
the top and editor leftovers are passed over in silence.

A broken document (undecodable, encrypted, corrupt, empty, or one whose id another file
already has: "a.md" and "a.txt") is skipped with its reason
(:class:`knowledge.models.SkippedFile`), and so is a file of an unknown kind
(:func:`unknown_files`); neither stops the rest. They are logged at INFO level only: the
commands that report them (``qabot build``, ``qabot sources``) print them once, not every
command that loads the folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from knowledge.decoding import decode
from knowledge.errors import DocumentError, KnowledgeBaseError
from knowledge.formats import DOCUMENT_SUFFIXES, read_text
from knowledge.models import Document, SkippedFile

log = logging.getLogger(__name__)

__all__ = ["DOCUMENT_SUFFIXES", "SETTINGS_FILES", "FolderFile", "FolderReading", "decode", "document_files",
           "document_paths", "folder_files", "read_document", "read_documents", "read_folder", "unknown_files"]

SETTINGS_FILES = {"aliases.yaml", "facts.yaml"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
KINDS = ", ".join(sorted(DOCUMENT_SUFFIXES))


@dataclass
class FolderReading:
    """The documents of a folder, and the document files that could not be read."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def is_editor_leftover(name: str) -> bool:
    """A backup (``notes.txt~``), a vim swap file (``.swp``), an Emacs auto-save (``#notes.txt#``)
    or the lock file Word keeps beside an open document (``~$terms.docx``)."""
    return name.endswith(("~", ".swp", ".swo")) or (name.startswith("#") and name.endswith("#")) \
        or name.startswith("~$")


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise KnowledgeBaseError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise KnowledgeBaseError(f"{folder}: not a folder")


class FolderFile(NamedTuple):
    """A file of a knowledge base folder: its name in the folder ("/" between its parts), its path
    (the folder's joined with it) and its suffix in lower case ("" if none)."""

    name: str
    path: str
    suffix: str


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()``, without making a Path."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def folder_files(folder: Path) -> list[FolderFile]:
    """Every file under ``folder`` that is not hidden, a settings file or an editor leftover,
    sorted by its parts inside the folder (made of strings: 10,000 Paths cost a tenth of a second)."""
    _check_folder(folder)
    top = os.fspath(folder)
    found: list[tuple[tuple[str, ...], FolderFile]] = []  # (parts inside the folder, file)
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        inside = Path(root).relative_to(top).parts
        prefix = "".join(f"{part}/" for part in inside)
        base = root if root.endswith(os.sep) else root + os.sep  # os.path.join's, without its cost per file
        found.extend(((*inside, name), FolderFile(prefix + name, base + name, _suffix(name)))
                     for name in files
                     if not (name.startswith(".") or is_editor_leftover(name)
                             or (not inside and name in SETTINGS_FILES)))
    found.sort(key=itemgetter(0))
    return [file for _, file in found]


def document_files(folder: Path) -> list[FolderFile]:
    """The document files under a folder, subfolders included, sorted by relative path.

    Raises on a missing folder; a folder with none gives [] (``read_folder`` refuses it).
    """
    return [file for file in folder_files(folder) if file.suffix in DOCUMENT_SUFFIXES]


def document_paths(folder: Path) -> list[Path]:
    """The paths of ``document_files``."""
    return [Path(file.path) for file in document_files(folder)]


def unknown_files(folder: Path) -> list[SkippedFile]:
    """The files that are not documents of a kind qabot reads, each with the reason."""
    return [SkippedFile(path=file.name, reason=f"not a document ({file.suffix or 'no extension'}; qabot reads {KINDS})")
            for file in folder_files(folder) if file.suffix not in DOCUMENT_SUFFIXES]


def relative_name(folder: Path, path: Path) -> str:
    """A file's path inside the knowledge base folder, with "/" between its parts."""
    whole, top = str(path), str(folder)
    if whole.startswith(top) and whole[len(top):len(top) + 1] == os.sep and os.sep == "/":
        return whole[len(top) + 1:]  # what relative_to gives, without its cost per file
    return path.relative_to(folder).as_posix()


def document_id(folder: Path, path: Path) -> str:
    """The relative path without its extension: "prices" or "shop/prices"."""
    return relative_name(folder, path.with_suffix(""))


def read_document(path: Path, folder: Path | None = None) -> Document:
    """One document; ``folder`` (the file's own by default) is what its id and path are relative to.

    Raises :class:`DocumentError` with the reason when the file cannot be read.
    """
    folder = path.parent if folder is None else folder
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(path, f"larger than {MAX_DOCUMENT_BYTES // 2**20} MiB")
        if size == 0:
            raise DocumentError(path, "empty file")
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(path, f"cannot read ({err.strerror})") from err
    text = read_text(path, data)
    if not text.body.strip():
        raise DocumentError(path, "no text after the title")
    return Document(
        id=document_id(folder, path),
        title=text.title or path.stem,
        path=relative_name(folder, path),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text.body,
        pages=text.pages,
        encoding=text.encoding,
    )


def read_folder(folder: Path, reuse: Callable[[str], Document | None] | None = None) -> FolderReading:
    """Every document of ``folder`` that can be read, and the others with their reasons.

    Of two files with one id ("a.md" and "a.txt"), the first in path order is read and the
    other skipped. Raises on a missing folder or one with no readable document. ``reuse``
    gives the document a file (by its name in the folder) was read as before, if its bytes
    are known to be the same: it is not read again.
    """
    reading = FolderReading()
    seen: dict[str, str] = {}
    for file in document_files(folder):
        rel = file.name
        try:
            doc_id = rel[:len(rel) - len(file.suffix)]  # document_id's
            if doc_id in seen:
                raise DocumentError(Path(file.path), f"same id {doc_id!r} as {seen[doc_id]}; rename one")
            doc = reuse(rel) if reuse is not None else None
            if doc is None or doc.id != doc_id or doc.path != rel:  # a Path made only for a file read
                doc = read_document(Path(file.path), folder)
        except DocumentError as err:
            log.info("%s: skipped (%s)", Path(file.path), err.reason)
            reading.skipped.append(SkippedFile(path=rel, reason=err.reason))
            continue
        seen[doc.id] = doc.path
        reading.documents.append(doc)
    if not reading.documents:
        detail = f"; skipped {', '.join(f'{s.path} ({s.reason})' for s in reading.skipped)}" \
            if reading.skipped else f" ({KINDS} files)"
        raise KnowledgeBaseError(f"{folder}: no documents{detail}")
    return reading


def read_documents(folder: Path) -> list[Document]:
    """The documents of ``folder`` that can be read (see :func:`read_folder`)."""
    return read_folder(folder).documents
