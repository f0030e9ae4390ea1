"""Where the rows of a store laid out by document sit, known without reading them; and rows found by id.

A store whose rows are grouped by document (``sqlite_store.BY_DOCUMENT``) places a table's
rows of the ``d``-th document at ``(d << DOCUMENT_SHIFT) + i``, ``i`` from 0 up. So each
row's position, and each row's document, follow from how many rows each document has in
that table, which the store's meta keeps (``ROWS_KEY``, written with the rows). Opening a
store then reads 10,000 numbers a table instead of 300,000 positions, ids and documents
(about 0.7 s at 100,000 passages), and a row is found by its id through an SQL index of the
ids (``IdPositions``) instead of a dict of every id made at open.

A store whose rows do not fit its counts (damaged) is refused when a row is read: a row
missing there, or the positions read with the ids ("rows changed while open").
"""

from __future__ import annotations

import sqlite3
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import accumulate, chain, repeat
from typing import overload

from knowledge.errors import KnowledgeBaseError

ROWS_KEY = "rows"  # meta: each table's count of rows of each document, in document order
SHIFT = 32  # knowledge.sqlite_store.DOCUMENT_SHIFT
_LOW = (1 << SHIFT) - 1
_BATCH = 500  # ids looked up by one query (under SQLite's oldest limit of 999 parameters)


def valid_counts(value: object, documents: int | None = None) -> bool:
    """Whether ``value`` is a list of counts (non-negative integers), ``documents`` of them if given."""
    return isinstance(value, list) and (documents is None or len(value) == documents) \
        and all(type(n) is int and 0 <= n <= _LOW for n in value)


class DocumentPositions(Sequence[int]):
    """The positions of a table's rows, in order, from each document's count of them."""

    def __init__(self, counts: Sequence[int]) -> None:
        self.counts = array("q", counts)
        self.starts = array("q", accumulate(self.counts, initial=0))  # each document's first row's index

    def __len__(self) -> int:
        return self.starts[-1]

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        document = bisect_right(self.starts, index) - 1
        return (document << SHIFT) + index - self.starts[document]

    def __iter__(self) -> Iterator[int]:
        return chain.from_iterable(range(d << SHIFT, (d << SHIFT) + n) for d, n in enumerate(self.counts))

    def index(self, pos: int, start: int = 0, stop: int | None = None) -> int:  # type: ignore[override]
        """The index of the row at ``pos`` (a ValueError when no row sits there)."""
        document, own = pos >> SHIFT, pos & _LOW
        if pos < 0 or document >= len(self.counts) or own >= self.counts[document]:
            raise ValueError(pos)
        return self.starts[document] + own

    def documents(self, ids: Sequence[str]) -> list[str]:
        """Each row's document, of the documents' ``ids`` (in document order)."""
        return list(chain.from_iterable(map(repeat, ids, self.counts)))


class IdPositions(Mapping[str, int]):
    """Each row's index by its id, looked up through the table's index of ids (``{table}_id``)
    and kept; of a repeated id, its last row, as a dict of every id gives. Iterating it, or its
    length, reads every id (``all_ids``)."""

    def __init__(self, con: sqlite3.Connection, lock: threading.Lock, table: str, positions: DocumentPositions,
                 all_ids: Callable[[], list[str]], damaged: Callable[[str], KnowledgeBaseError]) -> None:
        self._con = con
        self._lock = lock
        self._table = table
        self._positions = positions
        self._all_ids = all_ids
        self._damaged = damaged
        self._found: dict[str, int | None] = {}

    def _look_up(self, keys: Sequence[str]) -> None:
        """Find ``keys`` (not looked up yet), a batch a query."""
        found: dict[str, int] = {}
        try:
            with self._lock:
                for start in range(0, len(keys), _BATCH):
                    chunk = keys[start:start + _BATCH]
                    marks = ",".join("?" * len(chunk))
                    found.update(self._con.execute(
                        f"SELECT id, max(pos) FROM {self._table} WHERE id IN ({marks}) GROUP BY id", chunk))
        except sqlite3.DatabaseError as err:
            raise self._damaged(f"damaged fact store ({err})") from err
        for key in keys:
            pos = found.get(key)
            try:
                self._found[key] = None if pos is None else self._positions.index(pos)
            except (ValueError, TypeError) as err:
                raise self._damaged(f"row {key!r} out of place") from err

    def find(self, keys: Sequence[object]) -> None:
        """Look ``keys`` up together (a few queries for any number), for the reads that follow."""
        missing = list(dict.fromkeys(k for k in keys if isinstance(k, str) and k not in self._found))
        if missing:
            self._look_up(missing)

    def get(self, key: object, default: int | None = None) -> int | None:  # type: ignore[override]
        if not isinstance(key, str):
            return default
        if key not in self._found:
            self._look_up([key])
        at = self._found[key]
        return default if at is None else at

    def __getitem__(self, key: str) -> int:
        at = self.get(key)
        if at is None:
            raise KeyError(key)
        return at

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._all_ids()))

    def __len__(self) -> int:
        return len(set(self._all_ids()))
