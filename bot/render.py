"""Turn an Answer into text for a terminal: plain (pipes, tests) or ANSI-coloured (a TTY).

Pure functions, no I/O. Document and user text may hold control characters (a stray
escape sequence in a document must not repaint the user's terminal), so every value is
cleaned before it is placed in the output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.models import Answer, Citation

QUOTE_LIMIT = 100

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
CYAN = "\x1b[36m"
YELLOW = "\x1b[33m"
GREEN = "\x1b[32m"


def clean(text: str) -> str:
    """Drop control characters except newline and tab."""
    return _CONTROL.sub("", text)


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    line = " ".join(clean(text).split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def page_label(citation: Citation) -> str:
    """", p. 3" for a quote from a paged document (PDF), else ""."""
    return f", p. {citation.page}" if citation.page else ""


def _source_line(citation: Citation) -> tuple[str, str]:
    title = clean(citation.title) or clean(citation.document)
    return title + page_label(citation), shorten(citation.quote)


def format_plain(answer: Answer) -> str:
    """The answer text, one compact ``Source:`` line per citation, and suggestions if unsure."""
    lines = [clean(answer.text)]
    for citation in answer.citations:
        title, quote = _source_line(citation)
        lines.append(f'Source: {title} — "{quote}"')
    if not answer.found and answer.suggestions:
        lines.append("You could ask:")
        lines.extend(f"  - {clean(s)}" for s in answer.suggestions)
    return "\n".join(lines)


def format_terminal(answer: Answer) -> str:
    """Like :func:`format_plain`, coloured with ANSI escapes for an interactive terminal."""
    colour = BOLD if answer.found else YELLOW
    lines = [f"{colour}{clean(answer.text)}{RESET}"]
    for citation in answer.citations:
        title, quote = _source_line(citation)
        lines.append(f'{DIM}Source:{RESET} {CYAN}{title}{RESET} {DIM}— "{quote}"{RESET}')
    if not answer.found and answer.suggestions:
        lines.append(f"{DIM}You could ask:{RESET}")
        lines.extend(f"  {GREEN}- {clean(s)}{RESET}" for s in answer.suggestions)
    return "\n".join(lines)


def format_sources(answer: Answer) -> str:
    """Every citation of ``answer`` in full: document id, title and the whole quote."""
    if not answer.citations:
        return "The last answer cites no source."
    blocks = [
        f"[{clean(c.document)}] {clean(c.title)}{page_label(c)}\n  {' '.join(clean(c.quote).split())}"
        for c in answer.citations
    ]
    return "\n".join(blocks)


def format_documents(documents: Iterable[tuple[str, str]]) -> str:
    """One ``[id] title`` line per document of the knowledge base."""
    return "\n".join(f"[{clean(doc_id)}] {clean(title)}" for doc_id, title in documents)
