"""A table as sentences: one per row, "Decaf: price $14, origin Colombia."

Choices:
- A row becomes "<first cell>: <header 2> <cell 2>, <header 3> <cell 3>." Empty cells
  are left out; a row with nothing but its first cell is that cell alone.
- Without a header row the pairs lose their labels: "<first cell>: <cell 2>, <cell 3>."
- A header is lower-cased word by word, so that it reads inside a sentence, except for
  an acronym ("SKU", "USB-C"), a word with inner capitals ("iPhone"), and a proper noun,
  known as one when the document's prose writes it capitalized mid-sentence and never
  in lower case ("grown in Colombia").
- A row that already ends with . ! or ? gets no second full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.lexicon import CALENDAR_WORDS

_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[\w,;)] )([A-Z][a-z'’]+)\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’]+\b")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_END = re.compile(r"[.!?][\"'”’)\]]*$")


@dataclass
class Table:
    """Cell texts row by row; ``header`` is the header row, if the table has one."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


def proper_nouns(prose: str) -> set[str]:
    """Words ``prose`` capitalizes mid-sentence and never writes in lower case."""
    capitalized = set(_MID_SENTENCE_CAPITAL.findall(prose))
    lower = set(_LOWER_WORD.findall(prose))
    return {word for word in capitalized if word.lower() not in lower}


def _label(header: str, proper: set[str]) -> str:
    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) > 1 and word[1:].islower() and word not in proper and word.lower() not in CALENDAR_WORDS:
            return word.lower()
        return word  # a proper noun, a month or weekday ("Monday to Friday"), an acronym, a single capital

    return _WORD.sub(lower, " ".join(header.split()))


def row_sentence(cells: list[str], header: list[str], proper: set[str]) -> str:
    """One row as a sentence; "" for a row with no text."""
    cells = [" ".join(c.split()) for c in cells]
    if not any(cells):
        return ""
    first, rest = cells[0], cells[1:]
    labels = [_label(h, proper) for h in header[1:]] if header else []
    pairs = [f"{labels[i]} {cell}" if i < len(labels) and labels[i] else cell
             for i, cell in enumerate(rest) if cell]
    text = f"{first}: {', '.join(pairs)}" if first and pairs else first or ", ".join(pairs)
    return text if _END.search(text) else text + "."


def table_sentences(table: Table, proper: set[str]) -> list[str]:
    """The caption, if any, then one sentence per body row."""
    out = [" ".join(table.caption.split())] if table.caption.strip() else []
    out.extend(s for row in table.rows if (s := row_sentence(row, table.header, proper)))
    return out
