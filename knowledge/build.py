"""The extraction pipeline: documents → sentences, passages and facts with provenance."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from knowledge.acronyms import merge_evidence
from knowledge.corpus_facts import corpus_facts
from knowledge.curated import FactsFile, load_aliases, load_facts_file
from knowledge.dates import find_dates
from knowledge.document_memo import DocumentMemos
from knowledge.document_parts import ExtractedDocument
from knowledge.events import canonical_series
from knowledge.extraction_pool import extract_documents
from knowledge.ingest import read_folder
from knowledge.models import (
    CURATED_DOC_ID,
    Acronym,
    DatedFact,
    Document,
    Event,
    KnowledgeBase,
    Person,
    Role,
    Sentence,
    Series,
)
from knowledge.people import _same_person
from knowledge.people_memo import PeopleMemo, merged_people
from knowledge.places import find_places
from knowledge.segment import segment as segment  # re-exported: where it used to live
from knowledge.spliced_rows import joined
from knowledge.stored_rows import doc_ids


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
    curated_ids = [doc_id == CURATED_DOC_ID for doc_id in doc_ids(kb.sentences)]
    if curated_ids != sorted(curated_ids):  # the curated sentences last
        kb.sentences = sorted(kb.sentences, key=lambda s: s.doc_id == CURATED_DOC_ID)


def build_from_documents(docs: list[Document], aliases: dict[str, list[str]],
                         curated: FactsFile | None = None, source: str = "",
                         extract_all: Callable[[list[Document]], Sequence[ExtractedDocument]] = extract_documents,
                         memos: DocumentMemos | None = None, people: PeopleMemo | None = None) -> KnowledgeBase:
    """The knowledge base of ``docs``: ``extract_all`` the documents, then the corpus-wide steps.

    ``extract_all`` is ``extract_documents``, or a cache of it, ``memos`` each document's
    share of the corpus-wide facts in an earlier build and ``people`` the people an earlier
    build merged (knowledge.extraction_cache): an incremental build.
    """
    kb = KnowledgeBase(source=source, documents=list(docs), aliases=aliases)
    parts = extract_all(kb.documents)
    kb.sentences = joined(part.sentences for part in parts)  # unchanged rows of a store left unread
    kb.passages = joined(part.passages for part in parts)
    kb.acronyms = merge_evidence([part.acronyms for part in parts])
    kb.people = merged_people(parts, people)
    excluded = {p.name.split()[-1].lower() for p in kb.people}
    place_names = {n.lower() for name, others in aliases.items() for n in [name, *others]}
    excluded |= {a.long.lower() for a in kb.acronyms if a.long.lower() not in place_names}
    excluded |= {a.short.lower() for a in kb.acronyms if not find_places(f"in {a.long}")}
    corpus_facts(kb, parts, excluded, memos)
    if curated is not None:
        _apply_curated(kb, curated, source)
    return kb


def build_knowledge_base(folder: Path | None, bundled: Path,
                         extract_all: Callable[[list[Document]], Sequence[ExtractedDocument]] = extract_documents,
                         memos: DocumentMemos | None = None,
                         reuse: Callable[[str], Document | None] | None = None,
                         people: PeopleMemo | None = None) -> KnowledgeBase:
    """Read ``folder`` (or the bundled documents; ``reuse``: see ``read_folder``) and extract its facts."""
    reading = read_folder(folder or bundled, reuse)
    aliases = load_aliases(folder)
    curated = load_facts_file(folder)
    kb = build_from_documents(reading.documents, aliases, curated, source=str(folder or bundled),
                              extract_all=extract_all, memos=memos, people=people)
    kb.skipped = reading.skipped
    return kb
