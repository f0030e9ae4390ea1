"""Which reader turns a file of each kind into (title, body): a table keyed by suffix.

Text formats (.txt, .md, .html) are decoded first (``knowledge.decoding``). PDF and DOCX
are read by pypdf and python-docx, which come with the ``qabot[documents]`` extra; their
modules are imported on the first file of that kind only, so a folder without one never
loads them. Without the extra such a file is skipped with the line "install
qabot[documents] to read PDF".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.decoding import decode_text, html_charset
from knowledge.errors import DocumentError
from knowledge.textformats import html_to_text, markdown_to_text, plain_to_text

EXTRA = "qabot[documents]"


@dataclass(frozen=True)
class DocumentText:
    """A document's title and body text; ``pages`` are where each page starts in ``body``."""

    title: str
    body: str
    pages: list[int] = field(default_factory=list)
    encoding: str = ""


Reader = Callable[[Path, bytes], DocumentText]


def _lines(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _text_reader(convert: Callable[[str], tuple[str, str]],
                 declared: Callable[[bytes], str | None] | None = None) -> Reader:
    def read(path: Path, data: bytes) -> DocumentText:
        decoded = decode_text(path, data, declared(data) if declared else None)
        title, body = convert(_lines(decoded.text))
        return DocumentText(title, body, encoding=decoded.encoding)

    return read


def _needs_extra(kind: str, modules: set[str], load: Callable[[], Reader]) -> Reader:
    """A reader whose library may be missing: then the file is skipped with an install hint."""
    def read(path: Path, data: bytes) -> DocumentText:
        try:
            convert = load()
        except ModuleNotFoundError as err:
            if (err.name or "").split(".")[0] not in modules:
                raise
            raise DocumentError(path, f"install {EXTRA} to read {kind}") from err
        return convert(path, data)

    return read


def _pdf() -> Reader:
    from knowledge.pdf_text import read_pdf

    return read_pdf


def _docx() -> Reader:
    from knowledge.docx_text import read_docx

    return read_docx


READERS: dict[str, Reader] = {
    ".txt": _text_reader(plain_to_text),
    ".md": _text_reader(markdown_to_text),
    ".markdown": _text_reader(markdown_to_text),
    ".html": _text_reader(html_to_text, html_charset),
    ".htm": _text_reader(html_to_text, html_charset),
    ".pdf": _needs_extra("PDF", {"pypdf"}, _pdf),
    ".docx": _needs_extra("DOCX", {"docx", "lxml"}, _docx),
}
DOCUMENT_SUFFIXES = frozenset(READERS)


def read_text(path: Path, data: bytes) -> DocumentText:
    """The title and body of a document file, by its suffix."""
    return READERS[path.suffix.lower()](path, data)
