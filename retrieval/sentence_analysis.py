"""What the open-question reader derives from each sentence, as plain data.

Per sentence, a ``Record``: its index terms in order, its paragraph and neighbours there,
and the answer kinds it can give (years, a month, numbers, capitalised words, people's
names), with its heading's index. Per paragraph its terms; per (document, section) the
terms of its heading; over the corpus the numbers written and the initialisms of its
names. Lists, strings and numbers only, in a fixed order, so that the same analysis can
be kept in memory or saved as JSON at build time (``retrieval.analysis_store``) and read
back by a later process without analysing a sentence again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.lazy_pattern import CaseBlind, folded, lazy_compile
from knowledge.lexicon import MONTH_PATTERN
from knowledge.models import KnowledgeBase
from retrieval.analyzer import terms
from retrieval.person_names import person_names

# Searched in a sentence folded to lower case when it is ASCII (knowledge.lazy_pattern.CaseBlind).
_YEAR = CaseBlind(r"\b(?:1[0-9]{3}|2[01][0-9]{2})s?\b|\b\d{1,2}(?:st|nd|rd|th)\s+century\b|"
                  r"\b\d[\d,.]*\s*(?:BC|BCE|AD|CE)\b|"
                  r"\byears?\s+ago\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)")
_MONTH = lazy_compile(rf"\b{MONTH_PATTERN}\b")
_NUMBER = CaseBlind(r"\b\d[\d,.]*\d\b|\b\d\b|"
                    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                    r"thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|several)\b")
_CAPITAL = lazy_compile(r"(?<![.!?]\s)(?<!^)\b[A-Z](?:[\w'’.+-]|&(?=[A-Za-z]))*")  # "Q&A" one

# A name of capitalised words, with "of", "the", "and", "for" inside: "Presiding Officer",
# "Bank of America"; a roman numeral counts whole ("World War II" → WWII).
_NAME_RUN = lazy_compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and|for)\s+){0,2}[A-Z][\w'’-]*)+")
_ROMAN = lazy_compile(r"^[IVX]+$")
INITIALISM_WORDS = (2, 5)  # names of 2 to 5 capitalised words are abbreviated by their initials

# A Record's fields, in order (a list, so that it is its own JSON):
TERMS, PARAGRAPH, PREVIOUS, FOLLOWING, YEARS, HAS_MONTH, NUMBERS, CAPITALS, PEOPLE, HEADING = range(10)
Record = Sequence  # [terms, paragraph, previous, following, years, has_month, numbers, capitals, people, heading]


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
class ReaderData:
    """The reader's analysis of a knowledge base (``analyse_sentences``), or its saved copy."""

    records: Sequence[Record]  # one per sentence, in the knowledge base's order
    paragraphs: Sequence[Sequence[str]]  # each paragraph's terms (each once, first seen first)
    headings: Sequence[Sequence[str]]  # the terms of each (document title, section)
    numbers: frozenset[str]  # every number any sentence writes
    initials: dict[str, frozenset[str]]  # initials as the analyzer spells them → the terms of the names


def _unique(items: object) -> list[str]:
    return list(dict.fromkeys(items))  # type: ignore[call-overload]


# What a sentence writes, in a record's order: years, whether it names a month, numbers,
# capitalised words, people's names.
Written = tuple[list[str], bool, list[str], list[str], list[str]]


def written_values(text: str) -> Written:
    """The values ``text`` writes (a sentence's, for its record)."""
    scan, is_folded = folded(text)
    return (_unique(m.group(0).lower() for m in _YEAR.pattern(is_folded).finditer(scan)), bool(_MONTH.search(text)),
            _unique(m.group(0).lower().replace(",", "") for m in _NUMBER.pattern(is_folded).finditer(scan)),
            _unique(m.group(0).casefold().strip(".") for m in _CAPITAL.finditer(text)),
            _unique(n.casefold() for n in person_names(text)))


def add_initials(initials: dict[str, frozenset[str]], text: str) -> None:
    """Into ``initials``: each initialism ``text`` defines, spelled as the analyzer spells it
    ("tgy" → "tgi"), with the terms of the name it stands for."""
    for short, words in initialisms(text):
        spelled = "".join(terms(short)) or short
        initials[spelled] = initials.get(spelled, frozenset()) | frozenset(terms(words))


def analyse_sentences(kb: KnowledgeBase) -> ReaderData:
    """Read every sentence of ``kb`` once: its terms, neighbours, and the values it writes."""
    records: list[Record] = []
    paragraph_bags: list[dict[str, None]] = []
    keys: dict[tuple[str, int], int] = {}
    headings: dict[tuple[str, str], int] = {}  # shared by the sentences under one
    titles = {d.id: d.title for d in kb.documents}
    sentences = kb.sentences
    numbers: set[str] = set()
    initials: dict[str, frozenset[str]] = {}
    for position, s in enumerate(sentences):
        bag = terms(s.text)
        key = (s.doc_id, s.paragraph)
        if key not in keys:
            keys[key] = len(paragraph_bags)
            paragraph_bags.append({})
        paragraph_bags[keys[key]].update(dict.fromkeys(bag))
        before = sentences[position - 1] if position > 0 else None
        same_before = before is not None and (before.doc_id, before.paragraph) == key
        same_after = position + 1 < len(sentences) and (
            sentences[position + 1].doc_id, sentences[position + 1].paragraph) == key
        heading = headings.setdefault((s.doc_id, s.section), len(headings))
        years, month, written, capitals, people = written_values(s.text)
        numbers.update(written)
        records.append((bag, keys[key], position - 1 if same_before else -1, position + 1 if same_after else -1,
                        years, month, written, capitals, people, heading))
        add_initials(initials, s.text)
    return ReaderData(
        records=records, paragraphs=[list(b) for b in paragraph_bags],
        headings=[terms(f"{titles.get(doc_id, '')} {section}") for doc_id, section in headings],
        numbers=frozenset(numbers), initials=initials)
