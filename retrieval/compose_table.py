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
    "quiet": (("noise", "loudness", "sound"), False), "loud": (("noise", "loudness", "sound"), True),
    "noisy": (("noise", "loudness", "sound"), True), "powerful": (("power", "output"), True),
    # "Which day are you open latest?": the latest closing time; "… open earliest?" the earliest opening
    "late": (("closes", "closing", "close", "until", "hours", "open"), True),
    "early": (("opens", "opening", "open", "from", "hours"), False),
}
SUPERLATIVES = {
    "cheapest": "cheap", "priciest": "pricey", "costliest": "costly", "largest": "large", "biggest": "big",
    "smallest": "small", "longest": "long", "shortest": "short", "heaviest": "heavy", "lightest": "light",
    "fastest": "fast", "slowest": "slow", "tallest": "tall", "highest": "high", "oldest": "old",
    "youngest": "young", "quietest": "quiet", "loudest": "loud", "noisiest": "noisy",
    "latest": "late", "earliest": "early",
}
# A comparative asks the same of a table as its superlative ("Which one is lighter?" of two
# models); a word ending in "-er" is one only if listed ("water", "number" are not).
COMPARATIVES = {
    "cheaper": "cheap", "pricier": "pricey", "costlier": "costly", "larger": "large", "bigger": "big",
    "smaller": "small", "longer": "long", "shorter": "short", "heavier": "heavy", "lighter": "light",
    "faster": "fast", "slower": "slow", "taller": "tall", "higher": "high", "older": "old", "younger": "young",
    "quieter": "quiet", "louder": "loud", "noisier": "noisy",
}
# Words that take the column after them: "the lowest price", "the largest capacity".
OF_COLUMN = {"highest": True, "lowest": False, "greatest": True, "largest": True, "smallest": False,
             "biggest": True, "maximum": True, "minimum": False, "most": True, "least": False,
             "fewest": False, "top": True}
_SUPERLATIVE = lazy_compile(r"\b(?:(most|least)\s+([a-z]+)|([a-z]+est|maximum|minimum|most|least|fewest|top)"
                          r"(?:\s+([a-z]+))?|costs?\s+the\s+(most|least))\b", re.IGNORECASE)
_COMPARATIVE = lazy_compile(r"\b(?:(more|less)\s+([a-z]+)|([a-z]+er))\b", re.IGNORECASE)
_WHICH = lazy_compile(r"^\W*(?:and\s+)?which\b", re.IGNORECASE)
_THAN = lazy_compile(r"\bthan\b", re.IGNORECASE)
ROW = lazy_compile(r"^(?P<name>[^:]{1,80}):\s(?P<rest>.+?)\.?$")  # a table row's sentence: "name: cells"
_CELL = lazy_compile(r"^(?P<label>[^\d$€£¥−-]*?)\s*(?P<value>[$€£¥]?\s?(?P<number>[-−]?\d[\d,.]*)\b.*)$")
# A cell naming a thing, then its number and unit: "Cortina Lite 6.8 kg", "Model X100 11.2 kg".
_LABELLED = lazy_compile(r"^(?P<label>\S.*?)\s+[$€£¥]?(?P<number>[-−]?\d[\d,.]*)\s*(?P<unit>[^\d\s][^\d]*)?$")
# Words a comparison names the things compared by, which no row need write ("Which model is lighter?").
_ANY_ITEM = frozenset(terms("one model version product item option variant type kind"))
_DECIMAL_COMMA = lazy_compile(r"-?\d+,\d{2}")  # "12,50 €"
LABEL_WORDS = 3  # a column's header is a word or a few ("unit price"); prose before a number is longer
ROWS_LOOKED_AT = 400  # rows found by the word of their column; each table found is then read whole
PROSE_LOOKED_AT = 20  # sentences looked at for one that states the superlative itself
PLURAL = {"is the": "are the", "has the": "have the", "costs": "cost"}


@dataclass(frozen=True)
class Extreme:
    """What a superlative asks: a column (any of ``columns``' terms), its largest value or smallest."""

    phrase: str  # as the question writes it: "most expensive"
    columns: tuple[frozenset[str], ...]  # each candidate column's terms, most likely first
    largest: bool
    verb: str  # how the reply says it: "is the" cheapest, "has the" lowest price, "costs" the most
    word: str  # the superlative a sentence would write ("largest", "expensive"), "" for "costs the most"
    closing: bool = False  # a range of hours is read by its end ("open latest", "close earliest")


@dataclass(frozen=True)
class Row:
    position: int
    sentence_id: str
    document: str
    name: str
    cell: str  # "price $19"
    value: float
    context: frozenset[str]  # terms of its name, its column's header and its document's title and section


def asked_extreme(text: str) -> Extreme | None:
    """The superlative of ``text`` over a column, if it has one ``DEGREES`` or ``OF_COLUMN`` knows."""
    for m in _SUPERLATIVE.finditer(text):
        most, degree, single, following, costs = m.groups()
        if costs:
            return Extreme(f"the {costs}", (frozenset(terms("price")), frozenset(terms("cost"))),
                           costs.lower() == "most", "costs", "")
        if most and degree.lower() in DEGREES:
            columns, larger = DEGREES[degree.lower()]
            return Extreme(m.group(0), tuple(frozenset(terms(c)) for c in columns),
                           larger == (most.lower() == "most"), "is the", degree.lower())
        word, following = (most, degree) if most else (single, following)
        word = word.lower()
        candidates: list[frozenset[str]] = []
        if following and word in OF_COLUMN and terms(following):
            candidates.append(frozenset(terms(following)))
        if word in SUPERLATIVES:
            columns, larger = DEGREES[SUPERLATIVES[word]]
            if word in {"latest", "earliest"} and not _OPENING_HOURS.search(text):
                continue  # "the latest version", "the earliest appointment": no opening hours
            closing = word == "latest" or (word == "earliest" and _CLOSING.search(text) is not None)
            if closing:  # "Which day do you close earliest?": of the closing times
                columns = DEGREES["late"][0]
            return Extreme(word, (*candidates, *(frozenset(terms(c)) for c in columns)), larger, "is the", word,
                           closing)
        if candidates:
            return Extreme(m.group(0), tuple(candidates), OF_COLUMN[word], "has the", word)
    return _asked_comparison(text)


def _asked_comparison(text: str) -> Extreme | None:
    """The comparative of a "which" question over a column: "Which one is lighter?", "Which
    model is more expensive?" (not "Is it lighter than …?", which names what it compares)."""
    if not _WHICH.match(text) or _THAN.search(text):
        return None
    for m in _COMPARATIVE.finditer(text):
        more, degree, single = m.groups()
        word = (degree if more else single).lower()
        base = word if more else COMPARATIVES.get(word)
        if base in DEGREES:
            columns, larger = DEGREES[base]
            return Extreme(m.group(0), tuple(frozenset(terms(c)) for c in columns),
                           larger == (not more or more.lower() == "more"), "is", word)
    return None


def _number(text: str) -> float | None:
    """A cell's number: "1,200" is 1200, "12,50" (a decimal comma) 12.5, "−12" -12."""
    text = text.replace("−", "-").rstrip(".,")
    text = text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


_CLOSING = lazy_compile(r"\bclos(?:e|es|ing)\b", re.IGNORECASE)
_OPENING_HOURS = lazy_compile(r"\b(?:open|opens|opening|clos(?:e|es|ing)|hours)\b", re.IGNORECASE)
_NIGHT_ENDS = 5  # a closing time before 5:00 is after midnight
TIME_TERMS = frozenset(terms("closes closing close until hours open opens opening from"))
# A time of day ("18:00", "6 pm", "6.30pm"), or a range of two ("9:00 to 20:00", "8am-6pm").
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?"
_TIME = lazy_compile(rf"^{_CLOCK}(?!\d)", re.IGNORECASE)
_TIME_RANGE = lazy_compile(rf"^{_CLOCK}\s*(?:to|until|till|-|–)\s*{_CLOCK}", re.IGNORECASE)


def _hours(hour: str, minutes: str | None, half: str | None) -> float:
    value = int(hour) % 12 + (12 if half.lower().startswith("p") else 0) if half else int(hour)  # 12 am is 0
    return value + int(minutes or 0) / 60


def _time_of_day(value: str, closing: bool) -> float | None:
    """A cell's time of day in hours ("closes 18:30" → 18.5); of a range, its end for a closing
    time and its start otherwise ("9:00 to 20:00"); None if the cell holds no time of day."""
    text = value.strip()
    span = _TIME_RANGE.match(text)
    if span:
        start, end = _hours(*span.groups()[:3]), _hours(*span.groups()[3:])
        return (end + 24 if end < start else end) if closing else start  # "18:00 to 00:30": after midnight
    one = _TIME.match(text)
    if not (one and (one.group(2) or one.group(3))):
        return None
    time = _hours(*one.groups())
    return time + 24 if closing and time < _NIGHT_ENDS else time  # "closes 00:30" is late, not early


def row_cells(rest: str) -> list[str]:
    """A row's cells, after its name: "price $19, origin Kenya" (a comma before a digit is in a number)."""
    return re.split(r",\s(?=\D)", rest)


def _cell(rest: str, column: frozenset[str], closing: bool = False) -> tuple[str, float, frozenset[str]] | None:
    """The cell of ``column`` in a row's text after its name ("price $19, origin Kenya"), its
    number and its header's terms. The header is a few words naming the column: "Note: the price
    of every coffee includes tax of 2 dollars." is prose, not a row."""
    for piece in row_cells(rest):
        m = _CELL.match(piece)
        label = m.group("label") if m else ""
        header = frozenset(terms(label))
        if m and 0 < len(label.split()) <= LABEL_WORDS and column & header:
            timed = bool(column & TIME_TERMS)  # a time of day, or no value ("24 hours", "closed")
            value = _time_of_day(m.group("value"), closing) if timed else _number(m.group("number"))
            if value is not None:
                return piece.strip(), value, header
    return None


def _row(index: ReaderIndex, position: int, column: frozenset[str], closing: bool = False) -> Row | None:
    entry: SentenceEntry = index.entries[position]
    m = ROW.match(entry.text)
    found = _cell(m.group("rest"), column, closing) if m else None
    if m is None or found is None:
        return None
    name = m.group("name").strip()
    return Row(position, entry.id, entry.id.split("#")[0], name, found[0], found[1],
               frozenset(terms(name)) | found[2] | entry.heading)


def _same_table(index: ReaderIndex, one: int, other: int) -> bool:
    """Whether two neighbouring sentences are rows of one table: one document, one section,
    paragraphs next to each other (a heading between two tables is a paragraph of its own)."""
    a, b = index.entries[one], index.entries[other]
    return (a.id.split("#")[0] == b.id.split("#")[0] and a.heading == b.heading
            and abs(a.paragraph - b.paragraph) == 1)


def tables_with(index: ReaderIndex, column: frozenset[str], closing: bool = False) -> list[list[Row]]:
    """The tables with a number in ``column``: each a run of consecutive sentences of one
    document read as rows with that column (a table is written one row to a sentence), read
    whole from any row of it the column's word finds."""
    seen: set[int] = set()
    tables = []
    for position, _ in index.bm25(sorted(column), ROWS_LOOKED_AT):
        found = _row(index, position, column, closing) if position not in seen else None
        if found is None:
            continue
        run = {position: found}
        for step in (-1, 1):
            at = position + step
            while 0 <= at < len(index.entries) and at not in seen:
                row = _row(index, at, column, closing)
                if row is None or not _same_table(index, at, at - step):
                    break
                run[at] = row
                at += step
        seen.update(run)
        if len(run) >= 2:
            tables.append([run[p] for p in sorted(run)])
    return tables


class TableAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.t, self.index = tables, index

    def extreme(self, text: str) -> Answer | None:
        """The row with the largest (or smallest) value of the column the question's superlative
        measures, in the table the question is about; None when no table has that column, or
        when a sentence states the superlative itself ("Portland is the largest city in Oregon")."""
        asked = asked_extreme(text)
        if asked is None:
            return None
        wanted = set(terms(text)) - set(terms(asked.phrase)) - set(terms(asked.word))
        if asked.word in {"latest", "earliest"}:
            wanted -= TIME_TERMS  # "open latest": the words of the hours asked, not of a table's name
        if self._prose_states(asked, wanted):
            return None
        for column in asked.columns:
            # a question with words of its own is about a table whose title, section, header or rows share one
            own = wanted - column
            found = tables_with(self.index, column, asked.closing)
            shared = [(len(own & set().union(*(r.context for r in t))), len(t), t) for t in found]
            # A question with words of its own is about a table whose title, section, header or
            # rows share one; the only table with the column, when it has one word besides (the
            # rows' noun, "Which city …?", a header the rows do not write).
            shared = [s for s in shared if s[0] or len(own) <= (1 if len(found) == 1 else 0)]
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
        return self._across_a_row(asked, wanted)

    def _across_a_row(self, asked: Extreme, wanted: set[str]) -> Answer | None:
        """A table whose rows are what is measured and whose columns are the things compared
        ("Weight: Cortina Lite 6.8 kg, Cortina Pro 11.2 kg."): the row the degree names, and of
        its cells, each a label and a number, the one with the largest (or smallest) number."""
        for column in asked.columns:
            own = wanted - column - _ANY_ITEM
            for position, _ in self.index.bm25(sorted(column), PROSE_LOOKED_AT):
                entry = self.index.entries[position]
                m = ROW.match(entry.text)
                if m is None or not column & set(terms(m.group("name"))):
                    continue
                pieces = [piece.strip() for piece in row_cells(m.group("rest"))]
                read = [(c.group("label"), _number(c.group("number")), (c.group("unit") or "").strip().lower(), piece)
                        for piece in pieces if (c := _LABELLED.match(piece))]
                cells = [(label, value, piece) for label, value, _, piece in read
                         if value is not None and len(label.split()) <= LABEL_WORDS]
                context = set(terms(entry.text)) | entry.heading | set(terms(entry.id.split("#")[0]))
                if len(cells) < 2 or len(cells) != len(read) or len({unit for *_, unit, _ in read}) != 1 \
                        or not own <= context:
                    continue  # not every cell a thing's number in one unit ("900 g", "1.2 kg"), or another table
                best = (max if asked.largest else min)(value for _, value, _ in cells)
                chosen = [c for c in cells if c[1] == best]
                if len(chosen) != 1:
                    return None  # a tie: both weigh the same
                label, _, piece = chosen[0]
                reply = render("table_extreme", names=label, verb=asked.verb, phrase=asked.phrase.lower(),
                               cell=f"{m.group('name').strip()}: {piece}")
                return Answer(text=reply, found=True, confidence=FACT_CONFIDENCE,
                              citations=self.t.citations([entry.id]))
        return None

    def _prose_states(self, asked: Extreme, wanted: set[str]) -> bool:
        """Whether a sentence that is no table row writes the superlative and a word of the question."""
        if not asked.word or not wanted:
            return False
        written = re.compile(rf"\b{re.escape(asked.word)}\b", re.IGNORECASE)
        for position, _ in self.index.bm25(sorted(set(terms(asked.word)) | wanted), PROSE_LOOKED_AT):
            entry = self.index.entries[position]
            if written.search(entry.text) and wanted & entry.term_set and not ROW.match(entry.text):
                return True
        return False
