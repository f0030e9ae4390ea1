"""The row of a table with the largest or smallest value of a column: "Which is your most
expensive coffee?" over a price list, "Which has the lowest price?", "What is the biggest
room?".

A table reaches the knowledge base as one sentence per row, "Kenya AA: price $19, origin
Kenya." (``knowledge.tables``); its rows are the sentences of one document written that way
with the same column. A superlative names the column through ``DEGREES`` ("expensive" is a
price or a cost, largest first) or after "highest", "lowest" and their kin ("the lowest
price"). The rows are found by the column's word (every row writes its header), and the
table the question is about is the one whose document title, section and row names share
most of the question's other words (at least one, if it has any). A question no table answers is left to the next
answerer: a superlative in a sentence ("the largest city") is the reader's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import terms
from retrieval.compose_events import FACT_CONFIDENCE
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.templates import joined, render

# A degree adjective: the columns it measures, and whether "most ..." is their largest value.
DEGREES: dict[str, tuple[tuple[str, ...], bool]] = {
    "expensive": (("price", "cost"), True), "costly": (("price", "cost"), True),
    "pricey": (("price", "cost"), True), "cheap": (("price", "cost"), False),
    "inexpensive": (("price", "cost"), False), "affordable": (("price", "cost"), False),
    "large": (("size", "area", "capacity"), True), "big": (("size", "area", "capacity"), True),
    "small": (("size", "area", "capacity"), False), "long": (("length", "duration"), True),
    "short": (("length", "duration"), False), "heavy": (("weight",), True), "light": (("weight",), False),
    "fast": (("speed",), True), "slow": (("speed",), False), "tall": (("height",), True),
    "high": (("height",), True), "old": (("age",), True), "young": (("age",), False),
}
SUPERLATIVES = {
    "cheapest": "cheap", "priciest": "pricey", "costliest": "costly", "largest": "large", "biggest": "big",
    "smallest": "small", "longest": "long", "shortest": "short", "heaviest": "heavy", "lightest": "light",
    "fastest": "fast", "slowest": "slow", "tallest": "tall", "highest": "high", "oldest": "old",
    "youngest": "young",
}
# Words that take the column after them: "the lowest price", "the largest capacity".
OF_COLUMN = {"highest": True, "lowest": False, "greatest": True, "largest": True, "smallest": False,
             "biggest": True, "maximum": True, "minimum": False, "most": True, "least": False,
             "fewest": False, "top": True}
_SUPERLATIVE = lazy_compile(r"\b(?:(most|least)\s+([a-z]+)|([a-z]+est|maximum|minimum|most|least|fewest|top)"
                          r"(?:\s+([a-z]+))?|costs?\s+the\s+(most|least))\b", re.IGNORECASE)
_ROW = lazy_compile(r"^(?P<name>[^:]{1,80}):\s(?P<rest>.+?)\.?$")
_CELL = lazy_compile(r"^(?P<label>[^\d$€£¥]*?)\s*(?P<value>[$€£¥]?\s?(?P<number>\d[\d,]*(?:\.\d+)?)\b.*)$")
ROWS_LOOKED_AT = 400
PLURAL = {"is the": "are the", "has the": "have the", "costs": "cost"}


@dataclass(frozen=True)
class Extreme:
    """What a superlative asks: a column (any of ``columns``' terms), its largest value or smallest."""

    phrase: str  # as the question writes it: "most expensive"
    columns: tuple[frozenset[str], ...]  # each candidate column's terms, most likely first
    largest: bool
    verb: str  # how the reply says it: "is the" cheapest, "has the" lowest price, "costs" the most


@dataclass(frozen=True)
class Row:
    sentence_id: str
    document: str
    name: str
    cell: str  # "price $19"
    value: float
    context: frozenset[str]  # terms of its name and its document's title and section


def asked_extreme(text: str) -> Extreme | None:
    """The superlative of ``text`` over a column, if it has one ``DEGREES`` or ``OF_COLUMN`` knows."""
    for m in _SUPERLATIVE.finditer(text):
        most, degree, single, following, costs = m.groups()
        if costs:
            return Extreme(f"the {costs}", (frozenset(terms("price")), frozenset(terms("cost"))),
                           costs.lower() == "most", "costs")
        if most and degree.lower() in DEGREES:
            columns, larger = DEGREES[degree.lower()]
            return Extreme(m.group(0), tuple(frozenset(terms(c)) for c in columns),
                           larger == (most.lower() == "most"), "is the")
        word, following = (most, degree) if most else (single, following)
        word = word.lower()
        candidates: list[frozenset[str]] = []
        if following and word in OF_COLUMN and terms(following):
            candidates.append(frozenset(terms(following)))
        if word in SUPERLATIVES:
            columns, larger = DEGREES[SUPERLATIVES[word]]
            return Extreme(word, (*candidates, *(frozenset(terms(c)) for c in columns)), larger, "is the")
        if candidates:
            return Extreme(m.group(0), tuple(candidates), OF_COLUMN[word], "has the")
    return None


def _cell(rest: str, column: frozenset[str]) -> tuple[str, float] | None:
    """The cell of ``column`` in a row's text after its name ("price $19, origin Kenya")."""
    for piece in re.split(r",\s(?=\D)", rest):
        m = _CELL.match(piece)
        if m and m.group("label") and column & set(terms(m.group("label"))):
            return piece.strip(), float(m.group("number").replace(",", ""))
    return None


def table_rows(index: ReaderIndex, column: frozenset[str]) -> list[Row]:
    """The sentences that read as a table's row holding a number in ``column``."""
    rows = []
    for position, _ in index.bm25(sorted(column), ROWS_LOOKED_AT):
        entry: SentenceEntry = index.entries[position]
        m = _ROW.match(entry.text)
        found = _cell(m.group("rest"), column) if m else None
        if found:
            name = m.group("name").strip()
            rows.append(Row(entry.id, entry.id.split("#")[0], name, found[0], found[1],
                            frozenset(terms(name)) | entry.heading))
    return rows


class TableAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.t, self.index = tables, index

    def extreme(self, text: str) -> Answer | None:
        """The row with the largest (or smallest) value of the column the question's superlative
        measures, in the table the question is about; None when no table has that column."""
        asked = asked_extreme(text)
        if asked is None:
            return None
        wanted = set(terms(text)) - set(terms(asked.phrase))
        for column in asked.columns:
            rows = table_rows(self.index, column)
            tables = [list(group) for _, group in groupby(sorted(rows, key=lambda r: r.document),
                                                          key=lambda r: r.document)]
            shared = [(len(wanted & set().union(*(r.context for r in t))), len(t), t) for t in tables if len(t) >= 2]
            # a question with words of its own is about a table whose title, section or rows share one
            shared = [s for s in shared if s[0] or not wanted]
            if not shared:
                continue
            table = max(shared, key=lambda s: s[:2])[2]
            best = (max if asked.largest else min)(r.value for r in table)
            chosen = [r for r in table if r.value == best]
            verb = asked.verb if len(chosen) == 1 else PLURAL[asked.verb]
            reply = render("table_extreme", names=joined([r.name for r in chosen]), verb=verb,
                           phrase=asked.phrase.lower(), cell=chosen[0].cell)
            return Answer(text=reply, found=True, confidence=FACT_CONFIDENCE,
                          citations=self.t.citations([r.sentence_id for r in chosen]))
        return None
