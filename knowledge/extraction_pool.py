"""Per-document extraction of a large folder on every core, in document order.

Extracting a document needs no other document (knowledge.document_extraction), so the
documents of a large folder are extracted by worker processes, in chunks. A worker sends
back each extraction as JSON, which is what the extraction cache stores anyway; the parent
reads it back, as a cached extraction is read. The results are the same, in the same
order, as extracting one document after another; a small folder is extracted in this
process (starting workers costs more than it saves).

Workers are started with "spawn": a fresh interpreter each, safe in a process with
threads (the Telegram bot reloads in one), and each ends when the build's process is gone
(a build killed with -9 leaves no worker behind). ``QABOT_BUILD_WORKERS=1`` extracts in
this process whatever the folder's size; another number caps the workers.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from knowledge import progress
from knowledge.document_extraction import DocumentExtraction, extract_document
from knowledge.gc_pause import paused_gc
from knowledge.models import Document, Passage, Sentence

log = logging.getLogger(__name__)

MIN_PARALLEL_CHARS = 1_000_000  # about 2 s of extraction: less does not pay for the workers' start
MIN_PARALLEL_DOCUMENTS = 16
CHUNK_CHARS = 100_000  # a chunk's text: small enough to spread the work, big enough to be cheap to send
WORKERS_VARIABLE = "QABOT_BUILD_WORKERS"
PARENT_CHECK_S = 0.5  # how often a worker looks whether the build's process is still there

Extracted = tuple[DocumentExtraction, str | None]  # an extraction and, when asked for, its JSON
T = TypeVar("T")
SideWork = Callable[[Sequence[Sentence], Sequence[Passage]], T]


@dataclass
class Sidecar(Generic[T]):
    """Work a worker does on each document it extracted, beside the extraction, so that the
    build's process need not: ``work`` (a module-level function, so that a worker can be sent
    it) of the document's sentences and passages, its result kept by document id in
    ``results``; ``around``, when given (module-level too), is entered around each chunk's
    work (a memo the chunk's documents share). A document extracted in this process, or whose
    work raised a ValueError, has none: the caller does its work itself. (``qabot build`` has
    the engine's analysis of each document made so: ``retrieval.document_analysis``.)

    Each chunk's results are kept as the worker pickled them (``packed``) until ``results`` is
    first read: ``qabot build`` reads them only in the process that saves the analysis, so the
    build's own process neither unpickles nor frees their millions of objects."""

    work: SideWork[T]
    around: Callable[[], AbstractContextManager[object]] | None = None
    packed: list[tuple[list[str], bytes]] = field(default_factory=list)  # a chunk's document ids, its results
    _results: dict[str, T] = field(default_factory=dict)

    @property
    def results(self) -> dict[str, T]:
        """Each document's result, by id (the ``packed`` ones unpickled now, in order)."""
        for ids, data in self.packed:
            self._results.update((doc_id, side) for doc_id, side in zip(ids, pickle.loads(data), strict=True)
                                 if side is not None)
        self.packed.clear()
        return self._results


def worker_count() -> int:
    """The processes to extract with: the cores this process may use, or the setting's cap;
    1 in a daemonic process (which may not start any)."""
    if multiprocessing.current_process().daemon:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit() and int(setting) > 0:
        return min(cores, int(setting))
    return cores


def _chunks(docs: list[Document]) -> list[list[Document]]:
    chunks: list[list[Document]] = [[]]
    size = 0
    for doc in docs:
        if chunks[-1] and size + len(doc.text) > CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(doc)
        size += len(doc.text)
    return chunks


def _exit_with_parent(parent: int) -> None:
    """In a worker, at its start: end it when the build's process is gone (killed, say), which
    a worker waiting for work would not otherwise notice."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="qabot-parent-watch", daemon=True).start()


def _side_result(work: SideWork[T] | None, part: DocumentExtraction) -> T | None:
    if work is None:
        return None
    try:
        return work(part.sentences, part.passages)
    except ValueError:  # a document the work is not for: the build's process sees to it
        return None
    except Exception as err:  # a fault of the side work must not cost the extraction: the same
        log.warning("%s: its analysis is left to the build's process (%s: %s)",  # fallback
                    part.doc_id, type(err).__name__, err)
        return None


def _extract_chunk(docs: list[Document], work: SideWork[T] | None = None,
                   around: Callable[[], AbstractContextManager[object]] | None = None,
                   ) -> tuple[list[str], bytes | None]:
    """In a worker: the extractions of ``docs`` as JSON and, with ``work``, the list of its
    results (each None where it has none), pickled; the work done inside ``around()`` when given."""
    with paused_gc(), around() if around is not None else contextlib.nullcontext():
        parts = [extract_document(doc) for doc in docs]
        sides = pickle.dumps([_side_result(work, part) for part in parts]) if work is not None else None
        return [part.model_dump_json() for part in parts], sides


def _in_workers(docs: list[Document], workers: int, sidecar: Sidecar[T] | None = None) -> Iterator[Extracted]:
    chunks = _chunks(docs)
    context = multiprocessing.get_context("spawn")
    extract = functools.partial(_extract_chunk, work=sidecar.work if sidecar is not None else None,
                                around=sidecar.around if sidecar is not None else None)
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context,
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        for datas, sides in pool.map(extract, chunks):
            ids: list[str] = []
            for data in datas:
                part = DocumentExtraction.model_validate_json(data)
                ids.append(part.doc_id)
                yield part, data
            if sidecar is not None and sides is not None:
                sidecar.packed.append((ids, sides))


def extract_many(docs: list[Document], keep_json: bool = False,
                 sidecar: Sidecar[T] | None = None) -> list[Extracted]:
    """Each document's extraction (and its JSON with ``keep_json``), in the order of ``docs``;
    with a ``sidecar``, its work is done on the documents extracted in workers."""
    workers = worker_count()
    if workers > 1 and len(docs) >= MIN_PARALLEL_DOCUMENTS and sum(len(d.text) for d in docs) >= MIN_PARALLEL_CHARS:
        results: list[Extracted] = []
        tick = progress.counter(len(docs))
        try:
            for result in _in_workers(docs, workers, sidecar):
                results.append(result)
                tick()
            return results
        except (BrokenProcessPool, OSError) as err:  # no processes to be had: the rest here
            log.warning("extraction workers failed (%s); extracting in this process", err)
            return results + extract_many_here(docs[len(results):], keep_json, tick)
    return extract_many_here(docs, keep_json)


def extract_many_here(docs: list[Document], keep_json: bool = False,
                      tick: Callable[[], None] | None = None) -> list[Extracted]:
    """``extract_many`` in this process; ``tick`` is told of each document (knowledge.progress)."""
    tick = tick or progress.counter(len(docs))
    results: list[Extracted] = []
    for doc in docs:
        part = extract_document(doc)
        results.append((part, part.model_dump_json() if keep_json else None))
        tick()
    return results


def extract_documents(docs: list[Document]) -> list[DocumentExtraction]:
    """Each document's extraction, in order: workers for a large folder (see the module)."""
    return [part for part, _ in extract_many(docs)]
