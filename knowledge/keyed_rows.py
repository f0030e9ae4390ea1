"""One ``(key, data)`` table of the extraction cache, as a build uses it.

The table is read whole the first time a row is asked for (one query, not one a
document), or, for a table of large rows that few builds read (``whole=False``), one row
at a time; a row this build asks for, writes or keeps is kept, the new ones are written
when the cache is saved, and a row no build used this time (its document is gone or
changed) is deleted then. A table that cannot be read is logged and is empty.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

log = logging.getLogger(__name__)

T = TypeVar("T")


class KeyedRows:
    """The rows of one cache table, by key: read on first use, this build's kept to be saved."""

    def __init__(self, connection: Callable[[], sqlite3.Connection | None], table: str, path: Path,
                 whole: bool = True) -> None:
        self._connection = connection
        self.table = table
        self._path = path
        self._whole = whole
        self._stored: dict[str, str] | None = None
        self._keys: set[str] | None = None
        self.used: set[str] = set()
        self.new: dict[str, str] = {}

    def _query(self, sql: str, *args: str) -> list[tuple[str, ...]]:
        con = self._connection()
        if con is not None:
            try:
                return con.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as err:
                log.info("%s: %s not reused (%s)", self._path, self.table, err)
        return []

    def _rows(self) -> dict[str, str]:
        if self._stored is None:
            self._stored = dict(self._query(f"SELECT key, data FROM {self.table}"))  # type: ignore[arg-type]
        return self._stored

    def read_whole(self) -> None:
        """Read the table whole from now on: the caller will ask for most of its rows."""
        self._whole = True

    def has(self, key: str) -> bool:
        """Whether ``key`` has a row (the keys read once), which is then kept for the next build."""
        if self._keys is None:
            self._keys = set(self._rows()) if self._whole \
                else {k for (k,) in self._query(f"SELECT key FROM {self.table}")}
        self.used.add(key)
        return key in self.new or key in self._keys

    def get(self, key: str) -> str | None:
        """The stored data of ``key`` (this build's, if it wrote some), kept for the next build."""
        self.used.add(key)
        if key in self.new:
            return self.new[key]
        if self._whole:
            return self._rows().get(key)
        found = self._query(f"SELECT data FROM {self.table} WHERE key = ?", key)
        return found[0][0] if found else None

    def parsed(self, key: str, validate: Callable[[str], T]) -> T | None:
        """The stored data of ``key`` validated (a pydantic ``validate_json``), or None: none, or invalid."""
        data = self.get(key)
        if data is None:
            return None
        try:
            return validate(data)
        except ValidationError:
            return None

    def put(self, key: str, data: str) -> None:
        self.used.add(key)
        self.new[key] = data

    def save(self, con: sqlite3.Connection) -> None:
        """Write the new rows and delete those not used (within the caller's transaction)."""
        con.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", self.new.items())
        stale = [(k,) for (k,) in con.execute(f"SELECT key FROM {self.table}") if k not in self.used]
        con.executemany(f"DELETE FROM {self.table} WHERE key = ?", stale)
        if self._stored is not None:
            self._stored.update(self.new)
        if self._keys is not None:
            self._keys.update(self.new)
        self.new.clear()
