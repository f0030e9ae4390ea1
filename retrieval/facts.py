"""Lookup tables over a KnowledgeBase's facts, built once when the engine starts."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

from knowledge.dates import DateMention, find_dates
from knowledge.lexicon import NUMBERED_PLACES
from knowledge.models import Acronym, DatedFact, DateSpan, Document, Event, KnowledgeBase, Person, Sentence
from knowledge.pages import page_at
from knowledge.places import find_places
from knowledge.row_fields import (
    date_spans,
    field_by_id,
    field_values,
    grouped,
    keyed,
    latest_ends,
    list_values,
    non_empty,
    place_documents,
    subsets,
)
from knowledge.stored_rows import by_id, document_of, positions_of, rows_at
from retrieval.analyzer import normalize, terms
from retrieval.models import Citation
from retrieval.sentence_texts import SentenceTexts

if TYPE_CHECKING:
    from retrieval.fact_groups import FactGroups
from retrieval.span_index import SpanIndex

log = logging.getLogger(__name__)
MIN_SERIES_EVENTS = 2
T = TypeVar("T")


@lru_cache(maxsize=4096)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of ``names`` as whole words in normalized text."""
    alternatives = sorted({re.escape(normalize(n)) for n in names if n}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])({'|'.join(alternatives) or '(?!)'})(?![\w-])")


_WORD_RUN = re.compile(r"\w+")


class NameRuns(Generic[T]):
    """Items that ``find_in_text`` looks for by their names, kept by the first run of word
    characters of each name (normalized): ``find_in_text`` finds a name only where it is
    not preceded by a word character, so where that run is a whole run of the text's word
    characters, and a text none of whose runs is one of an item's can name it by none."""

    def __init__(self, named: list[tuple[T, list[str]]]) -> None:
        self._items = [item for item, _ in named]
        self._by_run: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []  # a name that opens with no word character: always tried
        for position, (_, names) in enumerate(named):
            runs = set()
            for name in (normalize(n) for n in names if n):
                run = _WORD_RUN.match(name)
                if run is None:
                    self._always.append(position)
                    break
                runs.add(run.group(0))
            else:
                for run in runs:
                    self._by_run[run].append(position)

    def candidates(self, normalized_text: str) -> list[T]:
        """The items ``normalized_text`` (a text as ``normalize`` gives it) may name, in order."""
        runs = self._by_run.keys() & set(_WORD_RUN.findall(normalized_text))
        chosen = set(self._always).union(*(self._by_run[r] for r in runs))
        return [self._items[p] for p in sorted(chosen)]


LATENT_ACRONYM_SENTENCES = 50_000  # about 0.5 s to read them all for ``latent_acronyms``
LATENT_ACRONYM_CHARACTERS = 5_000_000  # and no more text than that, however long the sentences


def _within(texts: Iterable[str], budget: int) -> Iterator[str]:
    """``texts`` until ``budget`` characters have been read."""
    for text in texts:
        budget -= len(text)
        if budget < 0:
            return
        yield text


class FactTables:
    def __init__(self, kb: KnowledgeBase, texts: SentenceTexts | None = None,
                 groups: FactGroups | None = None) -> None:
        """The tables of ``kb``; ``texts``: its sentences by text (made from them if None);
        ``groups``: its facts' groups as saved with its analysis (worked out from them if None)."""
        self.kb = kb
        self._groups = groups
        self.sentences: Mapping[str, Sentence] = by_id(kb.sentences)  # none read to make it (knowledge.stored_rows)
        self.texts = texts if texts is not None else SentenceTexts(kb.sentences)
        # Of a store read on demand (knowledge.row_fields), fields read without the rows.
        self.titles: Mapping[str, str] = field_by_id(kb.documents, "title")
        self.paged: Mapping[str, Document] = non_empty(kb.documents, "pages")
        self.acronyms: dict[str, Acronym] = {a.short.lower(): a for a in kb.acronyms}
        self.acronym_of_series = {s.name: s.acronym for s in kb.series}
        self.unit_of_series = {s.name: s.unit for s in kb.series}
        self._noun_cache: dict[frozenset[str], str | None] = {}
        self.events_by_series: dict[str, Sequence[Event]] = defaultdict(list)
        self.events_by_series.update(grouped(kb.events, "series") if groups is None
                                     else subsets(kb.events, groups.events_by_series))
        self.people: dict[str, Person] = {p.id: p for p in kb.people}
        self.sentence_dates: Mapping[str, DatedFact] = keyed(kb.dated, "sentence_id")
        # Place names (lower case) → group key; a group is a name with its aliases.
        self.place_key: dict[str, str] = {}
        self.place_names: dict[str, list[str]] = defaultdict(list)
        for name, others in kb.aliases.items():
            for member in [name, *others]:
                self.place_key[member.lower()] = name
                self.place_names[name].append(member)
        self.places_seen: set[str] = set()
        for place in kb.places:
            key = self.place_key.setdefault(place.lower(), place)
            self.places_seen.add(key)
            if place not in self.place_names[key]:
                self.place_names[key].append(place)
        # A series a question can name: one with an acronym, or events more than one, and not
        # numbered streets ("Fifth Street"): one "first Fresno ..." is no series of events.
        counts = Counter({series: len(events) for series, events in self.events_by_series.items()})
        self.series_terms = {s.name: set(terms(s.name)) for s in kb.series
                             if (s.acronym or counts[s.name] >= MIN_SERIES_EVENTS)
                             and normalize(s.name).split()[-1] not in NUMBERED_PLACES}
        self.doc_order = positions_of(kb.documents)
        self._sentence_terms: dict[str, set[str]] = {}

    @cached_property
    def _recency(self) -> tuple[dict[str, int], int]:
        """How recent each document is: the latest date it mentions (to prefer newer sources);
        and the latest year any fact's dates reach. One pass over the dated facts' sentences and
        dates (no fact made of a store read on demand), no sentence read for its document; or as
        saved with the analysis."""
        if self._groups is not None:
            return self._groups.doc_recency, self._groups.latest_year
        doc_recency: dict[str, int] = {}
        latest_end = dt.date.min
        dated = self.kb.dated
        documents = place_documents(dated)  # of a store laid out by document: its sentence's, none read
        if documents is None:
            documents = [document_of(self.sentences, sentence_id) for sentence_id in field_values(dated, "sentence_id")]
        for doc, end in zip(documents, latest_ends(dated), strict=True):
            latest_end = max(latest_end, end)
            doc_recency[doc] = max(doc_recency.get(doc, 0), end.toordinal())
        return doc_recency, latest_end.year if dated else 0

    @property
    def doc_recency(self) -> dict[str, int]:
        return self._recency[0]

    @property
    def latest_year(self) -> int:
        return self._recency[1]

    @property
    def saved_segments(self) -> bytes | None:
        """Each series' segments as saved with the analysis (series_segments), or None."""
        return self._groups.series_segments if self._groups is not None else None

    @cached_property
    def dated_by_span(self) -> SpanIndex[DatedFact]:
        """The dated facts by their dates' spans, made when a question first asks (``dated_about``);
        of a store read on demand, from the spans alone (knowledge.row_fields.date_spans); or as
        saved with the analysis. A saved one not of its shape is not used: made again, said in a log line."""
        saved = self._groups.dated_index if self._groups is not None else None
        if saved is not None:
            try:
                return SpanIndex.from_data(json.loads(saved), len(self.kb.dated))
            except ValueError as err:  # json.JSONDecodeError is one
                log.warning("the saved analysis's index of the dated facts cannot be used (%s); made again", err)
        return SpanIndex(date_spans(self.kb.dated), lambda spans: spans)

    @cached_property
    def _dated_by_person(self) -> dict[str, list[int]]:
        """Person id → the positions of the dated facts naming them."""
        by_person: dict[str, list[int]] = defaultdict(list)
        for position, people in enumerate(list_values(self.kb.dated, "people")):
            for person in dict.fromkeys(people):
                by_person[person].append(position)
        return by_person

    @cached_property
    def sentence_spans(self) -> dict[str, list[DateSpan]]:
        """Every date a sentence carries: its own, a lent one ("yesterday" under a dated
        post), or that of the event it describes (a following sentence of the paragraph).
        Made when first asked for: most questions never do."""
        spans_of: dict[str, list[DateSpan]] = defaultdict(list)
        for fact in self.kb.dated:
            spans_of[fact.sentence_id].extend(fact.dates)
        for event in self.kb.events:
            for sid in event.sentence_ids + event.details:
                spans = spans_of[sid]
                spans.extend(d for d in event.dates if all(d.key() != s.key() for s in spans))
        return spans_of

    def dated_about(self, dates: list[DateSpan], people: list[str]) -> list[DatedFact]:
        """The dated facts that may be of one of ``dates`` (a span overlapping one) and name
        every one of ``people``, in the knowledge base's order: a superset of those that are,
        without a scan of every fact (the caller tests each). No dates and no people: all."""
        chosen: list[int] | None = self.dated_by_span.candidates(dates) if dates else None
        for person in dict.fromkeys(people):
            named = self._dated_by_person.get(person, [])
            if chosen is None:
                chosen = named
            else:
                keep = set(named)
                chosen = [p for p in chosen if p in keep]
        dated = self.kb.dated
        return list(dated) if chosen is None else rows_at(dated, chosen)  # of a store, read together

    @cached_property
    def searched_people(self) -> NameRuns[tuple[Person, list[str]]]:
        """Each person, with the names a question may name them by (their name, surname and
        aliases, sorted), by the first words of those names. Built on first use."""
        named = []
        for person in self.people.values():
            names = sorted({person.name, person.name.split()[-1], *person.aliases})
            named.append(((person, names), names))
        return NameRuns(named)

    @cached_property
    def searched_places(self) -> NameRuns[tuple[str, list[str]]]:
        """Each place group's key and its names, by their first words (as ``searched_people``)."""
        return NameRuns([((key, names), names) for key, names in self.place_names.items()])

    @cached_property
    def series_last_term(self) -> dict[str, str | None]:
        """The last term of each nameable series' name ("cup" of the Steppe Ice Hockey Cup)."""
        return {name: (terms(name) or [None])[-1] for name in self.series_terms}

    @cached_property
    def latent_acronyms(self) -> dict[str, str]:
        """The documents' capitalized phrases by their initials ("AGM": "Annual General
        Meeting"), for an all-capital word of a question that the documents never write. Made
        on first use, by reading every sentence: only for a knowledge base of at most
        ``LATENT_ACRONYM_SENTENCES`` sentences (a larger one answers such a word as unknown)."""
        from knowledge.acronyms import phrases_by_initials

        if len(self.kb.sentences) > LATENT_ACRONYM_SENTENCES:
            return {}
        texts = (s.text for s in self.kb.sentences)
        return phrases_by_initials(_within(texts, LATENT_ACRONYM_CHARACTERS))

    @cached_property
    def acronym_long_terms(self) -> dict[str, frozenset[str]]:
        """The terms of each acronym's long form, by its short form as ``acronyms`` keys it."""
        return {key: frozenset(terms(acr.long)) for key, acr in self.acronyms.items()}

    @cached_property
    def _by_paragraph(self) -> dict[tuple[str, int], list[str]]:
        """The ids of each paragraph's sentences, by (document id, paragraph): built on first use."""
        table: dict[tuple[str, int], list[str]] = defaultdict(list)
        for s in self.kb.sentences:
            table[(s.doc_id, s.paragraph)].append(s.id)
        return dict(table)

    def paragraph_sentences(self, sentence_ids: list[str]) -> set[str]:
        """The ids of every sentence in the paragraphs of ``sentence_ids``."""
        places = {(s.doc_id, s.paragraph) for sid in sentence_ids if (s := self.sentences.get(sid))}
        return {sid for place in places for sid in self._by_paragraph.get(place, ())}

    def dates_in(self, text: str) -> list[DateMention]:
        """The dates written in ``text``: a sentence's were found at build time and are read,
        not looked for again; any other text (two sentences joined) is read now."""
        stored = self.texts.dates(text)
        return stored if stored is not None else find_dates(text)

    def places_in(self, text: str) -> list[str]:
        """The places ``text`` names: a sentence's, found at build time, else looked for now."""
        stored = self.texts.places(text)
        return stored if stored is not None else [m.name for m in find_places(text)]

    def key_of_place(self, name: str) -> str:
        return self.place_key.get(name.lower(), name)

    def citation(self, sentence_id: str) -> Citation:
        s = self.sentences[sentence_id]
        doc = self.paged.get(s.doc_id)
        return Citation(document=s.doc_id, title=self.titles.get(s.doc_id, s.doc_id), quote=s.text,
                        page=page_at(doc, s.start) if doc else None)

    def citations(self, sentence_ids: list[str], limit: int = 4) -> list[Citation]:
        """The first ``limit`` distinct known sentences of ``sentence_ids``, cited."""
        seen: list[str] = []
        for sid in sentence_ids:
            if len(seen) >= limit:
                break
            if sid in self.sentences and sid not in seen:
                seen.append(sid)
        return [self.citation(sid) for sid in seen]

    def index_terms(self, sentence_id: str) -> set[str]:
        """The analyzed terms of one sentence (kept once computed)."""
        if sentence_id not in self._sentence_terms:
            self._sentence_terms[sentence_id] = set(terms(self.sentences[sentence_id].text))
        return self._sentence_terms[sentence_id]

    def series_label(self, series: str) -> str:
        """How one event of the series is named: "SPD", "SRBC summit"."""
        label = self.acronym_of_series.get(series) or series
        unit = self.unit_of_series.get(series)
        return f"{label} {unit}" if unit else label

    def series_for_noun(self, noun_terms: set[str]) -> str | None:
        """The numbered series whose events the question's noun ("summit") names best."""
        key = frozenset(noun_terms)
        if key not in self._noun_cache:
            self._noun_cache[key] = self._series_for_noun(noun_terms)
        return self._noun_cache[key]

    def _series_for_noun(self, noun_terms: set[str]) -> str | None:
        best, best_count = None, 0
        for series, events in self.events_by_series.items():
            if not any(e.ordinal for e in events):
                continue
            unit = self.unit_of_series.get(series, "")
            count = 100 if unit and terms(unit)[0] in noun_terms else 0
            for event in events:
                for sid in event.sentence_ids:
                    count += len(noun_terms & set(terms(self.sentences[sid].text)))
            if count > best_count:
                best, best_count = series, count
        return best

    def supporting(self, sentence_ids: list[str], keep: list[str] = (),
                   places: list[str] | None = None, limit: int | None = None) -> list[str]:
        """The sentences that state a date or a place (they carry an event answer), then
        those in ``keep``; a mention that states neither is cited only if nothing does.
        With ``limit``, only the first ``limit`` of them are sure to be there (the rest of
        the mentions need not be looked at once as many state a date or a place)."""
        ids = list(dict.fromkeys(sentence_ids))
        stating: list[str] = []
        for s in ids:
            if s in self.sentences and (self.sentence_dates.get(s) or any(
                    self.find_in_text([p], self.sentences[s].text) for p in (places or self.kb.places))):
                stating.append(s)
                if limit is not None and len(stating) >= limit:
                    return stating
        if not stating:
            return ids
        return stating + [s for s in ids if s in keep and s not in stating]

    def place_display(self, name: str) -> str:
        """"Nur-Sultan (Astana)" when the source's name differs from the preferred one."""
        key = self.key_of_place(name)
        if key != name and key.lower() not in name.lower() and name.lower() not in key.lower():
            return f"{name} ({key})"
        return name

    def names_series(self, text: str, series: str) -> bool:
        """Whether ``text`` names ``series`` itself, not a longer one containing its name."""
        for other in self.series_terms:
            if other != series and series.lower() in other.lower():
                text = re.sub(re.escape(other), " ", text, flags=re.I)
                acronym = self.acronym_of_series.get(other)
                if acronym:
                    text = re.sub(rf"\b{re.escape(acronym)}\b", " ", text)
        names = [series, *([self.acronym_of_series[series]] if self.acronym_of_series.get(series) else [])]
        return bool(self.find_in_text(names, text))

    def find_in_text(self, names: list[str], text: str) -> list[str]:
        """Which of ``names`` occur in ``text`` as whole words (case-insensitive)."""
        found = {m.group(1) for m in _names_pattern(tuple(names)).finditer(normalize(text))}
        return [n for n in names if normalize(n) in found] if found else []
