"""Markdown documents read with markdown-it-py: sections, list items, tables, inline markup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.build import segment
from knowledge.ingest import read_documents
from knowledge.models import Document, Sentence
from knowledge.textformats import markdown_to_text

PROJECT = Path(__file__).parent.parent

SHOP = """# Bean Shop

We roast beans from Colombia and Brazil every Monday.

## Prices

| Product | Price | Origin | SKU |
|---|---|:-:|---|
| Decaf | $14 | Colombia | D-1 |
| House *blend* | $12.50 | Brazil | |

## Opening hours

- Monday to Friday: 8 am to 6 pm
- Closed on Sundays
  - except in *December*

1. Order online
2. Pay `by card`.
"""


def document(tmp_path: Path, text: str, name: str = "shop.md") -> Document:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    return doc


def sentences(doc: Document) -> list[Sentence]:
    return segment(doc)[0]


def test_headings_become_sections(tmp_path: Path) -> None:
    doc = document(tmp_path, SHOP)
    assert doc.title == "Bean Shop"
    by_section = {(s.section, s.text) for s in sentences(doc)}
    assert ("", "We roast beans from Colombia and Brazil every Monday.") in by_section
    assert ("Prices", "Decaf: price $14, origin Colombia, SKU D-1.") in by_section
    assert ("Opening hours", "Closed on Sundays.") in by_section
    assert not any(s.text in {"Prices", "Opening hours"} for s in sentences(doc))


def test_table_rows_become_sentences(tmp_path: Path) -> None:
    texts = [s.text for s in sentences(document(tmp_path, SHOP)) if s.section == "Prices"]
    assert texts == ["Decaf: price $14, origin Colombia, SKU D-1.", "House blend: price $12.50, origin Brazil."]


def test_the_issue_price_table(tmp_path: Path) -> None:
    doc = document(tmp_path, "# Prices\n\n| Product | Price | Origin |\n|---|---|---|\n| Decaf | $14 | Colombia |\n")
    assert [s.text for s in sentences(doc)] == ["Decaf: price $14, origin Colombia."]
    assert "|" not in doc.text


def test_each_list_item_is_its_own_sentence(tmp_path: Path) -> None:
    found = [s for s in sentences(document(tmp_path, SHOP)) if s.section == "Opening hours"]
    assert [s.text for s in found] == [
        "Monday to Friday: 8 am to 6 pm.", "Closed on Sundays.", "except in December.", "1. Order online.",
        "2. Pay by card."]  # an ordered list's items keep their numbers
    assert len({s.paragraph for s in found}) == len(found)  # one block each


def test_a_loose_list_item_keeps_its_paragraphs(tmp_path: Path) -> None:
    doc = document(tmp_path, "# Notes\n\n- First part\n\n  Second part.\n- Other item\n")
    assert [s.text for s in sentences(doc)] == ["First part.", "Second part.", "Other item."]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("Held in **May 2019** in *Saltmarsh*.", "Held in May 2019 in Saltmarsh.", id="emphasis"),
        pytest.param("See [the charter](https://example.org/c.pdf) now.", "See the charter now.", id="link"),
        pytest.param("Run `qabot build` first.", "Run qabot build first.", id="inline-code"),
        pytest.param("A map: ![the basin](map.png).", "A map: the basin.", id="image-alt-text"),
        pytest.param("Now ~~$16~~ $14 a bag.", "Now $14 a bag.", id="struck-out-dropped"),
        pytest.param("A <span class='x'>plain</span> word.", "A plain word.", id="inline-html"),
        pytest.param("Fish &amp; chips are sold.", "Fish & chips are sold.", id="entity"),
        pytest.param("Lines broken\nsoftly and  \nhard here.", "Lines broken softly and hard here.",
                     id="line-breaks"),
    ],
)
def test_inline_markup_is_reduced_to_its_text(markdown: str, expected: str) -> None:
    assert markdown_to_text(f"# Title\n\n{markdown}\n") == ("Title", expected)


def test_front_matter_html_blocks_and_code_blocks() -> None:
    title, body = markdown_to_text(
        "---\nlayout: post\n---\n# Title\n\n<div class=\"note\"><p>An HTML note.</p><script>x()</script></div>\n\n"
        "```\npip install beans\n```\n")
    assert title == "Title"
    assert body.split("\n\n") == ["An HTML note.", "pip install beans."]


def test_markdown_without_a_heading_takes_the_file_name(tmp_path: Path) -> None:
    doc = document(tmp_path, "Only a paragraph here.\n", name="plain-notes.md")
    assert (doc.id, doc.title, doc.text) == ("plain-notes", "plain-notes", "Only a paragraph here.")


def imported_after(code: str) -> bool:
    """Whether markdown_it is in sys.modules after running ``code`` in a fresh interpreter."""
    script = f"import sys\n{code}\nprint('markdown_it' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT,
                            timeout=60, check=True)
    return result.stdout.strip().splitlines()[-1] == "True"


def test_markdown_it_is_imported_only_when_a_markdown_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Notes\nThe shop opens at 8 am.\n", encoding="utf-8")
    load = "from knowledge.loader import load_knowledge_base; from pathlib import Path\n"
    assert not imported_after(load + "load_knowledge_base()")
    assert not imported_after(load + f"load_knowledge_base(Path({str(tmp_path)!r}))")
    (tmp_path / "prices.md").write_text("# Prices\n\nDecaf costs $14.\n", encoding="utf-8")
    assert imported_after(load + f"load_knowledge_base(Path({str(tmp_path)!r}))")
