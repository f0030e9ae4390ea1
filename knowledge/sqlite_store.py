"""The working fact store: one SQLite file, written in one transaction and swapped in whole.

Layout, derived from the pydantic models so that a field added to one of them is stored
and read back with no change here:

- ``meta(key, value)``: every field of ``KnowledgeBase`` that is not a list of models
  (schema version, source, input hashes, aliases, places), as JSON; then ``complete``,
  written last, in the same transaction.
- one table per list of models (``documents``, ``sentences``, ``passages``, ``events``, ...):
  ``(pos, id, doc_id, data)``, where ``data`` is the item's ``model_dump_json()``.

Reading assembles the rows into one JSON text and validates it with
``KnowledgeBase.model_validate_json`` (in pydantic-core, no per-row Python objects). A file
shorter than its own page count says, or one without the ``complete`` row, is refused.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from knowledge.atomic import write_atomically
from knowledge.errors import KnowledgeBaseError
from knowledge.gc_pause import paused_gc
from knowledge.models import KnowledgeBase, require_schema

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


def _write(kb: KnowledgeBase, path: Path) -> None:
    tables = row_tables()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=OFF")  # a private temporary file: the rename is the commit
        con.execute("PRAGMA synchronous=OFF")  # write_atomically fsyncs before the rename
        con.execute("BEGIN")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        meta = kb.model_dump(mode="json", exclude=set(tables))
        con.execute("INSERT INTO meta VALUES ('format', ?)", (json.dumps(FORMAT),))
        con.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
        for table in tables:
            con.execute(f"CREATE TABLE {table} (pos INTEGER PRIMARY KEY, id TEXT, doc_id TEXT, "
                        "data TEXT NOT NULL)")
            con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", _rows(getattr(kb, table)))
            con.execute(f"CREATE INDEX {table}_doc ON {table} (doc_id)")
        con.execute("INSERT INTO meta VALUES ('complete', ?)", (json.dumps(len(tables)),))
        con.execute("COMMIT")
    finally:
        con.close()


def _rows(items: list[BaseModel]) -> Iterator[tuple[int, str | None, str | None, str]]:
    """``(pos, id, doc_id, data)`` of each item; ``data`` is its ``model_dump_json()``, made by
    the model's serializer directly (the method's own Python costs as much as the JSON)."""
    serializers: dict[type, Callable[[BaseModel], bytes]] = {}
    for pos, item in enumerate(items):
        cls = type(item)
        to_json = serializers.get(cls)
        if to_json is None:
            to_json = serializers[cls] = cls.__pydantic_serializer__.to_json
        yield pos, getattr(item, "id", None), getattr(item, "doc_id", None), to_json(item).decode()


def save_sqlite(kb: KnowledgeBase, path: Path) -> None:
    """Write ``kb`` to ``path`` as a new file that replaces the old one only when whole."""
    write_atomically(path, lambda tmp: _write(kb, tmp))


def _open(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: no such fact store")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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
    con = _open(path)
    try:
        inputs = _meta(path, con).get("inputs")
    finally:
        con.close()
    if not isinstance(inputs, dict):
        raise KnowledgeBaseError(f"{path}: inputs: not a mapping; run `qabot build` again")
    return inputs


def load_sqlite(path: Path) -> KnowledgeBase:
    """The KnowledgeBase stored at ``path``; a KnowledgeBaseError names what is wrong with it."""
    con = _open(path)
    try:
        meta = _meta(path, con)
        parts = [json.dumps(meta)[:-1]]
        for table in row_tables():
            try:
                rows = [data for (data,) in con.execute(f"SELECT data FROM {table} ORDER BY pos")]
            except sqlite3.OperationalError:
                rows = []  # a list field newer than the store: empty, as its default
            except sqlite3.DatabaseError as err:
                raise KnowledgeBaseError(f"{path}: damaged fact store ({err}); run `qabot build` again") from err
            parts.append(f', "{table}": [{",".join(rows)}]')
    finally:
        con.close()
    try:
        with paused_gc():  # a million small objects, none of them garbage yet
            return KnowledgeBase.model_validate_json("".join(parts) + "}")
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise KnowledgeBaseError(f"{path}: {field}: {first['msg']}; run `qabot build` again") from err
