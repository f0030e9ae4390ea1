"""Answers as Telegram HTML: every value escaped, split under Telegram's message limit.

Pure functions, no telegram import. Text is split *before* it is escaped and wrapped in
tags, so a chunk boundary never falls inside a tag or an entity such as ``&amp;``.
Lengths are counted in UTF-16 code units on the HTML itself, which over-counts what
Telegram counts (the text after parsing) and so is safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape

from retrieval.models import Answer, Citation

MAX_MESSAGE = 4096
MAX_TITLE = 200
BLOCK_SEPARATOR = "\n\n"

# From coarse to fine: paragraphs, sentences, words. Characters come last.
_SPLITTERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\n\s*\n"), "\n\n"),
    (re.compile(r"(?<=[.!?…])\s+"), " "),
    (re.compile(r"\s+"), " "),
)


def html_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def format_html(answer: Answer, *, heading: str | None = None,
                limit: int = MAX_MESSAGE) -> list[str]:
    """The reply to ``answer`` as HTML chunks of at most ``limit``: an optional ``heading``
    (HTML, already escaped), the text, then the citation line."""
    blocks = [heading] if heading else []
    blocks += split_text(answer.text, limit=limit)
    if answer.found and answer.citations:
        blocks.append(citation_line(answer.citations))
    return pack(blocks, limit=limit)


def citation_line(citations: Iterable[Citation]) -> str:
    """One short italic line naming the cited documents."""
    titles = list(dict.fromkeys(_short(c.title or c.document) + (f", p. {c.page}" if c.page else "")
                                for c in citations))
    label = "Source" if len(titles) == 1 else "Sources"
    return f"<i>{label}: {escape('; '.join(titles))}</i>"


def format_quotes(citations: Iterable[Citation], limit: int = MAX_MESSAGE) -> list[str]:
    """The quoted source sentences, each under its document's title, as HTML blocks."""
    blocks: list[str] = []
    for citation in citations:
        page = f", p. {citation.page}" if citation.page else ""
        blocks.append(f"<b>{escape(_short(citation.title or citation.document) + page)}</b>")
        blocks.extend(split_text(citation.quote, limit=limit,
                                 wrap=lambda e: f"<blockquote>{e}</blockquote>"))
    return blocks


def format_lines(lines: Iterable[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Plain lines (escaped) packed into as few chunks as fit."""
    return pack([escape(line) for line in lines], limit=limit, separator="\n")


def split_text(
    text: str, *, limit: int = MAX_MESSAGE, wrap: Callable[[str], str] = lambda e: e
) -> list[str]:
    """``text`` escaped and wrapped into blocks each at most ``limit`` long, preferring to split
    between paragraphs, then sentences, then words."""
    def fits(raw: str) -> bool:
        return html_len(wrap(escape(raw))) <= limit

    return [wrap(escape(piece)) for piece in _split(text.strip(), fits, 0) if piece.strip()]


def pack(blocks: Iterable[str], *, limit: int = MAX_MESSAGE,
         separator: str = BLOCK_SEPARATOR) -> list[str]:
    """Join HTML blocks (each balanced and at most ``limit``) greedily into chunks."""
    chunks: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{separator}{block}" if current else block
        if html_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = block
    if current:
        chunks.append(current)
    return chunks


def _split(text: str, fits: Callable[[str], bool], level: int) -> list[str]:
    if fits(text):
        return [text]
    if level == len(_SPLITTERS):
        return _split_characters(text, fits)
    pattern, joiner = _SPLITTERS[level]
    pieces: list[str] = []
    current = ""
    for part in (p for p in pattern.split(text) if p.strip()):
        candidate = f"{current}{joiner}{part}" if current else part
        if fits(candidate):
            current = candidate
            continue
        if current:
            pieces.append(current)
        if fits(part):
            current = part
        else:
            pieces.extend(_split(part, fits, level + 1))
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _split_characters(text: str, fits: Callable[[str], bool]) -> list[str]:
    pieces: list[str] = []
    while text:
        low, high = 1, len(text)
        while low < high:  # the longest prefix that fits (at least one character)
            middle = (low + high + 1) // 2
            if fits(text[:middle]):
                low = middle
            else:
                high = middle - 1
        pieces.append(text[:low])
        text = text[low:]
    return pieces


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
