"""A Word file's text with python-docx (the ``qabot[documents]`` extra).

Choices:
- Paragraphs and tables are read in document order; an empty paragraph is dropped.
- A paragraph styled "Title" or "Heading N" is a heading: the first one is the title
  (unless the file's properties give one), later ones are blocks of their own, which
  ``knowledge.sentences`` reads as section headings.
- A list paragraph (a "List ..." style) is a sentence: it gets a full stop when it ends
  without punctuation, as a Markdown list item does.
- A table becomes one sentence per row (``knowledge.tables``); its first row is the header
  when it has more than one row. A cell merged across columns is read once.
- A file that is not a Word package (a corrupt zip, an old binary .doc, or an encrypted
  one, which Word stores as an OLE file) is refused with the reason.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from knowledge.errors import DocumentError
from knowledge.formats import DocumentText
from knowledge.tables import Table, proper_nouns, table_sentences
from knowledge.textformats import as_sentence, clean_lines

log = logging.getLogger(__name__)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx, or a .doc renamed


def _is_heading(paragraph: Paragraph) -> bool:
    name = paragraph.style.name if paragraph.style is not None else ""
    return name == "Title" or name.startswith("Heading")


def _is_list_item(paragraph: Paragraph) -> bool:
    name = paragraph.style.name if paragraph.style is not None else ""
    return name.startswith("List")


def _table(table: DocxTable) -> Table:
    rows: list[list[str]] = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # one cell merged across columns
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    if len(rows) > 1:
        return Table(header=rows[0], rows=rows[1:])
    return Table(rows=rows)


def _open(path: Path, data: bytes) -> docx.document.Document:
    if data.startswith(OLE_SIGNATURE):
        raise DocumentError(path, "encrypted DOCX or an old .doc file; save it as an unprotected .docx")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as err:
        raise DocumentError(path, f"corrupt DOCX ({type(err).__name__}: {err})") from err
    except Exception as err:  # lxml's XML errors and others: a parser of arbitrary files
        log.debug("%s: python-docx failed", path, exc_info=True)
        raise DocumentError(path, f"corrupt DOCX ({type(err).__name__}: {err})") from err


def read_docx(path: Path, data: bytes) -> DocumentText:
    """The title and body of a .docx file."""
    document = _open(path, data)
    title = " ".join((document.core_properties.title or "").split())
    blocks: list[str | Table] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            blocks.append(_table(item))
            continue
        text = " ".join(item.text.split())
        if not text:
            continue
        if _is_heading(item) and (not title or (text == title and not blocks)):
            title = title or text
        elif _is_list_item(item):
            blocks.append(as_sentence(text))
        else:
            blocks.append(text)
    proper = proper_nouns("\n".join(b for b in blocks if isinstance(b, str)))
    parts: list[str] = []
    for block in blocks:
        parts.extend(table_sentences(block, proper) if isinstance(block, Table) else [block])
    return DocumentText(title=title, body=clean_lines("\n\n".join(parts)))
