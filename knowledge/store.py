"""Where a knowledge base's fact store lives, and reading and writing it in either format.

The working store is ``DIR/.qabot/store.sqlite`` (knowledge.sqlite_store), what commands
load. A path ending in ``.yaml`` or ``.yml`` is the readable export (knowledge.yaml_store),
written by ``qabot export --yaml`` or ``qabot build --out FILE.yaml``; it can be read back
too. Either way a store that points at a sentence or document it does not hold is refused.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from knowledge.errors import KnowledgeBaseError
from knowledge.models import DatedFact, Event, KnowledgeBase, Passage
from knowledge.previous_build import PreviousBuild
from knowledge.sqlite_store import SPLICED_TABLES, load_sqlite, save_sqlite, stored_rows
from knowledge.sqlite_store import stored_inputs as sqlite_stored_inputs
from knowledge.stored_rows import StoredRows, doc_ids, item_ids, positions_of

if TYPE_CHECKING:
    from knowledge.store_copy import StoreCopy

log = logging.getLogger(__name__)
T = TypeVar("T")

STORE_DIR = ".qabot"
STORE_NAME = "store.sqlite"
YAML_SUFFIXES = {".yaml", ".yml"}


def default_store_path(folder: Path) -> Path:
    return folder / STORE_DIR / STORE_NAME


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def save_store(kb: KnowledgeBase, path: Path, patch: bool = False,
               held: PreviousBuild | None = None, copy: StoreCopy | None = None) -> dict[str, list[int]] | None:
    """Write ``kb`` to ``path``, as YAML if the name ends in .yaml, else as SQLite; never half-written.

    ``patch``: ``kb`` is a build of the folder the store at ``path`` holds, so a SQLite store
    may be written as a copy of it with only the changed documents' rows replaced (``held``:
    the knowledge base this process held before ``kb`` was built, knowledge.sqlite_store;
    ``copy``: that copy, made while ``kb`` was built, knowledge.store_copy).
    Returns where a SQLite store's rows are (``save_sqlite``), None for YAML.
    """
    if is_yaml(path):
        from knowledge.yaml_store import save_yaml  # the YAML library only for a YAML file

        if copy is not None:
            copy.discard()
        save_yaml(kb, path)
        return None
    return save_sqlite(kb, path, patch=patch, held=held, copy=copy)


def reopen_rows(kb: KnowledgeBase, path: Path | None, positions: dict[str, list[int]] | None = None) -> None:
    """Make ``kb``'s rows spliced from a held store's (knowledge.spliced_rows: sentences,
    passages, events, dated facts) the rows of ``path``, the SQLite store just saved of ``kb``
    with its rows at ``positions`` (``save_store``'s), read on demand and checked as they are
    read, as a fresh open's are; or lists, read whole, when ``path`` is None (not saved), a
    YAML file, or cannot be opened."""
    from knowledge.spliced_rows import SplicedRows

    tables = [table for table in SPLICED_TABLES if isinstance(getattr(kb, table), SplicedRows)]
    if not tables:
        return
    if path is not None and not is_yaml(path):
        try:
            opened = stored_rows(path, kb, positions, tables)
        except KnowledgeBaseError as err:
            log.warning("%s; its rows read whole instead", err)
        else:
            for table, items in opened.items():
                setattr(kb, table, items)
            _check_rows(kb)
            return
    for table in tables:
        setattr(kb, table, list(getattr(kb, table)))


def _check_rows(kb: KnowledgeBase) -> None:
    """Have ``kb``'s rows read on demand test each row's references as it is read."""
    sentences = positions_of(kb.sentences)
    checks = {"passages": functools.partial(_passage_problem, sentences),
              "events": functools.partial(_event_problem, sentences, {p.id for p in kb.people}),
              "dated": functools.partial(_dated_problem, sentences)}
    for table, check in checks.items():
        items = getattr(kb, table)
        if isinstance(items, StoredRows):
            items.check_each(check)


def stored_inputs(path: Path) -> dict[str, str]:
    """The input hashes ``path`` was built from: cheap for SQLite, a whole load for YAML."""
    if is_yaml(path):
        from knowledge.yaml_store import load_yaml

        return load_yaml(path).inputs
    return sqlite_stored_inputs(path)


def load_store(path: Path) -> KnowledgeBase:
    if is_yaml(path):
        from knowledge.yaml_store import load_yaml

        kb = load_yaml(path)
    else:
        kb = load_sqlite(path)
    dangling = _dangling_reference(kb)
    if dangling:
        raise KnowledgeBaseError(f"{path}: {dangling}; run `qabot build` again")
    return kb


def _dangling_reference(kb: KnowledgeBase) -> str:
    """The first fact that points at a sentence or document the store does not hold, or "".

    Every reference is tested against sets at once (one pass over each table, no list of
    every reference); only a store that fails is searched for its first bad reference.
    Passages, events and dated facts read on demand (a ``StoredRows``) are tested each as it
    is read."""
    sentences = positions_of(kb.sentences)  # read without the sentences themselves (a StoredRows)
    people = {p.id for p in kb.people}
    cited: set[str] = set()
    find = kb.sentences.find if isinstance(kb.sentences, StoredRows) else None  # rows read together: theirs too
    if isinstance(kb.passages, StoredRows):
        kb.passages.check_each(functools.partial(_passage_problem, positions_of(kb.sentences)),
                               find and (lambda rows: find(s for p in rows for s in p.sentence_ids)))
    else:
        for p in kb.passages:
            cited.update(p.sentence_ids)
    named: set[str] = set()
    if isinstance(kb.events, StoredRows):
        kb.events.check_each(functools.partial(_event_problem, positions_of(kb.sentences), people),
                             find and (lambda rows: find(s for e in rows for s in e.sentence_ids + e.details)))
    else:
        for e in kb.events:
            cited.update(e.sentence_ids)
            cited.update(e.details)
        named = {person for e in kb.events for person in e.people}
    if isinstance(kb.dated, StoredRows):
        kb.dated.check_each(functools.partial(_dated_problem, positions_of(kb.sentences)),
                            find and (lambda rows: find(d.sentence_id for d in rows)))
    else:
        cited.update(d.sentence_id for d in kb.dated)
    cited.update(r.sentence_id for p in kb.people for r in p.roles)
    cited.update(sid for a in kb.acronyms for sid in a.sentence_ids)
    if isinstance(kb.sentences, StoredRows):
        kb.sentences.find(cited)  # looked up together, where the table has an index of its ids
    # Sentences whose documents follow from where they sit are of the store's documents.
    by_layout = isinstance(kb.sentences, StoredRows) and kb.sentences.documents_by_layout
    documents = set() if by_layout else set(item_ids(kb.documents))
    if (by_layout or set(doc_ids(kb.sentences)) <= documents) and all(sid in sentences for sid in cited) \
            and named <= people:
        return ""
    return _first_dangling(kb, sentences, set(item_ids(kb.documents)), people)


def _passage_problem(sentences: Container[str], passage: Passage) -> str:
    unknown = next((sid for sid in passage.sentence_ids if sid not in sentences), None)
    return "" if unknown is None else f"passage {passage.id} cites unknown sentence {unknown!r}"


def _event_problem(sentences: Container[str], people: Container[str], event: Event) -> str:
    unknown = next((sid for sid in event.sentence_ids + event.details if sid not in sentences), None)
    if unknown is not None:
        return f"event {event.id} cites unknown sentence {unknown!r}"
    nobody = next((p for p in event.people if p not in people), None)
    return "" if nobody is None else f"event {event.id} names unknown person {nobody!r}"


def _dated_problem(sentences: Container[str], fact: DatedFact) -> str:
    return "" if fact.sentence_id in sentences else f"dated fact {fact.id} cites unknown sentence {fact.sentence_id!r}"


def _first_dangling(kb: KnowledgeBase, sentences: Container[str], documents: set[str], people: set[str]) -> str:
    for sid, doc_id in zip(item_ids(kb.sentences), doc_ids(kb.sentences), strict=True):
        if doc_id not in documents:
            return f"sentence {sid} names unknown document {doc_id!r}"

    def unread(items: Sequence[T]) -> Sequence[T]:  # those read on demand check themselves when read
        return () if isinstance(items, StoredRows) else items

    events = unread(kb.events)
    references = [(f"passage {p.id}", sid) for p in unread(kb.passages) for sid in p.sentence_ids]
    references += [(f"event {e.id}", sid) for e in events for sid in e.sentence_ids + e.details]
    references += [(f"dated fact {d.id}", d.sentence_id) for d in unread(kb.dated)]
    references += [(f"person {p.id}", r.sentence_id) for p in kb.people for r in p.roles]
    references += [(f"acronym {a.short}", sid) for a in kb.acronyms for sid in a.sentence_ids]
    for owner, sid in references:
        if sid not in sentences:
            return f"{owner} cites unknown sentence {sid!r}"
    for e in events:
        unknown = [p for p in e.people if p not in people]
        if unknown:
            return f"event {e.id} names unknown person {unknown[0]!r}"
    return ""
