"""What the open-question reader knows of each sentence, computed once when the engine starts.

Per sentence: its index terms in order, their set and bigrams, its neighbours in the same
paragraph, and the answer kinds it can give (a year, a number, capitalised names). Per
paragraph: its terms. And a BM25+ over sentences (``reader_bm25``: k1 1.2, b 0.75, delta 1),
through postings lists in Python, or arrays of precomputed scores for a large knowledge base.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from knowledge.lexicon import MONTH_PATTERN
from knowledge.models import KnowledgeBase
from retrieval.analyzer import terms
from retrieval.person_names import person_names
from retrieval.reader_bm25 import SentenceBM25, make_bm25

FAMILY_MIN, FAMILY_LETTERS = 4, 3  # a word's family: a stem of 4 letters or more, 3 letters shorter at most
_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b|\b\d{1,2}(?:st|nd|rd|th)\s+century\b|"
                   r"\b\d[\d,.]*\s*(?:BC|BCE|AD|CE)\b|"
                   r"\byears?\s+ago\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.I)
_MONTH = re.compile(rf"\b{MONTH_PATTERN}\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b|"
                     r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                     r"thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|several)\b", re.I)
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’.+-]*")


# A name of capitalised words, with "of", "the", "and", "for" inside: "Presiding Officer",
# "Bank of America"; a roman numeral counts whole ("World War II" → WWII).
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|for)\s+){0,2}[A-Z][\w'’-]*)+")
_ROMAN = re.compile(r"^[IVX]+$")
INITIALISM_WORDS = (2, 5)  # names of 2 to 5 capitalised words are abbreviated by their initials


def initialisms(text: str) -> list[tuple[str, str]]:
    """(initials, name) for the names of capitalised words in ``text``, and their parts."""
    found = []
    for m in _NAME_RUN.finditer(text):
        words = [w for w in m.group(0).split() if w[:1].isupper()]
        low, high = INITIALISM_WORDS
        for i in range(len(words)):
            for j in range(i + low, min(len(words), i + high) + 1):
                part = words[i:j]
                short = "".join(w if _ROMAN.match(w) else w[0] for w in part).lower()
                found.append((short, " ".join(part)))
    return found


@dataclass(frozen=True)
class SentenceEntry:
    position: int  # index in the knowledge base's sentence order
    id: str
    text: str
    terms: tuple[str, ...]
    term_set: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    paragraph: int  # index into ReaderIndex.paragraph_terms
    previous: int  # position of the sentence before it in the paragraph, or -1
    following: int  # position of the sentence after it in the paragraph, or -1
    years: frozenset[str]  # years (and centuries) written in the sentence
    has_month: bool
    numbers: frozenset[str]  # numbers written in it, digits without separators, or number words
    capitals: frozenset[str]  # capitalised words inside the sentence, case-folded
    people: frozenset[str]  # people's names written in it (``person_names``), case-folded
    heading: frozenset[str]  # terms of its document's title and its section: what it is about


class ReaderIndex:
    def __init__(self, kb: KnowledgeBase, arrays: bool | None = None) -> None:
        """Index ``kb``'s sentences; ``arrays`` chooses the BM25+ (``reader_bm25.make_bm25``)."""
        self.entries: list[SentenceEntry] = []
        self.paragraph_terms: list[frozenset[str]] = []
        keys: dict[tuple[str, int], int] = {}
        rows = [(s, terms(s.text)) for s in kb.sentences]
        titles = {d.id: d.title for d in kb.documents}
        headings: dict[tuple[str, str], frozenset[str]] = {}  # shared by the sentences under one
        paragraph_bags: list[set[str]] = []
        for position, (s, bag) in enumerate(rows):
            key = (s.doc_id, s.paragraph)
            if key not in keys:
                keys[key] = len(paragraph_bags)
                paragraph_bags.append(set())
            paragraph_bags[keys[key]].update(bag)
            before = kb.sentences[position - 1] if position > 0 else None
            same_before = before is not None and (before.doc_id, before.paragraph) == key
            same_after = position + 1 < len(rows) and (
                kb.sentences[position + 1].doc_id, kb.sentences[position + 1].paragraph) == key
            self.entries.append(SentenceEntry(
                position=position, id=s.id, text=s.text, terms=tuple(bag), term_set=frozenset(bag),
                bigrams=frozenset(itertools.pairwise(bag)), paragraph=keys[key],
                previous=position - 1 if same_before else -1, following=position + 1 if same_after else -1,
                years=frozenset(m.group(0).lower() for m in _YEAR.finditer(s.text)),
                has_month=bool(_MONTH.search(s.text)),
                numbers=frozenset(m.group(0).lower().replace(",", "") for m in _NUMBER.finditer(s.text)),
                capitals=frozenset(m.group(0).casefold().strip(".") for m in _CAPITAL.finditer(s.text)),
                people=frozenset(n.casefold() for n in person_names(s.text)),
                heading=headings.setdefault((s.doc_id, s.section), frozenset(
                    terms(f"{titles.get(s.doc_id, '')} {s.section}")))))
        self.paragraph_terms = [frozenset(b) for b in paragraph_bags]
        self.search: SentenceBM25 = make_bm25([e.terms for e in self.entries], arrays)
        n = max(1, len(self.entries))
        self.idf = self.search.idf
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        self.average_length = self.search.average_length
        self.vocabulary = frozenset(self.idf)
        self.numbers = frozenset(n for e in self.entries for n in e.numbers)
        self.initials: dict[str, frozenset[str]] = {}
        for e in self.entries:
            for short, words in initialisms(e.text):
                key = "".join(terms(short)) or short  # as the analyzer spells it: "tgy" → "tgi"
                self.initials[key] = self.initials.get(key, frozenset()) | frozenset(terms(words))

    def window_terms(self, entry: SentenceEntry) -> set[str]:
        """The terms of ``entry`` and of its neighbours in the paragraph."""
        window = set(entry.term_set)
        for other in (entry.previous, entry.following):
            if other >= 0:
                window |= self.entries[other].term_set
        return window

    def family(self, term: str) -> frozenset[str]:
        """Terms of the documents that ``term``, itself absent, extends by a few letters:
        "ethiopia" for "ethiopian", "japan" for "japanes" (Japanese)."""
        if term in self.vocabulary:
            return frozenset()
        cut = range(len(term) - 1, max(FAMILY_MIN - 1, len(term) - FAMILY_LETTERS - 1), -1)
        return frozenset(term[:k] for k in cut if term[:k] in self.vocabulary)

    def spelled_out(self, term: str) -> frozenset[str]:
        """The terms of the documents' names whose initials ``term`` is ("sp" → Scottish
        Parliament, "wwii" → World War II), when the documents never write it themselves."""
        return frozenset() if term in self.vocabulary else self.initials.get(term, frozenset())

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.max_idf)

    def bm25(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best sentences for ``query_terms``: (position, BM25+ score), best first."""
        return self.search.top(query_terms, k)


def joined_entry(first: SentenceEntry, second: SentenceEntry) -> SentenceEntry:
    """Two neighbouring sentences read as one candidate, for an answer that spans both."""
    return SentenceEntry(
        position=first.position, id=f"{first.id}+{second.id}", text=f"{first.text} {second.text}",
        terms=first.terms + second.terms, term_set=first.term_set | second.term_set,
        bigrams=first.bigrams | second.bigrams, paragraph=first.paragraph, previous=first.previous,
        following=second.following, years=first.years | second.years, has_month=first.has_month or second.has_month,
        numbers=first.numbers | second.numbers, capitals=first.capitals | second.capitals,
        people=first.people | second.people,
        heading=first.heading)
