"""One table of a fact store read on demand: each row validated when first asked for.

A large knowledge base's sentences and passages are most of its store (400,000 of them at
100,000 passages: two thirds of validating the whole store, and of its memory), and a
question reads a few dozen; its events and dated facts most of the rest. ``StoredRows`` is
the ``documents``, ``sentences``, ``passages``, ``events`` or ``dated`` list of a knowledge
base opened from its SQLite store (``sqlite_store.load_sqlite``): it knows every row's
position at once, and the sentences' and passages' ids and documents (one query over an
index; the other tables' when first asked for), and fetches and validates a row the first
time it is read by position, from a read-only connection held open meanwhile (the file a
rebuild replaces stays readable through it: renaming a new store over it leaves this one
whole). Iterating it validates every row left in one query, as reading the store whole did;
``read_rows`` fetches and validates many rows together (a group of them,
knowledge.row_fields), ``in_batches`` a batch at a time, and ``field`` reads one field of
every row in SQL, without making any.

A row that cannot be read or validated, or fails the check its reader sets (a passage
citing a sentence the store does not hold: ``store.load_store``), raises a
KnowledgeBaseError naming the store, the table and the row, as a store refused when opened
would: run ``qabot build`` again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge.errors import KnowledgeBaseError
from knowledge.row_layout import SHIFT, DocumentPositions, IdPositions
from knowledge.row_sequence import RowSequence

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T", bound=BaseModel)
_BATCH = 500  # rows fetched by one query (under SQLite's oldest limit of 999 parameters)


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    from pydantic import TypeAdapter  # its module only when rows are read together

    return TypeAdapter(list[model])  # type: ignore[valid-type]


class StoredRows(RowSequence[T], Generic[T]):
    """The rows of ``table`` in ``con`` (ordered by ``pos``) as ``model`` items, each made on first read."""

    def __init__(self, con: sqlite3.Connection, path: Path, table: str, model: type[T],
                 keys: tuple[Sequence[int], list[str] | None, list[str] | None] | None = None,
                 ids_now: bool = True, by_document: bool = False, counts: Sequence[int] | None = None,
                 id_index: bool = False, documents: Callable[[], StoredRows[Any]] | None = None) -> None:
        """``keys``: each row's pos, id and document when the caller knows them (it has just
        written the store; ids and documents None: read when first asked for; the positions a
        ``DocumentPositions``: made from each document's count, as ``counts`` are), else read here:
        all three now, or with ``ids_now`` false only the positions now and the ids and
        documents when first asked for (a table whose rows a question finds by a field of
        theirs, not by id). ``by_document``: the store's rows are laid out by document (a
        row's position is its document's index in the knowledge base, shifted, plus its own
        in it: knowledge.sqlite_store.BY_DOCUMENT). ``counts``: each document's count of rows
        when the store keeps them (knowledge.row_layout): the positions follow from them, nothing
        is read now, and with ``documents`` (the store's table of documents, when asked) so do
        the rows' documents; ``id_index``: the table has an index of its ids, through which a
        row is found by id (``positions``) without reading every id."""
        self.by_document = by_document
        self._con = con
        self._path = path
        self._table = table
        self._model = model
        self._lock = threading.Lock()
        self._ids: list[str] | None = None
        self._doc_ids: list[str] | None = None
        self._layout: DocumentPositions | None = None
        self._documents = documents
        self._positions: Mapping[str, int] | None = None
        if keys is not None:
            positions, self._ids, self._doc_ids = keys
            if isinstance(positions, DocumentPositions):  # the caller's counts: found by id as if opened
                self._layout = positions
        elif counts is not None:
            positions = self._layout = DocumentPositions(counts)
        elif ids_now:
            positions, self._ids, self._doc_ids = self._keys()
        else:
            positions = self._positions_only()
        self._pos: Sequence[int] = positions if self._layout is not None else array("q", positions)
        self._made: list[T | None] = [None] * len(self._pos)
        self._whole = not self._pos
        if id_index and self._layout is not None:
            self._positions = IdPositions(con, self._lock, table, self._layout, lambda: self.ids, self._damaged)
        self._check: Callable[[T], str] | None = None
        self._before_check: Callable[[list[T]], None] | None = None
        self._fields: dict[str, list[Any]] = {}  # columns read by ``field``
        self._saved_fields: Callable[[str], list[Any] | None] | None = None

    def _positions_only(self) -> list[int]:
        """Each row's pos: read as one text joined in SQL, or a row at a time when that text
        does not come whole and in order."""
        try:
            with self._lock:
                count, joined = self._con.execute(
                    f"SELECT count(*), group_concat(pos) FROM (SELECT pos FROM {self._table} ORDER BY pos)").fetchone()
                if not count:
                    return []
                positions = _ascending(joined.split(","), count) if isinstance(joined, str) else None
                if positions is None:
                    positions = [pos for (pos,) in self._con.execute(f"SELECT pos FROM {self._table} ORDER BY pos")]
        except sqlite3.DatabaseError as err:
            raise self._damaged(f"damaged fact store ({err})") from err
        return positions

    def _keys(self) -> tuple[list[int], list[str], list[str]]:
        joined = self._joined_keys()
        if joined is not None:
            return joined
        # A table without documents, with an index of its ids: read from that index (a few
        # rows a page, not a row of data each), in order of pos here.
        indexed = isinstance(self._positions, IdPositions) and "doc_id" not in self._model.model_fields
        query = f"SELECT pos, id, NULL FROM {self._table} INDEXED BY {self._table}_id" if indexed \
            else f"SELECT pos, id, doc_id FROM {self._table} ORDER BY pos"
        try:
            with self._lock:
                keys = self._con.execute(query).fetchall()
                if indexed:
                    keys.sort()
        except sqlite3.DatabaseError as err:
            raise self._damaged(f"damaged fact store ({err})") from err
        if not keys:
            return [], [], []
        positions, ids, doc_ids = (list(column) for column in zip(*keys, strict=True))
        # A model without a document (documents, dated facts) has none in the table.
        kinds = {str} if "doc_id" in self._model.model_fields else {type(None)}
        if not set(map(type, ids)) <= {str} or not set(map(type, doc_ids)) <= kinds:
            raise self._damaged("an id or document id that is no text")
        documents: dict[str, str] = {}
        doc_ids = [documents.setdefault(d, d) for d in doc_ids]  # each document's id held once
        return positions, ids, doc_ids

    def _joined_keys(self) -> tuple[list[int], list[str], list[str]] | None:
        """The keys of a table whose rows all have a document, read as three texts joined in
        SQL (a third of the time of a row each at 300,000 sentences), or None when they do not
        come whole and in order (then they are read a row at a time, and checked)."""
        if "doc_id" not in self._model.model_fields:
            return None
        try:
            with self._lock:
                found = self._con.execute(
                    "SELECT count(*), group_concat(pos), group_concat(id, char(0)), group_concat(doc_id, char(0)) "
                    f"FROM (SELECT pos, id, doc_id FROM {self._table} ORDER BY pos)").fetchone()
        except sqlite3.DatabaseError:
            return None
        count, positions, ids, doc_ids = found
        if not count or not all(isinstance(text, str) for text in (positions, ids, doc_ids)):
            return None
        at, row_ids, documents_of = _ascending(positions.split(","), count), ids.split("\0"), doc_ids.split("\0")
        if at is None or len(row_ids) != count or len(documents_of) != count:
            return None  # not in order, an id holding a NUL, or a NULL dropped
        documents: dict[str, str] = {}
        return at, row_ids, [documents.setdefault(d, d) for d in documents_of]  # each document's id held once

    def _read_keys(self) -> None:
        positions, ids, doc_ids = self._keys()
        if array("q", positions) != (self._pos if isinstance(self._pos, array) else array("q", self._pos)):
            raise self._damaged("rows changed while open")
        self._ids, self._doc_ids = ids, doc_ids

    @property
    def ids(self) -> list[str]:
        """Each row's id (read when first asked for, if not at open)."""
        if self._ids is None:
            self._read_keys()
        return self._ids  # type: ignore[return-value]

    @property
    def doc_ids(self) -> list[str]:
        """Each row's document id (None for a model without one)."""
        if self._doc_ids is None and "doc_id" in self._model.model_fields:
            self._doc_ids = self.place_documents()
        if self._doc_ids is None:
            self._read_keys()
        return self._doc_ids  # type: ignore[return-value]

    def place_documents(self) -> list[str] | None:
        """The document of each row's place, where that follows from it (``counts``; none read),
        else None. A row names the document of its place (tested as it is read)."""
        if self._documents is None or self._layout is None:
            return None
        documents = self._documents().ids
        if len(documents) != len(self._layout.counts):
            raise self._damaged("not as many documents as the rows' counts")
        return self._layout.documents(documents)

    @property
    def row_positions(self) -> Sequence[int]:
        """Each row's ``pos`` in its table, in order (known at open)."""
        return self._pos

    def check_each(self, check: Callable[[T], str], before: Callable[[list[T]], None] | None = None) -> None:
        """Test each row as it is read with ``check`` (what is wrong with it, or ""): a row
        that fails is refused as a damaged one is. ``before``: called with the rows read
        together before each is checked (to look up what they cite together, not one each)."""
        self._check = check
        self._before_check = before

    @property
    def positions(self) -> Mapping[str, int]:
        """Each row's position by its id (made once, shared by every reader; of a table with an
        index of its ids, each looked up there when first asked for: knowledge.row_layout)."""
        if self._positions is None:
            self._positions = dict(zip(self.ids, range(len(self.ids)), strict=True))  # a repeated id: its last
        return self._positions

    def find(self, ids: Iterable[object]) -> None:
        """Look ``ids`` up together, for the ``positions`` that follow (a table with an index of
        its ids: a few queries for any number of them, not one each)."""
        if isinstance(self._positions, IdPositions):
            self._positions.find(list(ids))

    @property
    def documents_by_layout(self) -> bool:
        """Whether each row's document follows from where it sits (``counts``): then it is one
        of the store's documents by construction."""
        return self._layout is not None and self._documents is not None

    @property
    def is_whole(self) -> bool:
        """Whether every row has been read."""
        return self._whole

    def refused(self, problem: str) -> KnowledgeBaseError:
        """The error of this table found damaged (``problem``), for a reader of its fields."""
        return self._damaged(problem)

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
        if not problem and self._misplaced(item, index):
            problem = f"{self._table[:-1]} {item.id} names document {item.doc_id!r}, not that of its place"  # type: ignore[attr-defined]
        if problem:
            raise self._damaged(problem, index)

    def _misplaced(self, item: T, index: int) -> bool:
        """Whether ``item``, a row whose document follows from its place (``counts``), names another."""
        if self._documents is None or self._layout is None or "doc_id" not in self._model.model_fields:
            return False
        return self._documents().positions.get(item.doc_id) != self._pos[index] >> SHIFT  # type: ignore[attr-defined]

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
            for i, item in zip(missing, self._validated(rows, missing), strict=True):
                self._made[i] = item
            self._whole = True
        return self._made  # type: ignore[return-value]

    def _validated(self, texts: Sequence[str] | Mapping[int, str], indexes: list[int]) -> list[T]:
        """The rows at ``indexes`` made from their ``texts[index]`` in one pass, each checked."""
        try:
            items = _list_adapter(self._model).validate_json("[" + ",".join(texts[i] for i in indexes) + "]")
        except (ValidationError, TypeError) as err:  # TypeError: a row that is no text
            raise self._first_bad(texts, indexes) from err
        if self._before_check is not None:
            self._before_check(items)
        if self._documents is not None and self._layout is not None and "doc_id" in self._model.model_fields:
            self._documents().find(item.doc_id for item in items)  # type: ignore[attr-defined]
        for i, item in zip(indexes, items, strict=True):
            self._checked(item, i)
        return items

    def read_rows(self, indexes: Sequence[int]) -> list[T]:
        """The rows at ``indexes`` (ascending), those not read yet fetched and validated
        together: a few queries for any number of them, not one each."""
        missing = [i for i in indexes if self._made[i] is None]
        if missing:
            texts: dict[int, str] = {}
            at = {self._pos[i]: i for i in missing}
            try:
                with self._lock:
                    for start in range(0, len(missing), _BATCH):
                        chunk = [self._pos[i] for i in missing[start:start + _BATCH]]
                        marks = ",".join("?" * len(chunk))
                        texts.update((at[pos], data) for pos, data in self._con.execute(
                            f"SELECT pos, data FROM {self._table} WHERE pos IN ({marks})", chunk))
            except sqlite3.DatabaseError as err:
                raise self._damaged(f"damaged fact store ({err})") from err
            absent = next((i for i in missing if i not in texts), None)
            if absent is not None:
                raise self._damaged("row missing", absent)
            items = self._validated(texts, missing)
            with self._lock:  # a row another thread has made meanwhile stays the one kept
                for i, item in zip(missing, items, strict=True):
                    if self._made[i] is None:
                        self._made[i] = item
        return [self._made[i] for i in indexes]  # type: ignore[misc]

    def greatest(self, name: str, key: str) -> list[Any]:
        """The greatest ``key`` of the objects in each row's list field ``name`` (None when it
        has none), read in SQL as ``field`` is."""
        return self._column(f"greatest {name} {key}", "(SELECT max(json_extract(value, ?)) FROM json_each(data, ?))",
                            (f"$.{key}", f"$.{name}"))

    def spans(self, name: str) -> list[list[tuple[Any, Any]]]:
        """The ``start`` and ``end`` of each object of each row's list field ``name`` (date
        spans, as text), read in SQL without making any row; not kept (a caller indexes them).
        Or as saved (``offer_fields``)."""
        saved = self._offered(f"spans {name}")
        if saved is not None:
            return saved
        at = dict(zip(self._pos, range(len(self._pos)), strict=True))
        found: list[list[tuple[Any, Any]]] = [[] for _ in range(len(self._pos))]
        try:
            with self._lock:
                for pos, start, end in self._con.execute(
                        "SELECT t.pos, json_extract(e.value, '$.start'), json_extract(e.value, '$.end') "
                        f"FROM {self._table} AS t, json_each(t.data, ?) AS e ORDER BY t.pos, e.key", (f"$.{name}",)):
                    found[at[pos]].append((start, end))
        except (sqlite3.DatabaseError, KeyError) as err:
            raise self._damaged(f"damaged fact store ({err})") from err
        return found

    def _column(self, known: str, expression: str, parameters: tuple[str, ...]) -> list[Any]:
        """Each row's value of the SQL ``expression`` of its ``data``, kept by the name ``known``
        (or as saved: ``offer_fields``)."""
        values = self._fields.get(known)
        if values is None:
            values = self._offered(known)
        if values is None:
            try:
                with self._lock:
                    values = [value for (value,) in self._con.execute(
                        f"SELECT {expression} FROM {self._table} ORDER BY pos", parameters)]
            except sqlite3.DatabaseError as err:
                raise self._damaged(f"damaged fact store ({err})") from err
            if len(values) != len(self._made):
                raise self._damaged("rows changed while open")
            self._fields[known] = values
        return values

    def field(self, name: str, decode: bool = False) -> list[Any]:
        """Each row's top-level field ``name`` as its stored JSON holds it, read in SQL without
        making any row (the rows are validated when read): text, a number or None; with
        ``decode``, a list or mapping as plain JSON data. A row that is not JSON is refused.
        Read once, then kept (a few values a row)."""
        if decode:
            known = self._fields.get(f"decoded {name}")
            if known is None:
                known = self._offered(f"decoded {name}")
            if known is not None:
                return known
        values = self._column(name, "json_extract(data, ?)", (f"$.{name}",))
        if decode:
            try:
                values = [None if v is None else json.loads(v) for v in values]
            except (ValueError, TypeError) as err:
                raise self._damaged(f"{name}: not JSON data") from err
            self._fields[f"decoded {name}"] = values
        return values

    def offer_fields(self, saved: Callable[[str], list[Any] | None]) -> None:
        """Take the fields ``field``, ``spans`` and ``greatest`` read from ``saved`` (the value of
        each row under the name a field is kept by, or None: not saved) when it has them: the
        values an SQL read would give, worked out earlier (retrieval.saved_fields)."""
        self._saved_fields = saved

    def _offered(self, known: str) -> list[Any] | None:
        """The field kept by the name ``known`` as ``offer_fields`` saved it (kept now), or None."""
        values = self._saved_fields(known) if self._saved_fields is not None else None
        if values is None:
            return None
        if not isinstance(values, list) or len(values) != len(self._made):
            raise self._damaged(f"{known}: saved for another table")
        if not known.startswith("spans "):  # those are indexed by the caller, not kept
            self._fields[known] = values
        return values

    def _first_bad(self, rows: Sequence[str] | Mapping[int, str], indexes: list[int]) -> KnowledgeBaseError:
        """The error of the first of ``rows`` (at ``indexes``) that is not valid, each tried alone."""
        for i in indexes:
            try:
                self._model.model_validate_json(rows[i])
            except ValidationError as err:
                return self._damaged(_first_error(err), i)
        return self._damaged("invalid rows")  # pragma: no cover - the list failed, so one row did

    def __iter__(self) -> Iterator[T]:
        return iter(self.whole())

    def in_batches(self) -> Iterator[T]:
        """Its rows in order, read ``_BATCH`` at a time as the caller goes (one that stops
        early reads no more)."""
        if self._whole:
            yield from self._made  # type: ignore[misc]
            return
        for start in range(0, len(self), _BATCH):
            yield from self.read_rows(range(start, min(start + _BATCH, len(self))))

    def __repr__(self) -> str:
        return f"StoredRows({self._path}, {self._table}, {len(self)} rows)"


def _ascending(texts: list[str], count: int) -> list[int] | None:
    """``texts`` as ``count`` numbers in ascending order (positions joined in SQL), else None."""
    try:
        numbers = list(map(int, texts))
    except ValueError:
        return None
    return numbers if len(numbers) == count and numbers == sorted(numbers) else None


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return f"{field}: {first['msg']}" if field else first["msg"]


class ById(Mapping[str, T], Generic[T]):
    """A table's ``StoredRows`` by id (none read to make it), or by the key of each row at
    ``position`` (knowledge.row_fields.keyed)."""

    def __init__(self, rows: StoredRows[T], position: dict[Any, int] | None = None) -> None:
        self.rows = rows
        self.position: Mapping[Any, int] = rows.positions if position is None else position

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


def positions_of(items: Sequence[Any]) -> Mapping[str, int]:
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


def rows_at(items: Sequence[T], positions: list[int]) -> list[T]:
    """The items at ``positions`` (ascending); of a table's ``StoredRows``, read together."""
    return items.read_rows(positions) if isinstance(items, StoredRows) else [items[p] for p in positions]


def in_order(items: Iterable[T]) -> Iterator[T]:
    """``items`` one by one; a table's ``StoredRows`` read a batch at a time, so that a caller
    that stops early reads no more of it."""
    return items.in_batches() if isinstance(items, StoredRows) else iter(items)
