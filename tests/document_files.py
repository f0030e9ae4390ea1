"""Real PDF and Word files made in the tests: fpdf2 writes PDFs, python-docx Word files.

Both come with the ``test`` extra (fpdf2 directly, python-docx through ``qabot[documents]``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

Row = Sequence[str]


def make_pdf(path: Path, pages: Sequence[Sequence[str | Sequence[Row]]], title: str = "") -> Path:
    """A PDF with one page per item of ``pages``: each a list of paragraphs, or tables (lists of rows)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    for blocks in pages:
        pdf.add_page()
        for block in blocks:
            if isinstance(block, str):
                pdf.multi_cell(0, 8, block, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
                continue
            with pdf.table() as table:
                for cells in block:
                    row = table.row()
                    for cell in cells:
                        row.cell(cell)
            pdf.ln(4)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page holds a drawing and no text, as a scan does."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, path: Path, password: str = "secret") -> Path:
    """A copy of ``source`` that opens only with ``password`` (RC4, which pypdf reads unaided)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with path.open("wb") as out:
        writer.write(out)
    return path


def make_docx(path: Path, blocks: Sequence[tuple[str, str | Sequence[Row]]], title: str = "") -> Path:
    """A Word file of (kind, content) blocks: kind "title", "heading", "paragraph", "bullet" or "table"."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
    for kind, content in blocks:
        if kind == "table":
            rows = list(content)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for i, cells in enumerate(rows):
                for j, cell in enumerate(cells):
                    table.cell(i, j).text = cell
        elif kind in {"title", "heading"}:
            document.add_heading(str(content), 0 if kind == "title" else 1)
        else:
            document.add_paragraph(str(content), style="List Bullet" if kind == "bullet" else None)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path
