"""A document's share of the corpus-wide facts, as an incremental build keeps it (knowledge.corpus_facts).

A ``DocumentMemo`` holds the share and what each step of it depended on (as hashes). Its
events and dated facts are the bulk of it, and a build whose context is unchanged needs
them only as objects for the knowledge base: a process that holds the last knowledge base
of the folder has them already (knowledge.previous_build). So they stay JSON (``facts``)
until asked for, and the memo says what is needed to take them from the held knowledge base
instead: the series of each of its events, the series it dates, and how many dated facts
it has.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Protocol

from pydantic import BaseModel, PrivateAttr, TypeAdapter

from knowledge.events import EventMention
from knowledge.models import DatedFact, Document, Event
from knowledge.previous_build import HeldFacts


def json_digest(value: object) -> str:
    """A hash of ``value`` written as JSON: what a memo or a build is keyed by."""
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


MentionLists = tuple[list[list[EventMention]], list[list[EventMention]]]  # numbered, with the known series
MENTION_LISTS: TypeAdapter[MentionLists] = TypeAdapter(MentionLists)
Facts = tuple[list[Event], list[DatedFact]]  # its events (before the corpus drops undated series), dated facts
FACTS: TypeAdapter[Facts] = TypeAdapter(Facts)


class DocumentMemo(BaseModel):
    """A document's share of the corpus-wide facts and what each step depended on (hashes)."""

    table: str
    counts: dict[str, int]  # how often it numbers each series
    known: str
    context: str
    sessions: bool  # it numbers sessions: its share depends on the documents before it
    units: dict[str, dict[str, int]]  # series -> words for its events after its name -> how often
    places: list[str]  # in order of first mention
    event_series: list[str]  # the series of each of its events, in order
    dated_series: list[str]  # the series of its events that have a date
    dated_count: int  # how many dated facts it has
    # Facts as JSON: read when the held knowledge base cannot give them; and MentionLists as
    # JSON, per sentence (attribution lines aside). A memo read from the cache has neither
    # until it is asked for them (``details``: the two, read then).
    facts: str = ""
    mentions: str = ""
    _details: Callable[[], tuple[str, str] | None] | None = PrivateAttr(default=None)

    def read_later(self, details: Callable[[], tuple[str, str] | None]) -> DocumentMemo:
        """This memo, its facts and mentions to be read by ``details`` when asked for."""
        self._details = details
        return self

    def _read(self) -> bool:
        if self._details is not None:
            found = self._details()
            if found is None:
                return False
            self.facts, self.mentions = found
            self._details = None
        return True

    def mention_lists(self) -> MentionLists | None:
        """Each sentence's numbered mentions (under ``table``), and with the known series (``known``);
        None if they cannot be read (the caller finds them again)."""
        return MENTION_LISTS.validate_json(self.mentions) if self._read() else None

    def share(self) -> Facts | None:
        """Its events and dated facts; None if they cannot be read (the caller computes them again)."""
        return FACTS.validate_json(self.facts) if self._read() else None


class DocumentMemos(Protocol):
    """Where memos of an earlier build are found, and this build's are kept."""

    def get(self, doc: Document) -> DocumentMemo | None: ...

    def put(self, doc: Document, memo: DocumentMemo) -> None: ...

    def held(self) -> HeldFacts | None:
        """The events and dated facts of the knowledge base this process holds, if known."""
        ...

    def built(self, context: str, dated_series: set[str]) -> None:
        """Record what this build's corpus-wide step found its facts under."""
        ...


def held_share(held: HeldFacts | None, doc_id: str, memo: DocumentMemo,
               dated_series: set[str]) -> tuple[Sequence[Event], Sequence[DatedFact]] | None:
    """A reused memo's events (those of dated series only) and dated facts, as the held knowledge
    base has them, or None when they may differ there.

    ``held`` was built under the memo's context (the caller checks), so the document's share
    was the memo's; the held events are those of the series dated then (curated facts may
    have dropped some: then there are fewer), and this build keeps the same ones when each
    of the document's series is dated now if and only if it was then.
    """
    if held is None:
        return None
    events, dated = held.events.get(doc_id, []), held.dated.get(doc_id, [])
    if len(dated) != memo.dated_count:
        return None
    if any((s in held.dated_series) != (s in dated_series) for s in set(memo.event_series)):
        return None
    if len(events) != sum(s in held.dated_series for s in memo.event_series):
        return None
    return events, dated
