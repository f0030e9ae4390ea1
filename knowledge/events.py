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

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge.dates import DateMention
from knowledge.lexicon import (
    EVENT_HEADS,
    EVENT_UNITS,
    MONTH_NAMES,
    PART_UNITS,
    ROLE_HEADS,
    SERIES_SUFFIXES,
    TEMPORAL_NOUNS,
    UNITS_AFTER_NAME,
    alternation,
)
from knowledge.models import Acronym, DateSpan, Event, Series
from knowledge.ordinals import ORDINAL_PATTERN, ordinal_value
from knowledge.places import PlaceMention

_UNITS = alternation(EVENT_UNITS)
_ORD = re.compile(rf"\b(?P<ord>{ORDINAL_PATTERN}|next|final|last)\b", re.I)
_SESSION_OF = re.compile(
    rf"\b(?P<sord>{ORDINAL_PATTERN}|next|final|last)\s+(?:session|round|part|sitting|day)\s+of\s+"
    rf"(?:the\s+)?(?P<ord>{ORDINAL_PATTERN})\s+", re.I)
_UNIT_OF = re.compile(rf"\b(?P<ord>{ORDINAL_PATTERN})\s+(?P<unit>{_UNITS})s?\s+of\s+(?:the\s+)?", re.I)
_BARE = re.compile(rf"\b(?P<ord>{ORDINAL_PATTERN})\s+(?:\w+\s+)?(?P<unit>{_UNITS})\b(?!\s+of)", re.I)
_PART_UNITS = PART_UNITS
# "The fourth cup was cancelled in 2022": a date on which the event did not take place.
_CANCELLED = re.compile(r"\b(?:cancel+ed|postponed|called\s+off|scrapped|abandoned)\b", re.I)
_NOT_ITS_DATE = re.compile(r"\b(?:for|ahead\s+of|towards?|in\s+preparation\s+for)\s+(?:the\s+)?$", re.I)
# "known until 2017", "since 2011", "by 2024": a date that is not when an event happened.
_NOT_EVENT_DATE = re.compile(r"\b(?:until|till|by|before|since|through)\s+(?:the\s+end\s+of\s+)?$", re.I)
# "the first summit held in the city since 1999", "the first meeting ever": a superlative
# about a place or a time span, not the first of a series.
_NOT_SERIES_ORDER = re.compile(r"^[^.;]{0,60}?\b(?:since|ever|of\s+its\s+kind)\b", re.I)
_MEETING = re.compile(r"\b(?:conven\w*|met|meet\w*|held|hold\w*|took place|take[sn]? place|"
                      r"sessions?|gather\w*|discuss\w*|summit|talks)\b", re.I)
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
    if last in TEMPORAL_NOUNS or last in ROLE_HEADS or lowered & MONTH_NAMES:
        return None
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
    mentions: list[EventMention] = []
    taken: list[tuple[int, int]] = []

    def add(series: str, ordinal: int | None, session: int | None, start: int, end: int) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        mentions.append(EventMention(series, ordinal, session, start, end))

    for m in _SESSION_OF.finditer(text):
        found = _series_phrase(text, m.end())
        if found:
            sord = m.group("sord").lower()
            session = ordinal_value(sord) if sord not in {"next", "final", "last"} else -1
            add(canonical_series(found[0], acronyms), ordinal_value(m.group("ord")),
                session if sord != "final" and sord != "last" else None, m.start(), found[1])
    for m in _UNIT_OF.finditer(text):
        if m.group("unit")[0].isupper():
            continue  # "the fifth Congress of Leaders of ...": the unit is part of the name
        found = _series_phrase(text, m.end())
        if found:
            add(canonical_series(found[0], acronyms), ordinal_value(m.group("ord")), None,
                m.start(), found[1])
    for m in _ORD.finditer(text):
        value = ordinal_value(m.group("ord"))
        if value is None:
            continue
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
        found = _series_phrase(text, pos)
        if found:
            add(canonical_series(found[0], acronyms), value, None, m.start(), found[1])
    for m in _BARE.finditer(text):
        value = ordinal_value(m.group("ord"))
        if value is None or _NOT_SERIES_ORDER.match(text[m.end():]):
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


def _nearest(items: list, pos: int, key) -> object | None:
    return min(items, key=lambda item: abs(key(item) - pos)) if items else None


def _by_unit(unit: str, series: set[str]) -> str:
    """The one numbered series whose name ends in the mention's noun: "festival" →
    "Northern Lights Documentary Festival"."""
    if not unit:
        return ""
    fitting = [s for s in series if s.split()[-1].lower().rstrip("s") == unit.rstrip("s")]
    return fitting[0] if len(fitting) == 1 else ""


def _owner(mentions: list[EventMention], pos: int) -> EventMention | None:
    """The mention a date or place at ``pos`` belongs to: the closest one before it,
    else the closest after ("In 2013, Washington hosted the second SPD meeting")."""
    before = [m for m in mentions if m.end <= pos]
    if before:
        return max(before, key=lambda m: m.end)
    return _nearest(mentions, pos, lambda m: m.start)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_UNIT_AFTER = re.compile(rf"\s+({'|'.join(UNITS_AFTER_NAME)})s?\b", re.I)


def _units(facts: list[SentenceFacts], per_sentence: dict[str, list[EventMention]]) -> dict[str, str]:
    """The word each series' events go by, where its name is not an event's ("SRBC summit")."""
    counts: dict[str, dict[str, int]] = {}
    for sf in facts:
        for m in per_sentence[sf.id]:
            after = _UNIT_AFTER.match(sf.text, m.end)
            if m.series and after:
                unit = after.group(1).lower()
                counts.setdefault(m.series, {})[unit] = counts.setdefault(m.series, {}).get(unit, 0) + 1
    return {series: max(c, key=c.get) for series, c in counts.items()
            if series.split()[-1].lower() not in EVENT_HEADS}


MentionMemo = dict[str, dict[str, list[EventMention]]]  # context key -> sentence text -> mentions


def _context_key(table: dict[str, str], known: set[str]) -> str:
    """What find_event_mentions depends on besides the text: the acronym table and the known series."""
    return hashlib.sha256(json.dumps([sorted(table.items()), sorted(known)]).encode()).hexdigest()


def _memoized(facts: list[SentenceFacts], key: str, memo: MentionMemo | None,
              find: Callable[[SentenceFacts], list[EventMention]]) -> dict[str, list[EventMention]]:
    """``find`` of every sentence, once per text; a text met before (in ``memo`` under ``key``,
    the context ``find`` depends on besides the text) is not read again. ``memo`` keeps, for
    this context, this build's texts."""
    old = memo.get(key, {}) if memo is not None else {}
    seen: dict[str, list[EventMention]] = {}
    per_sentence = {}
    for sf in facts:
        found = seen.get(sf.text)
        if found is None:
            found = old.get(sf.text)
            if found is None:
                found = find(sf)
            seen[sf.text] = found
        per_sentence[sf.id] = found
    if memo is not None:
        memo[key] = seen
    return per_sentence


def _numbered_by_sentence(facts: list[SentenceFacts], table: dict[str, str],
                          memo: MentionMemo | None) -> dict[str, list[EventMention]]:
    """numbered_mentions of every sentence."""
    return _memoized(facts, _context_key(table, set()), memo, lambda sf: numbered_mentions(sf.text, table))


def _with_known_series(facts: list[SentenceFacts], table: dict[str, str], known: set[str],
                       numbered: dict[str, list[EventMention]],
                       memo: MentionMemo | None) -> dict[str, list[EventMention]]:
    """find_event_mentions of every sentence under the ``known`` series, from its numbered mentions."""
    finder = SeriesFinder(table, known)
    return _memoized(facts, _context_key(table, known), memo,
                     lambda sf: known_series_mentions(sf.text, table, finder, numbered[sf.id]))


def extract_events(facts: list[SentenceFacts], acronyms: list[Acronym],
                   memo: MentionMemo | None = None) -> tuple[list[Event], list[Series]]:
    """Events and series of the corpus; ``memo`` carries sentence mentions over from an earlier build."""
    table = {a.short: a.long for a in acronyms}
    numbered: set[str] = set()
    doc_counts: dict[str, dict[str, int]] = {}
    first_pass = _numbered_by_sentence(facts, table, memo)
    for sf in facts:
        for m in first_pass[sf.id]:
            if m.series and m.ordinal is not None:
                numbered.add(m.series)
                counts = doc_counts.setdefault(sf.doc_id, {})
                counts[m.series] = counts.get(m.series, 0) + 1
    main_series = {doc: max(c, key=c.get) for doc, c in doc_counts.items()}
    # Second pass: unnumbered mentions of series known to be numbered, added to the first's.
    per_sentence = _with_known_series(facts, table, numbered, first_pass, memo)

    events: dict[tuple, Event] = {}
    last_session: dict[tuple[str, int], int] = {}
    current: list[Event] = []
    paragraph_series = ""
    prev_key = None
    document_series: dict[str, str] = {}  # the last numbered series each document named
    for index, sf in enumerate(facts):
        if (sf.doc_id, sf.block) != prev_key:
            current, prev_key = [], (sf.doc_id, sf.block)
            paragraph_series = document_series.get(sf.doc_id, main_series.get(sf.doc_id, ""))
        mentions = per_sentence[sf.id]
        dates = [d for d in sf.dates if not _NOT_EVENT_DATE.search(sf.text[:d.start])]
        if not mentions:
            if current and not dates:
                event = current[0]  # the paragraph's subject, not one named in passing
                event.details.append(sf.id)
                event.people.extend(p for p in sf.people if p not in event.people)
            elif dates:
                current = []
            continue
        context = list(sf.context_dates)
        if not dates and not context and index > 0:
            prev = facts[index - 1]
            if (prev.doc_id, prev.block) == (sf.doc_id, sf.block) and not per_sentence[prev.id] \
                    and len(prev.dates) == 1:
                context = [prev.dates[0].span]
                sf.context_dates = list(context)  # the sentence is dated by the narrative
        named = [m.series for m in mentions if m.series]
        focus = [e for e in current if e.ordinal is not None]
        current = []
        for mention in mentions:
            if mention.part_of_current:
                if not focus:
                    continue
                mention = EventMention(focus[-1].series, focus[-1].ordinal, mention.session,
                                       mention.start, mention.end)
            series = mention.series or (named[0] if named else _by_unit(mention.unit, numbered) or paragraph_series)
            if not series or (mention.ordinal is None and series not in numbered):
                continue
            session = mention.session
            if mention.ordinal is not None and session == -1:
                session = last_session.get((series, mention.ordinal), 1) + 1
            if mention.ordinal is not None and session:
                last_session[(series, mention.ordinal)] = session
            if len(mentions) > 1 and dates:  # each date and place to the event it follows
                mine = [d for d in dates if _owner(mentions, d.start) is mention]
                span = mine[0].span if mine else None
                places = [p.name for p in sf.places if _owner(mentions, p.start) is mention]
            else:
                near = _nearest([d for d in dates if d.start >= mention.start] or dates,
                                mention.end, lambda d: d.start)
                span = near.span if near else (context[0] if context else None)
                places = [p.name for p in sf.places]
            if mention.undated:
                span = None
            if mention.ordinal is None and span is None:
                continue
            if span is None:  # an undated mention of an event already met: the same event
                same = [e for e in [*current, *events.values()] if e.doc_id == sf.doc_id
                        and (e.series, e.ordinal, e.session) == (series, mention.ordinal, session)]
                if same:
                    if sf.id not in same[0].sentence_ids:
                        same[0].sentence_ids.append(sf.id)
                    current.append(same[0])
                    paragraph_series = series
                    continue
            key = (sf.doc_id, series, mention.ordinal, session,
                   span.start if span and mention.ordinal is None else None,
                   span.start if span else None)
            event = events.get(key)
            if event is None:
                ident = "-".join(str(x) for x in (_slug(series), mention.ordinal or "x",
                                                   session or "", span.start if span else "", sf.doc_id) if x != "")
                event = Event(id=ident, series=series, ordinal=mention.ordinal, session=session,
                              dates=[span] if span else [], doc_id=sf.doc_id)
                events[key] = event
            for place in places:
                if place not in event.places:
                    event.places.append(place)
            for person in sf.people if sf.participants is None else sf.participants:
                if person not in event.people:
                    event.people.append(person)
            if sf.id not in event.sentence_ids:
                event.sentence_ids.append(sf.id)
            current.append(event)
            paragraph_series = series
            if mention.ordinal is not None:
                document_series[sf.doc_id] = series
    dated_series = {e.series for e in events.values() if e.dates}
    events = {k: e for k, e in events.items() if e.series in dated_series}  # "the first Golden Heron
    series_list = sorted(dated_series)                                        # went to ...": no event
    reverse = {long: short for short, long in table.items()}
    units = _units(facts, per_sentence)
    return list(events.values()), [Series(name=s, acronym=reverse.get(s, ""), unit=units.get(s, ""))
                                   for s in series_list]
