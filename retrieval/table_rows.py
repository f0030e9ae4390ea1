"""The other rows of the table a sentence is a row of, for an ellipsis that names one of them.

A table reaches the knowledge base as one sentence per row ("Adult: price €420, court booking
7 days ahead.", ``knowledge.tables``), its rows the consecutive sentences of one document that
write the same columns. After "How much is an adult membership?", answered by that row, "And
for students?" names another row: the question it stands for is the last one with the row's
name replaced ("How much is an Student membership?"), not the last one with "for students"
added, which keeps asking about adults.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.lazy_pattern import lazy_compile
from knowledge.models import Sentence
from retrieval.analyzer import terms
from retrieval.compose_table import ROW, row_cells

_WORD = lazy_compile(r"[\w'’+-]+")
MAX_ROWS = 200  # rows walked each way from the cited one


def _columns(text: str) -> tuple[str, ...] | None:
    """The first word of each of a row's cells, its column's header ("price €420, court booking
    7 days ahead": price, court), or None for prose: a text cell ("court booking not allowed")
    starts with its header as a number's does."""
    m = ROW.match(text)
    if m is None:
        return None
    return tuple(piece.split()[0].lower() if piece.split() else "" for piece in row_cells(m.group("rest")))


def _neighbour(sentence_id: str, step: int) -> str:
    doc, _, n = sentence_id.rpartition("#s")
    return f"{doc}#s{int(n) + step}" if n.isdigit() else ""


def rows_of(sentences: Mapping[str, Sentence], sentence_id: str) -> list[Sentence]:
    """The rows of the table ``sentence_id`` is a row of, in order; [] if it is none, or the
    table's only row."""
    own = sentences.get(sentence_id)
    columns = _columns(own.text) if own is not None else None
    if own is None or columns is None:
        return []
    sides: dict[int, list[Sentence]] = {-1: [], 1: []}
    for step in (-1, 1):
        at, last = _neighbour(sentence_id, step), own
        for _ in range(MAX_ROWS):
            row = sentences.get(at)
            if row is None or row.doc_id != own.doc_id or abs(row.paragraph - last.paragraph) != 1 \
                    or _columns(row.text) != columns:
                break
            sides[step].append(row)
            at, last = _neighbour(at, step), row
    rows = [*reversed(sides[-1]), own, *sides[1]]
    return rows if len(rows) > 1 else []


def row_names(sentences: Mapping[str, Sentence], sentence_id: str) -> list[str]:
    """The names of the rows of the table ``sentence_id`` is a row of, its own first; [] if it is none."""
    rows = rows_of(sentences, sentence_id)
    own = [r for r in rows if r.id == sentence_id]
    return [ROW.match(r.text).group("name") for r in own + [r for r in rows if r.id != sentence_id]]  # type: ignore[union-attr]


def other_row(rest: str, previous: str, sentences: Mapping[str, Sentence], cited: list[str]) -> str | None:
    """``previous`` with the words of the cited row's name replaced by the name of the row of its
    table that ``rest`` (what an ellipsis adds: "for students") names, in the row's words
    ("Student"); None if ``rest`` names no other row, or ``previous`` does not write the cited row's name."""
    wanted = set(terms(rest))
    for sid in cited:
        names = row_names(sentences, sid)
        if not names:
            continue
        own = set(terms(names[0]))
        target = next((n for n in names[1:] if set(terms(n)) & wanted and not set(terms(n)) <= own), None)
        if target is None:
            return None
        said = " ".join(w for w in _WORD.findall(target) if set(terms(w)) & wanted)  # as the row writes it
        spots = [m for m in _WORD.finditer(previous) if set(terms(m.group(0))) & own]
        if not spots or not said:
            return None
        out, last = [], 0
        for m in spots:  # every mention of the row: "an adult membership for adults"
            out.append(previous[last:m.start()] + said)
            last = m.end()
        return "".join(out) + previous[last:]
    return None
