"""Answers looked up in fact tables: who is X, what is ACRONYM, what happened on/in/with."""

from __future__ import annotations

import re

from knowledge.lexicon import OTHER_ROLE, ROLE_NOUNS, TEMPORAL_MARKERS
from knowledge.models import CURATED_DOC_ID, Person, Sentence
from retrieval.analyzer import terms
from retrieval.compose_events import FACT_CONFIDENCE, when_text
from retrieval.compose_passages import has_ordinal
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.occurrences import within
from retrieval.templates import joined, render, synonyms_of
from retrieval.understand import Query

MAX_HAPPENINGS = 3


def person_roles(person: Person) -> list[str]:
    """Distinct roles, the most informative first; "Ambassador" gives way to a longer one.
    Roles curated in facts.yaml replace the extracted ones."""
    curated = [r for r in person.roles if r.sentence_id.startswith(f"{CURATED_DOC_ID}#")]
    titles = sorted({r.title for r in (curated or person.roles)}, key=len, reverse=True)
    kept: list[str] = []
    for title in titles:
        if not any(title.lower() in k.lower() for k in kept):
            kept.append(title)
    return kept




def _qualifies(word: str, person: Person) -> bool:
    """Whether a qualifier of the question ("Kazakh", "US") is in one of the person's titles."""
    stem = terms(word)[0] if terms(word) else word
    for role in person.roles:
        for t in terms(role.title) + [w.lower() for w in role.title.split()]:
            if len(stem) >= 2 and (t == stem or (min(len(t), len(stem)) >= 5 and (
                    t.startswith(stem) or stem.startswith(t)))):
                return True
    return False


_WORDS = re.compile(r"[\w'’.-]+")



def _role_sides(tables: FactTables, text: str) -> tuple[set[str], set[str]]:
    """The places written before a role noun ("the US ambassador", "Kazakhstan's Ambassador")
    and those after the "to" or "in" that follows it ("ambassador to Kazakhstan"): whose
    envoy, and where to."""
    words = list(_WORDS.finditer(text))
    role = next((i for i, m in enumerate(words) if (w := m.group(0).lower()) in ROLE_NOUNS
                 or (w.endswith("s") and w[:-1] in ROLE_NOUNS)), None)  # "ambassadors"
    to = next((i for i, m in enumerate(words) if role is not None and i > role
               and m.group(0).lower() in {"to", "in"}), None)
    if to is None:
        return set(), set()
    return _places(tables, text[:words[to].start()]), _places(tables, text[words[to].end():])


def _places(tables: FactTables, text: str) -> set[str]:
    return {key for key, names in tables.searched_places.candidates(text) if tables.find_in_text(names, text)}


def _with_article(role: str) -> str:
    return role if "'" in role.split()[0] or "’" in role.split()[0] else f"the {role}"


class LookupAnswers:
    def __init__(self, tables: FactTables) -> None:
        self.t = tables

    def person(self, query: Query) -> Answer | None:
        if len(query.people) != 1:
            return None
        person = self.t.people[query.people[0]]
        roles = person_roles(person)
        if not roles:
            return None
        text = render("person", name=person.name, roles=joined([_with_article(r) for r in roles]))
        ids = [r.sentence_id for r in person.roles if r.title in roles]
        return Answer(text=text, found=True, confidence=FACT_CONFIDENCE,
                      citations=self.t.citations(ids))

    def role_holder(self, query: Query, among: set[str] | None = None) -> Answer | None:
        """"Who is the Kazakh ambassador to the US?": the people whose role fits best (only
        the people ``among`` when given: "who was the foreign minister then?")."""
        asked = {t for w in query.content if w in ROLE_NOUNS for t in terms(w)}
        if not asked:
            return None
        wanted = set(query.terms)
        scored: dict[str, tuple[float, Person]] = {}
        for person in self.t.people.values():
            if among is not None and person.id not in among:
                continue
            ids = person.sentence_ids
            if query.dates:  # "the US president in January 2018": named in a sentence of that date
                ids = [s for s in ids if any(within(d, q) for d in self.t.sentence_spans.get(s, [])
                                             for q in query.dates)]
                if not ids:
                    continue
            for role in person.roles:
                title = set(terms(role.title))
                if not asked <= title:
                    continue
                said = self.t.sentences.get(role.sentence_id)
                if query.ordinal is not None and not (said and has_ordinal(said.text, query.ordinal)):
                    continue  # "the seventh President": one whose sentence numbers him so
                context = title.union(*(self.t.index_terms(s) for s in ids))
                score = len(wanted & context) - 0.01 * len(title - wanted)
                if score > scored.get(person.id, (-1.0, person))[0]:
                    scored[person.id] = (score, person)
        if not scored:
            return None
        # Qualifiers ("US", "Kazakh") must be in the title itself: a president named beside the
        # US in a sentence is not thereby the US president.
        qualifiers = [w for w in query.extra if w not in ROLE_NOUNS and w not in TEMPORAL_MARKERS]
        qualifiers += [query_place for query_place in query.places]
        everyone = [p for _, p in scored.values()]
        if qualifiers:
            best = [p for p in everyone if all(_qualifies(w, p) for w in qualifiers)]
            if not best and any(w.lower() in OTHER_ROLE for w in qualifiers):
                return None  # "Who was the vice president?": not the president, the one role the documents name
            if not best and len(everyone) > 1:
                names = joined([f"{max(person_roles(p), key=len)} {p.name}" for p in everyone[:3]])
                return Answer(text=render("role_unclear", names=names), found=False, confidence=0.3,
                              citations=self.t.citations([p.roles[0].sentence_id for p in everyone[:3]]))
            best = best or everyone
            # "the US ambassador to Kazakhstan" is not "Kazakhstan's Ambassador to the United States".
            home, abroad = _role_sides(self.t, query.text)
            if home or abroad:
                sides = {p.id: [_role_sides(self.t, r.title) for r in p.roles] for p in best}
                kept = [p for p in best if not any(home & there or abroad & own for own, there in sides[p.id])]
                if not kept:
                    names = joined([f"{p.name}, {max(person_roles(p), key=len)}" for p in best[:2]])
                    return Answer(text=render("role_reversed", names=names), found=False, confidence=0.3,
                                  citations=self.t.citations([p.roles[0].sentence_id for p in best[:2]]))
                best = kept
        else:
            top = max(s for s, _ in scored.values())
            best = [p for s, p in scored.values() if s >= top - 1.0]  # close calls are all named
        if len(best) > 3:
            return None  # too many fit: not a confident answer
        parts = [f"{p.name} is {_with_article(max(person_roles(p), key=len))}" for p in best]
        text = "According to the documents, " + "; ".join(parts) + "."
        if query.current:
            text = render("as_of", year=self.t.latest_year) + " " + text
        ids = [r.sentence_id for p in best for r in p.roles]
        return Answer(text=text, found=True, confidence=0.7 if len(best) == 1 else 0.5,
                      citations=self.t.citations(ids))

    def define(self, query: Query) -> Answer | None:
        if not query.acronyms:
            return None
        acr = self.t.acronyms[query.acronyms[0].lower()]
        text = render("define", short=acr.short, long=acr.long)
        ids = list(acr.sentence_ids[:1])
        described = _describing(acr.short, acr.long, self._after(ids[0])) if acr.explicit and ids else None
        if described is not None:  # "The GPhC is the governing body for …": what it is
            ids = [described.id]
        if acr.explicit and ids and not ids[0].startswith(f"{CURATED_DOC_ID}#"):
            text += " " + self.t.sentences[ids[0]].text
        return Answer(text=text, found=True, confidence=FACT_CONFIDENCE if acr.explicit else 0.75,
                      citations=self.t.citations(ids))

    def _after(self, sentence_id: str, count: int = 2) -> list[Sentence]:
        """The ``count`` sentences after ``sentence_id`` in its paragraph."""
        doc, _, number = sentence_id.rpartition("#s")
        first = self.t.sentences.get(sentence_id)
        if first is None or not number.isdigit():
            return []
        following = (self.t.sentences.get(f"{doc}#s{int(number) + k}") for k in range(1, count + 1))
        return [s for s in following if s is not None and s.paragraph == first.paragraph]

    def happened(self, query: Query) -> Answer | None:
        if not (query.dates or query.locations or query.people):
            return None
        facts = []
        asked = {t for word in query.extra for t in terms(word)}  # what it is asked of, beyond when and where
        for fact in self.t.dated_about(query.dates, query.people):  # the facts that may fit: each is tested
            if query.dates and not any(within(s, d) for s in fact.dates for d in query.dates):
                continue
            if query.locations:
                keys = {self.t.key_of_place(p) for p in fact.places}
                text = self.t.sentences[fact.sentence_id].text
                named = {k for k in query.locations if self.t.find_in_text(self.t.place_names[k], text)}
                if not (keys | named) >= set(query.locations):
                    continue
            if query.people and not set(query.people) <= set(fact.people):
                continue
            if not all(({t} | synonyms_of({t})) & self.t.index_terms(fact.sentence_id) for t in asked):
                continue  # "What event did Cornell win in 2003?": not what else happened that year
            facts.append(fact)
        if not facts:
            if not query.dates:
                return None
            wanted = " ".join(filter(None, [
                " ".join(when_text(d) for d in query.dates),
                " ".join(f"in {p}" for p in query.locations),
                " ".join(f"involving {self.t.people[p].name}" for p in query.people)]))
            return Answer(text=render("happened_none", filter=wanted), found=False, confidence=0.7)
        facts.sort(key=lambda f: (f.dates[0].start, self.t.doc_order.get(
            self.t.sentences[f.sentence_id].doc_id, 0)))
        chosen = facts[:MAX_HAPPENINGS]
        lead = when_text(query.dates[0]) if query.dates else ""
        dated_each = not lead or (len(chosen) > 1 and query.dates[0].precision != "day")
        parts = []
        for fact in chosen:
            sentence = self.t.sentences[fact.sentence_id].text
            date = next((d for d in fact.dates if any(within(d, q) for q in query.dates)), fact.dates[0])
            said = date.render()  # the date asked of, not the fact's first ("In 2011: 2003: …")
            parts.append(f"{said}: {sentence}" if dated_each and not (query.dates and said == query.dates[0].render())
                         else sentence)
        if lead and dated_each:  # "After 2018: December 4, 2019: ... December 9, 2020: ..."
            text = f"{lead[0].upper()}{lead[1:]}: " + " ".join(parts)
        else:
            text = (lead[0].upper() + lead[1:] + ": " if lead else "") + " ".join(parts)
        if len(facts) > MAX_HAPPENINGS:
            text += f" (and {len(facts) - MAX_HAPPENINGS} more)"
        return Answer(text=text, found=True, confidence=0.85,
                      citations=self.t.citations([f.sentence_id for f in chosen]))


def _describing(short: str, long: str, sentences: list[Sentence]) -> Sentence | None:
    """The first of ``sentences`` that says what the abbreviation is, naming it (or what it
    stands for) as its subject: "The GPhC is the governing body for pharmacy …"."""
    names = "|".join(re.escape(n) for n in (short, long) if n)
    pattern = re.compile(rf"^(?:the\s+)?(?:{names})\s+(?:is|was|are|were)\s+(?:an?|the|one)\b", re.I)
    return next((s for s in sentences if pattern.match(s.text)), None)
