"""What one document yields on its own, before the corpus-wide steps: the cacheable part of a build.

A document's sentences and passages, the block kind of each sentence, the dates that
attribution lines lend to quotations, per sentence its role mentions, its dates and its
place candidates, its numbered event mentions as written, and what its sentences show
about acronyms. None of it depends on another document, so it is computed once per
document content (and extractor version) and reused by an incremental build
(knowledge.extraction_cache). Acronyms, merged people, events and series, the places that
people and acronyms rule out, and curated facts are corpus-wide (knowledge.corpus_facts):
the acronyms come from each document's evidence, the events' names from its mentions.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from knowledge.acronyms import AcronymEvidence, acronym_evidence
from knowledge.dates import DateMention, find_dates
from knowledge.events import EventMention, numbered_phrases
from knowledge.lazy_pattern import CaseBlind
from knowledge.models import DateAt, DateSpan, Document, Passage, Sentence
from knowledge.people import RoleMention, sentence_role_mentions
from knowledge.people_memo import roles_json
from knowledge.places import PlaceCandidate, choose_places, place_candidates
from knowledge.segment import attribution_dates, heading_dates, segment

_MONTH_DAY = CaseBlind(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d")


class DocumentExtraction(BaseModel):
    doc_id: str
    sentences: list[Sentence]
    passages: list[Passage]
    kinds: dict[str, str]  # sentence id -> block kind ("paragraph", "attribution", ...)
    lent: dict[str, list[DateSpan]] = Field(default_factory=dict)  # dates attribution lines lend
    roles: dict[str, list[RoleMention]] = Field(default_factory=dict)  # sentence id -> role mentions
    dates: dict[str, list[DateMention]] = Field(default_factory=dict)  # not for attribution lines
    places: dict[str, list[PlaceCandidate]] = Field(default_factory=dict)  # not for attribution lines
    acronyms: AcronymEvidence = Field(default_factory=AcronymEvidence)  # merged corpus-wide
    numbered: dict[str, list[EventMention]]  # sentence id -> numbered_phrases, where some (not attributions)

    def extraction(self) -> DocumentExtraction:
        """Itself (knowledge.document_parts.ExtractedDocument: the whole of it is at hand)."""
        return self

    def roles_json(self) -> str:
        """Its role mentions as the extraction cache stores them (knowledge.people_memo)."""
        return roles_json(self.roles)


def _document_year(found: dict[str, list[DateMention]]) -> int | None:
    """The one year a document's dates share, if they share one."""
    years = {d.span.start.year for dates in found.values() for d in dates}
    return years.pop() if len(years) == 1 else None


def extract_document(doc: Document) -> DocumentExtraction:
    sentences, passages, kinds = segment(doc)
    lent = heading_dates(sentences, attribution_dates(sentences, kinds))
    found = {s.id: find_dates(s.text) for s in sentences}
    for s in sentences:  # stored, so that answering never looks for them again
        s.dates = [DateAt(start=d.start, end=d.end, span=d.span) for d in found[s.id]]
    year = _document_year(found)
    dates: dict[str, list[DateMention]] = {}
    places: dict[str, list[PlaceCandidate]] = {}
    for s in sentences:
        if kinds[s.id] == "attribution":
            continue
        dates[s.id] = found[s.id]
        if year is not None and _MONTH_DAY.search(s.text):  # "Oct. 3": the document's year
            dates[s.id] = find_dates(s.text, context_year=year)
        places[s.id] = place_candidates(s.text)
        s.places = [m.name for m in choose_places(places[s.id])]  # stored: answering reads them
    return DocumentExtraction(doc_id=doc.id, sentences=sentences, passages=passages, kinds=kinds, lent=lent,
                              roles={s.id: sentence_role_mentions(s.text) for s in sentences},
                              dates=dates, places=places, acronyms=acronym_evidence(sentences),
                              numbered={s.id: found for s in sentences
                                        if kinds[s.id] != "attribution" and (found := numbered_phrases(s.text))})
