"""PDF files read with pypdf (knowledge.pdf_text): pages, titles, tables, and the ones skipped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from document_files import encrypt_pdf, make_pdf, make_scanned_pdf

from knowledge.build import build_knowledge_base
from knowledge.ingest import read_folder
from knowledge.pdf_text import paragraphs

BUNDLED = Path(__file__).parent.parent / "knowledge" / "documents"
WRAPPED = ("Every grinder we sell comes with a warranty that covers the motor and the burrs against "
           "defects in materials and workmanship for the whole period stated below, if used at home.")
PAGES = [
    ["Warranty terms", WRAPPED],
    ["The grinder warranty lasts two years from the date of purchase. Keep the receipt.",
     [("Part", "Cover", "Term"), ("Motor", "full", "two years"), ("Burrs", "wear", "one year")]],
    ["Returns are accepted within thirty days of delivery."],
]


@pytest.fixture
def warranty(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "warranty.pdf", PAGES, title="Grinder Warranty")


def test_text_pages_and_title(tmp_path: Path, warranty: Path) -> None:
    (doc,) = read_folder(tmp_path).documents
    assert (doc.id, doc.title, doc.path) == ("warranty", "Grinder Warranty", "warranty.pdf")
    assert len(doc.pages) == 3 and doc.pages[0] == 0
    page_texts = [doc.text[a:b] for a, b in zip(doc.pages, [*doc.pages[1:], len(doc.text)], strict=True)]
    assert page_texts[0].startswith("Warranty terms\n\nEvery grinder")
    assert WRAPPED in page_texts[0]  # the lines cut at the page width are one paragraph again
    assert "lasts two years" in page_texts[1] and "Motor full two years" in page_texts[1]
    assert page_texts[2].strip() == "Returns are accepted within thirty days of delivery."


def test_passages_know_their_page(tmp_path: Path, warranty: Path) -> None:
    kb = build_knowledge_base(tmp_path, BUNDLED)
    pages = {p.text.split(".")[0]: p.page for p in kb.passages}
    assert pages["The grinder warranty lasts two years from the date of purchase"] == 2
    assert pages["Returns are accepted within thirty days of delivery"] == 3
    assert {p.page for p in kb.passages} == {1, 2, 3}


@pytest.mark.parametrize("meta_title", ["", "Microsoft Word - terms.docx", "Untitled document", "terms.pdf"])
def test_without_a_title_the_first_short_line_is_the_title(tmp_path: Path, meta_title: str) -> None:
    make_pdf(tmp_path / "terms.pdf", [["Delivery terms", "We deliver on Tuesdays and Fridays."]], title=meta_title)
    (doc,) = read_folder(tmp_path).documents
    assert doc.title == "Delivery terms"
    assert doc.text == "We deliver on Tuesdays and Fridays."


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda d, src: encrypt_pdf(src, d / "locked.pdf"),
                     "encrypted PDF (it needs a password); save an unprotected copy", id="encrypted"),
        pytest.param(lambda d, src: make_scanned_pdf(d / "scan.pdf"), "no text layer; OCR it first", id="scanned"),
        pytest.param(lambda d, src: (d / "cut.pdf").write_bytes(src.read_bytes()[:300]), "corrupt PDF", id="truncated"),
        pytest.param(lambda d, src: (d / "fake.pdf").write_text("not a PDF at all"), "corrupt PDF", id="not-a-pdf"),
    ],
)
def test_unreadable_pdfs_are_skipped_with_the_reason(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "source.pdf", PAGES)
    (tmp_path / "kb").mkdir()
    make(tmp_path / "kb", source)
    (tmp_path / "kb" / "notes.txt").write_text("Notes\nThe shop opens at nine.\n")
    reading = read_folder(tmp_path / "kb")
    assert [d.id for d in reading.documents] == ["notes"]
    ((skipped),) = reading.skipped
    assert skipped.reason.startswith(reason), skipped.reason


def test_a_pdf_with_an_empty_user_password_is_read(tmp_path: Path, warranty: Path) -> None:
    encrypt_pdf(warranty, tmp_path / "open.pdf", password="")
    warranty.unlink()
    (doc,) = read_folder(tmp_path).documents
    assert "lasts two years" in doc.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("A heading\nThe first line of a long paragraph that the page width cut\nhere.",
                     ["A heading", "The first line of a long paragraph that the page width cut here."], id="wrapped"),
        pytest.param("It costs\nfourteen dollars.", ["It costs fourteen dollars."], id="lower-case-goes-on"),
        pytest.param("The warranty covers every motor we ever sold in the shop, war-\nranty cards aside.",
                     ["The warranty covers every motor we ever sold in the shop, warranty cards aside."],
                     id="hyphen"),
        pytest.param("What is covered and what is not covered at all\n• Motors\n• Burrs",
                     ["What is covered and what is not covered at all", "• Motors", "• Burrs"], id="bullets"),
        pytest.param("One.\n\nTwo.", ["One.", "Two."], id="blank-line"),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


@pytest.mark.parametrize(("name", "module", "kind"), [("a.pdf", "pypdf", "PDF"), ("a.docx", "docx", "DOCX")])
def test_without_the_documents_extra_the_file_is_skipped_with_the_install_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, module: str, kind: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed: its import fails
    monkeypatch.delitem(sys.modules, "knowledge.pdf_text", raising=False)
    monkeypatch.delitem(sys.modules, "knowledge.docx_text", raising=False)
    (tmp_path / name).write_bytes(b"%PDF-1.4 or a zip, never opened")
    (tmp_path / "notes.txt").write_text("Notes\nThe shop opens at nine.\n")
    (skipped,) = read_folder(tmp_path).skipped
    assert (skipped.path, skipped.reason) == (name, f"install qabot[documents] to read {kind}")
