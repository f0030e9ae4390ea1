"""Load a knowledge base folder, or the bundled documents, as a KnowledgeBase.

The bundled documents are extracted in memory once and cached in the user's cache folder
(knowledge.bundled_cache); a later start opens that store, or extracts them again when it
is missing, stale or unusable. A user folder's fact store (``DIR/.qabot/store.sqlite``,
written by ``qabot build``) is used when every input file's hash still matches; otherwise
the folder is extracted again and an existing store is rewritten.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable
from contextlib import ExitStack
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge import bundled_cache, forked_work
from knowledge.errors import KnowledgeBaseError
from knowledge.extraction_cache import ExtractionCache, cached_file_hash, open_cache
from knowledge.gc_pause import paused_gc
from knowledge.ingest import SETTINGS_FILES, document_files, relative_name
from knowledge.models import KnowledgeBase
from knowledge.previous_build import PreviousBuild, previous_build, remember
from knowledge.store import default_store_path, load_store, reopen_rows, save_store, stored_inputs
from knowledge.store_copy import start_copy

if TYPE_CHECKING:
    from knowledge.extraction_pool import Sidecar

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).parent / "documents"

EXTRACTOR_KEY = "(extractor)"


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the extraction code and bundled aliases: a store made by other code is stale."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here / "aliases.yaml"]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def input_hashes(folder: Path, cache: ExtractionCache | None = None) -> dict[str, str]:
    """sha256 of every file the knowledge base is built from, and of the extractor.

    With a ``cache``, a file whose size and time stamp are unchanged is not read again.
    """
    documents = document_files(folder)
    settings = [folder / n for n in sorted(SETTINGS_FILES) if (folder / n).is_file()]
    hashes = {EXTRACTOR_KEY: extractor_fingerprint()}
    for file in documents:
        try:
            hashes[file.name] = cached_file_hash(cache, file.path, file.name)
        except OSError as err:
            hashes[file.name] = f"(unreadable: {err.strerror})"  # skipped and reported by the build, not fatal
    for path in settings:
        name = relative_name(folder, path)
        try:
            hashes[name] = cached_file_hash(cache, path, name)
        except OSError as err:  # the folder's own settings: nothing is right without them
            raise KnowledgeBaseError(f"{path}: cannot read ({err.strerror})") from err
    return hashes


CHANGED_DURING_BUILD = "(changed during the build)"


def build_knowledge_base(*args: Any, **kwargs: Any) -> KnowledgeBase:
    """``knowledge.build.build_knowledge_base``, imported when first called: opening a
    folder whose store is current imports none of the extraction pipeline."""
    from knowledge.build import build_knowledge_base as extract

    return extract(*args, **kwargs)


def build(folder: Path | None, cache: ExtractionCache | None = None,
          before: dict[str, str] | None = None, held: PreviousBuild | None = None,
          sidecar: Sidecar[Any] | None = None, save_cache: bool = True) -> KnowledgeBase:
    """Extract a fresh KnowledgeBase from ``folder`` (bundled documents if None).

    With a ``cache``, unchanged documents are not read nor extracted again (an incremental
    build): a file whose hash is what it was is the document it was read as.
    The KnowledgeBase's ``inputs`` are the hashes taken before the documents were read. A
    file whose hash is different afterwards, or whose bytes read differ from it, is
    recorded as changed, and a file added meanwhile is missing: either way the next load
    sees that the store is not current and builds again. ``before`` is those hashes when the
    caller has just taken them (and has not read the documents since). ``held``: the knowledge
    base of ``folder`` this process holds, whose unchanged documents' objects the build takes
    (knowledge.previous_build). ``sidecar``: work for the extraction workers to do on each
    document they extract (knowledge.extraction_pool; only with a ``cache``). ``save_cache=False``
    leaves saving the ``cache`` (``cache.save(kb.inputs)``) to the caller.
    """
    from knowledge.extraction_pool import extract_documents

    root = folder or BUNDLED
    if before is None:
        before = input_hashes(root, cache)
    if cache is not None:
        cache.use_previous(held)
    with paused_gc():
        extract_all = partial(cache.extract_all, sidecar=sidecar) if cache else extract_documents
        kb = build_knowledge_base(folder, BUNDLED, extract_all=extract_all,
                                  memos=cache.document_memos() if cache else None,
                                  reuse=cache.document_reader(before) if cache else None,
                                  people=cache.people_memo() if cache else None)
    after = input_hashes(root, cache)
    read = {doc.path: doc.sha256 for doc in kb.documents if doc.sha256}
    kb.inputs = dict(before)
    changed = [name for name, digest in before.items()
               if after.get(name) != digest or read.get(name, digest) != digest]
    changed += [name for name in after if name not in before]
    for name in changed:
        if name in kb.inputs:
            kb.inputs[name] = CHANGED_DURING_BUILD
    if changed:
        log.warning("%s: %s changed during the build; it will be built again", root,
                    ", ".join(sorted(changed)[:3]) + (" and others" if len(changed) > 3 else ""))
    if cache is not None:
        log.info("%s: %d document(s) extracted, %d unchanged taken from the cache", root, cache.misses, cache.hits)
        if save_cache:
            cache.save(kb.inputs)
    return kb


def build_and_save(folder: Path, out: Path | None = None, strict: bool = True,
                   before: dict[str, str] | None = None, sidecar: Sidecar[Any] | None = None,
                   beside: Callable[[KnowledgeBase], None] | None = None,
                   until: ExitStack | None = None) -> KnowledgeBase:
    """Build ``folder`` incrementally (with its extraction cache) and save its store (or ``out``).

    A store that cannot be written raises, or with ``strict=False`` is logged and skipped.
    ``before``: the input hashes, just taken; ``sidecar``: work for the extraction workers
    (see ``build``); ``beside``: work on the built knowledge base done in a forked process
    while the store is saved, else after it (knowledge.forked_work; ``qabot build`` saves the
    engine's analysis so), waited for when the store is saved or, with ``until``, when that
    stack closes (the caller's own work after the build then runs beside it too).
    """
    with paused_gc():  # saving makes and walks as many objects as building: none of them garbage
        cache = open_cache(folder, extractor_fingerprint())
        held = previous_build(folder, EXTRACTOR_KEY, extractor_fingerprint())
        path: Path | None = out or default_store_path(folder)
        positions = None
        with ExitStack() as here:
            here.callback(cache.close)
            # The previous store, to be patched, copied by a thread while the build runs.
            copy = start_copy(path, (EXTRACTOR_KEY, extractor_fingerprint()))
            if copy is not None:
                here.callback(copy.discard)
            kb = build(folder, cache, before, held, sidecar, save_cache=False)
            # Made with the collector paused, its millions of objects are all in the youngest
            # generation and hold no cycles: once the collector is back on, its first passes would
            # walk them all, and copy every page this process shares with the forked work beside it.
            gc.freeze()
            if beside is not None:
                if copy is not None:
                    copy.wait()  # no other thread may run when this process forks
                (until or here).enter_context(forked_work.beside(partial(beside, kb)))
            # After the fork: the work beside the build does not wait for the cache (2 s at 100,000 passages).
            cache.save(kb.inputs)
            try:
                positions = save_store(kb, path, patch=True, held=held, copy=copy)
            except KnowledgeBaseError as err:
                if strict:
                    raise
                log.warning("%s", err)
                path = None
        reopen_rows(kb, path, positions)  # rows the build left unread: read on demand from the store saved
    remember(folder, kb)
    return kb


def load_knowledge_base(folder: Path | None = None) -> KnowledgeBase:
    """The knowledge base of ``folder``, from its fact store when that is up to date.

    A stale or unreadable store is rebuilt incrementally and saved again; a folder with
    no store is built in memory (``qabot build`` writes one).
    """
    with paused_gc():
        kb = _load(folder)
        if folder is not None:
            remember(folder.expanduser(), kb)
        # Its millions of objects hold no reference cycles: left to the collector, its first
        # pass over them cost half of opening a 10,000-passage store (the engine's are frozen too).
        gc.freeze()
    return kb


def _load(folder: Path | None) -> KnowledgeBase:
    if folder is None:
        return _load_bundled()
    folder = folder.expanduser()
    store = default_store_path(folder)
    if not store.is_file():
        return build(folder)
    reader = open_cache(folder, extractor_fingerprint(), readonly=True)
    try:
        hashes = input_hashes(folder, reader)
    finally:
        reader.close()
    try:
        if stored_inputs(store) == hashes:
            return load_store(store)
        log.info("%s: documents changed since the last build; rebuilding", folder)
    except KnowledgeBaseError as err:
        log.warning("%s; rebuilding", err)
    return build_and_save(folder, strict=False, before=hashes)


def _load_bundled() -> KnowledgeBase:
    """The bundled knowledge base: cached, else built now (and cached for the next process)."""
    hashes = input_hashes(BUNDLED)
    kb = bundled_cache.load(str(BUNDLED), hashes)
    if kb is None:
        kb = build(None, before=hashes)
        bundled_cache.save(kb)
    return kb
