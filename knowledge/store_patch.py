"""A rebuilt store written as a copy of the previous one with only the changed documents' rows.

After one document of a large folder changes, most of the store is as it was: a document's
own rows (its document, sentences and passages, ``sqlite_store.DOCUMENT_TABLES``) follow
from its bytes and the extraction code alone. So the previous store file is copied and,
in the copy, the rows of the documents whose input hash changed are replaced (they sit
at positions of their own, ``sqlite_store.BY_DOCUMENT``), and the corpus-wide tables
(events, dated facts, people, acronyms, series, skipped files) and the meta table are
written anew. The copy is a temporary file that replaces the store only when whole, as
a full write is.

The previous store serves only when it is complete and of this format and layout, holds
the same documents in the same order, and was built from the same extractor and settings
(every input that is not a document has the same hash); else, or when many documents
changed, the store is written whole.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase
from knowledge.sqlite_store import (
    BY_DOCUMENT,
    DOCUMENT_SHIFT,
    DOCUMENT_TABLES,
    LAYOUT_KEY,
    begin,
    document_positions,
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
    return digest is not None and not digest.startswith("(") and old.get(path) == digest  # "(changed ...)"


def changed_documents(kb: KnowledgeBase, previous: Path) -> set[int] | None:
    """The indexes of the documents whose rows differ from the previous store's, or None when
    that store cannot be patched into ``kb``'s."""
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
    return {i for i, doc in enumerate(kb.documents) if not doc.sha256 or not _unchanged(old, kb.inputs, doc.path)}


def patch_copy(kb: KnowledgeBase, previous: Path, tmp: Path) -> bool:
    """Write ``kb`` into ``tmp`` as a patched copy of ``previous``; False (``tmp`` untouched)
    when that store cannot serve or too much changed."""
    positions = document_positions(kb)
    changed = changed_documents(kb, previous) if positions is not None else None
    if positions is None or changed is None or len(changed) * MOST_CHANGED > len(kb.documents):
        return False
    shutil.copyfile(previous, tmp)
    try:
        _patch(kb, tmp, positions, changed)
    except sqlite3.DatabaseError as err:
        log.info("%s: not patched (%s); writing it whole", previous, err)
        tmp.write_bytes(b"")
        return False
    log.info("%s: rows of %d document(s) replaced", previous, len(changed))
    return True


def _patch(kb: KnowledgeBase, path: Path, positions: dict[str, list[int]], changed: set[int]) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        begin(con)
        for table in DOCUMENT_TABLES:
            con.executemany(f"DELETE FROM {table} WHERE pos >= ? AND pos < ?",
                            ((i << DOCUMENT_SHIFT, (i + 1) << DOCUMENT_SHIFT) for i in sorted(changed)))
            items, at = getattr(kb, table), positions[table]
            picked = [k for k, pos in enumerate(at) if pos >> DOCUMENT_SHIFT in changed]
            con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                            rows([items[k] for k in picked], [at[k] for k in picked]))
        for table in row_tables():
            if table not in DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table}")
                con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows(getattr(kb, table)))
        con.execute("DELETE FROM meta")
        write_meta(con, kb, BY_DOCUMENT)
        con.execute("COMMIT")
    finally:
        con.close()
