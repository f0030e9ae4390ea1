"""Pydantic models of the fact store: documents, sentences, passages and facts.

Every fact points back to the sentence ids it rests on, so any answer built from
it can cite its source. Ids are derived from the document id and position, so they
survive a rebuild of unchanged documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.errors import KnowledgeBaseError

SCHEMA_VERSION = 1
CURATED_DOC_ID = "facts"  # the document that holds the curated facts (facts.yaml)


def require_schema(path: object, version: object) -> None:
    """Refuse a store written for another schema, in one line naming the file."""
    if version != SCHEMA_VERSION:
        raise KnowledgeBaseError(f"{path}: fact store schema version {version}, this qabot reads {SCHEMA_VERSION}; "
                                 "run `qabot build` again")

Precision = Literal["day", "month", "year"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateSpan(Strict):
    """A date or a range of dates, with the precision the source gave."""

    start: dt.date
    end: dt.date
    precision: Precision = "day"
    label: str = ""  # how a span that is no calendar unit was written: "spring 2020", "Q3 2021"

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, other: DateSpan) -> bool:
        return other.start <= self.start and self.end <= other.end

    def render(self) -> str:
        from knowledge.dates import render_span

        return render_span(self)

    def key(self) -> tuple[dt.date, dt.date, str]:
        return (self.start, self.end, self.precision)


class Document(Strict):
    id: str
    title: str
    path: str
    sha256: str
    text: str
    pages: list[int] = Field(default_factory=list)  # a paged file (PDF): where each page starts in text
    encoding: str = ""  # a legacy encoding the file was decoded from ("cp1252"); "" for UTF-8/UTF-16


class DateAt(Strict):
    """A date written in a sentence, found at build time: its characters and what it means."""

    start: int
    end: int
    span: DateSpan


class Sentence(Strict):
    id: str
    doc_id: str
    paragraph: int
    text: str
    start: int
    end: int
    section: str = ""
    attribution: str = ""  # id of the attribution line ("— Name (@handle) date") that signs it
    # its dates as written (no year lent), found at build time for answering to read; None: not looked for
    dates: list[DateAt] | None = None
    places: list[str] | None = None  # the places it names (``find_places``), found at build time


class Passage(Strict):
    id: str
    doc_id: str
    sentence_ids: list[str]
    text: str
    section: str = ""
    page: int | None = None  # the page (from 1) the passage starts on, for a paged document


class SkippedFile(Strict):
    """A file in the knowledge base folder that is not read, and why ("encrypted PDF")."""

    path: str
    reason: str


class Event(Strict):
    """One numbered (or dated) occurrence of a recurring series, e.g. the third SPD."""

    id: str
    series: str
    ordinal: int | None = None
    session: int | None = None
    dates: list[DateSpan] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    sentence_ids: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    doc_id: str


class DatedFact(Strict):
    """A sentence that carries a date: what happened then, where, and who."""

    id: str
    dates: list[DateSpan]
    places: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    sentence_id: str


class Role(Strict):
    title: str
    sentence_id: str


class Person(Strict):
    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    sentence_ids: list[str] = Field(default_factory=list)


class Acronym(Strict):
    short: str
    long: str
    explicit: bool = False
    sentence_ids: list[str] = Field(default_factory=list)


class Series(Strict):
    """A recurring series of events, with the names it goes by."""

    name: str
    acronym: str = ""
    aliases: list[str] = Field(default_factory=list)
    unit: str = ""  # what one event is called when the name is an organization's: "summit"


class KnowledgeBase(Strict):
    schema_version: int = SCHEMA_VERSION
    source: str = ""
    inputs: dict[str, str] = Field(default_factory=dict)  # file name -> sha256 of every input
    documents: list[Document] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    dated: list[DatedFact] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    acronyms: list[Acronym] = Field(default_factory=list)
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    places: list[str] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)

    kind: Literal["knowledge-base"] = "knowledge-base"

    def whole(self, exclude: Any = None) -> KnowledgeBase:
        """This knowledge base, or a copy of it whose lists read on demand from a store
        (knowledge.stored_rows) are read whole into lists: what pydantic serializes. Those
        ``exclude`` leaves out (a set of field names, as ``model_dump`` takes) stay unread."""
        left_out = exclude if isinstance(exclude, set | frozenset) else set()
        lazy = {name: list(value) for name, value in self.__dict__.items()
                if isinstance(value, Sequence) and not isinstance(value, list | str) and name not in left_out}
        return self.model_copy(update=lazy) if lazy else self

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        return super(KnowledgeBase, self.whole(kwargs.get("exclude"))).model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        return super(KnowledgeBase, self.whole(kwargs.get("exclude"))).model_dump_json(**kwargs)
