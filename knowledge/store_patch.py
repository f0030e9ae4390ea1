"""A rebuilt store written as a copy of the previous one with only the changed documents' rows.

After one document of a large folder changes, most of the store is as it was: a document's
own rows (its document, sentences and passages) follow from its bytes and the extraction
code alone. So the previous store file is copied and, in the copy, the rows of the
documents whose input hash changed are replaced (the rows of ``sqlite_store.DOCUMENT_TABLES``
sit at positions of their own document, ``sqlite_store.BY_DOCUMENT``). A document's events
and dated facts depend on the corpus too: they are kept when they are the very objects of
the knowledge base this process held before the build (knowledge.previous_build), built from
the same inputs as the previous store, and replaced otherwise. The other corpus-wide tables
(people, acronyms, series, skipped files) and the meta table are written anew. The copy is a
temporary file that replaces the store only when whole, as a full write is; a rebuild makes
it while it builds (knowledge.store_copy).

The previous store serves only when it is complete and of this format and layout, holds
the same documents in the same order, and was built from the same extractor and settings
(every input that is not a document has the same hash); else, or when many documents
changed, the store is written whole.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.errors import KnowledgeBaseError
from knowledge.extraction_cache import is_digest
from knowledge.models import KnowledgeBase
from knowledge.previous_build import PreviousBuild
from knowledge.spliced_rows import RowSpan, SplicedRows
from knowledge.sqlite_store import (
    BY_DOCUMENT,
    DOCUMENT_SHIFT,
    DOCUMENT_TABLES,
    LAYOUT_KEY,
    begin,
    create_id_indexes,
    document_positions,
    document_rows,
    open_store,
    row_tables,
    rows,
    stored_meta,
    write_meta,
)

log = logging.getLogger(__name__)

MOST_CHANGED = 4  # patch only when at most 1/4 of the documents changed


def _unchanged(old: dict[str, str], new: dict[str, str], path: str) -> bool:
    digest = new.get(path)
    return is_digest(digest) and old.get(path) == digest


@dataclass(frozen=True)
class _Previous:
    """What the previous store tells: the documents whose rows differ, and its inputs."""

    changed: set[int]
    inputs: dict[str, str]


def _previous(kb: KnowledgeBase, previous: Path) -> _Previous | None:
    try:
        con = open_store(previous)
        try:
            meta = stored_meta(previous, con)
            ids = [doc_id for (doc_id,) in con.execute("SELECT id FROM documents ORDER BY pos")]
        finally:
            con.close()
    except (KnowledgeBaseError, sqlite3.DatabaseError):
        return None
    old = meta.get("inputs")
    if meta.get(LAYOUT_KEY) != BY_DOCUMENT or not isinstance(old, dict) \
            or ids != [doc.id for doc in kb.documents]:
        return None
    paths = {doc.path for doc in kb.documents}
    if any(old.get(name) != kb.inputs.get(name) for name in {*old, *kb.inputs} - paths):
        return None  # another extractor, other settings
    changed = {i for i, doc in enumerate(kb.documents) if not doc.sha256 or not _unchanged(old, kb.inputs, doc.path)}
    return _Previous(changed, old)


def _changed_by_table(kb: KnowledgeBase, positions: dict[str, list[int]], old: _Previous,
                      held: PreviousBuild | None) -> dict[str, set[int] | None]:
    """For each of DOCUMENT_TABLES, the documents whose rows to replace (None: the whole table).

    A document's own rows (document, sentences, passages) follow from its bytes. Its events
    and dated facts follow from the whole corpus: they are kept where they are the very objects
    of ``held``, when ``held`` was built from the same inputs as the previous store (and so
    its rows are those objects'), else the tables are written whole.
    """
    tables: dict[str, set[int] | None] = {table: set(old.changed) for table in DOCUMENT_TABLES[:3]}
    same_build = held is not None and held.inputs == old.inputs
    for table in DOCUMENT_TABLES[3:]:
        if not same_build or held is None:
            tables[table] = None
            continue
        items, at, before = getattr(kb, table), positions[table], getattr(held, table)
        changed = set(old.changed)
        for index, doc in enumerate(kb.documents):
            if not _held_rows(items, document_rows(at, index), before.get(doc.id, [])):
                changed.add(index)
        tables[table] = changed
    return tables


def _held_rows(items: Sequence[Any], mine: range, was: Sequence[Any]) -> bool:
    """Whether ``items[mine]`` (a document's rows of the new knowledge base) are the held ones
    ``was``: the very objects, or the very span of the held store's rows (none read)."""
    if len(mine) != len(was):
        return False
    if not mine:
        return True
    if isinstance(was, RowSpan):
        origin = items.origin(mine.start, mine.stop) if isinstance(items, SplicedRows) else None
        if origin is not None and origin[0] is was.rows and origin[1] == was.start:
            return True
        if not was.rows.is_whole:  # not read: so not taken as objects either
            return False
    return all(items[k] is b for k, b in zip(mine, was, strict=True))


def patch_copy(kb: KnowledgeBase, previous: Path, tmp: Path, held: PreviousBuild | None = None,
               positions: dict[str, list[int]] | None = None, copied: bool = False) -> bool:
    """Write ``kb`` into ``tmp`` as a patched copy of ``previous``; False (``tmp`` empty) when
    that store cannot serve or too much changed. ``held``: see ``_changed_by_table``;
    ``positions``: ``document_positions(kb)``, when known. ``copied``: ``tmp`` already holds
    a copy of ``previous`` (knowledge.store_copy), which is what is checked and patched."""
    positions = positions if positions is not None else document_positions(kb)
    old = _previous(kb, tmp if copied else previous) if positions is not None else None
    if positions is None or old is None or len(old.changed) * MOST_CHANGED > len(kb.documents):
        if copied:
            tmp.write_bytes(b"")
        return False
    tables = _changed_by_table(kb, positions, old, held)
    if not copied:
        shutil.copyfile(previous, tmp)
    try:
        _patch(kb, tmp, positions, tables)
    except sqlite3.DatabaseError as err:
        log.info("%s: not patched (%s); writing it whole", previous, err)
        tmp.write_bytes(b"")
        return False
    log.info("%s: rows of %d document(s) replaced", previous, len(old.changed))
    return True


def _patch(kb: KnowledgeBase, path: Path, positions: dict[str, list[int]],
           tables: dict[str, set[int] | None]) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        begin(con)
        for table in row_tables():
            changed = tables.get(table)
            if changed is None:
                con.execute(f"DELETE FROM {table}")
                con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                                rows(getattr(kb, table), positions.get(table)))
                continue
            con.executemany(f"DELETE FROM {table} WHERE pos >= ? AND pos < ?",
                            ((i << DOCUMENT_SHIFT, (i + 1) << DOCUMENT_SHIFT) for i in sorted(changed)))
            items, at = getattr(kb, table), positions[table]
            picked = [k for i in sorted(changed) for k in document_rows(at, i)]
            con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                            rows([items[k] for k in picked], [at[k] for k in picked]))
        create_id_indexes(con)  # a store written before the ids had one
        con.execute("DELETE FROM meta")
        write_meta(con, kb, BY_DOCUMENT, positions)
        con.execute("COMMIT")
    finally:
        con.close()
