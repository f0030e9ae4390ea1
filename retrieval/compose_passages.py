"""Open questions: the best BM25 passages, then the sentence (or clause) that answers.

A sentence must fit the expected answer type (a "when" question needs a date in it,
"where" a place, "who" a person, "how many/much" a number) and cover at least half of
the question's weighted content; otherwise the honest answer is "I don't know".
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from knowledge.dates import DateMention
from knowledge.lexicon import MONTH_PATTERN, ROLE_NOUNS, WEEKDAYS, alternation
from knowledge.ordinals import ORDINAL_PATTERN, ordinal_value, ordinal_word
from knowledge.people import PeopleFinder
from retrieval.analyzer import STOPWORDS, normalize, stem, terms
from retrieval.facts import FactTables
from retrieval.index import Hit, PassageIndex
from retrieval.models import Answer
from retrieval.number_values import holds_value, measure_terms, value_kind, values_of
from retrieval.occurrences import within
from retrieval.related_words import forms_of
from retrieval.templates import render, synonyms_of
from retrieval.understand import Query

MIN_COVERAGE = 0.6
_VERB = re.compile(r"\w{3,}ed$|(?:began|begun|won|led|met|held|took|taken|went|came|left|set|ran|"
                   r"became|broke|broken|chosen|given|seen|written|spoke|sold|built|born)$", re.I)
NEAR_WORDS = 12
_OTHER_TIME = re.compile(r"following|after|since|preceding|preceeding|before|prior", re.I)
_DEADLINE = re.compile(r"\b(?:by|until|before|through|till)\s+(?:the\s+end\s+of\s+)?$", re.I)
# A month or a day of the week is written with a capital ("Employees may work remotely" and "if
# you fall ill" say no date); "fall" is the season after "in", "the", "last"...
_DATE_WORDS = re.compile(r"(?:\b(?-i:January|February|March|April|May|June|July|August|September|October|"
                         r"November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
                         r"\b(?:spring|summer|autumn|winter|yesterday|today|tomorrow)|"
                         r"(?:(?<=\bin )|(?<=\bof )|(?<=\bthe )|(?<=\bthis )|(?<=\blast )|(?<=\bnext ))"
                         r"fall(?!\s+of\s+(?!\d)))\b"  # "the fall of Warsaw" is no season; "the fall of 1944" is
                         r"(?!\s+(?-i:[A-Z][a-z]))", re.I)  # "the November Uprising", "the October Revolution": names
_MONTH_NAMES = MONTH_PATTERN
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ONE_DAY = (rf"(?:{alternation(WEEKDAYS)},?\s+)?(?:{_DAY}\s+(?:of\s+)?{_MONTH_NAMES}|"
            rf"{_MONTH_NAMES}\s+{_DAY}(?![:.]?\d))")
# A day of a month written without its year, or a span of them: "King's Day: 27 April", "on Friday 3
# July", "by May 5th", "3-7 May", "from 3 January to 7 January" (not "May 10" of "5 May 10:00").
_DAY_MONTH = re.compile(rf"(?<![\d–-])\b(?:{_DAY}\s*[-–]\s*{_DAY}\s+{_MONTH_NAMES}|{_ONE_DAY}(?:\s*(?:-|–|to|until)\s*"
                        rf"(?:{_ONE_DAY}|{_DAY}\b(?![:.]?\d|\s*(?:[ap]\.?m\b|o'clock|[a-z]))))?)\b(?!,?\s*\d{{4}}\b)")
# A year that dates the day written after it: "Company Day, which in 2026 is Friday 3 July", "In
# 2026, Easter Monday falls on 6 April".
_YEAR_OF_DAY = re.compile(rf"\b(?:1[5-9]|20)\d\d\s*(?::|,?\s+(?:[A-Z][\w'’-]*\s+){{0,3}}(?:is|was|falls\s+on|fell\s+on|"
                          rf"will\s+be))\s+{_ONE_DAY}")
# A year that names a thing ("the 2026 summer fair", "for 2026 applications", "the 2024 intake").
_NAMING_YEAR = re.compile(r"(?:1[5-9]|20)\d\d\s+(?!(?:and|or|to|in|on|at|by|for|of|with|when|while|is|was|were|are|"
                          r"has|had|the|a|an|it|he|she|they|we)\b)[a-z][\w-]*")
_YEARLY = re.compile(r"\b(?:each|every)\s+year\b|\bannually\b|\byearly\b", re.I)
# A new clause starts after "; " or ", and/but/while" followed by a subject ("the ...",
# a name); ", and violent extremism" is a list, not a clause.
_CLAUSE = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+(?=(?:the|a|an|its|their|both)\s|[A-Z])")
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|"
                     r"hundred|thousand|million|billion)\b", re.I)


def has_ordinal(text: str, n: int, of: str = "") -> bool:
    """Whether ``text`` says "sixth" or "6th" (a cardinal "six" is not an ordinal); with ``of``
    (a question's "first president"), of that noun: within a few words before it ("its first
    female president"), not "the first building" of a sentence about a president."""
    words = re.findall(r"\w+", text)
    if not of:
        return any(ordinal_value(word) == n for word in words)
    wanted = {stem(part.lower()) for part in re.findall(r"\w+", of)}
    return any(ordinal_value(word) == n and any(stem(w.lower()) in wanted for w in words[i + 1:i + 1 + ORDINAL_REACH])
               for i, word in enumerate(words))


ORDINAL_REACH = 3  # words from an ordinal to its noun: "the first female university president"
_ORDINAL_NOUN = re.compile(rf"\b{ORDINAL_PATTERN}\s+(?P<phrase>[\w'’-]+(?:\s+[\w'’-]+){{0,{ORDINAL_REACH - 1}}})", re.I)
_NO_NOUN = frozenset({"one", "ones", "time", "times"})


def ordinal_noun(question: str) -> str:
    """The noun a question's ordinal is of: the last word before a stopword within
    ``ORDINAL_REACH`` ("president" in "Who was its first female president in 1891?", "dean" in
    "its first African-American dean"), or ""."""
    m = _ORDINAL_NOUN.search(question)
    if m is None:
        return ""
    phrase = list(itertools.takewhile(lambda w: w.lower() not in STOPWORDS, m.group("phrase").split()))
    return phrase[-1].rstrip("?.,;:!") if phrase and phrase[-1].lower().rstrip("?.,;:!") not in _NO_NOUN else ""


def _agent_of(text: str, groups: list[set[str]]) -> str:
    """The named agent of a verb of the question: "won by Barys Akmola" → "Barys Akmola"."""
    for m in re.finditer(r"(\w+)\s+(?:\w+ly\s+|again\s+|also\s+|once\s+more\s+)?by\s+((?:[A-Z][\w'’-]+\s*){1,4})",
                         text):
        if any(set(terms(m.group(1))) & g for g in groups):
            return m.group(2).strip()
    for m in re.finditer(r"((?:[A-Z][\w'’-]+\s+){1,4})([a-z]\w+)", text):  # "Salavat Uralets defeated ..."
        if m.start() > 0 and any(set(terms(m.group(2))) & g for g in groups):
            return m.group(1).strip()
    return ""


@dataclass
class Candidate:
    sentence_id: str
    text: str
    coverage: float
    score: float
    typed: bool
    value: str = ""
    ideas: frozenset[int] = frozenset()  # which of the question's ideas it matched


def _one_time(text: str) -> bool:
    """Whether ``text`` writes one time of day, which may go first; of several, none is guessed
    ("Monday to friday 9:00 to 20:00, saturday 9:00 to 17:00")."""
    return len(values_of("time", text)) == 1


class PassageAnswers:
    def __init__(self, tables: FactTables, index: PassageIndex) -> None:
        self.t = tables
        self.index = index
        self._event_sentences: dict[tuple[str, int | None], frozenset[str]] = {}

    @cached_property
    def _people(self) -> PeopleFinder:
        """Which known people a sentence names (``knowledge.people.people_in``), set up once."""
        return PeopleFinder(list(self.t.people.values()))

    def group_weight(self, group: set[str]) -> float:
        """How telling one idea of the question is: its rarest word's weight."""
        return max(self.index.weight(t) for t in group)

    def concept_groups(self, query: Query) -> list[set[str]]:
        """One set of alternative terms per content word of the question."""
        groups: list[set[str]] = []
        expansions: dict[str, set[str]] = {}
        for short in query.acronyms:
            acr = self.t.acronyms[short.lower()]
            both = set(terms(acr.short)) | set(terms(acr.long))
            for t in both:
                expansions[t] = both
        for key in query.places:
            names = set().union(*(set(terms(n)) for n in self.t.place_names[key]))
            for t in names:
                expansions.setdefault(t, set()).update(names)
        named_people = [self.t.people[p].name.split()[-1] for p in query.people]
        # A person asked of is one idea, their surname: "When did Thomas Bouch die?" asks two
        # things (Bouch, died), so a sentence on Thomas Bouch's bridge does not answer it by
        # matching two words of three, and "Bouch died at Moffat" names him.
        given = {w.lower() for p in query.people for w in self.t.people[p].name.split()[:-1]
                 if not self._surname_shared(p)}  # "Charles Edison" beside "Thomas Edison": both words
        for word in [*query.content, *(n.lower() for n in named_people if n.lower() not in query.content)]:
            if word.lower() in given:
                continue
            own = set(terms(word))
            if not own:
                continue
            alts = set(own) | synonyms_of(own)
            for t in own:
                alts |= expansions.get(t, set())
            if alts not in groups:
                groups.append(alts)
        return groups

    def _surname_shared(self, person_id: str) -> bool:
        """Whether another person the documents name has the surname of ``person_id``'s."""
        surname = self.t.people[person_id].name.split()[-1]
        return any(p.id != person_id and p.name.split()[-1] == surname for p in self.t.people.values())

    def typed_value(self, text: str, answer_type: str, sentence_id: str = "") -> str:
        if answer_type == "date":
            found = self.t.dates_in(text)
            dates = [d for d in found if not _DEADLINE.search(text[:d.start])]  # not "by 2024"
            day = _DAY_MONTH.search(text)
            if dates and not (day and any(self._no_date_of_its_own(text, d) for d in dates)):
                return dates[0].span.render()  # not "2026" of "which in 2026 is Friday 3 July"
            if day:
                return day.group(0)
            written = {d.span.key() for d in found}
            fact = self.t.sentence_dates.get(sentence_id)  # "yesterday" under a dated post
            lent = [s for s in (fact.dates if fact else []) if s.key() not in written]
            if lent:
                return lent[0].render()
            loose = _DATE_WORDS.search(text)  # "every September": a date, but no year to render
            return loose.group(0) if loose else ""
        if answer_type == "place":
            places = self.t.places_in(text)
            return places[0] if places else ""
        if answer_type == "person":  # a person, or a country or city as the subject
            if self._people.find(text):
                return "yes"
            opening = " ".join(text.split()[:4])  # "The United States, on ..., was the first to"
            known = [n for name, others in self.t.kb.aliases.items() for n in [name, *others]]
            return "yes" if self.t.find_in_text(known, opening) else ""  # a known country or city
        if answer_type == "number":
            m = _NUMBER.search(text)
            return m.group(0) if m else ""
        if answer_type == "time":  # "When does it open?" after the indoor hall: its hours, not its opening day
            return next(iter(values_of("time", text)), "")
        return "-"

    def anchored(self, text: str, groups: list[set[str]], answer_type: str) -> bool:
        """Whether the value is said of what the question asks about: most of the matched
        ideas stand within a few words of a date (or place) in the sentence. "...was the
        first country to recognize Kazakhstan's independence following the break up of the
        Soviet Union" dates the recognition, not the break-up."""
        if answer_type != "date":
            return True  # a place often opens the sentence ("In Astana, ..."): not measured
        spots = [d.start for d in self.t.dates_in(text) if not _DEADLINE.search(text[:d.start])]
        if not spots:
            return True  # the value is lent by the context ("yesterday"): nothing to measure
        found = list(re.finditer(r"[\w'’+-]+", text))
        words = [(m.start(), set(terms(m.group(0)))) for m in found]
        starts = [start for start, _ in words]
        at = [bisect.bisect_left(starts, s) for s in spots]
        # Words after "following", "after", "since"... name an earlier or other occasion; a
        # date written before them is not theirs.
        other = min((i for i, m in enumerate(found) if _OTHER_TIME.fullmatch(m.group(0)) and all(j < i for j in at)),
                    default=len(words))
        reach = NEAR_WORDS if len(spots) > 1 else 2 * NEAR_WORDS  # one date: likely the sentence's own
        near = total = 0.0
        for group in groups:
            where = [i for i, (_, bag) in enumerate(words) if bag & group]
            if not where:
                continue
            w = self.group_weight(group)
            total += w
            if any(abs(i - j) <= reach and i < other for i in where for j in at):
                near += w
        return total == 0 or near >= 0.5 * total

    @staticmethod
    def _no_date_of_its_own(text: str, date: DateMention) -> bool:
        """Whether ``date``, a year beside a day of a month, only names a thing ("the 2026 summer
        fair"), dates that day ("which in 2026 is Friday 3 July") or a yearly habit ("each year")."""
        return date.span.precision == "year" and bool(
            _NAMING_YEAR.match(text, date.start) or _YEAR_OF_DAY.match(text, date.start) or _YEARLY.search(text))

    def closest_date(self, text: str, groups: list[set[str]]) -> str:
        """Of several dates in ``text``, the one written nearest the words of the question ("" if
        the sentence holds fewer than two, or none of the words)."""
        found_dates = [d for d in self.t.dates_in(text) if not _DEADLINE.search(text[:d.start])]
        # and the days of a month written without their year ("Born in 1812, he died on 9 June"),
        # before which a year that only names a thing ("the 2026 summer fair") or dates that day
        # ("which in 2026 is Friday 3 July"), or a yearly habit's ("each year"), is no answer
        days = [(m.start(), m.group(0)) for m in _DAY_MONTH.finditer(text)
                if not any(d.start <= m.start() < d.end for d in found_dates)]
        if days:
            found_dates = [d for d in found_dates if not self._no_date_of_its_own(text, d)]
        dates = sorted([(d.start, d.span.render()) for d in found_dates] + days)
        if len(dates) < 2:
            return ""
        found = list(re.finditer(r"[\w'’+-]+", text))
        words = [(m.start(), set(terms(m.group(0)))) for m in found]
        starts = [start for start, _ in words]
        # The verb the question asks about ("completed", "returned") decides between dates;
        # the subject ("the Lofoten Kelp Project") is shared by all of them.
        verbs = [g for g in groups if any(bag & g and _VERB.match(found[i].group(0))
                                          for i, (_, bag) in enumerate(words))]

        def pull(date_start: int) -> float:
            at = bisect.bisect_left(starts, date_start)
            total = 0.0
            for group in verbs or groups:
                where = [i for i, (_, bag) in enumerate(words) if bag & group]
                if where:  # a verb governs the date after it: one before it counts as twice as far
                    gap = min(at - i if at >= i else 2 * (i - at) for i in where)
                    total += self.group_weight(group) / (1 + gap)
            return total

        pulls = [pull(start) for start, _ in dates]
        if not any(pulls):
            return ""  # none of the words is in the sentence: nothing to choose by
        return dates[pulls.index(max(pulls))][1]

    def pick(self, text: str, groups: list[set[str]], answer_type: str,
             sentence_id: str = "") -> tuple[str, str]:
        """The words to answer with (the sentence, or its best clause if long) and the value.

        The value (a date, a place...) comes from the clause that best matches the question,
        so "When was the agreement signed?" takes the agreement's year, not the treaty's.
        """
        parts = [p for p in _CLAUSE.split(text) if p.strip()]

        def weight(part: str) -> float:
            bag = set(terms(part))
            return sum(self.group_weight(g) for g in groups if g & bag)

        typed = [(p, v) for p in parts if (v := self.typed_value(p, answer_type, sentence_id))]
        if not typed:
            return text, self.typed_value(text, answer_type, sentence_id)
        best, value = max(typed, key=lambda pv: weight(pv[0]))
        if answer_type == "date":  # "set out on 3 May and returned in July": the date of "returned"
            value = self.closest_date(best, groups) or value
        if len(parts) < 2 or len(text.split()) < 25 or weight(best) < 0.8 * weight(text):
            return text, value
        best = best.strip().rstrip(".,;")
        return (best if best[:1].isupper() else "…" + best) + ".", value

    def answer(self, query: Query, among: set[str] | None = None) -> Answer | None:
        """The best sentence for an open question; only among the sentences ``among`` if given."""
        kind = value_kind(query.text) if query.answer_type == "number" else ""
        groups = self.concept_groups(query)
        if not groups:
            return None
        if query.answer_type == "date" and query.unsaid:
            return None  # "When was Ellen Voss born?" of documents that never say "born": the reader's
        # A word the documents never use cannot be checked: it counts as a missing idea
        # below, but adds no weight (else any paraphrase would sink the coverage).
        total = sum(self.group_weight(g) for g in groups if g & self.index.known_terms)
        hits = self.index.search(query.terms, k=6) if among is None else self._passages_of(among)
        if not hits:
            return None
        top = hits[0].score or 1.0
        # The sentences about the very event asked of (its mentions and what follows them)
        # need not repeat its name: "Grandmaster Ivo Petrov won it."
        event_ids = self._sentences_of_events(query.series or "", query.ordinal)
        hit_ids = {s for h in hits for s in h.passage.sentence_ids}
        # "Who is the project lead?": a role asked of is answered only with all its qualifiers.
        roles_asked = query.answer_type == "person" and any(w in ROLE_NOUNS for w in query.content)
        numbers_asked = [g for g in groups if any(c.isdigit() for t in g for c in t)]  # "Tessera 3.1"
        implied = set(terms(f"{query.series} {self.t.acronym_of_series.get(query.series, '')}")) \
            if query.series else set()  # what an event's own sentence says without naming it
        extra_hits = self._passages_of(event_ids - hit_ids) if query.ordinal is not None else []
        candidates: list[Candidate] = []
        for hit in [*hits, *extra_hits]:
            for sid in hit.passage.sentence_ids:
                if among is not None and sid not in among:
                    continue
                bag = self.index.sentence_terms[sid]
                if sid in event_ids:
                    bag = bag | implied
                own = [g for g in groups if g & bag]
                if not own:
                    continue
                # The document's title is context for its sentences ("Its secretariat..."
                # under "The Selvara River Basin Commission"), worth half a match.
                title = self.index.title_terms.get(self.t.sentences[sid].doc_id, set())
                from_title = [g for g in groups if g not in own and g & title]
                matched = own + from_title
                weight = sum(self.group_weight(g) for g in own) + 0.5 * sum(
                    self.group_weight(g) for g in from_title)
                coverage = weight / total if total else 0.0
                if len(groups) - len(matched) > (len(groups) - 1) // 2:
                    continue  # a short question's every idea must be there; a long one's most
                if roles_asked and len(matched) < len(groups):
                    continue  # "Who is the project lead?": the role and all it is qualified by
                if any(g not in own for g in numbers_asked):
                    continue  # "When was 5.0 released?": a sentence about 4.0 is no answer
                if query.dates and not any(within(s, d) for s in self.t.sentence_spans.get(sid, [])
                                           for d in query.dates):
                    continue  # the question names a date: the answer must be of that date
                text = self.t.sentences[sid].text
                if not self.anchored(text, groups, query.answer_type):
                    continue
                if kind and not holds_value(kind, text):
                    continue  # "How old is he?" is not answered by "He joined the club in 2015"
                if query.locations and not all(self.t.find_in_text(self.t.place_names[k], text)
                                               for k in query.locations):
                    continue  # "When did Kerry visit Washington?": not a sentence about Astana
                doc_title = self.t.titles.get(self.t.sentences[sid].doc_id, "")
                if sid not in event_ids and query.series and not query.series_inferred \
                        and not self.t.names_series(text, query.series) \
                        and not self.t.names_series(doc_title, query.series):
                    continue  # asked about one series: a sentence about another does not answer
                if sid not in event_ids and query.ordinal is not None and not has_ordinal(
                        text, query.ordinal, "" if query.series else ordinal_noun(query.text)):
                    continue  # "the sixth summit": a sentence about the first is no answer
                value = self.typed_value(text, query.answer_type, sid)
                if value and value != "yes" and normalize(value) in normalize(query.text):
                    value = ""  # "When are you open on Saturday?": "Saturday" is asked, not answered
                if not value and query.answer_type == "person":
                    value = _agent_of(text, groups)  # "won by Barys Akmola": a team, a film
                candidates.append(Candidate(sid, text, coverage, coverage + 0.2 * hit.score / top,
                                            bool(value), value,
                                            frozenset(k for k, g in enumerate(groups) if g in matched)))
        candidates = [c for c in candidates if c.typed and c.coverage >= MIN_COVERAGE]
        if not candidates:
            return None
        best = max(candidates, key=lambda c: c.score)
        clause, value = self.pick(best.text, groups, query.answer_type, best.sentence_id)
        text = render("typed_when", value=value, sentence=clause) if query.answer_type == "date" or (
            query.answer_type == "time" and _one_time(clause)) else clause
        if best.sentence_id in event_ids and query.ordinal is not None and query.answer_type != "date" \
                and not self.t.names_series(best.text, query.series) \
                and not has_ordinal(best.text, query.ordinal):  # "Grandmaster Ivo Petrov won it."
            text = f"The {ordinal_word(query.ordinal)} {self.t.series_label(query.series)}: {text}"
        ids = [best.sentence_id]
        other = self.disagreeing(best, candidates, query)
        if other is not None:  # another document says something else: report both
            _, other_value = self.pick(other.text, groups, query.answer_type, other.sentence_id)
            titles = [self.t.titles[self.t.sentences[c.sentence_id].doc_id] for c in (best, other)]
            text = render("differing_sources", first=value, first_title=titles[0], second=other_value,
                          second_title=titles[1], sentence=clause, other=other.text)
            ids.append(other.sentence_id)
        return Answer(text=text, found=True, confidence=round(min(0.85, 0.4 + 0.5 * best.coverage), 2),
                      citations=self.t.citations(ids))

    def disagreeing(self, best: Candidate, candidates: list[Candidate], query: Query) -> Candidate | None:
        """A sentence of another document that matches the same ideas but gives another date: all
        of them, or all but one of four or more ("The Christmas Doubles is on December 19 in the
        indoor hall" does not date the opening of the indoor hall)."""
        if query.answer_type != "date" or best.coverage < 0.8:
            return None
        doc = self.t.sentences[best.sentence_id].doc_id
        mine = self.t.dates_in(best.text)
        for c in sorted(candidates, key=lambda c: -c.score):
            if self.t.sentences[c.sentence_id].doc_id == doc or not c.ideas <= best.ideas \
                    or len(c.ideas) < len(best.ideas) - (1 if len(best.ideas) > 3 else 0) or c.coverage < 0.6:
                continue
            theirs = self.t.dates_in(c.text)
            if mine and theirs and not any(a.span.overlaps(b.span) for a in mine for b in theirs):
                return c
        return None

    def _sentences_of_events(self, series: str, ordinal: int | None) -> frozenset[str]:
        """The sentences naming the events of ``series`` (those with ``ordinal`` if given) and
        those that follow them (gathered once)."""
        key = (series, ordinal)
        if key not in self._event_sentences:
            self._event_sentences[key] = frozenset(s for e in self.t.events_by_series.get(series, [])
                                                   if ordinal is None or e.ordinal == ordinal
                                                   for s in e.sentence_ids + e.details)
        return self._event_sentences[key]

    @cached_property
    def _holding(self) -> dict[str, list[int]]:
        """Sentence id → the positions of the passages holding it, built when first needed."""
        holding: dict[str, list[int]] = {}
        for position, passage in enumerate(self.index.passages):
            for sid in passage.sentence_ids:
                holding.setdefault(sid, []).append(position)
        return holding

    def _passages_of(self, sentence_ids: set[str]) -> list[Hit]:
        """The passages holding ``sentence_ids``, in the index's order, as hits with no score
        of their own (found through ``_holding``)."""
        positions = sorted({p for sid in sentence_ids for p in self._holding.get(sid, ())})
        return [Hit(self.index.passages[p], 0.0) for p in positions]

    def from_sentences(self, query: Query, sentence_ids: list[str], topics: tuple[tuple[str, ...], ...] = (),
                       short: str = "") -> Answer | None:
        """A follow-up ("Where?") answered from the sentences the last answer cited; of several
        dates in one, the one nearest the words of the first of ``topics`` that is near one (the
        last question's terms, then the conversation's topic): "When?"
        after "Who signed the Investment Incentive Agreement?" is answered by the date of the signing;
        the sentence holding ``short`` (the last answer's short answer) is read first."""
        kind = value_kind(query.text) if query.answer_type == "number" else ""
        # A "when" or "how much" follow-up's own words ("When did it open to passengers?", "How many people
        # does it seat?", not the "far" of "how far"), one of which (or a form of it) the sentence must
        # write, as a sentence often dates or counts several things; one of none ("When?") is answered
        # by any date.
        asked = measure_terms(query.text)  # "How far from the wall …?": "far" asks, "wall" is its own
        own = [g | {f for t in g for f in forms_of(t)} for g in self.concept_groups(query)
               if g & (set(query.content) - asked)] if query.answer_type in {"date", "number"} else []
        if short:  # the sentence that held the last short answer first ("When?" after "Daniel Diermeier: …")
            sentence_ids = sorted(sentence_ids, key=lambda sid: short not in self.t.sentences[sid].text)
        for sid in sentence_ids:
            text = self.t.sentences[sid].text
            if kind and not holds_value(kind, text):
                continue  # "How many city blocks?" is not answered by "On May 3, 1901"
            if own and not any(g & set(terms(text)) for g in own):
                continue  # "When did it open to passengers?" is not answered by "proposed … in 1854"
            value = self.typed_value(text, query.answer_type, sid)
            if value and query.answer_type == "date":
                value = next((near for topic in topics if topic and (
                    near := self.closest_date(text, [{t} for t in topic]))), value)
            if value and value != "-":
                said = text.lower().startswith(value.lower())  # "Wednesday: opens 10:00" says it first
                first = query.answer_type in {"date", "place"} or (query.answer_type == "time" and _one_time(text))
                lead = render("typed_when", value=value, sentence=text) if first and not said else text
                return Answer(text=lead, found=True, confidence=0.6, citations=self.t.citations([sid]))
        return None
