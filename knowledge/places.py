"""Places named in a sentence: "in Washington, D.C.", "visited Nur-Sultan", "Washington hosted".

A place is a capitalized phrase after a locative preposition or verb (in, at, to, from,
visited, traveled to...), after a table's place column as its rows read ("origin Kenya",
``knowledge.tables``) or before "hosted". Phrases that are dates, roles, people,
organizations or events ("in the Strategic Partnership Dialogue") are not places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import (
    CURRENCY_CODES,
    DETERMINERS,
    EVENT_NOUNS,
    MONTH_NAMES,
    NUMBERED_PLACES,
    ORG_END,
    ROLE_HEADS,
)
from knowledge.ordinals import ORDINAL_WORDS

_CAP = r"[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*"
_PHRASE = rf"{_CAP}(?:\s+(?:of\s+|de\s+)?{_CAP}){{0,3}}(?:,\s+D\.C\.)?"
_BEFORE = lazy_compile(
    rf"\b(?:[Ii]n|[Aa]t|[Tt]o|[Ff]rom|[Nn]ear|[Aa]round|[Aa]cross|[Tt]hroughout|[Oo]utside|[Ii]nside|[Ww]ithin|[Vv]isit(?:ed|ing|s)?|[Tt]ravel(?:l?ed)\s+to|[Hh]eld\s+in"
    rf"|(?<=[:,] )(?:origin|location|country|region))"  # a table's place column, as its rows read
    rf"\s+(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?\s+)?(?P<place>{_PHRASE})")
_HOSTED = lazy_compile(rf"(?P<place>{_PHRASE})\s+(?:hosted|hosts|will\s+host)\b")
_HOSTED_BY = lazy_compile(rf"\b(?:hosted|staged)\s+by\s+(?:the\s+city\s+of\s+)?(?P<place>{_PHRASE})")
# Words no place is named with: "according to the Second law", "up to EUR 50", "in March".
_NOT_PLACE_WORDS = ROLE_HEADS | MONTH_NAMES | EVENT_NOUNS | DETERMINERS | CURRENCY_CODES | (
    ORG_END - {"states", "kingdom", "republic", "federation", "union"}) | {
    "accordance", "addition", "order", "response", "support", "particular", "general", "fact"}


@dataclass(frozen=True)
class PlaceMention:
    name: str
    start: int


def _clean(name: str) -> str:
    return re.sub(r"['’]s$", "", name).strip()


@dataclass(frozen=True)
class PlaceCandidate:
    """A place mention before the corpus-wide exclusions (people, acronyms) are applied."""

    name: str
    start: int
    last_word: str  # lower case


def place_candidates(text: str) -> list[PlaceCandidate]:
    """The place phrases of ``text`` that no word list rules out, in the order the patterns find them."""
    found: list[PlaceCandidate] = []
    for pattern in (_BEFORE, _HOSTED, _HOSTED_BY):
        for m in pattern.finditer(text):
            name = _clean(m.group("place"))
            words = [w.lower() for w in re.findall(r"[\w'’]+", name)]
            if not words or any(w in _NOT_PLACE_WORDS for w in words) or (
                    words[0] in ORDINAL_WORDS and words[-1] not in NUMBERED_PLACES):
                continue  # "according to the Second Law", "the Second World War" (not "Second Street")
            if name.isupper() and len(name) > 3:
                continue
            if pattern is _HOSTED and m.start() > 0 and text[m.start() - 1] not in " ,;(" :
                continue
            found.append(PlaceCandidate(name, m.start("place"), words[-1]))
    return found


def choose_places(candidates: list[PlaceCandidate], excluded: set[str] = frozenset()) -> list[PlaceMention]:
    """The candidates not ``excluded`` (lower-case names known to be other things), one per position."""
    found: list[PlaceMention] = []
    for c in candidates:
        if c.name.lower() in excluded or c.last_word in excluded:
            continue
        if not any(p.start == c.start for p in found):
            found.append(PlaceMention(c.name, c.start))
    found.sort(key=lambda p: p.start)
    return found


def find_places(text: str, excluded: set[str] = frozenset()) -> list[PlaceMention]:
    """Place mentions in ``text``; ``excluded`` holds lower-case names known to be other things."""
    return choose_places(place_candidates(text), excluded)
