"""The document memos of the extraction cache (knowledge.document_memo.DocumentMemos).

Three tables of ``DIR/.qabot/cache.sqlite``:

- ``document_memos(key, data)``: each document's memo without its facts and mentions (a few
  hashes, counts and names), read whole: every build reads every document's;
- ``memo_details(key, data)``: those facts and mentions (``[facts, mentions]``, JSON), read one
  row at a time and only when a build needs them (few, after an edit, when the process holds
  the folder's knowledge base; else whole, in one query);
- ``builds(key, data)``: what a build's corpus-wide step found its facts under (the context's
  hash and the dated series), by the hash of the build's inputs: a build is a pure function
  of its inputs, so a later one can tell what a held knowledge base was built under
  (knowledge.previous_build).

Keys are the extraction cache's (extractor, document path and hash).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter

from knowledge.document_memo import DocumentMemo, json_digest
from knowledge.keyed_rows import KeyedRows
from knowledge.models import Document
from knowledge.previous_build import HeldFacts, PreviousBuild

_BUILT: TypeAdapter[tuple[str, list[str]]] = TypeAdapter(tuple[str, list[str]])  # context, dated series
_DETAILS: TypeAdapter[tuple[str, str]] = TypeAdapter(tuple[str, str])  # facts, mentions
_MEMO_ONLY = {"facts", "mentions"}


def inputs_key(inputs: dict[str, str]) -> str:
    """A build's inputs as one hash: what makes the build (a pure function of them)."""
    return json_digest(sorted(inputs.items()))


class CachedMemos:
    """Memos validated when used, their details read when asked for; this build's kept to be saved."""

    def __init__(self, connection: Callable[[], sqlite3.Connection | None], path: Path,
                 key: Callable[[Document], str], previous: Callable[[], PreviousBuild | None]) -> None:
        self.rows = KeyedRows(connection, "document_memos", path)
        self.details = KeyedRows(connection, "memo_details", path, whole=False)
        self.builds = KeyedRows(connection, "builds", path)
        self._key = key
        self._previous = previous
        self.this_build: str | None = None

    def tables(self) -> tuple[KeyedRows, ...]:
        return self.rows, self.details, self.builds

    def get(self, doc: Document) -> DocumentMemo | None:
        if self._previous() is None:  # no held knowledge base to take facts from: most details are read
            self.details.read_whole()
        key = self._key(doc)
        memo = self.rows.parsed(key, DocumentMemo.model_validate_json)
        if memo is None or not self.details.has(key):
            return None
        return memo.read_later(lambda: self._details(key))

    def _details(self, key: str) -> tuple[str, str] | None:
        return self.details.parsed(key, _DETAILS.validate_json)

    def put(self, doc: Document, memo: DocumentMemo) -> None:
        key = self._key(doc)
        self.rows.put(key, memo.model_dump_json(exclude=_MEMO_ONLY))
        self.details.put(key, _DETAILS.dump_json((memo.facts, memo.mentions)).decode())

    def held(self) -> HeldFacts | None:
        previous = self._previous()
        built = self.builds.parsed(inputs_key(previous.inputs), _BUILT.validate_json) if previous else None
        if previous is None or built is None:
            return None
        return HeldFacts(built[0], frozenset(built[1]), previous.events, previous.dated)

    def built(self, context: str, dated_series: set[str]) -> None:
        self.this_build = _BUILT.dump_json((context, sorted(dated_series))).decode()
