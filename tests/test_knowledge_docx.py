"""Word files read with python-docx (knowledge.docx_text): headings, lists, tables, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from document_files import make_docx

from knowledge.build import build_knowledge_base
from knowledge.docx_text import OLE_SIGNATURE
from knowledge.ingest import read_folder

BUNDLED = Path(__file__).parent.parent / "knowledge" / "documents"
BLOCKS = [
    ("title", "Wholesale"),
    ("paragraph", "Cafés and offices buy our coffee wholesale; beans are grown in Colombia and Brazil."),
    ("heading", "Prices"),
    ("table", [("Product", "Price", "Origin"), ("Decaf", "$14", "Colombia"), ("House blend", "$12", "Brazil")]),
    ("heading", "Delivery"),
    ("bullet", "Free delivery over 10 kg"),
    ("bullet", "Orders by Thursday ship on Friday."),
]


def test_headings_paragraphs_lists_and_tables(tmp_path: Path) -> None:
    make_docx(tmp_path / "wholesale.docx", BLOCKS)
    (doc,) = read_folder(tmp_path).documents
    assert (doc.id, doc.title, doc.path) == ("wholesale", "Wholesale", "wholesale.docx")
    assert doc.text.split("\n\n") == [
        "Cafés and offices buy our coffee wholesale; beans are grown in Colombia and Brazil.",
        "Prices",
        "Decaf: price $14, origin Colombia.",
        "House blend: price $12, origin Brazil.",
        "Delivery",
        "Free delivery over 10 kg.",
        "Orders by Thursday ship on Friday.",
    ]
    assert doc.pages == []


def test_headings_are_sections(tmp_path: Path) -> None:
    make_docx(tmp_path / "wholesale.docx", BLOCKS)
    kb = build_knowledge_base(tmp_path, BUNDLED)
    sections = {s.text: s.section for s in kb.sentences}
    assert sections["Decaf: price $14, origin Colombia."] == "Prices"
    assert sections["Free delivery over 10 kg."] == "Delivery"


def test_the_title_property_comes_first(tmp_path: Path) -> None:
    make_docx(tmp_path / "w.docx", [("heading", "Terms"), ("paragraph", "Pay within 30 days.")],
              title="Wholesale terms")
    (doc,) = read_folder(tmp_path).documents
    assert doc.title == "Wholesale terms"
    assert doc.text == "Terms\n\nPay within 30 days."


def test_a_merged_cell_is_read_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Stock", 0)
    table = document.add_table(rows=2, cols=3)
    for j, cell in enumerate(("Product", "Note", "Price")):
        table.cell(0, j).text = cell
    table.cell(1, 0).text = "Decaf"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "sold out"
    document.save(str(tmp_path / "stock.docx"))
    (doc,) = read_folder(tmp_path).documents
    assert doc.text == "Decaf: note sold out."


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda p: p.write_bytes(b"PK\x03\x04 cut short"), "corrupt DOCX", id="bad-zip"),
        pytest.param(_zip_without_document, "corrupt DOCX", id="zip-without-document"),
        pytest.param(lambda p: p.write_bytes(OLE_SIGNATURE + b"\x00" * 512), "encrypted DOCX or an old .doc file",
                     id="encrypted"),
    ],
)
def test_unreadable_word_files_are_skipped(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path / "broken.docx")
    (tmp_path / "notes.txt").write_text("Notes\nThe shop opens at nine.\n")
    reading = read_folder(tmp_path)
    assert [d.id for d in reading.documents] == ["notes"]
    (skipped,) = reading.skipped
    assert skipped.path == "broken.docx" and skipped.reason.startswith(reason), skipped.reason
