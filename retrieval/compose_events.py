"""Answers about the events of a series, from facts and templates.

What answering reads of a series is grouped once and kept (``EventAnswers``): its events by
ordinal, its occurrences (all of them, and those of one ordinal and session, with the order
a reply lists them in), an interval index over its occurrences' dates, and the clauses that
describe an occurrence. A question about the third meeting of a series with thousands of
them then reads those, instead of scanning and grouping every event again; the kept groups
are tuples, handed out as they are (a copy would touch every occurrence of them).
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial

from knowledge.lexicon import EVENT_NOUNS, EVENT_UNITS
from knowledge.models import DateSpan, Event
from knowledge.ordinals import ordinal_word
from knowledge.row_fields import RowSubset, grouped
from retrieval.analyzer import terms
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.number_values import value_kind
from retrieval.occurrences import Occurrence, occurrences, within
from retrieval.series_segments import Segments, cut, merged
from retrieval.span_index import SpanIndex
from retrieval.templates import article, joined, render
from retrieval.understand import Query

log = logging.getLogger(__name__)
FACT_CONFIDENCE = 0.9
# What a numbered event's own facts tell of it: how many sessions, how long it lasted ("How many
# days did it last?", "How long did the first ESPD meeting last?"); another amount is the reader's.
_EVENTS_OWN_VALUES = frozenset({"duration", "measure"})
_EVENT_HEADS = EVENT_NOUNS | set(EVENT_UNITS)  # "Festival", "Summit", "Dialogue": a series of events
CITED = 4  # sentences cited at most
LISTED = 5  # differing dates of one event listed at most; the reply says how many more


def when_text(span: DateSpan | None) -> str:
    if span is None:
        return ""
    if span.label.split(" ", 1)[0] in {"before", "after", "since", "until", "prior", "between"}:
        return span.label  # "before 2000", not "in before 2000"
    return ("on " if span.precision == "day" else "in ") + span.render()


# What a meeting counted on in date order answers: when, where (when it has a place), and what
# it was ("Tell me about the second ESPD"), not who or why; it
# is an inference, said as one, so it is given with less confidence than a fact.
COUNTED_ON_TELLS = frozenset({"when", "where", "about"})  # intents
COUNTED_ON_CONFIDENCE = 0.6


@dataclass
class _Described:
    """What is said of one occurrence, worked out once: its clauses and its timeline entry."""

    occurrence: Occurrence
    span: DateSpan | None  # its best-supported date (``Occurrence.span``)
    date: str  # that date rendered, or ""
    clauses: dict[str, str]
    short: str  # "May 4, 2017 in Kestrelmouth"
    recency: int  # minus the latest date its documents mention: the newest sources first
    make_differing: Callable[[], str]  # ``differing``, made when first asked for

    @cached_property
    def differing(self) -> str:
        """Where the sources differ: its date and place, and which documents say so. Made when
        asked for, as few answers list every occurrence they describe: naming its documents
        reads each one's row (a timeline of 162 occurrences read 842 of them for none)."""
        return self.make_differing()


@dataclass(frozen=True)
class Ranking:
    """How ``several`` lists occurrences: each one's first session (None without one) and,
    when none has a session, their positions with the newest sources first."""

    sessions: tuple[int | None, ...]
    newest_first: tuple[int, ...]


@dataclass(frozen=True)
class Numbered:
    """The occurrences of the events of one ordinal (and session) of a series, grouped once."""

    occurrences: tuple[Occurrence, ...]  # in date order
    undated: tuple[Event, ...]  # the events without a date
    ranking: Ranking | None  # how ``several`` lists them, when there are several


class EventAnswers:
    def __init__(self, tables: FactTables) -> None:
        self.t = tables
        self._by_series: dict[str, tuple[Occurrence, ...]] = {}
        self._by_ordinal: dict[str, dict[int | None, Sequence[Event]]] = {}
        self._numbered: dict[tuple[str, int, int | None], Numbered] = {}
        self._spans: dict[str, SpanIndex[Occurrence]] = {}
        self._segments: dict[str, Segments] = {}
        self._saved: object = None  # the saved segments of every series, decoded when first used
        self._segment_occurrences: dict[tuple[str, int], tuple[Occurrence, ...]] = {}
        # Kept with the occurrence itself, so that its id is never another's.
        self._described: dict[int, _Described] = {}

    def series_occurrences(self, series: str) -> tuple[Occurrence, ...]:
        """Every dated occurrence of a series, in date order: grouped once and kept."""
        if series not in self._by_series:
            self._by_series[series] = tuple(occurrences(self.t.events_by_series.get(series, []))[0])
        return self._by_series[series]

    def recurs(self, series: str) -> bool:
        """Whether ``series`` is one of events: named by an event's noun ("the first Harbour
        Festival"), or told of more than once (two dated occurrences or two numbers). A name
        written once with an ordinal ("the First Coast") is no series a question can find
        missing ("Which US President visited in 1888?")."""
        if series.split()[-1].lower() in _EVENT_HEADS:
            return True
        return len(self.series_occurrences(series)) > 1 or len(
            {e.ordinal for e in self.t.events_by_series.get(series, []) if e.ordinal}) > 1

    def events_numbered(self, series: str, ordinal: int | None) -> Sequence[Event]:
        """The events of ``series`` with ``ordinal``, in the knowledge base's order (grouped once)."""
        if series not in self._by_ordinal:  # of a store read on demand, no event read to group them
            self._by_ordinal[series] = grouped(self.t.events_by_series.get(series, []), "ordinal")
        return self._by_ordinal[series].get(ordinal, [])

    def numbered_occurrences(self, series: str, ordinal: int, session: int | None) -> Numbered:
        """The occurrences of the events of ``series`` with ``ordinal`` (and ``session`` if
        given), and those of them without a date: grouped once and kept."""
        key = (series, ordinal, session)
        if key not in self._numbered:
            occs, undated = occurrences([e for e in self.events_numbered(series, ordinal)
                                         if session is None or e.session == session])
            self._numbered[key] = Numbered(tuple(occs), tuple(undated),
                                           self.ranking(occs) if len(occs) > 1 else None)
        return self._numbered[key]

    def ranking(self, occs: Sequence[Occurrence]) -> Ranking:
        """How ``several`` lists ``occs``."""
        sessions = tuple(min(o.sessions) if o.sessions else None for o in occs)
        if any(sessions):
            return Ranking(sessions, ())
        # by recency alone: describing each (its documents' titles read) cost a fresh process 0.3 s
        return Ranking(sessions, tuple(sorted(range(len(occs)), key=lambda i: self.recency(occs[i]))))

    def recency(self, occ: Occurrence) -> int:
        """Minus the latest date ``occ``'s documents mention: the newest sources first."""
        return -max((self.t.doc_recency.get(d, 0) for d in occ.docs), default=0)

    def occurrences_within(self, series: str, dates: list[DateSpan]) -> list[Occurrence]:
        """The occurrences of ``series`` (in order) on one of ``dates``."""
        near = self._occurrences_near(series, dates)
        if near is not None:
            return [occ for occ in near if any(within(s, d) for s in occ.spans for d in dates)]
        occs = self.series_occurrences(series)
        if series not in self._spans:
            self._spans[series] = SpanIndex(occs, lambda o: o.spans)
        return [occ for occ in (occs[i] for i in self._spans[series].candidates(dates))
                if any(within(s, d) for s in occ.spans for d in dates)]

    def _occurrences_near(self, series: str, dates: list[DateSpan]) -> list[Occurrence] | None:
        """Of a series read on demand whose occurrences are not grouped yet, those of the
        segments (series_segments) near ``dates``, in order: only their events read; else None."""
        events = self.t.events_by_series.get(series, [])
        if series in self._by_series or not isinstance(events, RowSubset):
            return None
        if series not in self._segments:
            segments = self._saved_segments(series, len(events))
            if segments is None:
                spans, ordinals = events.rows.spans("dates"), events.rows.field("ordinal")
                segments = cut([spans[i] for i in events.indexes], [ordinals[i] for i in events.indexes])
            self._segments[series] = segments
        segments = self._segments[series]
        groups = []
        for n in segments.overlapping(dates):
            if (series, n) not in self._segment_occurrences:
                chosen = RowSubset(events.rows, [events.indexes[m] for m in segments.segments[n].members])
                self._segment_occurrences[series, n] = tuple(occurrences(list(chosen))[0])
            groups.append(self._segment_occurrences[series, n])
        return merged(groups)

    def _saved_segments(self, series: str, count: int) -> Segments | None:
        """The segments of ``series`` (of ``count`` events) as saved with the analysis, or None
        (not saved; not of their shape: said in a log line, and cut again)."""
        if self._saved is None:
            saved = self.t.saved_segments
            try:
                self._saved = json.loads(saved) if saved is not None else {}
            except ValueError:
                self._saved = {}
                log.warning("the saved analysis's segments of the series cannot be used; cut again")
        data = self._saved.get(series) if isinstance(self._saved, dict) else None
        if data is None:
            return None
        try:
            return Segments.from_data(data, count)
        except ValueError as err:
            log.warning("the saved analysis's segments of %s cannot be used (%s); cut again", series, err)
            return None

    # ---- pieces -------------------------------------------------------------
    def places(self, occ: Occurrence) -> str:
        by_key: dict[str, str] = {}
        for place in occ.places:
            key = self.t.key_of_place(place)
            if key not in by_key or len(place) > len(by_key[key]):
                by_key[key] = place
        return joined([self.t.place_display(p) for p in by_key.values()])

    def person_label(self, person_id: str, sentence_ids: list[str]) -> str:
        person = self.t.people.get(person_id)
        if person is None:
            return person_id
        roles = [r for r in person.roles if r.sentence_id in sentence_ids] or person.roles
        role = min((r.title for r in roles), key=len) if roles else ""
        surname = person.name.split()[-1]
        return f"{role} {surname}".strip()

    def people(self, occ: Occurrence) -> str:
        ids = occ.sentence_ids + occ.details
        return joined([self.person_label(p, ids) for p in occ.people])

    def clauses(self, occ: Occurrence) -> dict[str, str]:
        """When, where and with whom ``occ`` took place, as words and as clauses (a new dict;
        the words are worked out once per occurrence)."""
        return dict(self._describe_once(occ).clauses)

    def _describe_once(self, occ: Occurrence) -> _Described:
        kept = self._described.get(id(occ))
        if kept is None or kept.occurrence is not occ:
            span = occ.span
            where, who, when = self.places(occ), self.people(occ), when_text(span)
            clauses = {"when": when, "where": where, "who": who,
                       "when_clause": f" {when}" if when else "",
                       "where_clause": f" in {where}" if where else "",
                       "who_clause": f", with {who}" if who else ""}
            date = span.render() if span else ""
            short = f"{date if span else 'date not given'}{f' in {where}' if where else ''}"
            kept = self._described[id(occ)] = _Described(
                occ, span, date, clauses, short=short, recency=self.recency(occ),
                make_differing=partial(self._differing, occ, clauses))
        return kept

    def _differing(self, occ: Occurrence, clauses: dict[str, str]) -> str:
        title = joined([self.t.titles.get(d, d) for d in occ.docs])
        return render("event.differing_part", title=title, **clauses)

    def one(self, series: str) -> str:
        """"SPD meeting", "SRBC summit", "SIHC edition"."""
        label = self.t.series_label(series)
        if self.t.unit_of_series.get(series):
            return label
        talks = series.split()[-1].lower() in {"dialogue", "talks", "consultations", "meeting", "meetings"}
        return f"{label} meeting" if talks else f"{label} edition"

    def many(self, series: str) -> str:
        return self.one(series) + "s"

    def name(self, series: str, ordinal: int | None, session: int | None = None) -> str:
        label = self.t.series_label(series)
        if ordinal is None:
            return self.one(series)
        name = f"{ordinal_word(ordinal)} {label}"
        return f"{ordinal_word(session)} session of the {name}" if session else name

    def found(self, text: str, sentence_ids: list[str], confidence: float = FACT_CONFIDENCE,
              keep: list[str] = (), occs: Sequence[Occurrence] = ()) -> Answer:
        places = [p for o in occs for p in o.places] or None
        cited = self.t.supporting(sentence_ids, keep, places, limit=CITED)
        return Answer(text=text, found=True, confidence=confidence, citations=self.t.citations(cited, CITED))

    # ---- one event ----------------------------------------------------------
    def verify(self, event_name: str, occs: Sequence[Occurrence], query: Query) -> Answer | None:
        """"Was the third SPD held in Washington?": yes or no, with what the documents say."""
        checks = []
        if query.places:
            checks.append(lambda o: bool({self.t.key_of_place(p) for p in o.places} & set(query.places)))
        if query.dates:
            checks.append(lambda o: any(within(s, d) for s in o.spans for d in query.dates))
        if query.people:
            checks.append(lambda o: set(query.people) <= set(o.people))
        if not checks or not occs:
            return None
        told = Query(raw=query.raw, text=query.text, intent="who" if query.people else "when")
        facts = self.describe(event_name, occs, [], told)
        unknown = (query.places and not any(o.places for o in occs)) or (
            query.people and not any(set(query.people) <= set(o.people) for o in occs))
        if unknown:  # silent on it, or not naming the person: no verdict (absence is no proof)
            return Answer(text=render("verify_unknown", facts=facts.text), found=False, confidence=0.5,
                          citations=facts.citations)
        holds = any(all(check(o) for check in checks) for o in occs)
        if re.search(r"\bnot\b|n't\b", query.text, re.I):  # "Was the second SPD not in Washington?"
            holds = not holds
        verdict = "Yes" if holds else "No"
        return Answer(text=f"{verdict}. {facts.text}", found=True, confidence=0.85, citations=facts.citations)

    def describe(self, event_name: str, occs: Sequence[Occurrence], undated: Sequence[Event], query: Query,
                 ranking: Ranking | None = None) -> Answer:
        """What the documents say of the occurrences ``occs`` of one event (``ranking``: how
        ``several`` lists them, when it is kept)."""
        if query.intent == "verify":
            checked = self.verify(event_name, occs, query)
            if checked is not None:
                return checked
        if not occs:
            ids = [s for e in undated for s in e.sentence_ids]
            return Answer(text=render("event.undated", event=event_name), found=False, confidence=0.5,
                          citations=self.t.citations(ids))
        if len(occs) > 1:
            return self.several(event_name, occs, query.intent, ranking)
        occ = occs[0]
        c = self.clauses(occ)
        intent = query.intent
        if intent == "where" and not c["where"]:
            text = render("event.no_place", event=event_name, when=c["when"])
            return Answer(text=text, found=False, confidence=0.5, citations=self.t.citations(occ.sentence_ids))
        elif intent == "where":
            text = render("event.where", event=event_name, **c)
        elif intent == "who" and not c["who"]:
            text = render("event.no_people", event=event_name, when=c["when"], where_clause=c["where_clause"])
            return Answer(text=text, found=False, confidence=0.5, citations=self.t.citations(occ.sentence_ids))
        elif intent == "who" and query.extra:  # "who chaired the jury": only who is named there
            text = render("event.named", event=event_name, **c)
            return self.found(text, occ.sentence_ids + occ.details, 0.5, occs=[occ])
        elif intent == "who":
            text = render("event.who", event=event_name, **c)
        else:
            text = render("event.when", event=event_name, **c)
        if len(occ.spans) > 1:
            others = [s.render() for s in occ.spans if s is not occ.span]
            text += f" Another passage gives {joined(others, 'or')}."
        ids = list(occ.sentence_ids)
        if intent in {"describe", "about", "happened"}:
            extra = self.supporting(occ, undated, query)
            text += "".join(" " + self.t.sentences[s].text for s in extra)
            return self.found(text, ids + extra, keep=extra, occs=[occ])
        return self.found(text, ids, occs=[occ])

    def supporting(self, occ: Occurrence, undated: Sequence[Event], query: Query, limit: int = 2) -> list[str]:
        """What the sources say about an occurrence, the sentences nearest the question first."""
        pool = occ.details + [s for e in undated for s in e.sentence_ids if s not in occ.details]
        if not pool:  # the naming sentence itself says the most ("...where the two sides recognized")
            pool = [s for s in occ.sentence_ids if len(self.t.sentences[s].text.split()) > 20][:1]
        wanted = {t for w in query.extra for t in terms(w)}
        order = {s: i for i, s in enumerate(pool)}
        pool.sort(key=lambda s: (-len(wanted & set(terms(self.t.sentences[s].text))), order[s]))
        return pool[:limit]

    def several(self, event_name: str, occs: Sequence[Occurrence], intent: str,
                ranking: Ranking | None = None) -> Answer:
        ranking = ranking or self.ranking(occs)
        sessions = ranking.sessions
        if any(sessions):
            ids = [s for o in occs for s in o.sentence_ids]
            parts = []
            for number, (occ, session) in enumerate(zip(occs, sessions, strict=True), start=1):
                c = self.clauses(occ)
                if intent != "who":
                    c["who_clause"] = ""
                parts.append(render("event.session_part", nth=ordinal_word(session or number), **c))
            text = render("event.sessions", event=event_name, count=_count_word(len(occs)),
                          parts="; ".join(parts) if intent == "who" else joined(parts))
            if intent in {"describe", "about", "happened"}:  # "What was discussed there?"
                said = [s for o in occs for s in o.details][:2]
                text += "".join(" " + self.t.sentences[s].text for s in said)
                ids += said
        else:
            order = ranking.newest_first
            if len(occs) > LISTED:  # a reply one reads, not 1,800 dates: the newest sources', and how many more
                occs = [occs[i] for i in order[:LISTED]]
                ids = [s for o in occs for s in o.sentence_ids]
                text = render("event.differing_many", event=event_name, count=_count_word(len(order)),
                              parts=", ".join(self._describe_once(o).differing for o in occs),
                              more=_count_word(len(order) - LISTED))
            else:
                ids = [s for o in occs for s in o.sentence_ids]
                text = render("event.differing", event=event_name, count=_count_word(len(occs)),
                              parts=joined([self._describe_once(occs[i]).differing for i in order]))
        return self.found(text, ids, occs=occs)

    # ---- the series ---------------------------------------------------------
    def answer(self, query: Query) -> Answer | None:
        series = query.series
        if series is None:
            return None
        events = self.t.events_by_series.get(series, [])
        if query.relative and query.ordinal is None:  # the engine resolves these first
            resolved = self.neighbour(query)
            return self.answer(resolved) if isinstance(resolved, Query) else resolved
        if query.ordinal is not None:
            numbered = self.events_numbered(series, query.ordinal)
            matching = numbered if query.session is None else [e for e in numbered if e.session == query.session]
            if not matching and query.session and numbered:
                return Answer(text=render("event.missing_session", nth=ordinal_word(query.session),
                                          event=self.name(series, query.ordinal)), found=False, confidence=0.7)
            if not matching:
                return self.missing(series, query.ordinal, events, query.intent)
            if query.answer_type == "number" and query.intent != "count" \
                    and value_kind(query.text) not in _EVENTS_OWN_VALUES:
                return None  # "How much did the Third Assessment Report say sea levels will rise?": not when it was
            kept = self.numbered_occurrences(series, query.ordinal, query.session)
            return self.describe(self.name(series, query.ordinal, query.session), kept.occurrences, kept.undated,
                                 query, kept.ranking)
        occs: Sequence[Occurrence] = self.occurrences_within(series, query.dates) if query.dates \
            else self.series_occurrences(series)
        # A count is of the meetings that fit: "How many times has Washington hosted the SPD?"
        places = query.places if query.intent == "count" else query.locations
        if places:
            occs = [o for o in occs if {self.t.key_of_place(p) for p in o.places} & set(places)]
        if query.people:  # "What did Kerry say at the ESPD in 2019?": only meetings he is named at
            occs = [o for o in occs if set(query.people) <= set(o.people)]
        if not occs and not self.recurs(series):
            return None  # "the First Coast", "the Second Polish Republic": a name, not meetings to count or rule out
        if query.intent == "count" and len(occs) != len(self.series_occurrences(series)):
            return self.count(series, occs) if occs else Answer(
                text=render("event.none_of_series", one=self.one(series), filter=self.filter_text(query)),
                found=False, confidence=0.7)
        if query.dates or query.locations or query.people:
            if not occs:
                return Answer(text=render("event.none_of_series", one=self.one(series),
                                          filter=self.filter_text(query)), found=False, confidence=0.7)
            if len(occs) == 1:
                occ = occs[0]
                ordinal = min(occ.ordinals) if occ.ordinals else None
                return self.describe(self.name(series, ordinal), occs, [], query)
            return self.timeline(series, occs)
        if query.intent == "count":
            return self.count(series, occs)
        if query.superlative == "latest" and occs:
            return self.latest(series, occs)
        if query.superlative == "earliest" and occs:
            return self.describe(self.name(series, min(occs[0].ordinals, default=None)), occs[:1], [], query)
        if query.intent in {"when", "where", "who", "list"} and occs and (not query.extra or query.intent == "list"):
            return self.timeline(series, occs)
        return None

    def filter_text(self, query: Query) -> str:
        """"in Washington, D.C. in 2019 with John Kerry": what the question narrowed to."""
        places = query.places if query.intent == "count" else query.locations
        return " ".join(filter(None, [
            " and ".join(f"in {p}" for p in places),
            " and ".join(when_text(d) for d in query.dates),
            " and ".join(f"with {self.t.people[p].name}" for p in query.people if p in self.t.people)]))

    def neighbour(self, query: Query) -> Query | Answer | None:
        """"The next one", "the one before": ``query`` made about the occurrence after or before
        the focus (a new Query), an answer that there is none, or None without an anchor."""
        occs = self.series_occurrences(query.series)
        if query.anchor_ordinal is not None:
            at = [i for i, o in enumerate(occs) if query.anchor_ordinal in o.ordinals]
        else:
            at = [i for i, o in enumerate(occs) if any(within(s, d) for s in o.spans for d in query.anchor_dates)]
        if not at:
            return None
        i = at[-1] + 1 if query.relative > 0 else at[0] - 1
        label = "after" if query.relative > 0 else "before"
        anchor = self.name(query.series, query.anchor_ordinal) if query.anchor_ordinal else (
            f"{self.one(query.series)} of {occs[at[0]].span.render()}" if occs[at[0]].span else self.one(query.series))
        if not 0 <= i < len(occs):
            return Answer(text=f"The documents describe no {self.one(query.series)} {label} the {anchor}.",
                          found=False, confidence=0.7)
        occ = occs[i]
        if occ.ordinals:
            return replace(query, relative=0, ordinal=min(occ.ordinals))
        return replace(query, relative=0, dates=[occ.span] if occ.span else [])

    def missing(self, series: str, ordinal: int, events: list[Event], asks: str = "when") -> Answer:
        """A number of ``series`` the documents never write: the meeting it must be, counted on
        in date order (``_counted_on``), for the questions it answers (``COUNTED_ON_TELLS``, by
        ``asks``, the question's intent); else what they do number."""
        known = sorted({e.ordinal for e in events if e.ordinal})
        nth = ordinal_word(ordinal)
        label = self.t.series_label(series)
        counted = self._counted_on(series, ordinal, known)
        if counted is not None:  # "the second ESPD": the next meeting after the only numbered one
            c = self.clauses(counted)
            text = render("event.counted_on", nth=nth, one=self.one(series), known=joined(
                [ordinal_word(n) for n in known]), when=c["when"], where_clause=c["where_clause"])
            if asks in COUNTED_ON_TELLS and (asks != "where" or c["where"]):
                return self.found(text, counted.sentence_ids, COUNTED_ON_CONFIDENCE)
            # "Who attended the second ESPD?": what is known of it, and that the rest is not
            return Answer(text=f"{text} {render('event.counted_on_silent')}", found=False,
                          confidence=COUNTED_ON_CONFIDENCE, citations=self.t.citations(counted.sentence_ids))
        described = joined([ordinal_word(n) for n in known]) if known else "none by number"
        text = render("event.missing", nth=nth, series=label, known=f"the {described}" if known else described)
        text = text.replace(f"a {nth}", f"{article(nth)} {nth}")
        suggestions = [f"When was the {ordinal_word(n)} {label}?" for n in known[-2:]]
        return Answer(text=text, found=False, confidence=0.8, suggestions=suggestions)

    def _counted_on(self, series: str, ordinal: int, known: list[int]) -> Occurrence | None:
        """The meeting a number the documents never write must be, counting on in date order
        from those they number: when they number the first few (1 to m), every other meeting
        they describe is dated after the m-th, and there are enough of them. None otherwise."""
        if not known or known != list(range(1, len(known) + 1)) or ordinal <= known[-1]:
            return None
        occs = self.series_occurrences(series)
        if any(not o.spans for o in occs):
            return None
        last_numbered = max((o.start for o in occs if o.ordinals), default=None)
        later = sorted((o for o in occs if not o.ordinals), key=lambda o: o.start)
        if last_numbered is None or any(o.start <= last_numbered for o in later):
            return None
        at = ordinal - known[-1] - 1
        return later[at] if at < len(later) else None

    def _short(self, occ: Occurrence) -> str:
        """"May 4, 2017 in Kestrelmouth": its date and places, for a timeline."""
        return self._describe_once(occ).short

    def timeline(self, series: str, occs: Sequence[Occurrence]) -> Answer:
        parts = []
        for occ in occs:
            prefix = f"the {ordinal_word(min(occ.ordinals))}: " if occ.ordinals else ""
            parts.append(prefix + self._short(occ))
        text = render("timeline", many=self.many(series), parts="; ".join(parts))
        return self.found(text, [s for o in occs for s in o.sentence_ids[:1]], 0.85)

    def count(self, series: str, occs: Sequence[Occurrence]) -> Answer:
        by_ordinal: dict[int, list[_Described]] = defaultdict(list)  # in the order of occs
        for occ in occs:
            for n in occ.ordinals:
                by_ordinal[n].append(self._describe_once(occ))
        numbered = sorted(by_ordinal)
        parts = [f"the {ordinal_word(n)} ({joined([d.date for d in by_ordinal[n] if d.span])})" for n in numbered]
        parts += [f"one on {d.date}" for d in map(self._describe_once, occs) if not d.occurrence.ordinals and d.span]
        count = len(numbered) + sum(1 for o in occs if not o.ordinals)
        text = render("count", count=count, many=self.many(series), parts=joined(parts)) if count != 1 else \
            render("count_one", one=self.one(series), parts=joined(parts))
        return self.found(text, [s for o in occs for s in o.sentence_ids[:1]], 0.8)

    def latest(self, series: str, occs: Sequence[Occurrence]) -> Answer:
        occ = occs[-1]
        if len(occ.spans) > 1:
            parts = []
            for span in sorted(occ.spans, key=lambda s: s.start, reverse=True):
                sid = occ.span_sentences[span.key()][0]
                parts.append(f"{span.render()} (“{self.t.sentences[sid].text}”)")
            text = render("latest_conflict", one=self.one(series), parts=joined(parts))
            return self.found(text, [occ.span_sentences[s.key()][0] for s in occ.spans], 0.7)
        c = self.clauses(occ)
        text = render("latest", one=self.one(series), when=c["when"], where_clause=c["where_clause"])
        return self.found(text, occ.sentence_ids)


def _count_word(n: int) -> str:
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))
