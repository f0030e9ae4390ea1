"""A document's extraction as a build reads it: the parts every build needs at once, the rest when asked.

Every build reads four things of each document's extraction: its sentences and passages
(the knowledge base's own), its role mentions (people are merged across the corpus) and
its acronym evidence (so are acronyms). The rest (block kinds, dates, place candidates,
numbered mentions) is read only when the document's share of the corpus-wide facts is
computed again (knowledge.corpus_facts), which an incremental build does for few
documents. So the extraction cache keeps, beside each extraction, its acronym evidence and
its role mentions (small; the mentions as JSON text, which a build whose merged people are
kept by their hash need not read: knowledge.people_memo), and an unchanged document whose
sentences and passages the process already holds (knowledge.previous_build) is a
``SummarizedDocument``: no extraction is read for it unless a corpus-wide step asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import ValidationError

from knowledge.acronyms import Evidence
from knowledge.document_extraction import DocumentExtraction
from knowledge.models import Passage, Sentence
from knowledge.people import RoleMention
from knowledge.people_memo import ROLE_MENTIONS


class ExtractedDocument(Protocol):
    """What a build reads of a document's extraction (a ``DocumentExtraction`` is one)."""

    @property
    def doc_id(self) -> str: ...

    @property
    def sentences(self) -> Sequence[Sentence]: ...

    @property
    def passages(self) -> Sequence[Passage]: ...

    @property
    def roles(self) -> dict[str, list[RoleMention]]: ...

    @property
    def acronyms(self) -> Evidence: ...

    def roles_json(self) -> str:
        """Its role mentions as stored (knowledge.people_memo.roles_json): what merged people are kept by."""
        ...

    def extraction(self) -> DocumentExtraction: ...


@dataclass(frozen=True)
class SummarizedDocument:
    """An unchanged document: objects held, its acronym evidence and role mentions as stored (the
    JSON text, read into objects when first asked for), and its whole extraction read on demand."""

    doc_id: str
    sentences: Sequence[Sentence]  # a span of a store's rows, unread (knowledge.spliced_rows), or objects
    passages: Sequence[Passage]
    stored_roles: str  # roles_json's text
    acronyms: Evidence  # as stored (knowledge.stored_evidence)
    load: Callable[[], DocumentExtraction]
    _loaded: list[DocumentExtraction] = field(default_factory=list, compare=False, repr=False)
    _roles: list[dict[str, list[RoleMention]]] = field(default_factory=list, compare=False, repr=False)

    @property
    def roles(self) -> dict[str, list[RoleMention]]:
        """Its role mentions (of the sentences with some): the stored ones, or its extraction's
        when those cannot be read."""
        if not self._roles:
            try:
                self._roles.append(ROLE_MENTIONS.validate_json(self.stored_roles))
            except ValidationError:
                self._roles.append({sid: found for sid, found in self.extraction().roles.items() if found})
        return self._roles[0]

    def roles_json(self) -> str:
        return self.stored_roles

    def extraction(self) -> DocumentExtraction:
        if not self._loaded:
            self._loaded.append(self.load())
        return self._loaded[0]
