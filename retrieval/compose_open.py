"""Open questions answered by the reader: a short answer and its sentence, or an honest
"not sure" with the closest passage as a quote."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import terms
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.number_values import capacity_subject, holds_value, measure_terms, values_of, whereabouts_subject
from retrieval.number_verdict import SENTENCE_BREAK, asked_amount, without_amount
from retrieval.number_verdict import settled as amount_settled
from retrieval.reader import GATED_VALUES, Reader, Reading, spoken, window_text
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.reader_question import OpenQuestion, asks_whether, read_question
from retrieval.role_verdict import role_asked
from retrieval.role_verdict import settled as role_settled
from retrieval.section_context import heading_context, without_title
from retrieval.templates import render

# Words asking when someone lived, and a lifespan written after a name, as biographies write
# it: "Diocles of Carystus (4th century BC)", "John Mayow (1641–1679)", "(c. 980 – 1037)".
# Which part of the lifespan each word asks for.
LIFESPAN_WORDS = {"live": "span", "lived": "span", "alive": "span", "lifetime": "span", "lifespan": "span",
                  "born": "born", "birth": "born", "die": "died", "died": "died", "death": "died"}
_ERA = r"(?:\s*(?:BC|BCE|AD|CE))?"
_CIRCA = r"(?:(?:c|ca)\.\s*|circa\s+)?"  # "c. 980"; "(p. 120–135)" is no lifespan
_LIFESPAN = lazy_compile(rf"\({_CIRCA}(?P<born>\d{{3,4}}{_ERA})\s*[–—-]\s*{_CIRCA}(?P<died>\d{{2,4}}{_ERA})\)"
                       rf"|\((?P<century>\d{{1,2}}(?:st|nd|rd|th)\s+century{_ERA})\)")


def writes_lifespan(text: str) -> bool:
    return _LIFESPAN.search(text) is not None


# The name a lifespan is written after, an alias in brackets between them allowed:
# "Abu al-Qasim al-Zahrawi (Abulcasis) (936–1013)".
_NAME_BEFORE = lazy_compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|de|da|du|van|von|der|al|bin|ibn|le|la)[\s-]+)?){0,5}"
                            r"[A-Z][\w'’.-]*)\s*(?:\([^()]{1,40}\)\s*)?$")
_LIVED_SOMEWHERE = lazy_compile(r"\bliv(?:e|es|ed|ing)\s+(?:in|at|on|near|with|by|off)\b", re.IGNORECASE)


def lifespan(question: str, own_words: tuple[str, ...], text: str, about: set[str]) -> str:
    """What a question of when someone lived, was born or died asks of the lifespan ``text``
    writes right after the name of one of ``about`` (the terms of the one asked about): "936–1013",
    "936", "4th century BC". "Al-Biruni (973–1050) wrote …" says nothing of when Avicenna
    lived, and "When did he live in Amsterdam?" asks no lifespan."""
    asked = next((LIFESPAN_WORDS[w.lower()] for w in own_words if w.lower() in LIFESPAN_WORDS), None)
    if asked is None or _LIVED_SOMEWHERE.search(question):
        return ""
    for m in _LIFESPAN.finditer(text):
        name = _NAME_BEFORE.search(text[max(0, m.start() - 120):m.start()])
        if name and set(terms(name.group(1))) & about:
            if m.group("century"):
                return m.group("century")
            return m.group(asked) if asked in {"born", "died"} else f"{m.group('born')}–{m.group('died')}"
    return ""


def _asked_about(question: OpenQuestion, own_words: tuple[str, ...]) -> set[str]:
    """The terms of what a question is about, beyond its own words: the topic a follow-up reads."""
    return set(question.terms) - {t for w in own_words for t in terms(w)}


# Values a question is read for, where a sentence holds one, but not answered only with:
# "Where is the clinic?" by its address if a sentence writes one, else by any saying where; "What
# time does it open?" by a time of day where one is written (an event's opening has a date); "How
# much water does the tank hold?" by a volume where one is written (a bank holds money); "What
# was it before?" by a change of a value ("rose from EUR 25 to EUR 40"); "Where is the
# configuration file?" by a path ("/etc/app/app.toml"); "How fast do they reply?" by how long it takes;
# "Is the hall open on Sundays?" by its hours or its closing days.
PINNED_VALUES = frozenset({"whereabouts", "time", "capacity", "previous", "path", "response", "opening"})


def _with_value(question: OpenQuestion,
                pins: Callable[[SentenceEntry], bool] | None) -> Callable[[SentenceEntry], bool]:
    """``pins``, and a value of the kind ``question`` asks for (a sum, a count, a share) in the
    candidate: the reader's best is answered only with one (``Reader.confident``), so the best
    that holds one (and the question's names, ``Reader.read``) is read instead (on the shared
    SQuAD articles: 2 more right, 1 more wrong; the names only in the sentence or a neighbour,
    not its heading, lost 9 right for 7 declined, where an article's name is its title's)."""
    subject = whereabouts_subject(question.text) if question.value in {"whereabouts", "path"} else \
        capacity_subject(frozenset(question.terms) - question.borrowed) if question.value == "capacity" else frozenset()

    def holds(entry: SentenceEntry) -> bool:
        return holds_value(question.value, entry.text, question.numbers) and (pins is None or pins(entry)) \
            and _names_outside(subject, entry.text, question.value)

    return holds


def _with_rarest_own(question: OpenQuestion, index: ReaderIndex,
                     pins: Callable[[SentenceEntry], bool] | None) -> Callable[[SentenceEntry], bool]:
    """``pins``, and the rarest of a follow-up's own words (not those it borrows from the
    conversation) in the candidate, where it has two or more: "What did his opponents call the
    project?" after DeWitt Clinton is answered by the sentence of his opponents, not by the last
    answer again."""
    asked = measure_terms(question.text)  # "how long" asks; "long" is no word of the topic
    own = [(index.weight(t), alts) for t, alts in zip(question.terms, question.alternatives, strict=True)
           if t not in question.borrowed and t not in asked and alts & index.vocabulary]
    if len(own) < 2:  # "How much does that cost?", "When did he die?": about the last answer, not a new word
        return pins if pins is not None else lambda entry: True
    rarest = max(own, key=lambda pair: pair[0])[1]

    def holds(entry: SentenceEntry) -> bool:
        return not rarest.isdisjoint(entry.term_set) and (pins is None or pins(entry))

    return holds


def _names_outside(subject: frozenset[str], text: str, kind: str) -> bool:
    """Whether ``text`` names ``subject`` outside the values of ``kind`` it writes: "12 Station
    Road" is no station's whereabouts, the configuration file's path no log file's."""
    if not subject:
        return True
    for sentence in SENTENCE_BREAK.split(text):  # in one sentence with the value: not a neighbour's
        values = values_of(kind, sentence)
        rest = sentence
        for value in values:
            rest = rest.replace(value, " ")
        if values and subject <= set(terms(rest)):
            return True
    return False


@dataclass(frozen=True)
class OpenResult:
    answer: Answer
    reading: Reading | None
    terms: tuple[str, ...]  # what the question was about, for a follow-up's retrieval


class OpenAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.tables = tables
        self.reader = Reader(index)

    def _addresses(self, own_words: tuple[str, ...], question: OpenQuestion, entry: SentenceEntry) -> bool:
        """Whether a follow-up's answer holds one of the follow-up's own words (or their forms):
        after questions about an explorer, "When did he die?" is not answered by any sentence
        about him, only by one about his death. A follow-up of no words of its own ("In what
        year?") is answered by the topic alone, and one asking for a sum or a measure ("What does
        it cost?") by a value of that kind."""
        index = self.reader.index
        if question.value and holds_value(question.value, entry.text):
            return True  # "How tall is it?": "617 ft" answers it, whether or not it says "tall"
        own = read_question(" ".join(own_words), (), index.family, index.spelled_out)
        if lifespan(question.text, own_words, entry.text, _asked_about(question, own_words)):
            return True  # "When did he live?": "Diocles of Carystus (4th century BC) was…"
        window = index.window_terms(entry)
        return not own.terms or any((alts | forms) & window for alts, forms in zip(own.alternatives, own.forms,
                                                                                   strict=True))

    def _settled(self, question: OpenQuestion, settle: Callable[[str], str | None], among: frozenset[str] | None,
                 pins: Callable[[SentenceEntry], bool] | None, accepts: Callable[[str], bool] | None,
                 context_terms: tuple[str, ...], own_words: tuple[str, ...]) -> OpenResult | None:
        """A yes-or-no question read as what it asks about (an amount's question without its
        number, ``number_verdict``; "Who is the project lead?", ``role_verdict``), answered "Yes: …"
        or "No: …" by what the confident best sentence says (``settle``); None when that
        sentence settles nothing, or the reader is not confident."""
        reading = self.reader.read(question, among, pins) if question.terms else None
        if reading is None or not self.reader.confident(reading) \
                or (accepts is not None and not accepts(reading.entry.text)) \
                or (context_terms and not self._addresses(own_words, question, reading.entry)):
            return None
        verdict = settle(reading.window)
        if verdict is None:
            return None
        return OpenResult(Answer(text=f"{verdict}: {reading.window}", found=True,
                                 confidence=round(reading.probability, 2),
                                 citations=self.tables.citations(list(reading.sentence_ids))),
                          reading, question.terms)

    def _with_heading(self, question: OpenQuestion, reading: Reading) -> Reading:
        """``reading`` with its section's heading as the short answer, when the heading holds the
        value asked for and the sentence does not (``section_context``): "2.1.0 — June 20, 2023:
        Added the Docker image." answers "In which version was the Docker image added?"."""
        first = self.tables.sentences.get(reading.entry.parts[0])
        if reading.short or first is None or not first.section:
            return reading
        section = without_title(first.section, self.tables.titles.get(first.doc_id, ""))
        context = heading_context(question, section, reading.entry.text)
        if not context:
            return reading
        return replace(reading, short=context, typed=True,
                       window=window_text(question, self.reader.index, reading.entry, context))

    def answer(self, text: str, context_terms: tuple[str, ...] = (),
               accepts: Callable[[str], bool] | None = None, own_words: tuple[str, ...] = (),
               among: frozenset[str] | None = None, pins: Callable[[SentenceEntry], bool] | None = None) -> OpenResult:
        """Read ``text``; ``context_terms`` (the conversation's topic) join its own terms,
        ``pins`` says which candidates keep what the question pins down (the reader's best of
        those is read when its best is not one, ``Reader.read``; a value asked for is one), and
        ``accepts`` may refuse the sentence found (it is then offered only as a quote), as does
        a sentence that holds none of ``own_words`` (a follow-up's content words) when the
        topic was searched with."""
        index = self.reader.index
        question = read_question(text, context_terms, index.family, index.spelled_out)
        whether = asks_whether(text)
        amount = asked_amount(text) if whether else None
        role = role_asked(text) if whether and amount is None else None
        if amount is not None:  # "Is the hotel limit 200 euros per night?": by the amount written
            settle = functools.partial(amount_settled, amount, asked=question.terms, question=text)
            settling = self._settled(without_amount(question, amount), settle, among, pins, accepts, context_terms,
                                     own_words)
            if settling is not None:
                return settling
        if role is not None:  # "Is Chen Wei the project lead?": by who the sentence says is
            who = read_question(role.question, context_terms, index.family, index.spelled_out)
            settling = self._settled(who, functools.partial(role_settled, role), among, pins, accepts,
                                     context_terms, own_words)
            if settling is not None:
                return settling
        if question.value in GATED_VALUES or question.value in PINNED_VALUES:  # "How much …?": from one with a sum
            pins = _with_value(question, pins)
        if context_terms and own_words:
            pins = _with_rarest_own(question, index, pins)
        reading = self.reader.read(question, among, pins) if question.terms else None
        if reading is None:
            return OpenResult(Answer(text=render("not_found"), found=False, confidence=0.0), None, question.terms)
        reading = self._with_heading(question, reading)
        citations = self.tables.citations(list(reading.sentence_ids))
        confidence = round(reading.probability, 2)
        if not self.reader.confident(reading) or (accepts is not None and not accepts(reading.entry.text)) \
                or (context_terms and not self._addresses(own_words, question, reading.entry)):
            answer = Answer(text=render("open_unsure", sentence=reading.window), found=False,
                            confidence=confidence, citations=citations)
            return OpenResult(answer, reading, question.terms)
        short = lifespan(text, own_words, reading.entry.text, _asked_about(question, own_words)) or reading.short
        text = spoken(short, reading.window)
        return OpenResult(Answer(text=text, found=True, confidence=confidence, citations=citations),
                          reading, question.terms)
