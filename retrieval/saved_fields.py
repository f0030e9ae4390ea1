"""The fields answering reads of every event and dated fact, saved with the analysis.

A question about a numbered event groups its series' events by ordinal; one about a date
indexes every dated fact's date spans; one about an event's sources finds dated facts by
sentence; a person's, by the people they name. Of a store read on demand each is one field
of every row, read in SQL (``StoredRows.field``, ``StoredRows.spans``): a pass over 100,000
rows' JSON, 0.1 to 0.5 s of a fresh process's first answer at 100,000 passages. They follow
from the knowledge base alone, so ``qabot build`` saves them with the analysis (one JSON part
a field, ``field.TABLE.KEY``, covered by its checksum and its key) and a store opened with
that analysis offers them to its tables (``StoredRows.offer_fields``), decoded when first
asked for: the same values as read in SQL.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from knowledge.models import KnowledgeBase
from knowledge.row_fields import field_values, list_values
from knowledge.stored_rows import StoredRows

PREFIX = "field."


def _spans(rows: Sequence[Any]) -> list[Any]:
    if isinstance(rows, StoredRows):
        return [[list(span) for span in spans] for spans in rows.spans("dates")]
    return [[[s.start.isoformat(), s.end.isoformat()] for s in fact.dates] for fact in rows]


# table → the key StoredRows keeps the field by → how it is read (of a list or of a store's table)
SAVED: dict[str, dict[str, Callable[[Sequence[Any]], list[Any]]]] = {
    "events": {"ordinal": lambda rows: field_values(rows, "ordinal"), "spans dates": _spans},
    "dated": {"sentence_id": lambda rows: field_values(rows, "sentence_id"),
              "decoded people": lambda rows: list_values(rows, "people"),
              "spans dates": _spans},
}


def field_parts(kb: KnowledgeBase) -> dict[str, bytes]:
    """The parts to save: each field of SAVED, of every row of its table, as JSON."""
    return {f"{PREFIX}{table}.{key}": json.dumps(read(getattr(kb, table)), separators=(",", ":")).encode()
            for table, fields in SAVED.items() for key, read in fields.items()}


def offer(kb: KnowledgeBase, parts: dict[str, bytes]) -> None:
    """Have ``kb``'s tables read on demand take their fields from the saved ``parts``."""
    for table in SAVED:
        rows = getattr(kb, table)
        if isinstance(rows, StoredRows):
            rows.offer_fields(functools.partial(_saved, parts, table))


def _saved(parts: dict[str, bytes], table: str, key: str) -> list[Any] | None:
    data = parts.get(f"{PREFIX}{table}.{key}")
    return None if data is None else json.loads(data)
