"""A shop's knowledge base of PDF, Word, Markdown, HTML and text files in subfolders, through the CLI.

The files are real ones, made here (fpdf2, python-docx). A corrupt PDF among them is
reported once, by ``qabot build``, and the rest answers; ``qabot sources`` lists both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from document_files import make_docx, make_pdf

if TYPE_CHECKING:
    from conftest import Result

pytestmark = pytest.mark.usefixtures("clean_env")

Cli = Callable[..., "Result"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kb = tmp_path_factory.mktemp("shop")
    for sub in ("manuals", "trade", "web", "notes"):
        (kb / sub).mkdir()
    make_pdf(kb / "manuals" / "warranty.pdf", [
        ["Grinder warranty", "This booklet explains the warranty of the burr grinders we sell in the shop."],
        ["The grinder warranty lasts two years from the date of purchase.", "Keep the receipt as proof of purchase."],
        ["Repairs under warranty take about ten working days."],
    ], title="Grinder Warranty")
    make_docx(kb / "trade" / "wholesale.docx", [
        ("title", "Wholesale"),
        ("paragraph", "Cafés and offices can buy our coffee wholesale."),
        ("heading", "Minimum order"),
        ("paragraph", "The minimum wholesale order is 5 kg of beans."),
        ("table", [("Plan", "Discount", "Delivery"), ("Office", "10%", "weekly"), ("Café", "15%", "twice a week")]),
    ])
    (kb / "prices.md").write_text("# Prices\n\nOur coffee is roasted every Monday.\n\n"
                                  "| Product | Price | Origin |\n|---|---|---|\n"
                                  "| Decaf | $14 | Colombia |\n| House blend | $12 | Brazil |\n")
    (kb / "web" / "hours.html").write_text(
        "<html><head><title>Opening hours</title></head><body><nav><a href='/'>Home</a></nav>"
        "<h1>Opening hours</h1><p>The shop opens at 8 am on weekdays and at 10 am on Sundays.</p>"
        "<script>var opens = 'never';</script></body></html>")
    (kb / "notes" / "roasting.txt").write_text(
        "Roasting notes\nWe roast our beans in a small drum roaster in Portland.\n")
    (kb / "notes" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    return kb


@pytest.mark.parametrize(
    ("question", "contains", "document", "page"),
    [
        pytest.param("How long does the grinder warranty last?", "two years", "manuals/warranty", 2, id="pdf"),
        pytest.param("How long do repairs take?", "ten working days", "manuals/warranty", 3, id="pdf-page-3"),
        pytest.param("What is the minimum wholesale order?", "5 kg", "trade/wholesale", None, id="docx"),
        pytest.param("What discount does a café get?", "15%", "trade/wholesale", None, id="docx-table"),
        pytest.param("How much is the Decaf?", "$14", "prices", None, id="markdown-table"),
        pytest.param("When does the shop open on Sundays?", "10 am", "web/hours", None, id="html"),
        pytest.param("Where do you roast the beans?", "Portland", "notes/roasting", None, id="txt"),
    ],
)
def test_each_format_answers(cli: Cli, shop: Path, question: str, contains: str, document: str,
                             page: int | None) -> None:
    result = cli("ask", "--kb", str(shop), "--json", question)
    assert result.code == 0, result.err
    answer = json.loads(result.out)
    assert answer["found"] is True and contains in answer["text"]
    (citation, *_) = answer["citations"]
    assert citation["document"] == document
    assert citation.get("page") == page


def test_the_pdf_page_is_in_the_source_line(cli: Cli, shop: Path) -> None:
    result = cli("ask", "--kb", str(shop), "How long does the grinder warranty last?")
    assert 'Source: Grinder Warranty, p. 2 — "The grinder warranty lasts two years' in result.out


def qabot(*args: str) -> subprocess.CompletedProcess[str]:
    """A whole ``qabot`` process, to see its standard error as a user does."""
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          timeout=60, check=False)


def test_a_corrupt_file_is_reported_once_by_build(shop: Path) -> None:
    asked = qabot("ask", "--kb", str(shop), "Where do you roast the beans?")
    assert asked.returncode == 0 and "Portland" in asked.stdout
    assert asked.stderr == ""  # a command that only loads the folder says nothing of it
    built = qabot("build", "--kb", str(shop))
    assert built.returncode == 0
    (line,) = built.stderr.splitlines()
    assert line.startswith(f"qabot: WARNING: {shop / 'notes' / 'broken.pdf'}: skipped: corrupt PDF (")
    assert "documents    5" in built.stdout
    asked = qabot("ask", "--kb", str(shop), "Where do you roast the beans?")
    assert asked.returncode == 0 and "Portland" in asked.stdout
    assert asked.stderr == ""  # not repeated on every command


def test_build_strict_exits_2_on_a_skipped_file(cli: Cli, shop: Path) -> None:
    result = cli("build", "--kb", str(shop), "--strict")
    assert result.code == 2
    assert result.err.splitlines()[-1] == "qabot: error: 1 file(s) skipped, and --strict was given"


def test_sources_lists_documents_and_skipped_files(cli: Cli, shop: Path) -> None:
    result = cli("sources", "--kb", str(shop))
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "5 documents:"
    assert any(line.split() == ["manuals/warranty.pdf", "Grinder", "Warranty", "(4", "passages,", "3", "pages)"]
               for line in lines), lines
    assert any(line.startswith("  trade/wholesale.docx  Wholesale (") for line in lines)
    assert "1 file skipped:" in lines
    assert any(line.startswith("  notes/broken.pdf") and "corrupt PDF" in line for line in lines)


def test_sources_of_the_bundled_documents(cli: Cli) -> None:
    result = cli("sources")
    assert result.code == 0
    assert result.out.splitlines()[0] == "2 documents:"
    assert "skipped" not in result.out


def test_a_legacy_encoding_is_said_by_build_and_sources(cli: Cli, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "menu.txt").write_bytes(
        "Café menu\nThe crème brûlée costs six dollars at the café, and the décor is from "
        "Marseille; the owner’s menu changes every week.\n".encode("cp1252"))
    built = cli("build", "--kb", str(tmp_path), "--strict")
    assert built.code == 0  # read, so not skipped: --strict does not fail on it
    assert f"{tmp_path / 'menu.txt'}: not UTF-8; read as cp1252 (save it as UTF-8 to be sure)" in caplog.messages
    listed = cli("sources", "--kb", str(tmp_path))
    assert "  menu.txt  Café menu (1 passage, read as cp1252)" in listed.out.splitlines()
    asked = cli("ask", "--kb", str(tmp_path), "How much is the crème brûlée?")
    assert "six dollars" in asked.out
