"""The answering engine: built once from a KnowledgeBase, shared by every front end.

``Engine.answer(question, dialogue)`` is synchronous and pure apart from updating the
given dialogue; it never raises for any text a user can type.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge import bundled_cache
from knowledge.gc_pause import paused_gc
from knowledge.lexicon import OTHER_ROLE, ROLE_NOUNS
from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from knowledge.ordinals import ORDINAL_PATTERN, ordinal_word
from knowledge.row_fields import field_values
from knowledge.store import default_store_path
from knowledge.stored_rows import doc_ids, in_order, item_ids
from retrieval.analysis import Analysis, analyse
from retrieval.analyzer import QUESTION_WORDS, normalize, remembered_terms, stem, terms
from retrieval.compose_cell import CellAnswers
from retrieval.compose_events import EventAnswers
from retrieval.compose_lookup import LookupAnswers, person_roles
from retrieval.compose_open import OpenAnswers, writes_lifespan
from retrieval.compose_passages import PassageAnswers, has_ordinal
from retrieval.compose_section import SectionAnswers
from retrieval.compose_steps import StepAnswers
from retrieval.compose_table import TableAnswers
from retrieval.dialogue import Dialogue
from retrieval.document_analysis import DocumentShare
from retrieval.facts import FactTables
from retrieval.followups import apply_focus, ellipsis_rest, elliptic, remember, resolve, there_named
from retrieval.index import PassageIndex
from retrieval.models import Answer
from retrieval.number_values import holds_value, measure_terms, value_kind
from retrieval.person_names import person_names
from retrieval.reader import Reading
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.reader_question import read_question
from retrieval.related_words import forms_of, wordnet_synonyms
from retrieval.routes import FINAL_WHEN, plan
from retrieval.sentence_texts import SentenceTexts
from retrieval.table_rows import other_row
from retrieval.templates import joined, render, synonym_phrases
from retrieval.trace import Trace
from retrieval.understand import MAX_QUESTION_CHARS, Query, understand
from retrieval.vocabulary import Vocabulary

log = logging.getLogger(__name__)

# Two questions in one: "When ... and when ...?", each part a question of its own (so not
# "Its economy is one of the largest and what other trait?").
_QUESTION_OPENING = (r"(?:when|where|who|whom|why|what|which|how|in\s+which|by\s+whom|was|were|is|are|did|does|do|"
                     r"has|have|had|can|could|will|would)\b")
_COMPOUND = re.compile(rf"^({_QUESTION_OPENING}.+?)[,;]?\s+and\s+((?:when|where|who|whom|why|what|which|how|"
                       rf"in\s+which|by\s+whom)\b.+)$", re.I)
GREETINGS = {"hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening",
             "thanks", "thank you", "thx", "ok", "okay", "start", "help"}
MAX_SUGGESTIONS = 3
WRITTEN_LOOKS = 5  # sentences looked at for a phrase written whole (``Engine._written``)


# Whether a text holds a value of an answer type: a date, a figure (other types: any text).
_VALUE_TESTS: dict[str, Callable[[FactTables, str], bool]] = {
    "date": lambda tables, text: bool(tables.dates_in(text)) or writes_lifespan(text),  # "(936–1013)"
    "number": lambda tables, text: bool(re.search(r"\d", text)),
}


def knowledge_identity(kb: KnowledgeBase) -> str:
    """A name for what a knowledge base holds: the same inputs give the same name in any
    process, so a conversation kept across a restart still belongs; other documents (or
    settings, or extractor) give another, and a conversation about them starts afresh."""
    digest = hashlib.sha256()
    for name, sha in sorted(kb.inputs.items()) or [(d.id, hashlib.sha256(d.text.encode()).hexdigest())
                                                    for d in kb.documents]:
        digest.update(f"{name}\0{sha}\0".encode())
    return digest.hexdigest()[:16]


def _phrases(text: str, words: list[str]) -> list[str]:
    """Unknown words as the user wrote them, with the name they belong to ("World Cup")."""
    out: list[str] = []
    for word in words:
        m = re.search(rf"(?:\b[A-Z][\w'’-]*\s+){{0,3}}\b(?i:{re.escape(word)})\b(?:\s+[A-Z][\w'’-]*){{0,3}}",
                      text)
        written = re.search(rf"\b(?i:{re.escape(word)})\b", m.group(0)) if m else None
        # a name's words around it ("World Cup"), not the "Can I" before a word written in lower case
        phrase = m.group(0) if m and written and written.group(0)[:1].isupper() else word
        while phrase.count(" ") and phrase.split()[0].casefold() in QUESTION_WORDS:  # "What Columbia President"
            phrase = phrase.split(" ", 1)[1]
        if phrase not in out and not any(word.lower() in p.lower().split() for p in out):
            out.append(phrase)
    return out


_CONTRACTED = r"(?:what|who|where|when|how|why|it|there|here|that|he|she|let)"  # "What's first…?" is no possessive
# "the first European", "its third album", "Newton's second law": an ordinal of a noun, which
# the sentence must hold; "Which code first defined ...?" uses it of a verb, and the sentence may not.
_ORDINAL_OF_A_NOUN = re.compile(rf"\b(?:the|its|his|her|their|our|this|that|a|an|(?!{_CONTRACTED}['’]s\b)\w+['’]s)\s+"
                                rf"(?:\w+\s+)?{ORDINAL_PATTERN}\b", re.I)
_ORDINAL_NOUN = re.compile(rf"\b{ORDINAL_PATTERN}[\s-]+([a-z][\w-]*)", re.I)  # the noun after the ordinal
_DIGIT_ORDINAL = re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\b", re.I)
_CENTURY = frozenset({"century", "centuries"})
_YEAR_WRITTEN = re.compile(r"\b(1\d{3}|20\d{2})(?!s)\b")  # a year, not a decade ("the 1890s")


def _pins_an_ordinal(query: Query) -> bool:
    """Whether the question asks of the nth of a series or of a noun, as its user wrote it
    (the read text has lost the "'s" of "Newton's second law")."""
    return query.ordinal is not None and bool(query.series or _ORDINAL_OF_A_NOUN.search(query.raw)
                                              or _DIGIT_ORDINAL.search(query.raw))  # "as 22nd most liveable"


def _keeps_ordinal(query: Query, text: str, of: str = "") -> bool:
    """Whether ``text`` keeps the ordinal the question pins (of the noun ``of``, if given); the
    nth century is kept by a year in it too ("What replaced the canal in the twentieth century?"
    by "in 1903 …", not by "in the 1890s")."""
    if has_ordinal(text, query.ordinal, of=of):
        return True
    noun = _ORDINAL_NOUN.search(query.raw)
    return bool(noun and noun.group(1).lower() in _CENTURY and any(
        (int(y) - 1) // 100 + 1 == query.ordinal for y in _YEAR_WRITTEN.findall(text)))


@dataclass
class Turn:
    """One question on its way through the stages: its text, its dialogue and trace, and
    the Query once parsed (frozen; a stage that changes it puts a new one here)."""

    text: str
    dialogue: Dialogue
    trace: Trace
    query: Query | None = None  # set by the parse stage

    @property
    def parsed(self) -> Query:
        if self.query is None:
            raise RuntimeError("the parse stage has not run")
        return self.query


@dataclass(frozen=True)
class Stage:
    """A step of answering: an Engine method taking the Turn; an answer it returns ends the
    turn (and, if ``remembered``, becomes the dialogue's focus)."""

    name: str
    method: str
    remembered: bool = True


# The engine's pipeline, in order (``Engine.answer``); ``qabot ask --explain`` shows what each decided.
STAGES: tuple[Stage, ...] = (
    Stage("guard", "_guard", remembered=False),  # too long, empty, a greeting
    Stage("compound", "_compound", remembered=False),  # two questions in one: each is a turn of its own
    Stage("parse", "_parse"),  # the Query: intent, expected type, slots, unknown words
    Stage("unknown words", "_unknown_words"),  # names the documents never mention: refused
    Stage("follow-up", "_follow_up"),  # slots a follow-up leaves out, from the focus
    Stage("relative", "_relative"),  # "the one before": the neighbouring event
    Stage("route", "_routed"),  # the route table's answerers (routes.py); always answers
)
_EVENT_SLOTS = frozenset({"when", "where", "about"})  # what an event's facts tell ("who did he meet" asks of others)
SHORT_LEAD = 80  # a reply "Daniel Diermeier: In December 2013 …" leads with its short answer within this
_ABOUT = re.compile(r"^about\s+", re.I)  # a title "About Bright Smile Dental Clinic"
_OTHER_ROLE_ASKED = re.compile(  # "the vice president", "a deputy head teacher"
    rf"\b({'|'.join(sorted(OTHER_ROLE - {'former'}))})[\s-]+(?:\w+[\s-]+)?(?:{'|'.join(sorted(ROLE_NOUNS))})\b", re.I)
_ASKING_TERMS = frozenset(stem(w) for w in QUESTION_WORDS)  # "mani" of "how many": no topic of a follow-up


class Engine:
    def __init__(self, kb: KnowledgeBase, analysis: Analysis | None = None,
                 made: Mapping[str, DocumentShare] | None = None) -> None:
        """The engine of ``kb``; ``analysis`` is what was derived from it (``retrieval.analysis``),
        analysed now if None, from the documents' shares ``made`` already where given
        (``retrieval.document_analysis``: the same analysis)."""
        with paused_gc(), remembered_terms():  # millions of small objects and no cycles; each text analysed once
            self._build(kb, analysis, made)
            # Nor are they scanned later: the first collections over them stalled the first
            # answers (about a second at 10,000 passages), and they would never find garbage.
            gc.freeze()

    def _build(self, kb: KnowledgeBase, analysis: Analysis | None, made: Mapping[str, DocumentShare] | None) -> None:
        self.kb = kb
        self.tables = FactTables(kb, SentenceTexts(kb.sentences, analysis.text_keys) if analysis else None,
                                 analysis.groups if analysis else None)
        self.analysis = analysis if analysis is not None else analyse(kb, self.tables, made)
        self.index = PassageIndex(kb, self.analysis.passages)
        self.vocab = Vocabulary(self.analysis.words)
        self.events = EventAnswers(self.tables)
        self.lookup = LookupAnswers(self.tables)
        self.passages = PassageAnswers(self.tables, self.index)
        self.open = OpenAnswers(self.tables, ReaderIndex(kb, data=self.analysis.reader, saved=self.analysis.bm25))
        self.sections = SectionAnswers(self.tables, self.open.reader.index)
        self.cells = CellAnswers(self.tables, self.open.reader.index)
        self.table = TableAnswers(self.tables, self.open.reader.index)
        self.steps = StepAnswers(kb, self.tables)
        self.identity = knowledge_identity(kb)

    @classmethod
    def from_folder(cls, folder: Path | None = None) -> Engine:
        """Load (or build) the knowledge base at ``folder`` (bundled documents if None), with
        the analysis ``qabot build`` saved beside its store when that is current; else it is
        analysed now, and saved for the next process if the folder has a store."""
        from retrieval import analysis_store

        kb = load_knowledge_base(folder)
        if folder is None:
            return cls._bundled(kb)
        saved = analysis_store.load(folder, kb, knowledge_identity(kb))
        engine = cls(kb, saved)
        if saved is None and default_store_path(folder.expanduser()).is_file():
            analysis_store.save_quietly(folder, engine)
        return engine

    @classmethod
    def _bundled(cls, kb: KnowledgeBase) -> Engine:
        """The engine of the bundled knowledge base ``kb``, with its analysis from the user's
        cache folder (knowledge.bundled_cache), or analysed now and cached there."""
        from retrieval import analysis_store

        identity = knowledge_identity(kb)
        path = bundled_cache.cache_file("analysis", analysis_store.analysis_key(kb, identity))
        saved = analysis_store.load_file(path, kb, identity, logging.DEBUG) if path is not None else None
        engine = cls(kb, saved)
        if saved is None and path is not None:
            analysis_store.save_file_quietly(path, engine, level=logging.DEBUG)
            bundled_cache.prune()
        return engine

    @property
    def documents(self) -> list[tuple[str, str]]:
        """(document id, title) of every document, in load order."""
        documents = self.kb.documents
        return list(zip(item_ids(documents), field_values(documents, "title"), strict=True))

    def example_questions(self) -> list[str]:
        """A few questions this knowledge base can answer, for greetings and suggestions."""
        return list(self._examples)

    # ---------------------------------------------------------------------------------
    def answer(self, question: str, dialogue: Dialogue | None = None, trace: Trace | None = None) -> Answer:
        """Answer ``question`` in the context of ``dialogue`` (updated in place), passing it
        through the engine's stages (``STAGES``) until one answers; each stage's decision is
        noted in ``trace`` if given."""
        dialogue = dialogue if dialogue is not None else Dialogue()
        trace = trace if trace is not None else Trace()
        if dialogue.engine != self.identity:  # a focus from another knowledge base means nothing here
            turns = dialogue.turns
            dialogue.reset()
            dialogue.turns, dialogue.engine = turns, self.identity
        text = " ".join(question.split()) if isinstance(question, str) else ""
        turn = Turn(text=text, dialogue=dialogue, trace=trace)
        for stage in STAGES:
            answer = getattr(self, stage.method)(turn)
            if answer is not None:
                if stage.remembered:
                    self._remember(turn, answer)
                return answer
        raise AssertionError("the last stage always answers")  # pragma: no cover

    def _guard(self, turn: Turn) -> Answer | None:
        """Too long, empty, a greeting: a reply without looking anything up."""
        if len(turn.text) > MAX_QUESTION_CHARS:
            return self._not_found(render("too_long", limit=MAX_QUESTION_CHARS), [])
        if not re.search(r"\w", turn.text):
            return self._not_found(render("empty"), [])
        if normalize(turn.text).strip(" !.?") in GREETINGS:
            return self._not_found(render("greeting"), [])
        return None

    def _compound(self, turn: Turn) -> Answer | None:
        """Two questions in one, each answered in turn."""
        parts = _COMPOUND.match(turn.text)
        if parts and all(len(p.split()) >= 3 for p in parts.groups()):
            turn.trace.note("compound", f"two questions: {parts.group(1)!r} and {parts.group(2)!r}")
            return self._both(parts.group(1), parts.group(2), turn.dialogue)
        return None

    def _parse(self, turn: Turn) -> None:
        """The question read as a Query; the names it holds that the documents know are not unknown."""
        query = understand(turn.text, self.tables, self.vocab)
        written = {re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’-]+", turn.text)}  # "SP's": SP
        turn.query = replace(query, unknown_names=[n for n in query.unknown_names
                                                   if not self._known_words_of(n, abbreviation=n.upper() in written)])
        q = turn.parsed
        turn.trace.note("parse", f"intent {q.intent}, expects {q.answer_type}; series {q.series}, "
                        f"ordinal {q.ordinal}, people {q.people}, places {q.places}, "
                        f"unknown {q.unknown_names or q.unknown}"
                        + (f"; read {q.corrections}" if q.corrections else ""))

    def _unknown_words(self, turn: Turn) -> Answer | None:
        """A name the documents never mention, or words none of which they use: refused at once."""
        query, dialogue = turn.parsed, turn.dialogue
        has_subject = bool(query.series or query.people or query.acronyms or query.places or query.dates)
        follows_topic = query.pronoun and bool(dialogue.topic)  # "How tall is it?": about the last answer
        if query.unknown_names or (query.unknown and not has_subject and len(query.unknown) == len(query.content)
                                   and not follows_topic and not self._known_words(query)
                                   and self.table.extreme(query.raw) is None  # "Which is the most expensive?"
                                   and self.sections.latest(query.raw) is None  # "the latest version" of a changelog
                                   and self.steps.answer(query.raw, dialogue.sentence_ids) is None):
            words = joined([f"“{w}”" for w in _phrases(turn.text, query.unknown_names or query.unknown)])
            turn.trace.note("unknown", f"refused: {words}")
            return self._not_found(render("unknown_words", words=words), query.terms)
        return None

    def _follow_up(self, turn: Turn) -> None:
        """The slots a follow-up leaves out, from the dialogue's focus."""
        query, dialogue = turn.parsed, turn.dialogue
        # Only a question with words of its own can be "on the focus" (followups.resolve).
        focus_terms = self._focus_terms(dialogue) if query.extra and dialogue.series else set()
        if dialogue.answer_sentence and (query.ordinal is not None or query.pronoun or query.followup):
            self._from_answer(dialogue)
        # The people it names itself, not a "he" the focus lends ("Where did he travel in November 2015?").
        turn.query = resolve(self._event_of_people(query, turn.trace), dialogue, focus_terms)

    def _event_of_people(self, query: Query, trace: Trace) -> Query:
        """"Where did Kerry and Idrissov meet in 2016?": a question naming people and a date but
        no series is of the one numbered event those people took part in then, if there is one
        (the date's interval index finds the candidates: no event is read for another date)."""
        if query.series or not query.people or not query.dates or query.intent not in _EVENT_SLOTS:
            return query
        found = {(series, n, min(occ.sessions) if len(occ.sessions) == 1 else None)
                 for series in self.tables.events_by_series
                 for occ in self.events.occurrences_within(series, query.dates)
                 if set(query.people) <= set(occ.people) for n in occ.ordinals}
        if len(found) != 1:
            return query
        (series, ordinal, session), = found
        trace.note("event", f"read as the {ordinal_word(ordinal)} {self.tables.series_label(series)}"
                            f"{f', session {session}' if session else ''} (its people and date)")
        return replace(query, series=series, ordinal=ordinal, session=query.session or session, series_inferred=True)

    def _from_answer(self, dialogue: Dialogue) -> None:
        """The event of the last answer's sentence, for a follow-up that may go on from it (worked
        out then, not for every answer): "Which SPD did she attend?" answered by a sentence of the
        fourth, "When was it?" is of the fourth; "Who led the delegations at the Washington
        session?" answered by one of the fourth SPD, "And the fifth?" is of the SPD (a pronoun
        still means what that question was about)."""
        event = self._event_of(dialogue.answer_sentence)
        dialogue.answer_sentence = ""
        if event is None:
            return
        if dialogue.series == event[0] and dialogue.ordinal is None:
            dialogue.series, dialogue.ordinal, dialogue.session = event
            dialogue.dates = []
        elif dialogue.series is None and dialogue.person_id is None:
            dialogue.answer_series = event[0]

    def _relative(self, turn: Turn) -> Answer | None:
        """"And the one before?": the neighbouring event, by ordinal or date, or that there is none."""
        query = turn.parsed
        if not (query.relative and query.series and query.ordinal is None):
            return None
        neighbour = self.events.neighbour(query)
        if isinstance(neighbour, Query):
            turn.trace.note("relative", f"the {'next' if query.relative > 0 else 'previous'} one: ordinal "
                            f"{neighbour.ordinal}, dates {[d.render() for d in neighbour.dates]}")
            turn.query = neighbour
            return None
        return neighbour

    def _routed(self, turn: Turn) -> Answer:
        """The answer of the answerers the route table chooses; "I don't know" if none has one."""
        query, dialogue = turn.parsed, turn.dialogue
        answer = None
        if query.maybe_focus:  # "who was the coach?": about the focus if it answers, else alone
            focused = apply_focus(query, dialogue)
            answer = self._route(focused, dialogue, turn.trace)
            if answer is not None and answer.found:
                turn.query = query = focused
            else:
                answer = None
        if answer is None:
            answer = self._route(query, dialogue, turn.trace)
        if answer is None:
            answer = self._not_found(render("not_found"), query.terms)
        elif not answer.found and not answer.suggestions:
            answer.suggestions = self._suggest(query.terms)
        return answer

    def _remember(self, turn: Turn, answer: Answer) -> None:
        """What the conversation is now about, if the question was answered."""
        query, dialogue = turn.parsed, turn.dialogue
        read_as = self._read_as(turn.text, dialogue) if answer.found else ""  # before the focus moves on
        cited = self._cited_ids(answer)
        remember(dialogue, query, answer, cited)
        if answer.found:
            # The sentence the answer read, whose event a follow-up may go on from (``_from_answer``).
            dialogue.answer_sentence = cited[0] if cited and query.ordinal is None else ""
            dialogue.answer_series = None
            # The topic is what the conversation is about: a follow-up on it ("When did he die?")
            # leaves it as it was, so that the words of earlier follow-ups do not pile up in it.
            if not (query.pronoun or query.followup) or not dialogue.topic:
                dialogue.topic = tuple(t for t in query.terms if t not in _ASKING_TERMS)  # not "how many"
            named = self._person_named(answer, query)
            if named:
                dialogue.person = named
            dialogue.question = read_as
            lead = answer.text.split(":", 1)[0] if ":" in answer.text[:SHORT_LEAD] else ""
            dialogue.short = lead if lead and not lead.startswith(("The ", "According")) else ""

    def _person_named(self, answer: Answer, query: Query) -> tuple[str, ...]:
        """The terms of the one person an answer names (its short answer first, else the cited
        sentence that holds most of the question's words), whom a later "he" or "she" means; ()
        if it names none or several. "Helmont (1580–1644) coined the word gas. His pupil
        Franciscus Sylvius founded a school of medicine in Leiden." answers who founded it with Sylvius."""
        quotes = [c.quote for c in answer.citations]
        if len(quotes) > 1:  # one quote needs no reading to come first
            asked = set(query.terms)
            quotes.sort(key=lambda q: -len(asked & set(terms(q))))
        for text in (answer.text.split(":", 1)[0], *quotes[:1]):
            names = list(dict.fromkeys(person_names(text)))
            if len(names) == 1:
                return tuple(terms(names[0]))
        return ()

    def _known_words(self, query: Query) -> bool:
        """Whether any word of the question is in the documents (after stemming)."""
        return any(self._known_words_of(w) for w in query.content)

    def _known_words_of(self, word: str, abbreviation: bool = False) -> bool:
        """Whether the documents hold ``word``, a synonym ("chief executive officer" for "CEO"),
        a word of its family ("Ethiopia" for "Ethiopian"), another form or a WordNet synonym of it
        ("holiday" for "vacation", as the reader's coverage counts them) or, for an abbreviation,
        the name it abbreviates ("SP": Scottish Parliament)."""
        index = self.open.reader.index
        own = set(terms(word))
        return bool(own & index.vocabulary or any(self._written(p) for p in synonym_phrases(own))
                    or any(index.family(t) or (abbreviation and index.spelled_out(t)) or index.extended(t)
                           or (forms_of(t) | wordnet_synonyms(t)) & index.vocabulary for t in own))

    def _written(self, phrase: tuple[str, ...]) -> bool:
        """Whether a sentence writes ``phrase``'s terms one after another: "CEO" is known by a
        "chief executive officer", not by the "Chief" and "Officer" of "Chief Financial Officer"
        and an "Executive" elsewhere (the phrase's best BM25 sentences are looked at)."""
        index = self.open.reader.index
        if not set(phrase) <= index.vocabulary:
            return False
        pairs = set(itertools.pairwise(phrase))
        return not pairs or any(pairs <= index.entries[position].bigrams
                                for position, _ in index.bm25(list(phrase), k=WRITTEN_LOOKS))

    def _open(self, query: Query, dialogue: Dialogue, trace: Trace) -> Answer:
        """The reader's answer; a follow-up ("who led it?") also searches with the topic's words.

        What the question pins down (the sixth of a series) must be in
        the sentence the reader found, or the reader only offers it as the closest quote."""
        text = self._read_as(query.text, dialogue) if not dialogue.series else query.text
        context = dialogue.topic if (query.pronoun or query.followup) and text == query.text else ()
        if context and query.personal and dialogue.person:  # "When did he die?": he, not the whole topic
            context = dialogue.person
        asked = set(terms(text))
        there = tuple(t for key in query.locations for t in terms(self.tables.place_names[key][0]) if t not in asked) \
            or tuple(t for t in terms(there_named(query.text, dialogue.question)) if t not in asked)
        if there:  # "Who is the People Partner there?": the place "there" stands for, its subject
            context = there
        if text != query.text:  # the previous question with the slot replaced: its topic is in it
            trace.note("follow-up", f"read as {text!r}")
        read = functools.partial(self.open.answer, text, context_terms=context,
                                 accepts=functools.partial(self._fits, query),
                                 pins=functools.partial(self._pinned, query, text),
                                 own_words=tuple(query.content))
        result = read()
        if (query.pronoun or query.followup) and dialogue.sentence_ids and not dialogue.series:
            near = read(among=frozenset(self.tables.paragraph_sentences(dialogue.sentence_ids)))
            if near.reading is not None and near.answer.found and (
                    result.reading is None
                    or (self._own_words_held(query, near.reading) >= self._own_words_held(query, result.reading)
                        and (not result.answer.found or near.reading.probability >= result.reading.probability))):
                trace.note("reader", "in the last answer's paragraph")
                result = near
        if context and not result.answer.found:
            alone = read(context_terms=())
            if alone.answer.found and alone.reading is not None and self._says_all_own_words(query, alone.reading):
                trace.note("reader", "on its own words: the topic did not fit")
                result = alone
        if result.reading is not None:
            r = result.reading
            trace.note("reader", f"terms {list(result.terms)}; best {'+'.join(r.sentence_ids)} p={r.probability:.2f}"
                       f" (threshold {self.open.reader.weights.threshold:.2f}, typed {r.typed});"
                       f" short answer {r.short or '-'}; runners-up {', '.join(r.dropped)}")
        return result.answer

    @staticmethod
    def _own_words_held(query: Query, reading: Reading) -> int:
        """How many of a follow-up's own words (not "far" of "how far") ``reading``'s sentence
        holds: "How many people does it seat?" after a room's price is answered by the room's row
        ("seats 40"), not by the news of its price in the last answer's paragraph."""
        own = {t for word in query.content for t in terms(word)} - measure_terms(query.text)
        return len(own & reading.entry.term_set)

    @staticmethod
    def _says_all_own_words(query: Query, reading: Reading) -> bool:
        """Whether ``reading``'s sentence holds every one of a follow-up's own words, and it has
        two or more: "How far from the wall should it stand?" after the power cord's length is
        about the machine, and "at least 10 cm away from the wall" answers it without the cord."""
        own = {t for word in query.content for t in terms(word)} - measure_terms(query.text)
        return len(own) >= 2 and bool(own & reading.entry.term_set)

    def _read_as(self, text: str, dialogue: Dialogue) -> str:
        """The question a follow-up stands for: "And for students?" after a row of a table
        ("Adult: price €420") is the last question asked of the row it names
        (``table_rows.other_row``); "And in England?" the last with its slot replaced (``elliptic``)."""
        if not dialogue.question:
            return text
        rest = ellipsis_rest(text, dialogue.question)
        swapped = other_row(rest, dialogue.question, self.tables.sentences, dialogue.sentence_ids) if rest else None
        return swapped or elliptic(text, dialogue.question)

    @staticmethod
    def _pinned(query: Query, asked: str, entry: SentenceEntry) -> bool:
        """Whether ``entry`` keeps the ordinal the question pins a noun down by, with that noun
        within a few words ("second law" for "What does Newton's second law state?", "second
        studio album" for "her second album"; ``asked`` is the question as read): the reader
        takes the best sentence that does when its best does not. An ordinal that ends the
        question ("the third?") needs only to be in the sentence."""
        if not _pins_an_ordinal(query):
            return True
        noun = _ORDINAL_NOUN.search(asked)
        of = noun.group(1) if noun and terms(noun.group(1)) else ""  # "the third one": no noun
        return _keeps_ordinal(query, entry.text, of) or (
            bool(of) and (f"#{query.ordinal}", terms(of)[0]) in entry.bigrams)  # "first self-sustaining"

    def _fits(self, query: Query, text: str) -> bool:
        """Whether the reader's sentence keeps what the question pins down: the ordinal it asks
        of ("the sixth"), a date it names ("in 2019"), and for a "when", a date said of the
        question's words (not of an event after "following"). A follow-up whose own words the
        documents never use ("When was he born?") rests on the topic alone: its sentence must
        at least hold a value of the kind asked for."""
        if _pins_an_ordinal(query) and not _keeps_ordinal(query, text):
            return False
        other = _OTHER_ROLE_ASKED.search(query.text)  # "the vice president": not a sentence of the president
        if other and not re.search(rf"\b{other.group(1)}(?:\b|-)", text, re.I):
            return False
        if query.unknown and len(query.unknown) == len(query.content) and not self._holds_asked_value(query, text):
            return False
        if query.dates and not any(d.span.overlaps(q) for d in self.tables.dates_in(text) for q in query.dates):
            return False
        return query.answer_type != "date" or self.passages.anchored(text, self.passages.concept_groups(query), "date")

    def _holds_asked_value(self, query: Query, text: str) -> bool:
        """Whether ``text`` holds a value of the kind asked for: of the number's kind where the
        question names one ("How often does it meet?": "every second Tuesday"), else any number,
        or a date for a "when"."""
        kind = value_kind(query.text) if query.answer_type in {"number", "time"} else ""
        if kind:
            return holds_value(kind, text) or _VALUE_TESTS["number"](self.tables, text)
        return _VALUE_TESTS.get(query.answer_type, lambda tables, text: bool(text))(self.tables, text)

    def _both(self, first: str, second: str, dialogue: Dialogue) -> Answer:
        """"When did the treaty come into force and when was the agreement signed?": each part."""
        one, two = self.answer(first, dialogue), self.answer(second, dialogue)
        if not one.found and not two.found:
            return one
        return Answer(text=f"{one.text} {two.text}", found=one.found and two.found,
                      confidence=min(one.confidence, two.confidence),
                      citations=[*one.citations, *(c for c in two.citations if c not in one.citations)],
                      suggestions=one.suggestions or two.suggestions)

    def _answerers(self, dialogue: Dialogue, trace: Trace) -> dict[str, Callable[[Query], Answer | None]]:
        """The answerers the route table names, bound to this question's dialogue and trace."""
        def role_holder(query: Query) -> Answer | None:
            then = re.search(r"\b(?:then|at\s+that\s+time|at\s+the\s+time)\b", query.text, re.I)
            among = {p.id for p in self.kb.people if set(p.sentence_ids) & set(dialogue.sentence_ids)} \
                if then and dialogue.sentence_ids else None
            return self.lookup.role_holder(query, among=among)

        return {
            "person": self.lookup.person,
            "define": self.lookup.define,
            "events": self.events.answer,
            "passages": lambda q: self._vetted(self.passages.answer(q), q, trace),
            "happened": self.lookup.happened,
            "role_holder": role_holder,
            "table": lambda q: self.table.extreme(q.raw),
            "paragraph": lambda q: self.passages.answer(
                q, among=self.tables.paragraph_sentences(dialogue.sentence_ids)),
            "last_sentences": lambda q: self.passages.from_sentences(  # the last question's words, then the topic's
                q, dialogue.sentence_ids, (tuple(terms(dialogue.question)), dialogue.topic), dialogue.short),
            "open": lambda q: self._open(q, dialogue, trace),
            "cell": lambda q: self.cells.answer(q.text if dialogue.series else self._read_as(q.text, dialogue)),
            "latest": lambda q: self.sections.latest(q.text),  # "What is the latest version?"
            "steps": lambda q: self.steps.answer(q.raw, dialogue.sentence_ids),  # "What is step 3?"
            # "What changed in it?" after an answer from a version's section
            "last_section": lambda q: self.sections.of_last_answer(q.text, dialogue.sentence_ids, dialogue.short),
            "section": lambda q: self.sections.answer(  # "And in 2.3.0?": the last question, of 2.3.0
                q.text if dialogue.series else self._read_as(q.text, dialogue)),
        }

    def _vetted(self, answer: Answer | None, query: Query, trace: Trace) -> Answer | None:
        """A passage rule's answer, kept only where the reader's decision model finds that the
        documents answer the question: the reader reads it, its best taken from the answer's
        sentences when its candidates hold them (``Reader.read``'s pins), and below the learned
        threshold the rule's answer gives way to the next answerer. On the shared SQuAD articles
        the rules answered 107 unanswerable questions ("When was the Royal University of Prussia
        established?" with Warsaw's): this declines 20 of them, as many answerable ones right.
        A question naming a date stays the rules': they read a dated context the reader does not
        (a post's date line under "Good meeting with Foreign Minister Tileuberdi yesterday.")."""
        if answer is None or not answer.found or query.dates:
            return answer
        index = self.open.reader.index
        question = read_question(query.text, (), index.family, index.spelled_out)
        if not question.terms:
            return answer
        ids = set(self._cited_ids(answer))

        def cited(entry: SentenceEntry) -> bool:
            return not ids.isdisjoint(entry.parts)

        reading = self.open.reader.read(question, pins=cited, keep_names=False)
        if reading is not None and self.open.reader.weights.threshold <= reading.probability:
            return answer
        trace.note("route", f"passages: set aside, the reader's p={reading.probability if reading else 0:.2f}"
                            f" is below its threshold")
        return None

    def _route(self, query: Query, dialogue: Dialogue, trace: Trace) -> Answer | None:
        """Try the answerers the route table chooses (``routes.plan``), in order: the first
        found answer is the reply; a not-found one is kept, and is final where the table says."""
        chosen = plan(query, dialogue)
        trace.note("routes", "; ".join(chosen.routes) + " → " + ", ".join(chosen.answerers))
        answerers = self._answerers(dialogue, trace)
        partial: Answer | None = None  # "the documents do not say where": kept if nothing better
        for name in chosen.answerers:
            if partial is not None and query.series and name == "open":
                return partial  # the event tables said what they know ("no such meeting"): final
            found = answerers[name](query)
            trace.note("route", f"{name}: " + ("no answer" if found is None else
                                              f"found={found.found} confidence={found.confidence}"))
            if found and (found.found or name in chosen.settling):
                return found
            if found and name in FINAL_WHEN and FINAL_WHEN[name](query):
                return partial or found
            partial = partial or found
        return partial

    def _focus_ids(self, dialogue: Dialogue) -> set[str]:
        """Every sentence about the conversation's focus."""
        ids = set(dialogue.sentence_ids)
        if dialogue.series:
            for event in self.tables.events_by_series.get(dialogue.series, []):
                if dialogue.ordinal is None or event.ordinal == dialogue.ordinal:
                    ids.update(event.sentence_ids + event.details)
        return ids

    def _focus_terms(self, dialogue: Dialogue) -> set[str]:
        return set().union(*(self.index.sentence_terms.get(s, set()) for s in self._focus_ids(dialogue)))

    def _event_of(self, sentence_id: str) -> tuple[str, int, int | None] | None:
        """The one numbered event (series, ordinal, session) the sentence is about, if it is about one."""
        found = set(self._events_by_sentence.get(sentence_id, ()))
        return found.pop() if len(found) == 1 else None

    @functools.cached_property
    def _events_by_sentence(self) -> dict[str, list[tuple[str, int, int | None]]]:
        """Of a numbered series (two ordinals at least: "the seventh President" of one sentence
        is none), the events each sentence is of: made on the first follow-up that needs it."""
        by_sentence: dict[str, list[tuple[str, int, int | None]]] = {}
        for series, events in self.tables.events_by_series.items():
            numbered = [e for e in events if e.ordinal is not None]
            if len({e.ordinal for e in numbered}) > 1:
                for event in numbered:
                    for sid in event.sentence_ids:
                        by_sentence.setdefault(sid, []).append((series, event.ordinal, event.session))
        return by_sentence

    def _cited_ids(self, answer: Answer) -> list[str]:
        found = (self.tables.texts.sentence_id(c.document, c.quote) for c in answer.citations)
        return [sid for sid in found if sid is not None]

    def _not_found(self, text: str, query_terms: list[str]) -> Answer:
        return Answer(text=text, found=False, confidence=0.0, suggestions=self._suggest(query_terms))

    def _suggest(self, query_terms: list[str]) -> list[str]:
        wanted = set(query_terms)
        ranked = sorted(self._examples, key=lambda q: -len(wanted & set(terms(q))))
        return ranked[:MAX_SUGGESTIONS]

    @functools.cached_property
    def _examples(self) -> list[str]:
        """Made when first asked for (a greeting, a suggestion): of a store read on demand,
        a few of its rows and two series' ordinals are read for them."""
        return self._make_examples()

    def _make_examples(self) -> list[str]:
        examples: list[str] = []
        by_count = sorted(self.tables.events_by_series.items(), key=lambda kv: -len(kv[1]))
        for series, events in by_count[:2]:
            ordinals = sorted({o for o in field_values(events, "ordinal") if o})  # no event read for it
            if ordinals:
                label = self.tables.series_label(series)
                examples.append(f"When was the {ordinal_word(ordinals[len(ordinals) // 2])} {label}?")
        for acr in self.kb.acronyms:
            if acr.explicit:
                examples.append(f"What is the {acr.short}?")
                break
        people = sorted(self.kb.people, key=lambda p: (-len(p.name.split()), -len(person_roles(p))))
        if people:
            examples.append(f"Who is {people[0].name}?")
        day = next((d for d in in_order(self.kb.dated) if d.dates[0].precision == "day"), None)
        if day is not None:
            examples.append(f"What happened on {day.dates[0].render()}?")
        with_passages = set(doc_ids(self.kb.passages))  # a document of no passages has nothing to tell
        for doc in in_order(self.kb.documents):  # of a store read on demand, the first few read
            if len(examples) >= 4:
                break
            if doc.id in with_passages:  # "About Bright Smile Dental Clinic": about it
                examples.append(f"Tell me about {_ABOUT.sub('', doc.title)}")
        return examples
