"""What the open-question reader knows of each sentence: its entry, made when first read.

Per sentence: its index terms in order, their set and bigrams, its neighbours in the same
paragraph, and the answer kinds it can give (a year, a number, capitalised names). Per
paragraph: its terms. Per sentence, on demand, its vector of meaning (``word_vectors``). And a
BM25+ over sentences (``reader_bm25``: k1 1.2, b 0.75, delta 1),
through postings lists in Python, or arrays of precomputed scores for a large knowledge base.
The analysis behind them (``sentence_analysis``) is computed when the engine starts, or
read from what ``qabot build`` saved (``analysis_store``); entries are made from it on
first use, so a question pays for the sentences it looks at.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from dataclasses import dataclass
from functools import lru_cache

from knowledge.models import KnowledgeBase
from retrieval.analyzer import version_variants
from retrieval.lazy import LazyList
from retrieval.reader_bm25 import BM25Arrays, SentenceBM25, make_bm25
from retrieval.relative_years import referred_year
from retrieval.sentence_analysis import (
    CAPITALS,
    FOLLOWING,
    HAS_MONTH,
    HEADING,
    NUMBERS,
    PARAGRAPH,
    PEOPLE,
    PREVIOUS,
    TERMS,
    YEARS,
    ReaderData,
    Record,
    analyse_sentences,
)
from retrieval.word_vectors import Vector, text_vector, text_words

# A name's word the documents write with a suffix: the plural, a member, a people or a land
# ("Medal" / "Medalists", "German" / "Germany", whose term is "germani").
NAME_SUFFIXES = ("s", "es", "ist", "ists", "ian", "ians", "an", "ans", "i", "y", "ese")
_VOWELS = frozenset("aeiouy")
FAMILY_MIN, FAMILY_LETTERS = 4, 3  # a word's family: a stem of 4 letters or more, 3 letters shorter at most


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
    years: frozenset[str]  # years (and centuries) written in the sentence, or the one it refers to
    referred_year: str  # the year it names only by reference ("the same year", ``relative_years``), or ""
    has_month: bool
    numbers: frozenset[str]  # numbers written in it, digits without separators, or number words
    capitals: frozenset[str]  # capitalised words inside the sentence, case-folded
    people: frozenset[str]  # people's names written in it (``person_names``), case-folded
    heading: frozenset[str]  # terms of its document's title and its section: what it is about
    parts: tuple[str, ...]  # the ids of the sentences it reads: its own, or two (``joined_entry``)

    @property
    def joined(self) -> bool:
        """Whether it is two neighbouring sentences read as one (an id may itself hold "+")."""
        return len(self.parts) > 1


class ReaderIndex:
    def __init__(self, kb: KnowledgeBase, arrays: bool | None = None, data: ReaderData | None = None,
                 saved: BM25Arrays | None = None) -> None:
        """Index ``kb``'s sentences from ``data`` (analysed now if None); ``arrays`` chooses the
        BM25+ (``reader_bm25.make_bm25``), and ``saved`` is its arrays when they were saved."""
        data = data if data is not None else analyse_sentences(kb)
        sentences = kb.sentences
        headings = LazyList(data.headings, frozenset)

        def before(position: int, k: int) -> tuple[str, frozenset[str]] | None:
            for _ in range(k):
                position = data.records[position][PREVIOUS]
                if position < 0:
                    return None
            return sentences[position].text, frozenset(data.records[position][YEARS])

        def entry(position: int) -> SentenceEntry:
            s, r = sentences[position], data.records[position]
            bag = r[TERMS]
            referred = "" if r[YEARS] else referred_year(s.text, functools.partial(before, position))
            return SentenceEntry(
                position=position, id=s.id, text=s.text, terms=tuple(bag), term_set=frozenset(bag),
                bigrams=frozenset(itertools.pairwise(bag)), paragraph=r[PARAGRAPH], previous=r[PREVIOUS],
                following=r[FOLLOWING], years=frozenset(r[YEARS]) | ({referred} if referred else frozenset()),
                referred_year=referred, has_month=r[HAS_MONTH],
                numbers=frozenset(r[NUMBERS]), capitals=frozenset(r[CAPITALS]), people=frozenset(r[PEOPLE]),
                heading=headings[r[HEADING]], parts=(s.id,))

        self.entries: LazyList[int, SentenceEntry] = LazyList(range(len(sentences)), entry)
        self.headings: LazyList[list[str], frozenset[str]] = headings  # per (document, section)
        self.heading_of: LazyList[Record, int] = LazyList(data.records, operator.itemgetter(HEADING))
        self.paragraph_terms: LazyList[list[str], frozenset[str]] = LazyList(data.paragraphs, frozenset)
        self.search: SentenceBM25 = make_bm25(LazyList(data.records, operator.itemgetter(TERMS)), arrays, saved)
        n = max(1, len(self.entries))
        self.idf = self.search.idf
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        self.average_length = self.search.average_length
        self.vocabulary = frozenset(self.idf)
        self.numbers = data.numbers
        self.initials = data.initials
        # None of these refers to the index itself: the engine freezes what it builds for the
        # collector (gc.freeze), so a cycle through the index would keep it alive for good.
        idf, unknown = self.idf, self.max_idf

        def weigh(term: str) -> float:
            return idf.get(term, unknown)

        self._vectors: LazyList[int, Vector] = LazyList(
            range(len(sentences)), lambda position: text_vector(sentences[position].text, weigh))
        self._joined_vectors = lru_cache(maxsize=4096)(functools.partial(text_vector, weight=weigh))
        self._words: LazyList[int, frozenset[str]] = LazyList(
            range(len(sentences)), lambda position: frozenset(w for _, w in text_words(sentences[position].text)))
        entries = self.entries  # two neighbours read as one, made once for the questions that read them
        self._joined = lru_cache(maxsize=4096)(lambda first, second: joined_entry(entries[first], entries[second]))

    def vector(self, entry: SentenceEntry) -> Vector:
        """``entry``'s unit vector of meaning (``word_vectors``), its words weighted here."""
        return self._joined_vectors(entry.text) if entry.joined else self._vectors[entry.position]

    def words(self, entry: SentenceEntry) -> frozenset[str]:
        """``entry``'s distinct words that have a vector (``word_vectors.text_words``)."""
        if not entry.joined:
            return self._words[entry.position]
        # joined_entry reads a sentence with its following one; each sentence's words are read alone
        return self._words[entry.position] | self._words[self.entries[entry.position].following]

    def joined(self, first: int, second: int) -> SentenceEntry:
        """The sentences at ``first`` and ``second`` (its next) read as one (``joined_entry``)."""
        return self._joined(first, second)

    def window_terms(self, entry: SentenceEntry) -> set[str]:
        """The terms of ``entry`` and of its neighbours in the paragraph."""
        window = set(entry.term_set)
        for other in (entry.previous, entry.following):
            if other >= 0:
                window |= self.entries[other].term_set
        return window

    def family(self, term: str) -> frozenset[str]:
        """Terms of the documents that ``term``, itself absent, extends by a few letters
        ("ethiopia" for "ethiopian", "japan" for "japanes", Japanese), and the plural of an
        abbreviation, which the analyzer does not stem ("ppps" for "ppp", PPPs; only a term
        without a vowel: "deni", deny, is not "denis")."""
        if term in self.vocabulary:
            return frozenset()
        cut = range(len(term) - 1, max(FAMILY_MIN - 1, len(term) - FAMILY_LETTERS - 1), -1)
        plural = {term + "s"} & self.vocabulary if not _VOWELS & set(term) else set()
        versions = version_variants(term) & self.vocabulary  # "2.1" is "2.1.0" (section_context)
        return frozenset({term[:k] for k in cut if term[:k] in self.vocabulary} | plural | versions)

    def extended(self, term: str) -> bool:
        """Whether the documents hold ``term``, itself absent, with a suffix that makes a word
        of the same name (``NAME_SUFFIXES``: "medalist" for "medal", "germani" for "german",
        "ppps" for "ppp"), so that a name so written is no name they never mention; "Paris" is
        not "parish", nor "Mark" "market"."""
        return any(term + suffix in self.vocabulary for suffix in NAME_SUFFIXES)

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
        following=second.following, years=first.years | second.years,
        referred_year=first.referred_year or second.referred_year, has_month=first.has_month or second.has_month,
        numbers=first.numbers | second.numbers, capitals=first.capitals | second.capitals,
        people=first.people | second.people,
        heading=first.heading, parts=(first.id, second.id))
