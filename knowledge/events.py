"""Numbered and dated events of a recurring series.

Recognized mentions (the series is a capitalized phrase or an acronym):
- "the first session of the fourth SPD", "the next session of the fourth SPD"
- "the fourth meeting of the U.S.- Kazakhstan Strategic Partnership Dialogue"
- "the third SPD", "the second SPD meeting", "the 71st United Nations General Assembly"
- "the inaugural meeting" (no series: the one named nearby in the sentence or paragraph)
- "The ESPD convened on December 4, 2019" (no ordinal: an event only when dated)

Each mention takes the date, places and people nearest to it in its sentence; with no date
there, the date of the quotation's attribution line, or of the previous sentence of the
paragraph when that sentence names no other event. Following sentences of the paragraph
that name no new event and no date describe the current event (its details).
Series names are made canonical with the acronym table: a phrase ending in a known
expansion ("U.S.- Kazakhstan Strategic Partnership Dialogue") is that series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from knowledge.dates import DateMention
from knowledge.lazy_pattern import CaseBlind, folded
from knowledge.lexicon import (
    EVENT_NOUNS,
    EVENT_UNITS,
    MONTH_NAMES,
    PART_UNITS,
    ROLE_HEADS,
    SERIES_SUFFIXES,
    TEMPORAL_NOUNS,
    alternation,
)
from knowledge.models import DateSpan
from knowledge.ordinals import ORDINAL_PATTERN, ordinal_value
from knowledge.places import PlaceMention

_UNITS = alternation(EVENT_UNITS)
# Searched in a sentence folded to lower case when it is ASCII (knowledge.lazy_pattern.CaseBlind).
_ORD = CaseBlind(rf"\b(?P<ord>{ORDINAL_PATTERN}|next|final|last)\b")
_SESSION_OF = CaseBlind(
    rf"\b(?P<sord>{ORDINAL_PATTERN}|next|final|last)\s+(?:session|round|part|sitting|day)\s+of\s+"
    rf"(?:the\s+)?(?P<ord>{ORDINAL_PATTERN})\s+")
_UNIT_OF = CaseBlind(rf"\b(?P<ord>{ORDINAL_PATTERN})\s+(?P<unit>{_UNITS})s?\s+of\s+(?:the\s+)?")
_BARE = CaseBlind(rf"\b(?P<ord>{ORDINAL_PATTERN})\s+(?:\w+\s+)?(?P<unit>{_UNITS})\b(?!\s+of)")
_PART_UNITS = PART_UNITS
# "The fourth cup was cancelled in 2022": a date on which the event did not take place.
_CANCELLED = CaseBlind(r"\b(?:cancel+ed|postponed|called\s+off|scrapped|abandoned)\b")
_NOT_ITS_DATE = CaseBlind(r"\b(?:for|ahead\s+of|towards?|in\s+preparation\s+for)\s+(?:the\s+)?$")
# "the first summit held in the city since 1999", "the first meeting ever": a superlative
# about a place or a time span, not the first of a series.
_NOT_SERIES_ORDER = CaseBlind(r"^[^.;]{0,60}?\b(?:since|ever|of\s+its\s+kind)\b")
_MEETING = CaseBlind(r"\b(?:conven\w*|met|meet\w*|held|hold\w*|took place|take[sn]? place|"
                      r"sessions?|gather\w*|discuss\w*|summit|talks)\b")
_CONNECT = {"of", "and", "for", "on", "the", "de"}
_WORD = re.compile(r"[A-Za-z0-9][\w'’.+]*(?:-\s?[\w'’.]*)?")


@dataclass
class EventMention:
    series: str
    ordinal: int | None
    session: int | None
    start: int
    end: int
    part_of_current: bool = False  # "the second session": a part of the event in focus
    unit: str = ""  # the noun of a mention with no series name: "the first festival"
    undated: bool = False  # "submissions for the ninth edition closed on ...": not its date


@dataclass
class SentenceFacts:
    """What the extractors found in one sentence, with character positions."""

    id: str
    doc_id: str
    block: int
    text: str
    dates: list[DateMention]
    places: list[PlaceMention]
    people: list[str]
    context_dates: list[DateSpan] = field(default_factory=list)
    participants: list[str] | None = None  # people who took part (None: all of ``people``)


def _series_phrase(text: str, pos: int) -> tuple[str, int] | None:
    """The capitalized phrase (or acronym) starting at ``pos`` and where it ends."""
    words: list[tuple[str, int]] = []
    for m in _WORD.finditer(text, pos):
        gap = text[(words[-1][1] if words else pos):m.start()]
        if words and gap.strip() not in {"", "-"}:
            break
        if not words and m.start() != pos:
            break
        word = m.group(0)
        if word.lower().rstrip(".") in MONTH_NAMES:
            break
        if word[0].isupper() or (word.lower() in _CONNECT and words):
            words.append((word, m.end()))
        else:
            break
    while words and words[-1][0].lower() in _CONNECT:
        words.pop()
    if not words:
        return None
    phrase = " ".join(w.rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w, _ in words)
    last = re.sub(r"['’]s$", "", words[-1][0]).lower().rstrip(".")
    lowered = {w.lower() for w, _ in words}
    first = words[0][0].lower().rstrip(".")
    # "the first General Assembly" names events; "the 13th President of the University" a role
    an_event = (last in EVENT_NOUNS or last.rstrip("s") in EVENT_UNITS) and (
        len(words) < 2 or words[1][0].lower() != "of")
    if last in TEMPORAL_NOUNS or last in ROLE_HEADS or lowered & MONTH_NAMES or (first in ROLE_HEADS and not an_event):
        return None  # "the seventh President of the United States": a role's holder, not "the first General Assembly"
    return re.sub(r"['’]s$", "", phrase), words[-1][1]


def canonical_series(phrase: str, acronyms: dict[str, str]) -> str:
    """The series a phrase names: an acronym's expansion, or the longest known suffix."""
    phrase = re.sub(rf"\s+{alternation(SERIES_SUFFIXES)}s?$", "", phrase.strip(), flags=re.I)
    bare = re.sub(r"s$", "", phrase) if phrase[:-1].isupper() else phrase
    if bare in acronyms:
        return acronyms[bare]
    lower = phrase.lower()
    best = ""
    for long in acronyms.values():
        if (lower == long.lower() or lower.endswith(" " + long.lower())) and len(long) > len(best):
            best = long
    if not best:  # a short form of one known name: "the Cup", "the Steppe Cup"
        words = lower.split()
        fitting = [long for long in set(acronyms.values()) if words[-1] == long.lower().split()[-1]
                   and set(words) <= set(long.lower().split()) and len(words) < len(long.split())]
        if len(fitting) == 1:
            best = fitting[0]
    return best or phrase


_WORD_RUN = re.compile(r"\w+")


class SeriesFinder:
    """Where a text names a known series (by name or acronym), longest names first.

    A name matched as ``\\bname\\b`` and starting with a word character starts a maximal run
    of word characters equal to its own first run, so only the names whose first run is one
    of the text's words are tried: one pass over the text instead of one regex per series.
    """

    def __init__(self, acronyms: dict[str, str], known_series: set[str]) -> None:
        names = sorted((n for n in known_series | set(acronyms) if acronyms.get(n, n) in known_series),
                       key=lambda n: (-len(n), n))
        self._order = {name: rank for rank, name in enumerate(names)}
        self._patterns = {name: re.compile(rf"\b{re.escape(name)}\b") for name in names}
        self._by_run: dict[str, list[str]] = {}
        self._other: list[str] = []  # names that do not start with a word character
        for name in names:
            run = _WORD_RUN.match(name)
            if run:
                self._by_run.setdefault(run.group(0), []).append(name)
            else:
                self._other.append(name)

    def names_in(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The names that may occur in ``text``, longest first, each with its pattern."""
        found = set(self._other)
        for run in self._by_run.keys() & _WORD_RUN.findall(text):
            found.update(self._by_run[run])
        return [(name, self._patterns[name]) for name in sorted(found, key=self._order.__getitem__)]


def find_event_mentions(text: str, acronyms: dict[str, str], known_series: set[str],
                        finder: SeriesFinder | None = None) -> list[EventMention]:
    """Event mentions of ``text``; ``finder`` is ``SeriesFinder(acronyms, known_series)``, made once."""
    return known_series_mentions(text, acronyms, finder or SeriesFinder(acronyms, known_series),
                                 numbered_mentions(text, acronyms))


def numbered_mentions(text: str, acronyms: dict[str, str]) -> list[EventMention]:
    """The mentions of ``text`` that need no known series: numbered ones ("the third SPD"), parts
    ("the second session") and unit nouns ("the first festival"). ``find_event_mentions`` with
    no known series."""
    return canonical_mentions(numbered_phrases(text), acronyms)


def canonical_mentions(mentions: list[EventMention], acronyms: dict[str, str]) -> list[EventMention]:
    """``numbered_phrases``' mentions with their series made canonical: ``numbered_mentions``."""
    return [replace(m, series=canonical_series(m.series, acronyms)) if m.series else replace(m) for m in mentions]


def numbered_phrases(text: str) -> list[EventMention]:
    """``numbered_mentions`` with each series as written (the acronym table changes only the
    names, not which mentions are found): the same for every corpus, so found with the
    document's extraction."""
    mentions: list[EventMention] = []
    scan, is_folded = folded(text)  # groups read of the patterns' matches are in lower case then
    if not _ORD.pattern(is_folded).search(scan):  # every pattern below opens with an ordinal (or next, final, last)
        return mentions
    taken: list[tuple[int, int]] = []

    def add(series: str, ordinal: int | None, session: int | None, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        mentions.append(EventMention(series, ordinal, session, start, end))

    for m in _SESSION_OF.pattern(is_folded).finditer(scan):
        found = _series_phrase(text, m.end())
        if found:
            sord = m.group("sord").lower()
            session = ordinal_value(sord) if sord not in {"next", "final", "last"} else -1
            add(found[0], ordinal_value(m.group("ord")),
                session if sord != "final" and sord != "last" else None, m.start(), found[1])
    for m in _UNIT_OF.pattern(is_folded).finditer(scan):
        if text[m.start("unit")].isupper():
            continue  # "the fifth Congress of Leaders of ...": the unit is part of the name
        found = _series_phrase(text, m.end())
        if found:
            add(found[0], ordinal_value(m.group("ord")), None,
                m.start(), found[1])
    for m in _ORD.pattern(is_folded).finditer(scan):
        value = ordinal_value(m.group("ord"))
        if value is None:
            continue
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
        found = _series_phrase(text, pos)
        if found:
            add(found[0], value, None, m.start(), found[1])
    for m in _BARE.pattern(is_folded).finditer(scan):
        value = ordinal_value(m.group("ord"))
        if value is None or _NOT_SERIES_ORDER.pattern(is_folded).match(scan[m.end():]):
            continue
        if m.group("unit").lower() in _PART_UNITS:
            add("", None, value, m.start(), m.end())
            mentions[-1:] = [EventMention("", None, value, m.start(), m.end(), part_of_current=True)] \
                if mentions and mentions[-1].start == m.start() else mentions[-1:]
        else:
            add("", value, None, m.start(), m.end())
            if mentions and mentions[-1].start == m.start():
                mentions[-1].unit = m.group("unit").lower()
    mentions.sort(key=lambda e: e.start)
    _mark_undated(text, mentions)
    return mentions


def known_series_mentions(text: str, acronyms: dict[str, str], finder: SeriesFinder,
                          numbered: list[EventMention]) -> list[EventMention]:
    """``numbered`` (``numbered_mentions(text, acronyms)``) and the unnumbered mentions of the
    series ``finder`` knows that do not overlap them ("The ESPD convened on ..."), in order.

    ``numbered`` itself when there are none; else a new list sharing its mentions.
    """
    if not _MEETING.search(text):
        return numbered
    taken = [(m.start, m.end) for m in numbered]
    extra: list[EventMention] = []
    for series, pattern in finder.names_in(text):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            extra.append(EventMention(acronyms.get(series, series), None, None, start, end))
    if not extra:
        return numbered
    _mark_undated(text, extra)
    return sorted([*numbered, *extra], key=lambda e: e.start)


def _mark_undated(text: str, mentions: list[EventMention]) -> None:
    """"for the ninth edition", "ahead of the third summit", a cancelled one: not its date."""
    cancelled = bool(_CANCELLED.search(text))
    for mention in mentions:
        mention.undated = cancelled or bool(_NOT_ITS_DATE.search(text[:mention.start]))
