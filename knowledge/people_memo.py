"""The people merged from a corpus's role mentions, kept by what they were merged from.

``merge_people`` is a pure function of the role mentions of every document, in order. After
one document of a large folder changes, those mentions are most often what they were (an
edit seldom names someone with a role anew), yet reading them back from the extraction
cache was a sixth of the rebuild at 100,000 passages (100,000 mentions made into objects).
So the extraction cache keeps the merged people under a hash of each document's mentions as
stored (``roles_json``: JSON text, hashed without being read into objects), and a build whose
documents' mentions hash the same takes the people from there; otherwise it merges them
and keeps them for the next build. The people are kept as merged, before the curated facts
add to them, and made anew from JSON each time (the build changes them afterwards).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pydantic import TypeAdapter, ValidationError

from knowledge.keyed_rows import KeyedRows
from knowledge.models import Person
from knowledge.people import RoleMention, merge_people

if TYPE_CHECKING:
    from knowledge.document_parts import ExtractedDocument

log = logging.getLogger(__name__)

ROLE_MENTIONS: TypeAdapter[dict[str, list[RoleMention]]] = TypeAdapter(dict[str, list[RoleMention]])
PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])


def roles_json(roles: dict[str, list[RoleMention]]) -> str:
    """A document's role mentions as stored: those of the sentences with some, in order, as JSON."""
    return ROLE_MENTIONS.dump_json({sid: found for sid, found in roles.items() if found}).decode()


def mentions_key(fingerprint: str, texts: Iterable[str]) -> str:
    """A hash of the documents' role mentions as stored (``roles_json``), in order."""
    digest = hashlib.sha256(fingerprint.encode())
    for text in texts:
        data = text.encode()
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredPeople:
    """A ``PeopleMemo`` in a table of the extraction cache (knowledge.extraction_cache)."""

    rows: KeyedRows
    fingerprint: str

    def get(self, key: str) -> str | None:
        return self.rows.get(key)

    def put(self, key: str, data: str) -> None:
        self.rows.put(key, data)


class PeopleMemo(Protocol):
    """Where merged people are found by ``mentions_key``, and kept (as ``PEOPLE``'s JSON)."""

    fingerprint: str

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, data: str) -> None: ...


def merged_people(parts: Sequence[ExtractedDocument], memo: PeopleMemo | None = None) -> list[Person]:
    """``merge_people`` of the documents' role mentions (``parts`` in order), taken from ``memo``
    when it has them for these mentions (else merged, and kept there)."""
    if memo is None:
        return _merge(parts)
    key = mentions_key(memo.fingerprint, (part.roles_json() for part in parts))
    data = memo.get(key)
    if data is not None:
        try:
            return PEOPLE.validate_json(data)
        except ValidationError as err:
            log.info("merged people not reused (%s)", err.errors()[0]["msg"])
    people = _merge(parts)
    memo.put(key, PEOPLE.dump_json(people).decode())
    return people


def _merge(parts: Sequence[ExtractedDocument]) -> list[Person]:
    return merge_people([(sid, found) for part in parts for sid, found in part.roles.items() if found])
