"""The knowledge base this process last loaded of a folder: unchanged documents' objects, for the next build.

After one document of a large folder changes, a process that holds the folder's knowledge
base (the Telegram bot's ``/reload``, a benchmark's second load) builds it again, and all
but one document's ``Document``, sentences and passages are what they were: they follow
from the file's bytes and the extraction code alone (knowledge.document_extraction).
Made again from the cache's JSON, they were about half of such a rebuild at 100,000
passages; taken from the knowledge base in memory, they cost a look-up. Its events and
dated facts by document serve too, where the corpus-wide step finds them unchanged
(knowledge.document_memo.held_share), and so do its rows of the store
(knowledge.store_patch: an object taken from it is stored as it was).

The loader records each knowledge base it returns for a folder here, by weak reference:
one that nobody holds any more is gone, and a fresh process has none (it reads the cache).
One opened from its store, whose sentences and passages are read on demand
(knowledge.stored_rows), offers each document's rows as a span of them, none read
(knowledge.spliced_rows): read whole, they were more than half of an edit's rebuild at
100,000 passages.
A document's objects are offered only when that knowledge base was built by the same
extraction code (its ``inputs`` hold the extractor's hash) from a file with the same
hash. The two knowledge bases then share those objects; nothing changes a built
knowledge base's documents, sentences or passages (they are made once, by extraction).
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

from knowledge.models import DatedFact, Document, Event, KnowledgeBase, Passage, Sentence
from knowledge.stored_rows import StoredRows, item_ids

T = TypeVar("T")

_HELD: weakref.WeakValueDictionary[Path, KnowledgeBase] = weakref.WeakValueDictionary()


def remember(folder: Path, kb: KnowledgeBase) -> None:
    """Record ``kb`` as the knowledge base this process holds of ``folder``."""
    _HELD[folder.resolve()] = kb


def forget(folder: Path) -> None:
    _HELD.pop(folder.resolve(), None)


@dataclass(frozen=True)
class DocumentObjects:
    """One document of a held knowledge base: the document and its sentences and passages, in order."""

    document: Document
    sentences: Sequence[Sentence]
    passages: Sequence[Passage]


@dataclass(frozen=True)
class PreviousBuild:
    """The documents of a held knowledge base that the current extraction code made, by file
    name; its events and dated facts by document id; and the inputs it was built from."""

    documents: dict[str, DocumentObjects]
    events: dict[str, Sequence[Event]]  # lists, or spans of a store's rows (knowledge.spliced_rows)
    dated: dict[str, Sequence[DatedFact]]
    inputs: dict[str, str]

    def get(self, name: str, sha256: str) -> DocumentObjects | None:
        """The objects of the file ``name`` when it was read with hash ``sha256``, else None."""
        found = self.documents.get(name)
        return found if found is not None and sha256 and found.document.sha256 == sha256 else None


@dataclass(frozen=True)
class HeldFacts:
    """A held knowledge base's events and dated facts by document, with what its corpus-wide
    step found them under (knowledge.corpus_facts): the context's hash and the dated series."""

    context: str
    dated_series: frozenset[str]
    events: dict[str, Sequence[Event]]
    dated: dict[str, Sequence[DatedFact]]


def _by_document(items: Iterable[T], doc_of: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` by document, in order; they come in runs of one document each (groupby: no
    Python step per item)."""
    groups: dict[str, list[T]] = {}
    for doc_id, run in groupby(items, doc_of):
        groups.setdefault(doc_id, []).extend(run)
    return groups


def sentence_document(sentence_id: str) -> str:
    """The document id of a sentence id ("shop/prices#s3" → "shop/prices")."""
    return sentence_id.rpartition("#")[0]


_DOC_ID = attrgetter("doc_id")


def _document_rows(items: Sequence[T], doc_of: Callable[[T], str] = _DOC_ID,
                   documents: Sequence[str] | None = None) -> Mapping[str, Sequence[T]]:
    """``items`` by document: spans of rows left unread when they are a store's rows read on
    demand (knowledge.spliced_rows), else lists. ``documents``: each row's document, when
    the rows do not name theirs (None: unknown, unless they do)."""
    if isinstance(items, StoredRows) and not items.is_whole and (documents is not None or doc_of is _DOC_ID):
        from knowledge.spliced_rows import row_spans

        spans = row_spans(items, documents)
        if spans is not None:
            return spans
    return _by_document(items, doc_of)


def _dated_documents(kb: KnowledgeBase) -> list[str] | None:
    """The document of each of ``kb``'s dated facts read on demand, none read: in the
    by-document layout, a row's document is the one at its position >> DOCUMENT_SHIFT.
    None when they are not so stored."""
    from knowledge.sqlite_store import DOCUMENT_SHIFT

    dated = kb.dated
    if not isinstance(dated, StoredRows) or dated.is_whole or not dated.by_document:
        return None
    ids = item_ids(kb.documents)
    at = [pos >> DOCUMENT_SHIFT for pos in dated.row_positions]
    return [ids[i] for i in at] if all(0 <= i < len(ids) for i in at[:1] + at[-1:]) else None


def previous_build(folder: Path, extractor_key: str, fingerprint: str) -> PreviousBuild | None:
    """The held knowledge base of ``folder``, if the extraction code of ``fingerprint`` built it."""
    kb = _HELD.get(folder.resolve())
    if kb is None or kb.inputs.get(extractor_key) != fingerprint:
        return None
    sentences, passages = _document_rows(kb.sentences), _document_rows(kb.passages)
    ids = Counter(doc.id for doc in kb.documents)  # "facts": a document's and the curated facts' own
    documents = {doc.path: DocumentObjects(doc, sentences.get(doc.id, []), passages.get(doc.id, []))
                 for doc in kb.documents
                 if doc.sha256 and kb.inputs.get(doc.path) == doc.sha256 and ids[doc.id] == 1}
    kept = {objects.document.id for objects in documents.values()}
    events = _document_rows(kb.events)
    dated = _document_rows(kb.dated, lambda d: sentence_document(d.sentence_id), _dated_documents(kb))
    return PreviousBuild(documents, {i: v for i, v in events.items() if i in kept},
                         {i: v for i, v in dated.items() if i in kept}, dict(kb.inputs))
