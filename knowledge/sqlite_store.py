"""The working fact store: one SQLite file, written in one transaction and swapped in whole.

Layout, derived from the pydantic models so that a field added to one of them is stored
and read back with no change here:

- ``meta(key, value)``: every field of ``KnowledgeBase`` that is not a list of models
  (schema version, source, input hashes, aliases, places), as JSON; then ``complete``,
  written last, in the same transaction.
- one table per list of models (``documents``, ``sentences``, ``passages``, ``events``, ...):
  ``(pos, id, doc_id, data)``, where ``data`` is the item's ``model_dump_json()``.

Reading assembles the rows into one JSON text and validates it with
``KnowledgeBase.model_validate_json`` (in pydantic-core, no per-row Python objects), all but
the documents, sentences, passages, events and dated facts: those are read on demand
(``LAZY_TABLES``, knowledge.stored_rows); the sentences' and passages' ids and documents at
open, from an index of their own, the others' positions only (their fields are read in SQL
when asked for: knowledge.row_fields). A file shorter than its own page count says, or
one without the ``complete`` row, is refused.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from knowledge.atomic import write_atomically
from knowledge.errors import KnowledgeBaseError
from knowledge.gc_pause import paused_gc
from knowledge.models import DatedFact, Document, Event, KnowledgeBase, Passage, Sentence, require_schema
from knowledge.previous_build import PreviousBuild, sentence_document
from knowledge.row_layout import ROWS_KEY, DocumentPositions, valid_counts
from knowledge.spliced_rows import SplicedRows
from knowledge.stored_rows import StoredRows, doc_ids, item_ids

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from knowledge.store_copy import StoreCopy

FORMAT = "qabot-sqlite-1"


@lru_cache(maxsize=1)
def row_tables() -> tuple[str, ...]:
    """The fields of KnowledgeBase that are lists of models: one table each."""
    tables = []
    for name, field in KnowledgeBase.model_fields.items():
        args = typing.get_args(field.annotation)
        if typing.get_origin(field.annotation) is list and args and isinstance(args[0], type) \
                and issubclass(args[0], BaseModel):
            tables.append(name)
    return tuple(tables)


# Read on demand (knowledge.stored_rows); IDS_AT_OPEN's ids and documents read at open, from an index.
LAZY_TABLES = {"documents": Document, "sentences": Sentence, "passages": Passage, "events": Event,
               "dated": DatedFact}
IDS_AT_OPEN = ("sentences", "passages")
ID_INDEXED = ("documents", *IDS_AT_OPEN)  # found by id through an index of their ids (knowledge.row_layout)
SPLICED_TABLES = ("sentences", "passages", "events", "dated")  # a rebuild may take these as held rows
DOCUMENT_TABLES = ("documents", "sentences", "passages", "events", "dated")  # rows grouped by document
LAYOUT_KEY = "positions"  # meta: BY_DOCUMENT, or IN_ORDER (pos is the index in the list)
BY_DOCUMENT = "by-document-2"  # DOCUMENT_TABLES' rows at (document's index << DOCUMENT_SHIFT) + index in it
IN_ORDER = "in-order"
DOCUMENT_SHIFT = 32
_DOCUMENT_OF: dict[str, Callable[[typing.Any], str]] = {  # the id of the document a row belongs to
    "documents": attrgetter("id"), "sentences": attrgetter("doc_id"), "passages": attrgetter("doc_id"),
    "events": attrgetter("doc_id"), "dated": lambda d: sentence_document(d.sentence_id)}


class RowPositions(dict[str, list[int]]):
    """``document_positions``: the pos of each row by table, and ``counts``, each document's count
    of rows in each table (``row_counts``'s, found with the positions)."""

    def __init__(self, positions: dict[str, list[int]], counts: dict[str, list[int]]) -> None:
        super().__init__(positions)
        self.counts = counts


def document_positions(kb: KnowledgeBase) -> RowPositions | None:
    """The pos of each row of DOCUMENT_TABLES, by document (so that one document's rows can be
    replaced alone), or None when the rows are not grouped by document in document order."""
    rank = {doc.id: i for i, doc in enumerate(kb.documents)}
    if len(rank) != len(kb.documents):
        return None
    positions: dict[str, list[int]] = {}
    counts: dict[str, list[int]] = {}
    for table in DOCUMENT_TABLES:
        column: list[int] = []
        tally = [0] * len(kb.documents)
        last = -1
        items = getattr(kb, table)
        if table in IDS_AT_OPEN:
            documents = groupby(doc_ids(items))
        elif isinstance(items, SplicedRows):  # held rows left unread: their documents are known
            documents = groupby(items.documents(_DOCUMENT_OF[table]))
        else:
            documents = groupby(items, _DOCUMENT_OF[table])
        for doc_id, run in documents:  # runs of one document (sentences and passages: none read)
            at = rank.get(doc_id, -1)
            if at <= last:  # unknown, or out of order
                return None
            last = at
            tally[at] = size = len(list(run))
            column.extend(range(at << DOCUMENT_SHIFT, (at << DOCUMENT_SHIFT) + size))
        positions[table] = column
        counts[table] = tally
    return RowPositions(positions, counts)


def document_rows(positions: list[int], document: int) -> range:
    """The indexes of a table's rows of the ``document``-th document (its positions, sorted)."""
    return range(bisect_left(positions, document << DOCUMENT_SHIFT),
                 bisect_left(positions, (document + 1) << DOCUMENT_SHIFT))


def row_counts(kb: KnowledgeBase, positions: dict[str, list[int]]) -> dict[str, list[int]]:
    """Each of DOCUMENT_TABLES' count of rows of each document, of rows at ``positions``
    (``document_positions``'s, whose counts are taken as found, not counted again: 0.06 s at
    100,000 passages): where each row sits follows from them (knowledge.row_layout)."""
    if isinstance(positions, RowPositions):
        return positions.counts
    counts = {}
    for table in DOCUMENT_TABLES:
        column = [0] * len(kb.documents)
        for pos in positions[table]:
            column[pos >> DOCUMENT_SHIFT] += 1
        counts[table] = column
    return counts


def write_meta(con: sqlite3.Connection, kb: KnowledgeBase, layout: str,
               positions: dict[str, list[int]] | None = None) -> None:
    """The meta table's rows, ``complete`` last; with the rows' ``positions`` (by document),
    each document's count of rows in each table (``ROWS_KEY``)."""
    meta = kb.model_dump(mode="json", exclude=set(row_tables()))
    con.execute("INSERT INTO meta VALUES ('format', ?)", (json.dumps(FORMAT),))
    con.execute("INSERT INTO meta VALUES (?, ?)", (LAYOUT_KEY, json.dumps(layout)))
    if positions is not None:
        con.execute("INSERT INTO meta VALUES (?, ?)", (ROWS_KEY, json.dumps(row_counts(kb, positions))))
    con.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
    con.execute("INSERT INTO meta VALUES ('complete', ?)", (json.dumps(len(row_tables())),))


def begin(con: sqlite3.Connection) -> None:
    con.execute("PRAGMA journal_mode=OFF")  # a private temporary file: the rename is the commit
    con.execute("PRAGMA synchronous=OFF")  # write_atomically fsyncs before the rename
    con.execute("BEGIN")


def _write(kb: KnowledgeBase, path: Path) -> None:
    _write_rows(kb, path, document_positions(kb))


def _write_rows(kb: KnowledgeBase, path: Path, positions: dict[str, list[int]] | None) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        begin(con)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for table in row_tables():
            con.execute(f"CREATE TABLE {table} (pos INTEGER PRIMARY KEY, id TEXT, doc_id TEXT, "
                        "data TEXT NOT NULL)")
            con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                            rows(getattr(kb, table), positions.get(table) if positions else None))
            con.execute(f"CREATE INDEX {table}_doc ON {table} (doc_id)")
            if table in IDS_AT_OPEN:  # their ids and documents read whole without their data
                con.execute(f"CREATE INDEX {table}_keys ON {table} (pos, id, doc_id)")
        create_id_indexes(con)
        write_meta(con, kb, BY_DOCUMENT if positions else IN_ORDER, positions)
        con.execute("COMMIT")
    finally:
        con.close()


def create_id_indexes(con: sqlite3.Connection) -> None:
    """The index of ID_INDEXED's ids, through which a row is found by id (knowledge.row_layout)."""
    for table in ID_INDEXED:
        con.execute(f"CREATE INDEX IF NOT EXISTS {table}_id ON {table} (id)")


def _id_indexes(con: sqlite3.Connection) -> set[str]:
    """The tables of ID_INDEXED that have an index of their ids."""
    names = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return {table for table in ID_INDEXED if f"{table}_id" in names}


def _counts(meta: dict[str, object], by_document: bool) -> dict[str, list[int]]:
    """The rows' counts by document that ``meta`` keeps (``ROWS_KEY``, popped), or none when it
    keeps none that fit: then the positions are read."""
    counts = meta.pop(ROWS_KEY, None)
    if not by_document or not isinstance(counts, dict):
        return {}
    documents = counts.get("documents")
    if not valid_counts(documents) or any(n != 1 for n in documents):  # type: ignore[union-attr]
        return {}
    return {table: column for table, column in counts.items()
            if table in DOCUMENT_TABLES and valid_counts(column, len(documents))}  # type: ignore[arg-type]


Row = tuple[int, str | None, str | None, str]


def rows(items: list[BaseModel], positions: list[int] | None = None) -> Iterator[Row]:
    """``(pos, id, doc_id, data)`` of each item; ``data`` is its ``model_dump_json()``, made by
    the model's serializer directly (the method's own Python costs as much as the JSON)."""
    serializers: dict[type, tuple[Callable[[BaseModel], bytes], bool, bool]] = {}
    for index, item in enumerate(items):
        cls = type(item)
        known = serializers.get(cls)
        if known is None:  # a model without the field: None, with no AttributeError raised each time
            known = serializers[cls] = (cls.__pydantic_serializer__.to_json, "id" in cls.model_fields,
                                        "doc_id" in cls.model_fields)
        to_json, has_id, has_doc = known
        pos = positions[index] if positions is not None else index
        yield (pos, item.id if has_id else None, item.doc_id if has_doc else None,  # type: ignore[attr-defined]
               to_json(item).decode())


def save_sqlite(kb: KnowledgeBase, path: Path, patch: bool = False,
                held: PreviousBuild | None = None, copy: StoreCopy | None = None) -> dict[str, list[int]] | None:
    """Write ``kb`` to ``path`` as a new file that replaces the old one only when whole; the pos
    of each row of DOCUMENT_TABLES as written (None: each row's index, ``IN_ORDER``).

    With ``patch`` (``kb`` is a build of the folder the store at ``path`` was built from),
    the new file is a copy of the old one with only the changed documents' rows replaced,
    when that can be done (knowledge.store_patch); ``held`` is the knowledge base this
    process held before ``kb`` was built, whose unchanged objects ``kb`` took; ``copy``, a copy
    of the store at ``path`` made meanwhile (knowledge.store_copy), is the file patched then
    (and is taken either way).
    """
    from knowledge.store_patch import patch_copy

    positions = document_positions(kb)
    copied = copy.take() if copy is not None else None

    def write(tmp: Path) -> None:
        if not (patch and patch_copy(kb, path, tmp, held, positions, copied=copied is not None)):
            if copied is not None and tmp.stat().st_size:
                tmp.write_bytes(b"")  # not patched: written whole, into an empty file
            _write_rows(kb, tmp, positions)

    write_atomically(path, write, prepared=copied)
    return positions


def open_store(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: no such fact store")
    # Any thread may read through it: a store opened in a worker thread (the bot's /reload)
    # serves answers in another; knowledge.stored_rows serializes its reads.
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.DatabaseError as err:
        con.close()
        raise KnowledgeBaseError(f"{path}: not a qabot fact store ({err}); run `qabot build` again") from err
    if path.stat().st_size < pages * size:
        con.close()
        raise KnowledgeBaseError(f"{path}: incomplete fact store (cut short); run `qabot build` again")
    return con


def _meta(path: Path, con: sqlite3.Connection) -> dict[str, object]:
    meta = stored_meta(path, con)
    meta.pop(LAYOUT_KEY, None)
    return meta


def stored_meta(path: Path, con: sqlite3.Connection) -> dict[str, object]:
    """The meta table of a complete store of this format and schema, its layout included."""
    try:
        meta = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta")}
    except (sqlite3.DatabaseError, ValueError) as err:
        raise KnowledgeBaseError(f"{path}: not a qabot fact store ({err}); run `qabot build` again") from err
    if meta.pop("format", None) != FORMAT:
        raise KnowledgeBaseError(f"{path}: not a qabot fact store ({FORMAT}); run `qabot build` again")
    if meta.pop("complete", None) is None:
        raise KnowledgeBaseError(f"{path}: incomplete fact store; run `qabot build` again")
    require_schema(path, meta.get("schema_version"))
    return meta


def stored_inputs(path: Path) -> dict[str, str]:
    """The input hashes a store was built from, read without loading the rest of it."""
    con = open_store(path)
    try:
        inputs = _meta(path, con).get("inputs")
    finally:
        con.close()
    if not isinstance(inputs, dict):
        raise KnowledgeBaseError(f"{path}: inputs: not a mapping; run `qabot build` again")
    return inputs


@cache
def _adapter(table: str) -> TypeAdapter[list[BaseModel]]:
    from pydantic import TypeAdapter  # its module only when a store is read

    return TypeAdapter(KnowledgeBase.model_fields[table].annotation)


def _refused(path: Path, err: ValidationError, table: str = "") -> KnowledgeBaseError:
    first = err.errors()[0]
    field = ".".join(str(p) for p in [*([table] if table else []), *first["loc"]]) or "(top level)"
    return KnowledgeBaseError(f"{path}: {field}: {first['msg']}; run `qabot build` again")


def load_sqlite(path: Path) -> KnowledgeBase:
    """The KnowledgeBase stored at ``path``; a KnowledgeBaseError names what is wrong with it.

    Its ``LAZY_TABLES`` are ``StoredRows`` (each row read when first asked for), through a
    connection held open as long as they are; the other tables are read and validated now,
    one at a time (one table's JSON text in memory at once)."""
    con = open_store(path)
    lazy: dict[str, StoredRows[BaseModel]] = {}
    try:
        meta = stored_meta(path, con)
        by_document = meta.pop(LAYOUT_KEY, None) == BY_DOCUMENT
        counts = _counts(meta, by_document)
        indexed = _id_indexes(con) if counts else set()
        try:
            kb = KnowledgeBase.model_validate_json(json.dumps(meta))
        except ValidationError as err:
            raise _refused(path, err) from err
        for table in row_tables():
            try:
                if table in LAZY_TABLES:
                    # Of a table with its counts and an index of its ids, nothing is read now.
                    known = counts.get(table) if table not in IDS_AT_OPEN or table in indexed else None
                    lazy[table] = StoredRows(con, path, table, LAZY_TABLES[table], ids_now=table in IDS_AT_OPEN,
                                             by_document=by_document, counts=known, id_index=table in indexed,
                                             documents=_opened(lazy, "documents"))
                    continue
                rows = [data for (data,) in con.execute(f"SELECT data FROM {table} ORDER BY pos")]
            except sqlite3.OperationalError:
                continue  # a list field newer than the store: empty, as its default
            except sqlite3.DatabaseError as err:
                raise KnowledgeBaseError(f"{path}: damaged fact store ({err}); run `qabot build` again") from err
            text = f"[{','.join(rows)}]"
            del rows
            try:
                with paused_gc():  # many small objects, none of them garbage yet
                    setattr(kb, table, _adapter(table).validate_json(text))
            except ValidationError as err:
                raise _refused(path, err, table) from err
    except BaseException:
        con.close()
        raise
    for table, items in lazy.items():
        setattr(kb, table, items)
    if not any(len(items) for items in lazy.values()):
        con.close()  # nothing left to read from it
    return kb


def _opened(lazy: dict[str, StoredRows[BaseModel]], table: str) -> Callable[[], StoredRows[BaseModel]]:
    """``lazy[table]``, once that table is opened."""
    return lambda: lazy[table]


def stored_rows(path: Path, kb: KnowledgeBase, positions: dict[str, list[int]] | None,
                tables: Sequence[str] = IDS_AT_OPEN) -> dict[str, StoredRows[BaseModel]]:
    """The ``tables`` of ``kb`` (of SPLICED_TABLES) read on demand from ``path``, the store just
    saved of it with rows at ``positions`` (``save_sqlite``'s): the sentences' and passages'
    documents are ``kb``'s, not read again, and so are their ids unless the store has an index
    of them (then a row is found by id through it, as in a fresh open's, and the ids are read
    when first asked for); the others' read when first asked for."""
    con = open_store(path)
    indexed = _id_indexes(con) if positions is not None else set()
    counts = _saved_counts(con) if indexed else {}
    opened: dict[str, StoredRows[BaseModel]] = {}
    for table in tables:
        model = LAZY_TABLES[table]
        keys = _known_keys(kb, table, positions, counts.get(table) if table in indexed else None)
        opened[table] = StoredRows(con, path, table, model, keys, by_document=positions is not None,
                                   id_index=table in indexed)
    return opened


def _saved_counts(con: sqlite3.Connection) -> dict[str, list[int]]:
    """The rows' counts by document the store just saved keeps (``ROWS_KEY``, ``write_meta``'s)."""
    found = con.execute("SELECT value FROM meta WHERE key = ?", (ROWS_KEY,)).fetchone()
    return json.loads(found[0]) if found else {}


def _known_keys(kb: KnowledgeBase, table: str, positions: dict[str, list[int]] | None,
                counts: list[int] | None) -> tuple[Sequence[int], list[str] | None, list[str] | None]:
    """The pos, id and document of each row of ``table`` of ``kb`` as just saved at ``positions``
    (``stored_rows``): given its documents' ``counts`` (a table found by id through its index),
    its positions are made from them and its ids left to be read when first asked for (reading
    400,000 held ids took a second)."""
    items = getattr(kb, table)
    if positions is None:
        at: Sequence[int] = range(len(items))
    elif counts is not None:
        at = DocumentPositions(counts)
    else:
        at = positions[table]
    if table not in IDS_AT_OPEN:
        return at, None, None
    return at, None if counts is not None else item_ids(items), doc_ids(items)
