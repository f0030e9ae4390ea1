"""Turn a file's raw text into (title, body) for each supported format.

The body keeps one paragraph or heading per line block, so later stages can split
blocks into sentences. Markup is removed; nothing is rewritten.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

SKIPPED_HTML = {"script", "style", "nav", "header", "footer", "noscript", "aside", "form",
                "svg", "template", "iframe", "button", "select"}
BLOCK_HTML = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "section", "article",
              "main", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "hr",
              "figcaption", "caption", "title", "body", "html"}
VOID_HTML = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
             "source", "track", "wbr"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.first_h1 = ""
        self._skip = 0
        self._stack: list[str] = []
        self._in_title = False
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_HTML:
            if tag in BLOCK_HTML:
                self.parts.append("\n")
            return
        self._stack.append(tag)
        if tag in SKIPPED_HTML:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1" and not self.first_h1:
            self._h1 = []
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


def _clean_lines(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def html_to_text(raw: str) -> tuple[str, str]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    body = _clean_lines("".join(parser.parts))
    title = " ".join(parser.title.split()) or parser.first_h1
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    return title, body


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def markdown_to_text(raw: str) -> tuple[str, str]:
    text = raw
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4:]
    title = ""
    out: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        heading = _MD_HEADING.match(line)
        if heading and not in_fence:
            words = heading.group(2)
            if not title:
                title = _strip_inline_md(words)
                continue
            out.extend(["", _strip_inline_md(words), ""])
            continue
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        out.append(_strip_inline_md(line))
    body = _clean_lines("\n".join(out))
    return title, body


def _strip_inline_md(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_(\S[^_]*\S|\S)_(?!\w)", r"\1", text)
    return unescape(text)


def plain_to_text(raw: str) -> tuple[str, str]:
    lines = raw.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    title = " ".join(lines[0].split())
    return title, _clean_lines("\n".join(lines[1:]))


def to_text(suffix: str, raw: str) -> tuple[str, str]:
    """(title, body) of a document's decoded text, by file suffix."""
    if suffix in {".html", ".htm"}:
        return html_to_text(raw)
    if suffix in {".md", ".markdown"}:
        return markdown_to_text(raw)
    return plain_to_text(raw)
