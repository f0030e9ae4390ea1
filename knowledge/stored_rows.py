"""One table of a fact store read on demand: each row validated when first asked for.

A large knowledge base's sentences and passages are most of its store (400,000 of them at
100,000 passages: two thirds of validating the whole store, and of its memory), and a
question reads a few dozen. ``StoredRows`` is the ``sentences`` or ``passages`` list of a
knowledge base opened from its SQLite store (``sqlite_store.load_sqlite``): it knows every
row's id and document
at once (one query over two columns), and fetches and validates a row the first time it
is read by position, from a read-only connection held open meanwhile (the file a rebuild
replaces stays readable through it: renaming a new store over it leaves this one whole).
Iterating it validates every row left in one query, as reading the store whole did.

A row that cannot be read or validated, or fails the check its reader sets (a passage
citing a sentence the store does not hold: ``store.load_store``), raises a
KnowledgeBaseError naming the store, the table and the row, as a store refused when opened
would: run ``qabot build`` again.
"""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge.errors import KnowledgeBaseError
from knowledge.row_sequence import RowSequence

T = TypeVar("T", bound=BaseModel)


class StoredRows(RowSequence[T], Generic[T]):
    """The rows of ``table`` in ``con`` (ordered by ``pos``) as ``model`` items, each made on first read."""

    def __init__(self, con: sqlite3.Connection, path: Path, table: str, model: type[T],
                 keys: tuple[Sequence[int], list[str], list[str]] | None = None) -> None:
        """``keys``: each row's pos, id and document when the caller knows them (it has just
        written the store), else read here."""
        self._con = con
        self._path = path
        self._table = table
        self._model = model
        self._lock = threading.Lock()
        if keys is None:
            positions, ids, doc_ids = self._keys()
            if not set(map(type, ids)) | set(map(type, doc_ids)) <= {str}:
                raise self._damaged("an id or document id that is no text")
            documents: dict[str, str] = {}
            doc_ids = [documents.setdefault(d, d) for d in doc_ids]  # each document's id held once
        else:
            positions, ids, doc_ids = keys
        self._pos = array("q", positions)
        self.ids: list[str] = ids
        self.doc_ids: list[str] = doc_ids
        self._made: list[T | None] = [None] * len(ids)
        self._whole = not ids
        self._positions: dict[str, int] | None = None
        self._check: Callable[[T], str] | None = None

    def _keys(self) -> tuple[list[int], list[str], list[str]]:
        try:
            keys = self._con.execute(f"SELECT pos, id, doc_id FROM {self._table} ORDER BY pos").fetchall()
        except sqlite3.DatabaseError as err:
            raise self._damaged(f"damaged fact store ({err})") from err
        if not keys:
            return [], [], []
        positions, ids, doc_ids = (list(column) for column in zip(*keys, strict=True))
        return positions, ids, doc_ids

    def check_each(self, check: Callable[[T], str]) -> None:
        """Test each row as it is read with ``check`` (what is wrong with it, or ""): a row
        that fails is refused as a damaged one is."""
        self._check = check

    @property
    def positions(self) -> dict[str, int]:
        """Each row's position by its id (made once, shared by every reader)."""
        if self._positions is None:
            self._positions = {row_id: i for i, row_id in enumerate(self.ids)}
        return self._positions

    @property
    def is_whole(self) -> bool:
        """Whether every row has been read."""
        return self._whole

    def _damaged(self, problem: str, row: int | None = None) -> KnowledgeBaseError:
        where = self._table if row is None else f"{self._table}.{row}"
        # A build patches the store from the old file, so the damaged file itself must go.
        return KnowledgeBaseError(f"{self._path}: {where}: {problem}; delete that file and run `qabot build`")

    def __len__(self) -> int:
        return len(self._made)

    def _row(self, index: int) -> T:
        item = self._made[index]
        if item is None:
            item = self._read(index)
            with self._lock:  # two threads may read one row: both get the first one kept
                if self._made[index] is None:
                    self._made[index] = item
                item = self._made[index]
        return item

    def _read(self, index: int) -> T:
        try:
            with self._lock:
                found = self._con.execute(f"SELECT data FROM {self._table} WHERE pos = ?",
                                          (self._pos[index],)).fetchone()
        except sqlite3.DatabaseError as err:
            raise self._damaged(f"damaged fact store ({err})", index) from err
        if found is None:
            raise self._damaged("row missing", index)
        try:
            item = self._model.model_validate_json(found[0])
        except ValidationError as err:
            raise self._damaged(_first_error(err), index) from err
        self._checked(item, index)
        return item

    def _checked(self, item: T, index: int) -> None:
        problem = self._check(item) if self._check is not None else ""
        if problem:
            raise self._damaged(problem, index)

    def whole(self) -> list[T]:
        """Every row, those not read yet validated now in one pass (as a whole store is read)."""
        if not self._whole:
            try:
                with self._lock:
                    rows = [data for (data,) in self._con.execute(f"SELECT data FROM {self._table} ORDER BY pos")]
            except sqlite3.DatabaseError as err:
                raise self._damaged(f"damaged fact store ({err})") from err
            if len(rows) != len(self._made):
                raise self._damaged("rows changed while open")
            missing = [i for i, made in enumerate(self._made) if made is None]
            from pydantic import TypeAdapter  # its module only when a table is read whole

            try:
                items = TypeAdapter(list[self._model]).validate_json(  # type: ignore[name-defined]
                    "[" + ",".join(rows[i] for i in missing) + "]")
            except (ValidationError, TypeError) as err:  # TypeError: a row that is no text
                raise self._first_bad(rows, missing) from err
            for i, item in zip(missing, items, strict=True):
                self._checked(item, i)
            for i, item in zip(missing, items, strict=True):
                self._made[i] = item
            self._whole = True
        return self._made  # type: ignore[return-value]

    def _first_bad(self, rows: list[str], indexes: list[int]) -> KnowledgeBaseError:
        """The error of the first of ``rows`` (at ``indexes``) that is not valid, each tried alone."""
        for i in indexes:
            try:
                self._model.model_validate_json(rows[i])
            except ValidationError as err:
                return self._damaged(_first_error(err), i)
        return self._damaged("invalid rows")  # pragma: no cover - the list failed, so one row did

    def __iter__(self) -> Iterator[T]:
        return iter(self.whole())

    def __repr__(self) -> str:
        return f"StoredRows({self._path}, {self._table}, {len(self)} rows)"


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return f"{field}: {first['msg']}" if field else first["msg"]


class ById(Mapping[str, T], Generic[T]):
    """A table's ``StoredRows`` by id (none read to make it)."""

    def __init__(self, rows: StoredRows[T]) -> None:
        self.rows = rows
        self.position: dict[str, int] = rows.positions

    def __getitem__(self, key: str) -> T:
        return self.rows[self.position[key]]

    def get(self, key: str, default: Any = None) -> Any:
        at = self.position.get(key)
        return default if at is None else self.rows[at]

    def __contains__(self, key: object) -> bool:
        return key in self.position

    def __iter__(self) -> Iterator[str]:
        return iter(self.position)

    def __len__(self) -> int:
        return len(self.position)


def by_id(items: Sequence[T]) -> Mapping[str, T]:
    """``items`` by id: a dict of a list of them; a ``ById`` of a table's ``StoredRows``."""
    return ById(items) if isinstance(items, StoredRows) else {item.id: item for item in items}  # type: ignore[attr-defined]


def positions_of(items: Sequence[Any]) -> dict[str, int]:
    """Each item's position by its id (a table's ``StoredRows``: none read, made once)."""
    return items.positions if isinstance(items, StoredRows) else {item.id: i for i, item in enumerate(items)}


def document_of(table: Mapping[str, Any], key: str) -> str:
    """The ``doc_id`` of the item ``key`` of a ``by_id`` table (a KeyError if none), not read
    for it when the table is a ``ById``."""
    return table.rows.doc_ids[table.position[key]] if isinstance(table, ById) else table[key].doc_id


def doc_ids(items: Sequence[Any]) -> list[str]:
    """The ``doc_id`` of each of ``items`` (a table's ``StoredRows``, or rows spliced from one
    (knowledge.spliced_rows): none read)."""
    known = getattr(items, "doc_ids", None)
    return known if known is not None else [item.doc_id for item in items]


def item_ids(items: Sequence[Any]) -> list[str]:
    """The ``id`` of each of ``items`` (a table's ``StoredRows``, or rows spliced from one: none read)."""
    known = getattr(items, "ids", None)
    return known if known is not None else [item.id for item in items]
