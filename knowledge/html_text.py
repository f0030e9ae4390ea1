"""HTML to (title, body) with selectolax (the Lexbor HTML5 parser); imported only when HTML is read.

selectolax was chosen over BeautifulSoup on measured numbers (``benchmarks/html_parsers.py``):
about 7 ms to import against 90 ms, and a 1 MB page parsed in 10 ms against 370 ms.

Choices:
- Navigation, page furniture and code are dropped with all they hold: ``SKIPPED``.
- A paragraph or heading is a block of its own, as is every other block element
  (``BLOCKS``); inline markup is reduced to its text. ``<br>`` is a line break.
- The title is ``<title>``, else the first ``<h1>``, which then leaves the body.
- An ``<ol>``'s items keep their numbers ("3. Soak the filter."), as written on the page; an
  ``<ol>`` inside another's item does not.
- A data table becomes one sentence per row (``knowledge.tables``): the rows of its
  ``<thead>``, or a first row of ``<th>`` cells only, are the header; its caption is a
  sentence first. A layout table (``role="presentation"``, or one whose cells hold a
  table, a heading or a list) is read as text, one cell per line, and a data table
  inside it is still a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from knowledge.tables import Table, proper_nouns, table_sentences
from knowledge.textformats import clean_lines

SKIPPED = frozenset({"script", "style", "nav", "header", "footer", "noscript", "aside", "form",
                     "svg", "template", "iframe", "button", "select", "title", "head"})
BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "table", "tr", "td", "th", "section", "article",
                    "main", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "hr",
                    "figure", "figcaption", "caption", "address", "details", "summary", "body"})
PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
LAYOUT_IN_CELL = "table, ul, ol, dl, h1, h2, h3, h4, h5, h6"
ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


def _gap(tag: str) -> str:
    """What separates an element from its neighbours: a blank line, a line break, or nothing."""
    return "\n\n" if tag in PARAGRAPHS else "\n" if tag in BLOCKS else ""


@dataclass
class _Text:
    """The text of a page as it is walked: strings, and tables to be turned into sentences."""

    parts: list[str | Table] = field(default_factory=list)
    first_h1: str = ""
    ordered: list[int] = field(default_factory=list)  # the last item number of each open <ol>

    def walk(self, root: LexborNode) -> None:
        """Walk the nodes under ``root`` in document order, with a stack, not recursion: a page
        may nest elements thousands deep."""
        stack: list[tuple[Iterator[LexborNode], str, int]] = [(root.iter(include_text=True), "", 0)]
        while stack:
            children, open_tag, start = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if open_tag:
                    self._close(open_tag, start)
                continue
            tag = child.tag or ""
            if tag == "-text":
                self.parts.append(child.text_content or "")
            elif tag == "br":
                self.parts.append("\n")
            elif tag in SKIPPED or tag.startswith("-"):  # comments, doctype
                continue
            elif tag == "table" and (table := data_table(child)) is not None:
                self.parts.extend(["\n\n", table, "\n\n"])
            else:
                self.parts.append(_gap(tag))
                if tag == "ol":
                    self.ordered.append(_start(child) - 1)
                elif tag == "li" and open_tag == "ol":
                    self.ordered[-1] += 1
                    if len(self.ordered) == 1:  # an <ol> inside another's item: sub-steps of that item
                        self.parts.append(f"{self.ordered[-1]}. ")
                stack.append((child.iter(include_text=True), tag, len(self.parts)))

    def _close(self, tag: str, start: int) -> None:
        if tag == "ol":
            self.ordered.pop()
        if tag == "h1" and not self.first_h1:
            self.first_h1 = " ".join("".join(p for p in self.parts[start:] if isinstance(p, str)).split())
        self.parts.append(_gap(tag))

    def body(self) -> str:
        """The text walked, each table as one sentence per row."""
        proper = proper_nouns("".join(p for p in self.parts if isinstance(p, str)))
        text = "".join(p if isinstance(p, str) else "\n\n".join(table_sentences(p, proper))
                       for p in self.parts)
        return clean_lines(text)


def _start(ordered_list: LexborNode) -> int:
    """The number of an ``<ol>``'s first item (its ``start``, else 1)."""
    start = (ordered_list.attributes.get("start") or "").strip()
    return int(start) if start.isdigit() else 1


def _rows(table: LexborNode) -> list[tuple[LexborNode, bool]]:
    """The rows of ``table`` itself (not of a table inside it), each with "is it in <thead>"."""
    rows: list[tuple[LexborNode, bool]] = []
    for child in table.iter():
        if child.tag in ROW_GROUPS:
            rows.extend((row, child.tag == "thead") for row in child.iter() if row.tag == "tr")
        elif child.tag == "tr":
            rows.append((child, False))
    return rows


def _cell_text(cell: LexborNode) -> str:
    text = _Text()
    text.walk(cell)
    return " ".join("".join(p for p in text.parts if isinstance(p, str)).split())


def data_table(node: LexborNode) -> Table | None:
    """``node`` (a ``<table>``) as a Table, or None for a layout table, to be read as text."""
    if (node.attributes.get("role") or "") == "presentation":
        return None
    table = Table()
    for row, in_head in _rows(node):
        cells = [c for c in row.iter() if c.tag in {"td", "th"}]
        if any(c.css_first(LAYOUT_IN_CELL) is not None for c in cells):
            return None
        texts = [_cell_text(c) for c in cells]
        first = not table.header and not table.rows
        if in_head or (first and cells and all(c.tag == "th" for c in cells)):
            table.header = texts
        else:
            table.rows.append(texts)
    caption = next((c for c in node.iter() if c.tag == "caption"), None)
    if caption is not None:
        table.caption = _cell_text(caption)
    return table


def _parse(raw: str) -> tuple[LexborHTMLParser, _Text]:
    tree = LexborHTMLParser(raw)
    text = _Text()
    if tree.body is not None:
        text.walk(tree.body)
    return tree, text


def html_body(raw: str) -> str:
    """The text of an HTML fragment, without any title handling."""
    return _parse(raw)[1].body()


def html_to_text(raw: str) -> tuple[str, str]:
    """(title, body) of an HTML page."""
    tree, text = _parse(raw)
    body = text.body()
    node = tree.css_first("title")
    title = " ".join(node.text().split()) if node is not None else ""
    title = title or text.first_h1
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    return title, body
