"""Questions a section's heading answers: the words that name the section are in its heading only.

A changelog's "## 2.2.0 — 2023-11-02" is the only place that says "2.2.0"; its sentences
("- Added TLS support …") never repeat it. "What changed in 2.2?" and "When was 2.1 released?"
name a section by a word no sentence holds: the reply is the heading (its date in words) and
the sentences under it, "2.2.0 — November 2, 2023: Added TLS support … Added the log_level
option.". A word that names a section is a version or a name the question capitalises, and
no sentence holds it; the section must be the only one whose heading holds every such word
of the question, and the question's other words must be the section's or ask what it holds
("changed", ``CONTENT_WORDS``). Other questions are the reader's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from knowledge.dates import find_dates
from retrieval.analyzer import is_version, terms, version_variants
from retrieval.answer_window import LIMIT
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.reader_index import ReaderIndex
from retrieval.reader_question import OpenQuestion, read_question
from retrieval.section_context import dates_written_out

SECTION_CONFIDENCE = 0.6
VERSION_LOOKS = 5  # sentences looked at per version the documents write (``SectionAnswers._written_versions``)
# Words that ask for what a section holds, which its sentences need not write: "What changed in 2.2?".
CONTENT_WORDS = frozenset(terms("change changed changes new happen happened include included contain contains "
                                "release released say said cover covered list about mean means come came "
                                "publish published ship shipped"))
# "The latest version", "the newest release"; "the next version", "the previous release".
_LATEST = re.compile(r"\b(?:latest|newest|most\s+recent|current|last)\s+(?:stable\s+)?(?:firmware\s+|software\s+)?"
                     r"(?:version|release|firmware|update|build)\b", re.I)
_STEP = re.compile(r"\b(?P<way>next|following|later|newer|previous|earlier|prior|older)\s+(?:version|release)\b",
                   re.I)
_LATER = frozenset({"next", "following", "later", "newer"})


def asks_latest(text: str) -> bool:
    """Whether ``text`` asks of the latest version or release."""
    return _LATEST.search(text) is not None


_DOTTED = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){1,2}(?P<pre>-?(?:rc|beta|alpha|pre|dev|b|a)\d*)?(?![\w.])", re.I)
_VERSION_WORD = re.compile(r"\b(?:version|release|firmware)\s+$", re.I)
_LATEST_TERMS = frozenset(terms("latest newest most recent current last stable firmware software version release "
                                "update build"))


def written_versions(text: str, headed: bool) -> set[tuple[tuple[int, ...], int]]:
    """The versions ``text`` writes as versions, each as (its order, 0 or -1 for a pre-release):
    after "version", "release" or "firmware", or with a "v"; in a heading, also one of three
    parts ("2.3.0"), or any beside a date ("## 2.2 — 2023-11-02"). Not "11.2 kg", an IP address,
    a dotted date, nor a manual's "1.1 Software"."""
    found = set()
    dated = headed and bool(find_dates(text))
    for m in _DOTTED.finditer(text):
        written = m.group(0)
        named = written[0] in "vV" or _VERSION_WORD.search(text, max(0, m.start() - 12), m.start()) is not None
        if named or (headed and int(written.lstrip("vV").split(".")[0]) < 1000 and (written.count(".") == 2 or dated)):
            found.add((version_order(written[: m.start("pre") - m.start()] if m.group("pre") else written),
                       -1 if m.group("pre") else 0))
    return found


def _all_held(question: OpenQuestion, held: set[str]) -> bool:
    """Whether each word of a question of the latest version, other than those that ask for it, is in ``held``."""
    return all(own in _LATEST_TERMS or (alts | forms) & held
               for own, alts, forms in zip(question.terms, question.alternatives, question.forms, strict=True))


def version_order(term: str) -> tuple[int, ...]:
    """A version's place in order: "2.1" and "2.1.0" alike, "2.10" after "2.9"."""
    parts = [int(p) if p.isdigit() else 0 for p in re.split(r"[.]", term.removeprefix("v"))]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


# What a follow-up asks of the section the last answer read: what changed in it, when it came out.
_ASKS_OF_SECTION = frozenset(terms("change changed changes new include included contain contains release released "
                                   "come came publish published ship shipped"))
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers|they|them|their)\b", re.I)
# What a follow-up calls the section it asks of: "What else is new in this release?".
_SECTION_WORDS = frozenset(terms("else version release edition issue entry section"))
_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][\w'’.+-]*")


@dataclass(frozen=True)
class Section:
    heading: str  # as written, its dates in words
    sentence_ids: tuple[str, ...]
    positions: tuple[int, ...]


def _names_something(term: str, names: set[str]) -> bool:
    """A term that can name a section: a version ("2.2"), or a name the question capitalises;
    not a common word a heading happens to hold ("Supported versions"), nor a plain number ("How
    much is parking for 2 hours?" does not name the newsletter of "2024-05-02")."""
    return term in names or is_version(term)  # not "2" nor a date's day ("#2")


class SectionAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.tables = tables
        self.index = index

    @functools.cached_property
    def _headings_by_term(self) -> dict[str, frozenset[int]]:
        """Each term of a heading that no sentence holds → the headings that hold it."""
        found: dict[str, set[int]] = {}
        vocabulary = self.index.vocabulary
        for number, bag in enumerate(self.index.headings):
            for term in bag - vocabulary:
                found.setdefault(term, set()).add(number)
        return {t: frozenset(h) for t, h in found.items()}

    @functools.cached_property
    def _positions(self) -> dict[int, list[int]]:
        """The sentences under each heading, by position: read once, when a question first names one."""
        out: dict[int, list[int]] = {}
        for position, heading in enumerate(self.index.heading_of):
            out.setdefault(heading, []).append(position)
        return out

    def named_section(self, question: OpenQuestion) -> Section | None:
        """The one section whose heading holds every term of the question that only headings hold."""
        names = {t for n in question.names for t in terms(n)}
        absent = [alts | forms | version_variants(own)
                  for own, alts, forms in zip(question.terms, question.alternatives, question.forms, strict=True)
                  if _names_something(own, names) and not (alts | forms) & self.index.vocabulary]
        if not absent:
            return None  # the headings are read only for a question naming what no sentence holds
        by_term = self._headings_by_term
        named = [h for ways in absent if (h := frozenset().union(*(by_term.get(t, frozenset()) for t in ways)))]
        if not named:
            return None
        common = frozenset.intersection(*named)
        return self._section(next(iter(common))) if len(common) == 1 else None

    def _section(self, number: int) -> Section | None:
        """The section of heading ``number``: its heading as written (dates in words) and its sentences."""
        positions = self._positions.get(number, [])
        if not positions:
            return None
        ids = tuple(self.index.entries[p].id for p in positions)
        first = self.tables.sentences.get(ids[0])
        if first is None or not first.section.strip():
            return None
        return Section(heading=dates_written_out(first.section.strip()), sentence_ids=ids, positions=tuple(positions))

    @functools.cached_property
    def _versions(self) -> list[tuple[tuple[tuple[int, ...], int], int]]:
        """The headings that name one version (a changelog's entries), oldest first: (its order,
        heading); "## 1.1 Software", a manual's section number, names none (``written_versions``)."""
        found: dict[tuple[tuple[int, ...], int], int] = {}
        for number, positions in self._positions.items():
            first = self.tables.sentences.get(self.index.entries[positions[0]].id)
            versions = written_versions(first.section, headed=True) if first is not None else set()
            if len(versions) == 1:
                found.setdefault(versions.pop(), number)
        return sorted(found.items())

    def latest(self, text: str) -> Answer | None:
        """"What is the latest version?", "When was the newest release?": the section of the
        greatest version a heading names, if two or more headings name one; else the sentence
        that writes the greatest of two or more versions ("Version 2.1 was released on June 2,
        2025."), if only one does. The question's other words must be the answer's ("the latest
        version of the app"; not "the latest update on the office move")."""
        if not asks_latest(text):
            return None
        question = read_question(text, (), self.index.family, self.index.spelled_out)
        if len(self._versions) >= 2:
            section = self._section(self._versions[-1][1])
            if section is None or (question.expected == "date" and not find_dates(section.heading)):
                return None
            held = set().union(*(self.index.entries[p].term_set | self.index.entries[p].heading
                                 for p in section.positions))
            return self._reply(section) if _all_held(question, held) else None
        written = self._written_versions
        if len(written) < 2 or len(written[-1][1]) != 1:
            return None
        entry = self.index.entries[written[-1][1][0]]
        if (question.expected == "date" and not find_dates(entry.text)) \
                or not _all_held(question, set(entry.term_set | entry.heading)):
            return None
        return Answer(text=entry.text, found=True, confidence=SECTION_CONFIDENCE,
                      citations=self.tables.citations([entry.id]))

    @functools.cached_property
    def _written_versions(self) -> list[tuple[tuple[tuple[int, ...], int], tuple[int, ...]]]:
        """The versions the sentences write as versions ("Version 2.1 was released…"), oldest
        first, each with the sentences that write it (a look-up per version-like term of the
        vocabulary: read on the first question of the latest)."""
        found: dict[tuple[tuple[int, ...], int], set[int]] = {}
        for term in self.index.vocabulary:
            if is_version(term):
                for position, _ in self.index.bm25([term], VERSION_LOOKS):
                    for version in written_versions(self.index.entries[position].text, headed=False):
                        found.setdefault(version, set()).add(position)
        return sorted((v, tuple(sorted(ps))) for v, ps in found.items())

    def _step(self, text: str, section: Section) -> Section | None:
        """"And in the next version?" after an answer from a version's section: the one after
        it in version order (``_STEP``), or before it; None if it names no version, or is the last."""
        m = _STEP.search(text)
        if m is None:
            return None
        numbers = [number for _, number in self._versions]
        here = next((i for i, n in enumerate(numbers)
                     if self._positions.get(n) and self._positions[n][0] == section.positions[0]), None)
        if here is None:
            return None
        there = here + (1 if m.group("way").lower() in _LATER else -1)
        return self._section(numbers[there]) if 0 <= there < len(numbers) else None

    @functools.cached_property
    def _heading_numbers(self) -> dict[tuple[str, str], int]:
        """(document, section) → its heading's number: read once, on the first follow-up that needs it."""
        out: dict[tuple[str, str], int] = {}
        for number, positions in self._positions.items():
            first = self.tables.sentences.get(self.index.entries[positions[0]].id)
            if first is not None:
                out[(first.doc_id, first.section)] = number
        return out

    def _held_by(self, sentence_ids: list[str]) -> Section | None:
        """The one section all of ``sentence_ids`` are of, if its heading names what no sentence
        holds (a version, a date): a changelog's entry, a newsletter's issue; not "Installation"."""
        keys = {(s.doc_id, s.section) for sid in sentence_ids if (s := self.tables.sentences.get(sid))}
        if len(keys) != 1 or not next(iter(keys))[1].strip():
            return None
        number = self._heading_numbers.get(next(iter(keys)))
        heading = next(iter(keys))[1]
        if number is None or not (find_dates(heading) or written_versions(heading, headed=True)):
            return None
        return self._section(number)

    def of_last_answer(self, text: str, sentence_ids: list[str], lead: str) -> Answer | None:
        """"What changed in it?", "When was that released?", "And in the next version?" after an
        answer that led with the heading of the section it read (``lead``), a version or a date
        heading it: that section (or the next or previous version's), when the question only asks
        what it holds or when (``_ASKS_OF_SECTION``), its other words the section's. Not "Who
        maintains it?", nor "What did she change in it?" (a person's, not the section's), nor a
        follow-up on a sentence of a newsletter that led with its own date."""
        section = self._held_by(sentence_ids)
        if section is None or not lead or not section.heading.startswith(lead) or _PERSONAL.search(text):
            return None
        step = self._step(text, section)
        if step is not None:  # "And in the next version?"
            return self._reply(step)
        question = read_question(text, (), self.index.family, self.index.spelled_out)
        if not _ASKS_OF_SECTION.intersection(question.terms):
            return None
        if question.expected == "date" and not find_dates(section.heading):
            return None
        held = set().union(*(self.index.entries[p].term_set for p in section.positions))
        if any(own not in _ASKS_OF_SECTION | _SECTION_WORDS and not (alts | forms) & held
               for own, alts, forms in zip(question.terms, question.alternatives, question.forms, strict=True)):
            return None  # "Who maintains it?": asked of something else than the section
        return self._reply(section)

    def answer(self, text: str) -> Answer | None:
        """The heading and the sentences of the section the question names, or None."""
        vocabulary = self.index.vocabulary
        capitalised = {t for w in _CAPITALISED.findall(text) for t in terms(w)}
        if all(t in vocabulary or not _names_something(t, capitalised) for t in terms(text)):
            return None  # every number and name of it is in some sentence: no section named (and cheap)
        question = read_question(text, (), self.index.family, self.index.spelled_out)
        section = self.named_section(question)
        if section is None:
            return None
        # The question's other words are the section's, or ask for what it holds: "How many days
        # of leave do staff in Berlin get?" is not asked of the "Berlin office" section.
        held = set().union(*(self.index.entries[p].term_set for p in section.positions))
        for own, alts, forms in zip(question.terms, question.alternatives, question.forms, strict=True):
            if not _names_something(own, capitalised) and own not in CONTENT_WORDS and not (alts | forms) & held:
                return None
        first = self.tables.sentences[section.sentence_ids[0]]
        if question.expected == "date" and not find_dates(first.section):
            return None  # "When …?" of a section whose heading says no date: the reader's
        return self._reply(section)

    def _reply(self, section: Section) -> Answer:
        """The heading, then as many of the section's sentences as fit in ``LIMIT``."""
        told: list[str] = []
        for sid in section.sentence_ids:
            sentence = self.tables.sentences[sid].text
            if told and len(section.heading) + sum(len(t) + 1 for t in told) + len(sentence) > LIMIT:
                break
            told.append(sentence)
        return Answer(text=f"{section.heading}: {' '.join(told)}", found=True, confidence=SECTION_CONFIDENCE,
                      citations=self.tables.citations(list(section.sentence_ids[:len(told)])))
