"""Turn a file's raw text into (title, body) for each supported format.

The body keeps one paragraph or heading per line block, so later stages can split
blocks into sentences. Markup is removed. A data table becomes one sentence per row
(``knowledge.tables``); a layout table (one whose cells hold a nested table, a heading
or a list, or marked ``role="presentation"``) is read as text, one cell per line.
Markdown is read by ``knowledge.markdown_text``, imported only when needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from knowledge.tables import Table, proper_nouns, table_sentences

SKIPPED_HTML = {"script", "style", "nav", "header", "footer", "noscript", "aside", "form",
                "svg", "template", "iframe", "button", "select"}
BLOCK_HTML = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "section", "article",
              "main", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "hr",
              "figcaption", "caption", "title", "body", "html"}
VOID_HTML = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
             "source", "track", "wbr"}


LAYOUT_IN_CELL = {"table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class _OpenTable:
    """A table being read: where its text starts in the parts, and the row and cell open now."""

    start: int
    table: Table = field(default_factory=Table)
    layout: bool = False  # a cell holds a nested table, a heading or a list: read it as text
    in_head: bool = False
    in_caption: bool = False
    row: list[str] | None = None
    row_all_th: bool = True
    cell: list[str] | None = None

    def close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell))
        self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is None:
            return
        first = not self.table.header and not self.table.rows
        if self.in_head or (first and self.row_all_th and self.row):
            self.table.header = self.row
        else:
            self.table.rows.append(self.row)
        self.row = None


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str | Table] = []
        self.title = ""
        self.first_h1 = ""
        self._skip = 0
        self._stack: list[str] = []
        self._tables: list[_OpenTable] = []
        self._in_title = False
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_HTML:
            if tag in BLOCK_HTML:
                self.parts.append("\n")
                self._cell_text("\n")
            return
        self._stack.append(tag)
        if tag in SKIPPED_HTML:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1" and not self.first_h1:
            self._h1 = []
        self._table_start(tag, dict(attrs))
        if tag in BLOCK_HTML:
            self.parts.append("\n\n" if tag.startswith("h") or tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            if open_tag in SKIPPED_HTML:
                self._skip -= 1
            if open_tag == "title":
                self._in_title = False
            if open_tag == "h1" and self._h1 is not None:
                self.first_h1 = " ".join("".join(self._h1).split())
                self._h1 = None
            if open_tag in BLOCK_HTML:
                self.parts.append("\n\n" if open_tag.startswith("h") or open_tag == "p" else "\n")
            self._table_end(open_tag)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._h1 is not None:
            self._h1.append(data)
        self.parts.append(data)
        self._cell_text(data)

    def _cell_text(self, data: str) -> None:
        if not self._tables or self._skip:
            return
        current = self._tables[-1]
        if current.cell is not None:
            current.cell.append(data)
        elif current.in_caption:
            current.table.caption += data

    def _table_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        current = self._tables[-1] if self._tables else None
        if current is not None and current.cell is not None and tag in LAYOUT_IN_CELL:
            current.layout = True
        if tag == "table":
            self._tables.append(_OpenTable(start=len(self.parts), layout=attrs.get("role") == "presentation"))
        elif current is None:
            return
        elif tag == "thead":
            current.close_row()
            current.in_head = True
        elif tag in {"tbody", "tfoot"}:
            current.close_row()
            current.in_head = False
        elif tag == "caption":
            current.in_caption = True
        elif tag == "tr":
            current.close_row()
            current.row, current.row_all_th = [], True
        elif tag in {"td", "th"}:
            current.close_cell()
            if current.row is None:
                current.row, current.row_all_th = [], True
            current.row_all_th = current.row_all_th and tag == "th"
            current.cell = []

    def _table_end(self, tag: str) -> None:
        if not self._tables:
            return
        current = self._tables[-1]
        if tag in {"td", "th"}:
            current.close_cell()
        elif tag == "tr":
            current.close_row()
        elif tag == "thead":
            current.close_row()
            current.in_head = False
        elif tag == "caption":
            current.in_caption = False
        elif tag == "table":
            current.close_row()
            self._tables.pop()
            if not current.layout:
                del self.parts[current.start:]
                self.parts.extend(["\n\n", current.table, "\n\n"])

    def body(self) -> str:
        """The text read so far, each table as one sentence per row."""
        proper = proper_nouns("".join(p for p in self.parts if isinstance(p, str)))
        text = "".join(p if isinstance(p, str) else "\n\n".join(table_sentences(p, proper))
                       for p in self.parts)
        return clean_lines(text)


_ENDS_CLAUSE = re.compile(r"[.!?:;,…][\"'”’)\]]*$")


def as_sentence(text: str) -> str:
    """``text`` with a full stop if it ends without punctuation, so that it reads as a sentence
    (a list item "Trees planted" is not taken for a heading)."""
    return text + "." if text and not _ENDS_CLAUSE.search(text) else text


def clean_lines(text: str) -> str:
    """Whitespace collapsed within lines, at most one blank line between blocks."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _parse_html(raw: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    return parser


def html_body(raw: str) -> str:
    """The text of an HTML fragment, without any title handling."""
    return _parse_html(raw).body()


def html_to_text(raw: str) -> tuple[str, str]:
    parser = _parse_html(raw)
    body = parser.body()
    title = " ".join(parser.title.split()) or parser.first_h1
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    return title, body


def markdown_to_text(raw: str) -> tuple[str, str]:
    """(title, body) of a Markdown text; markdown-it-py is imported on the first call only."""
    from knowledge.markdown_text import markdown_to_text as convert

    return convert(raw)


def plain_to_text(raw: str) -> tuple[str, str]:
    lines = raw.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    title = " ".join(lines[0].split())
    return title, clean_lines("\n".join(lines[1:]))


def to_text(suffix: str, raw: str) -> tuple[str, str]:
    """(title, body) of a document's decoded text, by file suffix."""
    if suffix in {".html", ".htm"}:
        return html_to_text(raw)
    if suffix in {".md", ".markdown"}:
        return markdown_to_text(raw)
    return plain_to_text(raw)
