"""A table's rows by a field of theirs, and its fields, without making the rows of a store's table.

Answering groups events by series, finds dated facts by sentence, and names documents by
title. Made from every row, those tables were most of opening a large knowledge base (100,000
events and as many dated facts: 2 s and 400 MB at 100,000 passages). Of a table read on demand
(knowledge.stored_rows) these read the fields in SQL, make no row, and give rows that are read
when first asked for: a group is a ``RowSubset``, whose rows are read together when it is
iterated. Of a list they are what the plain Python would give, in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from knowledge.row_sequence import RowSequence
from knowledge.stored_rows import ById, StoredRows

T = TypeVar("T", bound=BaseModel)


class RowSubset(RowSequence[T], Generic[T]):
    """The rows of a ``StoredRows`` at ``indexes`` (ascending), none read to make it."""

    def __init__(self, rows: StoredRows[T], indexes: list[int]) -> None:
        self.rows = rows
        self.indexes = indexes

    def __len__(self) -> int:
        return len(self.indexes)

    def _row(self, index: int) -> T:
        return self.rows[self.indexes[index]]

    def __iter__(self) -> Iterator[T]:
        """Its rows, those not read yet fetched and validated together."""
        return iter(self.rows.read_rows(self.indexes))

    def __repr__(self) -> str:
        return f"RowSubset({self.rows!r}, {len(self)} rows)"


def field_values(items: Sequence[Any], name: str) -> list[Any]:
    """The field ``name`` (text, a number or None) of each of ``items``, in order."""
    if isinstance(items, StoredRows):
        return items.field(name)
    if isinstance(items, RowSubset):
        column = items.rows.field(name)
        return [column[i] for i in items.indexes]
    return [getattr(item, name) for item in items]


def place_documents(items: Sequence[Any]) -> list[str] | None:
    """The document each of ``items`` sits with, of a store's table laid out by document (none
    read: knowledge.row_layout), else None. A dated fact sits with its sentence's document."""
    return items.place_documents() if isinstance(items, StoredRows) else None


def grouped(items: Sequence[T], name: str) -> dict[Any, Sequence[T]]:
    """``items`` by the value of their field ``name``, each group in order, the groups in the
    order of their first items."""
    if isinstance(items, StoredRows | RowSubset):
        rows, at = (items, range(len(items))) if isinstance(items, StoredRows) else (items.rows, items.indexes)
        column = rows.field(name)
        indexes: dict[Any, list[int]] = {}
        for index in at:
            indexes.setdefault(column[index], []).append(index)
        return {value: RowSubset(rows, chosen) for value, chosen in indexes.items()}
    groups: dict[Any, list[T]] = {}
    for item in items:
        groups.setdefault(getattr(item, name), []).append(item)
    return groups  # type: ignore[return-value]


def subsets(items: Sequence[T], groups: Mapping[Any, list[int]]) -> dict[Any, Sequence[T]]:
    """The items at each group's indexes (ascending), as ``grouped`` gives them: of a store's
    table, ``RowSubset``s, none read."""
    if isinstance(items, StoredRows):
        return {key: RowSubset(items, indexes) for key, indexes in groups.items()}
    return {key: [items[i] for i in indexes] for key, indexes in groups.items()}


def keyed(items: Sequence[T], name: str) -> Mapping[Any, T]:
    """Each of ``items`` by the value of its field ``name`` (of those sharing one, the last), as
    ``{item.name: item for item in items}``; of a store's table, the field is read when the
    mapping is first used."""
    if isinstance(items, StoredRows):
        return Keyed(items, name)
    return {getattr(item, name): item for item in items}


class Keyed(ById[T], Generic[T]):
    """A ``StoredRows``'s rows by a field of theirs (``keyed``), the field read on first use."""

    def __init__(self, rows: StoredRows[T], name: str) -> None:  # not ById's: nothing read yet
        self.rows = rows
        self._name = name

    @cached_property
    def position(self) -> dict[Any, int]:  # type: ignore[override]
        return {value: index for index, value in enumerate(self.rows.field(self._name))}


def field_by_id(items: Sequence[T], name: str) -> Mapping[str, Any]:
    """The field ``name`` of each of ``items`` by its id, as ``{item.id: item.name for item in
    items}``; of a store's table, each row read when it is looked up."""
    if isinstance(items, StoredRows):
        return FieldById(items, name)
    return {item.id: getattr(item, name) for item in items}  # type: ignore[attr-defined]


class FieldById(Mapping[str, Any]):
    """The field ``name`` of the rows of a ``StoredRows`` by id (``field_by_id``)."""

    def __init__(self, rows: StoredRows[Any], name: str) -> None:
        self._rows = rows
        self._name = name

    def __getitem__(self, key: str) -> Any:
        return getattr(self._rows[self._rows.positions[key]], self._name)

    def get(self, key: str, default: Any = None) -> Any:
        at = self._rows.positions.get(key)
        return default if at is None else getattr(self._rows[at], self._name)

    def __contains__(self, key: object) -> bool:
        return key in self._rows.positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows.positions)

    def __len__(self) -> int:
        return len(self._rows.positions)


def non_empty(items: Sequence[T], name: str) -> Mapping[str, T]:
    """Those of ``items`` whose list field ``name`` is not empty, by id, as
    ``{item.id: item for item in items if item.name}``; of a store's table, each row read when
    it is looked up (ids are unique there: a document's, one row each)."""
    if isinstance(items, StoredRows):
        return NonEmpty(items, name)
    return {item.id: item for item in items if getattr(item, name)}  # type: ignore[attr-defined]


class NonEmpty(Mapping[str, T], Generic[T]):
    """The rows of a ``StoredRows`` whose field ``name`` is not empty, by id (``non_empty``)."""

    def __init__(self, rows: StoredRows[T], name: str) -> None:
        self.rows = rows
        self._name = name

    def _found(self, key: object) -> T | None:
        at = self.rows.positions.get(key) if isinstance(key, str) else None
        row = self.rows[at] if at is not None else None
        return row if row is not None and getattr(row, self._name) else None

    def __getitem__(self, key: str) -> T:
        row = self._found(key)
        if row is None:
            raise KeyError(key)
        return row

    def get(self, key: str, default: Any = None) -> Any:
        row = self._found(key)
        return default if row is None else row

    def __contains__(self, key: object) -> bool:
        return self._found(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (row.id for row in self.rows if getattr(row, self._name))  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Span:
    """A date span's first and last day: what an interval index needs of it."""

    start: dt.date
    end: dt.date


def date_spans(items: Sequence[Any]) -> Sequence[Sequence[Any]]:
    """The date spans of each of ``items`` (dated facts), in order: their ``dates``; of a store's
    table, each span's start and end read in SQL (``Span``), no row made."""
    if not isinstance(items, StoredRows):
        return [item.dates for item in items]
    try:
        return [[Span(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) for start, end in spans]
                for spans in items.spans("dates")]
    except (ValueError, TypeError) as err:
        raise items.refused(f"dates: not a list of dates ({err})") from err


def list_values(items: Sequence[Any], name: str) -> list[Any]:
    """The list field ``name`` of each of ``items``, in order (of a store's table, read in SQL)."""
    if isinstance(items, StoredRows):
        return items.field(name, decode=True)
    return [getattr(item, name) for item in items]


def latest_ends(items: Sequence[Any]) -> list[dt.date]:
    """The latest end of the dates of each of ``items`` (dated facts: each has some), in order."""
    if not isinstance(items, StoredRows):
        return [max(span.end for span in item.dates) for item in items]
    try:
        return [dt.date.fromisoformat(end) for end in items.greatest("dates", "end")]  # ISO dates sort as dates
    except (ValueError, TypeError) as err:
        raise items.refused(f"dates: not a list of dates ({err})") from err
