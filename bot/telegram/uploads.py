"""Checks on a document an administrator sends: its name, its size and its content.

Choices:
- The size cap is the Bot API's own download limit (20 MB): a larger file is refused from
  the size Telegram states, before it is downloaded, and again from the bytes received.
- A name is kept as sent when it is safe, never rewritten: no path separators, no NUL or
  control characters, not hidden (a leading dot), not ``..``, not an editor leftover, at
  most 120 characters, and a suffix of a kind qabot reads (``knowledge.formats``).
- The type is judged by content, not only by name: a PDF starts with ``%PDF-``; a DOCX is
  a zip holding ``word/document.xml``; a text file (.txt, .md, .html) is no known binary
  format and decodes as text (``knowledge.decoding``). The reader of its kind must then
  find text in it, so a corrupt or empty file is refused before anything is written.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from knowledge.decoding import decode_text, html_charset
from knowledge.errors import DocumentError, QabotError
from knowledge.formats import DOCUMENT_SUFFIXES, read_text
from knowledge.ingest import is_editor_leftover

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit
MAX_NAME_CHARS = 120
BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF",
                b"MZ", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
KINDS = ", ".join(sorted(DOCUMENT_SUFFIXES))


class UploadRefused(QabotError):
    """A document that is not taken; the message says why, in one line for the sender."""


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def check_size(size: int | None) -> None:
    """Refuse a file larger than the cap (``size`` None: not known yet)."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"the file is {_size(size)}, over the limit of {_size(MAX_UPLOAD_BYTES)}")


def safe_name(name: str | None) -> str:
    """The file name to save under, or UploadRefused if it is not safe to keep."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise UploadRefused("the file has no name; send it as a file with a name such as notes.md")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in Path(name).parts:
        raise UploadRefused("the file name must not contain a path")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise UploadRefused("the file name contains control characters")
    if name.startswith(".") or is_editor_leftover(name):
        raise UploadRefused("hidden files and editor leftovers are not documents")
    if len(name) > MAX_NAME_CHARS:
        raise UploadRefused(f"the file name is longer than {MAX_NAME_CHARS} characters")
    if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES or not Path(name).stem.strip():
        raise UploadRefused(f"I read only these kinds of file: {KINDS}")
    return name


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_content(name: str, data: bytes) -> str:
    """Check that ``data`` is what ``name`` says and that it has text; return its title."""
    check_size(len(data))
    if not data:
        raise UploadRefused("the file is empty")
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise UploadRefused(f"{name} is not a PDF (it does not start with %PDF-)")
    if suffix == ".docx" and not _is_docx(data):
        raise UploadRefused(f"{name} is not a Word document (.docx)")
    if suffix in TEXT_SUFFIXES:
        if data.startswith(BINARY_MAGIC):
            raise UploadRefused(f"{name} is a binary file, not text")
        try:
            decode_text(Path(name), data, html_charset(data) if suffix in (".html", ".htm") else None)
        except DocumentError as err:
            raise UploadRefused(f"{name}: {err.reason}") from err
    try:
        text = read_text(Path(name), data)
    except DocumentError as err:
        raise UploadRefused(f"{name}: {err.reason}") from err
    if not text.body.strip():
        raise UploadRefused(f"{name}: no text after the title")
    return text.title or Path(name).stem
