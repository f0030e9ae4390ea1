"""The extraction pipeline: documents → sentences, passages and facts with provenance."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from knowledge.acronyms import extract_acronyms
from knowledge.curated import FactsFile, load_aliases, load_facts_file
from knowledge.dates import DateMention, find_dates
from knowledge.events import SentenceFacts, canonical_series, extract_events
from knowledge.ingest import read_folder
from knowledge.models import (
    Acronym,
    DatedFact,
    DateSpan,
    Document,
    Event,
    KnowledgeBase,
    Passage,
    Person,
    Role,
    Sentence,
    Series,
)
from knowledge.pages import page_at
from knowledge.people import _same_person, extract_people, people_in
from knowledge.places import find_places
from knowledge.sentences import split_blocks, split_sentences

PASSAGE_SENTENCES = 3
CURATED_DOC_ID = "facts"


def segment(doc: Document) -> tuple[list[Sentence], list[Passage], dict[str, str]]:
    """Sentences and passages of a document, and the kind of block each sentence is in."""
    sentences: list[Sentence] = []
    passages: list[Passage] = []
    kinds: dict[str, str] = {}
    section = ""
    for number, block in enumerate(split_blocks(doc.text)):
        if block.kind == "heading":
            section = block.text
            continue
        ids: list[str] = []
        for span in split_sentences(block.text):
            sid = f"{doc.id}#s{len(sentences) + 1}"
            text = block.text[span.start:span.end]
            sentences.append(Sentence(id=sid, doc_id=doc.id, paragraph=number, text=text,
                                      start=block.start + span.start, end=block.start + span.end,
                                      section=section))
            kinds[sid] = block.kind
            ids.append(sid)
        by_id = {s.id: s for s in sentences[-len(ids):]} if ids else {}
        for i in range(0, len(ids), PASSAGE_SENTENCES):
            chunk = ids[i:i + PASSAGE_SENTENCES]
            passages.append(Passage(id=f"{doc.id}#p{len(passages) + 1}", doc_id=doc.id,
                                    sentence_ids=chunk, section=section,
                                    text=" ".join(by_id[c].text for c in chunk),
                                    page=page_at(doc, by_id[chunk[0]].start)))
    return sentences, passages, kinds


def _attribution_dates(sentences: list[Sentence], kinds: dict[str, str]) -> dict[str, list[DateSpan]]:
    """Dates that an attribution line lends to the quotation just before it."""
    lent: dict[str, list[DateSpan]] = {}
    for i, s in enumerate(sentences):
        if kinds.get(s.id) != "attribution":
            continue
        found = find_dates(s.text)
        if not found or i == 0:
            continue
        posted = found[-1].span
        quoted = sentences[i - 1].paragraph
        for prev in sentences[:i]:
            if prev.paragraph != quoted or prev.doc_id != s.doc_id:
                continue
            span = posted
            if posted.precision == "day" and re.search(r"\byesterday\b", prev.text, re.I):
                day = posted.start - dt.timedelta(days=1)
                span = DateSpan(start=day, end=day, precision="day")
            lent[prev.id] = [span]
            prev.attribution = s.id
    return lent


_MONTH_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d",
                        re.I)


# "..., preceding a visit by Foreign Minister Tileuberdi": he is named, but not as a participant.
_OTHER_OCCASION = re.compile(r"\b(?:prec\w*ding|ahead\s+of|prior\s+to|before|after|following|ahead)\b[^,;]*$",
                             re.I)


def _participants(text: str, people: list[str], known: list[Person]) -> list[str] | None:
    names = {p.id: p.name.split()[-1] for p in known}
    kept = []
    for pid in people:
        m = re.search(rf"\b{re.escape(names.get(pid, pid))}\b", text)
        if m and _OTHER_OCCASION.search(text[:m.start()]):
            continue
        kept.append(pid)
    return kept if len(kept) != len(people) else None


def _document_year(found: dict[str, list[DateMention]]) -> int | None:
    """The one year a document's dates share, if they share one."""
    years = {d.span.start.year for dates in found.values() for d in dates}
    return years.pop() if len(years) == 1 else None


def _apply_curated(kb: KnowledgeBase, curated: FactsFile, source: str) -> None:
    doc = Document(id=CURATED_DOC_ID, title="Curated facts (facts.yaml)", path=source,
                   sha256="", text="")
    kb.documents.append(doc)
    table = {a.short: a.long for a in kb.acronyms}

    def statement(text: str) -> str:
        sid = f"{CURATED_DOC_ID}#s{len(doc.text.splitlines()) + 1}"
        kb.sentences.append(Sentence(id=sid, doc_id=CURATED_DOC_ID, paragraph=0, text=text,
                                     start=len(doc.text), end=len(doc.text) + len(text)))
        doc.text += text + "\n"
        return sid

    for acr in curated.acronyms:
        kb.acronyms = [a for a in kb.acronyms if a.short != acr.short]
        kb.acronyms.append(Acronym(short=acr.short, long=acr.long, explicit=True,
                                   sentence_ids=[statement(f"{acr.short} stands for {acr.long}.")]))
        table[acr.short] = acr.long
    for number, item in enumerate(curated.events, start=1):
        series = canonical_series(item.series, table)
        sid = statement(item.statement)
        dates = [d.span for d in find_dates(item.date)][:1] if item.date else []
        replaced = [e for e in kb.events if e.series == series and e.ordinal == item.ordinal
                    and item.ordinal is not None and e.session == item.session]
        kb.events = [e for e in kb.events if e not in replaced]
        kept_places = [p for e in replaced for p in e.places]  # what facts.yaml leaves unsaid
        kb.events.append(Event(id=f"curated-{number}", series=series, ordinal=item.ordinal,
                               session=item.session, dates=dates or [d for e in replaced for d in e.dates][:1],
                               places=item.places or list(dict.fromkeys(kept_places)),
                               people=item.people or [p for e in replaced for p in e.people],
                               sentence_ids=[sid, *(s for e in replaced for s in e.sentence_ids)],
                               doc_id=CURATED_DOC_ID))
        if dates:
            kb.dated.append(DatedFact(id=f"d-{sid}", dates=dates, places=item.places,
                                      people=item.people, sentence_id=sid))
        if not any(s.name == series for s in kb.series):
            reverse = {long: short for short, long in table.items()}
            kb.series.append(Series(name=series, acronym=reverse.get(series, "")))
    for person_item in curated.people:
        sid = statement(person_item.statement or f"{person_item.name}: {person_item.role}.")
        person = next((p for p in kb.people if person_item.name in {p.name, *p.aliases}
                       or _same_person(p, person_item.name)), None)
        if person is None:
            person = Person(id=re.sub(r"[^a-z0-9]+", "-", person_item.name.lower()).strip("-"),
                            name=person_item.name)
            kb.people.append(person)
        person.roles.insert(0, Role(title=person_item.role, sentence_id=sid))
        person.sentence_ids.append(sid)
    kb.sentences.sort(key=lambda s: s.doc_id == CURATED_DOC_ID)


def build_from_documents(docs: list[Document], aliases: dict[str, list[str]],
                         curated: FactsFile | None = None, source: str = "") -> KnowledgeBase:
    kb = KnowledgeBase(source=source, documents=list(docs), aliases=aliases)
    kinds: dict[str, str] = {}
    for doc in docs:
        sentences, passages, doc_kinds = segment(doc)
        kb.sentences.extend(sentences)
        kb.passages.extend(passages)
        kinds.update(doc_kinds)
    kb.acronyms = extract_acronyms(kb.sentences)
    kb.people = extract_people(kb.sentences)
    lent = _attribution_dates(kb.sentences, kinds)
    excluded = {p.name.split()[-1].lower() for p in kb.people}
    place_names = {n.lower() for name, others in aliases.items() for n in [name, *others]}
    excluded |= {a.long.lower() for a in kb.acronyms if a.long.lower() not in place_names}
    excluded |= {a.short.lower() for a in kb.acronyms if not find_places(f"in {a.long}")}
    facts: list[SentenceFacts] = []
    places: dict[str, None] = {}
    by_doc: dict[str, list[Sentence]] = {}
    for s in kb.sentences:
        by_doc.setdefault(s.doc_id, []).append(s)
    by_id = {s.id: s for s in kb.sentences}
    for doc in docs:
        doc_sentences = by_doc.get(doc.id, [])
        found = {s.id: find_dates(s.text) for s in doc_sentences}
        year = _document_year(found)
        for s in doc_sentences:
            if kinds[s.id] == "attribution":
                continue
            dates = found[s.id]
            if year is not None and _MONTH_DAY.search(s.text):  # "Oct. 3": the document's year
                dates = find_dates(s.text, context_year=year)
            signature = by_id[s.attribution].text if s.attribution in by_id else ""
            people = people_in(f"{s.text} {signature}", kb.people)
            sf = SentenceFacts(id=s.id, doc_id=s.doc_id, block=s.paragraph, text=s.text,
                               dates=dates, places=find_places(s.text, excluded), people=people,
                               context_dates=lent.get(s.id, []),
                               participants=_participants(s.text, people, kb.people))
            facts.append(sf)
            places.update((p.name, None) for p in sf.places)
    kb.events, kb.series = extract_events(facts, kb.acronyms)  # may date a sentence by context
    for sf in facts:
        spans = [d.span for d in sf.dates] or sf.context_dates
        if spans:
            kb.dated.append(DatedFact(id=f"d-{sf.id}", dates=spans, places=[p.name for p in sf.places],
                                      people=sf.people, sentence_id=sf.id))
    kb.places = sorted(places)
    if curated is not None:
        _apply_curated(kb, curated, source)
    return kb


def build_knowledge_base(folder: Path | None, bundled: Path) -> KnowledgeBase:
    """Read ``folder`` (or the bundled documents) and extract its facts."""
    reading = read_folder(folder or bundled)
    aliases = load_aliases(folder)
    curated = load_facts_file(folder)
    kb = build_from_documents(reading.documents, aliases, curated, source=str(folder or bundled))
    kb.skipped = reading.skipped
    return kb
