"""The cell of a table a question names by its row and its column.

A table reaches the knowledge base one sentence per row, "Lyon: address Rue Garibaldi 40, phone
+33 4 555 0400, opening hours 9:00 to 17:30." (``knowledge.tables``). "What is the phone number
of the Lyon office?" names the row (every word of "Lyon") and a column ("phone"): the reply is
that cell, "Lyon — phone: +33 4 555 0400.", and the row is cited. A column's header is what
its cells share at their start in every row of the table ("opening hours"); a question that
names no column but asks where or when names the address or the hours (``ASKED_COLUMNS``).
A question that names no row, or no single column of it, is left to the other answerers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.dates import find_dates
from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import TEMPORAL_NOUNS
from knowledge.models import Sentence
from retrieval.analyzer import STOPWORDS, question_terms, terms
from retrieval.compose_events import FACT_CONFIDENCE
from retrieval.compose_table import ROW, row_cells
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.reader_index import ReaderIndex
from retrieval.reader_question import asks_whether
from retrieval.table_rows import rows_of
from retrieval.templates import render

# "When was it opened?" asks for a date; "When does it open?" for a time.
_ASKS_DATE = lazy_compile(r"^\W*(?:and\s+)?when\b(?!\s+(?:does|do|is|are)\b)|"
                          r"\b(?:what|which)\s+(?:year|date|day|month)\b", re.I)
_NAMED = lazy_compile(r"\b\w*\d[\w.]*|(?<!^)(?<![.!?]\s)\b[A-Z][\w'’.+-]*")  # numbers and inner capitals
_BRACKETED = lazy_compile(r"\s*\([^()]*\)")
_HEADER_WORD = lazy_compile(r"^[^\W\d][\w'’/-]*$")
_ROW_NAME_WORDS = 6  # a row's name is a few words: "Dogs or puppies", not a sentence before a colon
HEADER_WORDS = 5  # words of a column's header at most: "maximum charge per item", "most you can borrow"
_NEGATIONS = frozenset({"not", "no", "never", "without"})
ROWS_SEARCHED = 5  # sentences the question's names find, looked at for a row it names
# A question word, and the headers of the column it asks for when the question names none.
ASKED_COLUMNS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (lazy_compile(r"^\W*(?:and\s+)?where\b", re.I), frozenset(terms("address location place street"))),
    (lazy_compile(r"\bwhat\s+time\b|\bwhen\b.*\b(?:open|opens|close|closes)\b|\bhours\b", re.I),
     frozenset(terms("hours opening time times"))),
    (lazy_compile(r"\bhow\s+much\b|\b(?:cost|price|fee|fine|charge)s?\b", re.I),
     frozenset(terms("price cost fee rate charge fine"))),
)

# A question word, and the value of the one cell of the row it asks for when no header says:
# "How long can I keep a DVD?" of "DVDs: loan period 1 week, renewals allowed 1".
ASKED_VALUES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (lazy_compile(r"\bhow\s+long\b", re.I),
     lazy_compile(r"\b(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)[\s-]+"
                  r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b", re.I)),
)
# What separates the things a row's name lists: "DVDs and Blu-ray discs", "Books, audiobooks".
_ONE_OF = lazy_compile(r"\s*(?:,|/|\band\b|\bor\b|&)\s*", re.I)

# Words saying a setting is on or off, as a cell or a yes-or-no question writes them.
POLARITY: dict[str, bool] = {
    **dict.fromkeys(("on", "yes", "true", "enabled", "enable", "active", "allowed", "required", "included"), True),
    **dict.fromkeys(("off", "no", "false", "disabled", "disable", "inactive", "none", "forbidden", "excluded"),
                    False)}
_NUMBER = lazy_compile(r"\d[\d,.:]*\d|\d")  # "5,120", "2.5", "8:00" each one number
_QUESTION_SIDE_EXCLUDED = frozenset({"on", "no", "none"})  # "open on Sunday": "on" is a preposition there
# A yes-or-no question that a match of one value does not settle: a negation, a comparison, a choice.
_NO_VERDICT = lazy_compile(r"\b(?:not|never|no|n't|un\w+|below|above|under|over|more|less|fewer|least|most|"
                           r"than|or|between|within|up\s+to|at\s+least|at\s+most)\b|n't\b", re.I)


def _polarity(words: list[str]) -> bool | None:
    """On or off, by the first word of ``words`` that says which."""
    return next((POLARITY[w] for w in (w.lower().strip("?.,!") for w in words) if w in POLARITY), None)


# Words a question names a column's kind with, which no row need write ("the phone number").
_COLUMN_WORDS = frozenset(terms("number numbers much many price cost costs fee time times hour hours address "
                                "located location place open opens close closes default value setting option "
                                "per each night person " + " ".join(TEMPORAL_NOUNS) + " " + " ".join(POLARITY)))


@dataclass(frozen=True)
class Cell:
    row: Sentence
    name: str  # the row's name, as written
    header: str  # the column's header, as written in the row
    value: str


def _header_words(cells: list[list[str]]) -> int:
    """How many words the cells of one column (one per row) share at their start: its header's."""
    shortest = min(len(c) for c in cells)
    shared = 0
    while shared < min(shortest, HEADER_WORDS) and len({c[shared] for c in cells}) == 1 \
            and _HEADER_WORD.match(cells[0][shared]) and cells[0][shared][0].islower() \
            and cells[0][shared] not in POLARITY and cells[0][shared] not in _NEGATIONS:
        shared += 1  # a header is words as the build writes them, in lower case: not "+31" that every
        # phone number starts with, nor "Rue" of every street, nor "not" of "not allowed" in every row;
        # "most you can borrow" and "charge per day late" are headers
    return min(shared, shortest - 1)  # a cell keeps a value: "tls off" in every row is "tls" and "off"


def cells_of(rows: list[Sentence]) -> list[list[tuple[str, str]]]:
    """Each row's cells after its name, as (header, value), the headers read off the table."""
    split = []
    for row in rows:
        m = ROW.match(row.text)
        split.append([piece.split() for piece in row_cells(m.group("rest"))] if m else [])
    if not split or any(len(cells) != len(split[0]) for cells in split):
        return []
    widths = [_header_words([cells[i] for cells in split]) for i in range(len(split[0]))]
    return [[(" ".join(c[:w]), " ".join(c[w:]).rstrip(".")) for c, w in zip(cells, widths, strict=True)]
            for cells in split]


def asks_a_column(text: str) -> bool:
    """Whether the question word asks for a column a table may have: "where", "what time", "how much"."""
    return any(pattern.search(text) for pattern, _ in ASKED_COLUMNS)


# A preposition, and the word that qualifies what the question asks of after it ("for children").
_QUALIFIER = lazy_compile(r"\b(?:for|in|at|on|of|with|without|under|over|during|from|before|after|by)\s+"
                          r"(?:(?:a|an|the|my|your|our|their|his|her|its|this|that|these|those)\s+)?([\w'’-]+)", re.I)


def _qualifiers(text: str) -> set[str]:
    """The terms of the words that qualify what a question asks of: "How much is a cleaning
    for children?" asks of children's cleanings, which a price list's row need not be; "How
    long can I keep a DVD?" qualifies nothing ("keep" is what it asks, the column's to say)."""
    return {t for m in _QUALIFIER.finditer(text) for t in terms(m.group(1))}


def _asked(text: str) -> set[str]:
    asking = question_terms()
    return {t for t in terms(text) if t not in asking and t not in STOPWORDS}


class CellAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.tables = tables
        self.index = index

    def _names_a_row(self, term: str) -> bool:
        """Whether ``term`` is a word of a row's name ("Grooming for dogs: price £30."): a word of
        the question that one is, and the row found does not explain, asks of another row. The
        rows are the best sentences for the term, looked up in the index."""
        for position, _ in self.index.bm25([term], ROWS_SEARCHED):
            m = ROW.match(self.index.entries[position].text)
            if m and len(m.group("name").split()) <= _ROW_NAME_WORDS and term in terms(m.group("name")):
                return True
        return False

    def named_cell(self, text: str, whether: bool = False) -> Cell | None:
        """The one cell of a row the question names whose column it names (or asks for);
        ``whether``: of a yes-or-no question, whose numbers are what it asks about."""
        asked = _asked(text)
        # The row is looked for by the name the question gives it ("Lyon"), or by all its words
        # when it asks yes or no, or for a column ("How much is a cleaning?").
        everything = whether or asks_a_column(text)
        named = ({t for w in _NAMED.findall(text) for t in terms(w)} | (asked if everything else set())) \
            & asked & self.index.vocabulary
        if not named:
            return None  # a row is looked for by the name the question gives it ("Lyon"): cheap
        for position, _ in self.index.bm25(sorted(named), ROWS_SEARCHED):
            entry = self.index.entries[position]
            m = ROW.match(entry.text)
            name = _BRACKETED.sub("", m.group("name")) if m else ""  # "Cleaning (hygienist)" is a cleaning
            if m is None or not any(set(terms(part)) <= asked for part in _ONE_OF.split(name) if terms(part)):
                continue  # every word of the row's name, or of one thing it lists ("DVDs and Blu-ray discs")
            rows = rows_of(self.tables.sentences, entry.id)
            table = cells_of(rows)
            if not table:
                continue
            own = next(i for i, r in enumerate(rows) if r.id == entry.id)
            rest = asked - set(terms(m.group("name")))  # its bracket's words too: no column's
            cell = self._cell(text, rows[own], m.group("name").strip(), table[own], rest)
            if cell is None:
                continue  # no column of this table asked for: another table's row of that name may have it
            # A number or a name the question writes beyond the row and the column asks of
            # something else: "the default batch size before 2.3.0" is no cell of today's table.
            told = set(terms(cell.name)) | set(terms(cell.header)) | entry.heading
            written = {t for w in _NAMED.findall(text) for t in terms(w)
                       if not (whether and _NUMBER.fullmatch(w))}  # "Is the port 8080?" asks of 8080
            if any(t not in told for t in written):
                return None
            # A word of the question the row does not explain but the documents use elsewhere asks
            # of something else: "How much is a cleaning for children?" of "Cleaning for children
            # under 12 costs €30.", not of the price list's cleaning.
            explained = told | set(terms(cell.value)) | _COLUMN_WORDS
            unexplained = {t for t in rest if t not in explained and t in self.index.vocabulary}
            qualifiers = _qualifiers(text)  # "for children"; and "grooming", another row's
            return None if any(t in qualifiers or self._names_a_row(t) for t in unexplained) else cell
        return None

    @staticmethod
    def _cell(text: str, row: Sentence, name: str, cells: list[tuple[str, str]], rest: set[str]) -> Cell | None:
        """The cell whose header shares the most of ``rest`` (the question's other words), if
        one does alone; else the one the question word asks for."""
        shares = [len(set(terms(header)) & rest) for header, _ in cells]
        best = max(shares, default=0)
        if best and shares.count(best) == 1:
            header, value = cells[shares.index(best)]
            return Cell(row, name, header, value) if value else None
        for pattern, headers in ASKED_COLUMNS:
            if pattern.search(text):
                matching = [(h, v) for h, v in cells if set(terms(h)) & headers and v]
                if len(matching) == 1:
                    return Cell(row, name, *matching[0])
        for pattern, value in ASKED_VALUES:
            if pattern.search(text):
                matching = [(h, v) for h, v in cells if value.search(v)]
                if len(matching) == 1:
                    return Cell(row, name, *matching[0])
        return None

    def verdict(self, text: str) -> Answer | None:
        """A yes-or-no question of one cell: "Is the default port 8080?" → "No: port — default:
        7410."; a number of the question is the cell's or not, a word saying on or off agrees with
        the cell's or not (``POLARITY``). None without a verdict ("Are you open on Saturday?" is
        answered by the whole row)."""
        if _NO_VERDICT.search(text):
            return None  # "not 5120?", "below 6000?", "5120 or 8080?": more than a match of values
        cell = self.named_cell(text, whether=True)
        if cell is None:
            return None
        numbers = {n.replace(",", "") for n in _NUMBER.findall(text)}
        if len(numbers) > 1:
            return None  # "Is the price for 2 adults €120?"
        held_numbers = {n.replace(",", "") for n in _NUMBER.findall(cell.value)}
        if numbers:
            if len(held_numbers) != 1:
                return None  # "9:00 to 17:00" is a range: "open at 10:00?" is not a match of numbers
            agrees = bool(numbers & held_numbers)
        else:
            asked = _polarity([w for w in text.split() if w.lower() not in _QUESTION_SIDE_EXCLUDED])
            held = _polarity(cell.value.split()[:1])
            if asked is None or held is None:
                return None
            agrees = asked == held
        return Answer(text=render("table_verdict", verdict="Yes" if agrees else "No", name=cell.name,
                                  header=cell.header, value=cell.value),
                      found=True, confidence=FACT_CONFIDENCE, citations=self.tables.citations([cell.row.id]))

    def answer(self, text: str) -> Answer | None:
        if asks_whether(text):
            return self.verdict(text)
        cell = self.named_cell(text)
        if cell is None or (_ASKS_DATE.search(text) and not find_dates(cell.value)):
            return None  # "When was the Berlin office opened?" is not asked of its opening hours
        return Answer(text=render("table_cell", name=cell.name, header=cell.header, value=cell.value),
                      found=True, confidence=FACT_CONFIDENCE, citations=self.tables.citations([cell.row.id]))
