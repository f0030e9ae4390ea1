"""Turn a text file's decoded text into (title, body): plain text here, Markdown and HTML by
their own modules (``knowledge.markdown_text`` with markdown-it-py, ``knowledge.html_text``
with selectolax), each imported on the first file of its kind only.

The body keeps one paragraph or heading per line block, so later stages can split
blocks into sentences. Markup is removed; a table becomes one sentence per row
(``knowledge.tables``).
"""

from __future__ import annotations

import re

from knowledge.lazy_pattern import lazy_compile

_ENDS_CLAUSE = lazy_compile(r"[.!?:;,…][\"'”’)\]]*$")


def as_sentence(text: str) -> str:
    """``text`` with a full stop if it ends without punctuation, so that it reads as a sentence
    (a list item "Trees planted" is not taken for a heading)."""
    return text + "." if text and not _ENDS_CLAUSE.search(text) else text


def clean_lines(text: str) -> str:
    """Whitespace collapsed within lines, at most one blank line between blocks."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def html_body(raw: str) -> str:
    """The text of an HTML fragment, without any title handling; selectolax is imported on the first call."""
    from knowledge.html_text import html_body as convert

    return convert(raw)


def html_to_text(raw: str) -> tuple[str, str]:
    """(title, body) of an HTML page; selectolax is imported on the first call only."""
    from knowledge.html_text import html_to_text as convert

    return convert(raw)


def markdown_to_text(raw: str) -> tuple[str, str]:
    """(title, body) of a Markdown text; markdown-it-py is imported on the first call only."""
    from knowledge.markdown_text import markdown_to_text as convert

    return convert(raw)


def plain_to_text(raw: str) -> tuple[str, str]:
    """(title, body): the first line is the title unless it reads as a sentence ("Our shop opens at
    9 am."), when the whole text is the body and the file name the title."""
    lines = raw.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    title = " ".join(lines[0].split())
    if title.endswith((".", "!", "?")) or len(title.split()) > 15:
        return "", clean_lines("\n".join(lines))  # a sentence, not a title: the file's name is its title
    return title, clean_lines("\n".join(lines[1:]))

