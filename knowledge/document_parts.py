"""A document's extraction as a build reads it: the parts every build needs at once, the rest when asked.

Every build reads four things of each document's extraction: its sentences and passages
(the knowledge base's own), its role mentions (people are merged across the corpus) and
its acronym evidence (so are acronyms). The rest (block kinds, dates, place candidates,
numbered mentions) is read only when the document's share of the corpus-wide facts is
computed again (knowledge.corpus_facts), which an incremental build does for few
documents. So the extraction cache keeps, beside each extraction, a ``DocumentSummary``
of the role mentions and acronym evidence (small), and an unchanged document whose
sentences and passages the process already holds (knowledge.previous_build) is a
``SummarizedDocument``: no extraction is read for it unless a corpus-wide step asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel

from knowledge.acronyms import AcronymEvidence
from knowledge.document_extraction import DocumentExtraction
from knowledge.models import Passage, Sentence
from knowledge.people import RoleMention


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
    def acronyms(self) -> AcronymEvidence: ...

    def extraction(self) -> DocumentExtraction: ...


class DocumentSummary(BaseModel):
    """A document's role mentions (of the sentences with some, in order) and acronym evidence."""

    roles: dict[str, list[RoleMention]]
    acronyms: AcronymEvidence

    @classmethod
    def of(cls, part: DocumentExtraction) -> DocumentSummary:
        return cls(roles={sid: found for sid, found in part.roles.items() if found}, acronyms=part.acronyms)


@dataclass(frozen=True)
class SummarizedDocument:
    """An unchanged document: objects held, its summary, and its whole extraction read on demand."""

    doc_id: str
    sentences: Sequence[Sentence]  # a span of a store's rows, unread (knowledge.spliced_rows), or objects
    passages: Sequence[Passage]
    summary: DocumentSummary
    load: Callable[[], DocumentExtraction]
    _loaded: list[DocumentExtraction] = field(default_factory=list, compare=False, repr=False)

    @property
    def roles(self) -> dict[str, list[RoleMention]]:
        return self.summary.roles

    @property
    def acronyms(self) -> AcronymEvidence:
        return self.summary.acronyms

    def extraction(self) -> DocumentExtraction:
        if not self._loaded:
            self._loaded.append(self.load())
        return self._loaded[0]
