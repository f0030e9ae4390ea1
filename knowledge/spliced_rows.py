"""A rebuilt knowledge base's sentences or passages: unchanged documents' rows left unread in the store.

After one document of a large folder changes, the process that holds the folder's knowledge
base opened from its store (knowledge.stored_rows) builds it again (knowledge.previous_build),
and every other document's sentences and passages are the rows they were. Read whole to be
offered to the build, they were more than half of such a rebuild at 100,000 passages. So an
unchanged document offers a ``RowSpan`` of the held ``StoredRows`` (its ids and documents
known, no row read), and the build joins the documents' rows into a ``SplicedRows``:
runs of spans and the changed documents' new objects. Of those the build reads only ids,
documents and the new objects (knowledge.sqlite_store.document_positions,
knowledge.store_patch); once the patched store is saved, the loader reads the new knowledge
base's rows from it on demand (knowledge.store.reopen_rows), as a fresh process would.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from typing import Generic, TypeVar

from pydantic import BaseModel

from knowledge.row_sequence import RowSequence
from knowledge.stored_rows import StoredRows

T = TypeVar("T", bound=BaseModel)


class RowSpan(RowSequence[T], Generic[T]):
    """The rows ``start`` to ``stop`` of a ``StoredRows`` (one document's), none read to make it.

    ``documents``: the document of each row of the whole table, when its rows do not name
    theirs (dated facts: in the by-document layout, a row's document is its position's);
    else the table's ``doc_ids``."""

    def __init__(self, rows: StoredRows[T], start: int, stop: int,
                 documents: Sequence[str] | None = None) -> None:
        self.rows = rows
        self.start = start
        self.stop = stop
        self.documents = documents

    @property
    def ids(self) -> list[str]:
        return self.rows.ids[self.start:self.stop]

    @property
    def doc_ids(self) -> list[str]:
        return list((self.rows.doc_ids if self.documents is None else self.documents)[self.start:self.stop])

    def __len__(self) -> int:
        return self.stop - self.start

    def _row(self, index: int) -> T:
        return self.rows[self.start + index]

    def __iter__(self) -> Iterator[T]:
        """Its rows, the whole table read in one query the first time (as ``StoredRows`` does)."""
        return iter(self.rows.whole()[self.start:self.stop])

    def __repr__(self) -> str:
        return f"RowSpan({self.rows!r}, {self.start}, {self.stop})"


class SplicedRows(RowSequence[T], Generic[T]):
    """Runs of rows in order: lists of objects and ``RowSpan``s (adjacent spans of one table joined)."""

    def __init__(self) -> None:
        self._runs: list[list[T] | RowSpan[T]] = []
        self._starts: list[int] = []
        self._length = 0

    def extend(self, items: Iterable[T]) -> None:
        last = self._runs[-1] if self._runs else None
        if isinstance(items, RowSpan):
            if isinstance(last, RowSpan) and last.rows is items.rows and last.stop == items.start \
                    and last.documents is items.documents:
                self._runs[-1] = RowSpan(last.rows, last.start, items.stop, last.documents)
                self._length += len(items)
                return
            run: list[T] | RowSpan[T] = items
        elif isinstance(last, list):
            before = len(last)
            last.extend(items)
            self._length += len(last) - before
            return
        else:
            run = list(items)
        if len(run):
            self._runs.append(run)
            self._starts.append(self._length)
            self._length += len(run)

    def append(self, item: T) -> None:
        self.extend([item])

    @property
    def ids(self) -> list[str]:
        return [i for run in self._runs for i in (run.ids if isinstance(run, RowSpan) else (s.id for s in run))]  # type: ignore[attr-defined]

    @property
    def doc_ids(self) -> list[str]:
        return self.documents(lambda item: item.doc_id)  # type: ignore[attr-defined]

    def documents(self, document_of: Callable[[T], str]) -> list[str]:
        """The document of each row: a span's as known (none read), a new object's by ``document_of``."""
        return [d for run in self._runs for d in (run.doc_ids if isinstance(run, RowSpan) else map(document_of, run))]

    @property
    def spans(self) -> list[RowSpan[T]]:
        return [run for run in self._runs if isinstance(run, RowSpan)]

    def origin(self, start: int, stop: int) -> tuple[StoredRows[T], int] | None:
        """The ``StoredRows`` and the index in it that its rows ``start`` to ``stop`` (not
        empty) are a span of, or None when some of them are new objects or not in one span."""
        at = bisect_right(self._starts, start) - 1
        run = self._runs[at] if at >= 0 else None
        if not isinstance(run, RowSpan) or stop - self._starts[at] > len(run):
            return None
        return run.rows, run.start + start - self._starts[at]

    def __len__(self) -> int:
        return self._length

    def _row(self, index: int) -> T:
        at = bisect_right(self._starts, index) - 1
        return self._runs[at][index - self._starts[at]]

    def __iter__(self) -> Iterator[T]:
        for run in self._runs:
            yield from run

    def __repr__(self) -> str:
        return f"SplicedRows({len(self)} rows in {len(self._runs)} runs)"


def joined(parts: Iterable[Sequence[T]]) -> list[T] | SplicedRows[T]:
    """``parts`` one after another: a list, or a ``SplicedRows`` when some are ``RowSpan``s."""
    parts = list(parts)
    if not any(isinstance(part, RowSpan) for part in parts):
        return [item for part in parts for item in part]
    spliced: SplicedRows[T] = SplicedRows()
    for part in parts:
        spliced.extend(part)
    return spliced


def row_spans(rows: StoredRows[T], documents: Sequence[str] | None = None) -> dict[str, RowSpan[T]] | None:
    """Each document's rows of ``rows`` as a span, by document id; None when some document's
    rows are not in one run. ``documents``: each row's document, when the rows do not name
    theirs (see ``RowSpan``)."""
    spans: dict[str, RowSpan[T]] = {}
    start = 0
    for doc_id, run in groupby(rows.doc_ids if documents is None else documents):
        stop = start + len(list(run))
        if doc_id in spans or doc_id is None:
            return None
        spans[doc_id] = RowSpan(rows, start, stop, documents)
        start = stop
    return spans
