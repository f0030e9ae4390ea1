"""The saved analysis's sentence and paragraph rows (retrieval.analysis_store), read one at a time.

A question reads a few dozen sentences' analyses and their paragraphs; at 100,000 passages
the file holds 300,000 and 100,000 of them (70 MB), and reading them all at open, to check
them against one checksum, was a third of opening the folder and of its memory. Each row
carries its own CRC-32 instead, tested when the row is read, through a read-only connection
held open as long as the analysis is (a file renamed over it leaves this one whole), shared
by every thread that answers (one read at a time).

A row that is missing or fails its CRC raises a KnowledgeBaseError naming the file and the
row, in one line: the file must go (the next start analyses the documents again).
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from knowledge.errors import KnowledgeBaseError


def row_crc(values: Iterable[bytes | None]) -> int:
    """The CRC-32 of a row's values, each followed by a NUL (None as nothing)."""
    crc = 0
    for value in values:
        crc = zlib.crc32(b"\0", zlib.crc32(value or b"", crc))
    return crc


class SavedRows:
    """The rows of ``table`` (``columns`` and ``crc``, at pos 0 to ``size`` - 1) in ``con``."""

    def __init__(self, con: sqlite3.Connection, lock: threading.Lock, path: Path, table: str,
                 columns: tuple[str, ...], size: int) -> None:
        self._con = con
        self._lock = lock
        self._path = path
        self._table = table
        self._query = f"SELECT {', '.join(columns)}, crc FROM {table} WHERE pos = ?"
        self.size = size

    def row(self, pos: int) -> tuple[bytes | None, ...]:
        try:
            with self._lock:
                found = self._con.execute(self._query, (pos,)).fetchone()
        except sqlite3.DatabaseError as err:
            raise self._damaged(pos, str(err)) from err
        if found is None:
            raise self._damaged(pos, "row missing")
        *values, crc = found
        if row_crc(values) != crc:
            raise self._damaged(pos, "checksum mismatch")
        return tuple(values)

    def column(self, index: int) -> SavedColumn:
        return SavedColumn(self, index)

    def _damaged(self, pos: int, problem: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self._path}: {self._table}.{pos}: damaged saved analysis ({problem}); "
                                  "delete that file (the next start analyses the documents again)")


class WholeColumn(Sequence[bytes]):
    """One column of every row of ``table`` (at pos 0 to ``size`` - 1), read in one query when
    first asked for and checked then against the CRC-32 of them all (``column_crc``): what only
    a pass over every row needs (the passage search, built on its first search)."""

    def __init__(self, con: sqlite3.Connection, lock: threading.Lock, path: Path, table: str, column: str,
                 size: int, crc: object) -> None:
        self._con = con
        self._lock = lock
        self._path = path
        self._table = table
        self._column = column
        self._size = size
        self._crc = crc
        self._values: list[bytes] | None = None

    def _read(self) -> list[bytes]:
        if self._values is None:
            try:
                with self._lock:
                    values = [v for (v,) in self._con.execute(f"SELECT {self._column} FROM {self._table} ORDER BY pos")]
            except sqlite3.DatabaseError as err:
                raise self._damaged(str(err)) from err
            if len(values) != self._size or column_crc(values) != self._crc:
                raise self._damaged("checksum mismatch")
            self._values = values
        return self._values

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        return self._read()[index]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._read())

    def _damaged(self, problem: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self._path}: {self._table}: damaged saved analysis ({problem}); "
                                  "delete that file (the next start analyses the documents again)")


def column_crc(values: Iterable[bytes | None]) -> int:
    """The CRC-32 of a column's values, joined by NULs (None as nothing)."""
    return zlib.crc32(b"\0".join(b"" if v is None else v for v in values))


class SavedColumn(Sequence[bytes | None]):
    """One column of a ``SavedRows``, each value read when asked for (``retrieval.lazy.LazyList``
    decodes and keeps it)."""

    def __init__(self, rows: SavedRows, index: int) -> None:
        self._rows = rows
        self._index = index

    def __len__(self) -> int:
        return self._rows.size

    @overload
    def __getitem__(self, index: int) -> bytes | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[bytes | None]: ...

    def __getitem__(self, index: int | slice) -> bytes | list[bytes | None] | None:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -self._rows.size <= index < self._rows.size:
            raise IndexError(index)
        return self._rows.row(index % self._rows.size)[self._index]
