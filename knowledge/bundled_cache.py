"""The bundled documents' knowledge base, built once and kept in the user's cache folder.

Extracting the bundled documents, and importing the code that does it, was a quarter of a
cold ``qabot ask``. So the first process that loads them builds them in memory as before
and saves the result as a fact store (knowledge.sqlite_store) in
``$XDG_CACHE_HOME/qabot/bundled/`` (else ``~/.cache/qabot/bundled/``), and the engine saves
its analysis beside it (retrieval.analysis_store); later processes open both as they open a
built folder, and import none of the extraction code.

Each file is named by a hash of what it was made from: ``store-KEY.sqlite`` by the documents'
folder and the store's inputs (the documents', the bundled settings' and the extractor's
hashes, ``loader.input_hashes``), ``analysis-KEY.sqlite`` by the analysis key (which covers the
retrieval code too). Other versions of qabot sharing the folder each find their own files,
and each write keeps the ``KEEP`` newest files of each kind. A cache is an optimization,
never a source of errors: a folder that cannot be written, or a file that is missing,
stale, cut short or damaged, is logged (at debug level) and the documents are built in
memory, with the same answers. Files are written to a temporary file renamed into place
(knowledge.atomic). ``QABOT_BUNDLED_CACHE=0`` neither reads nor writes them.

The package's own data files are kept there the same way (``cached_data``): a YAML file's
contents as JSON, named by the hash of its bytes, so that a start reads the JSON and imports
no YAML parser.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from knowledge.atomic import write_atomically
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase
from knowledge.store import load_store, save_store

log = logging.getLogger(__name__)

KEEP = 4  # files of each kind kept: a few versions of qabot side by side need not rebuild in turn


def enabled() -> bool:
    """Whether the cache is read and written (``$QABOT_BUNDLED_CACHE`` is not 0)."""
    return os.environ.get("QABOT_BUNDLED_CACHE", "").strip() != "0"


def cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/qabot/bundled``, else ``~/.cache/qabot/bundled``; None when disabled
    or when there is no home folder to put it in. A relative ``$XDG_CACHE_HOME`` is ignored,
    as the XDG Base Directory Specification asks."""
    if not enabled():
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no password entry
            return None
    return Path(base) / "qabot" / "bundled"


def cache_file(kind: str, key: str, suffix: str = ".sqlite") -> Path | None:
    """Where the cached ``kind`` ("store", "analysis", a data file's name) made from ``key``
    lives, or None."""
    folder = cache_folder()
    return None if folder is None else folder / f"{kind}-{key[:24]}{suffix}"


def store_key(source: str, inputs: dict[str, str]) -> str:
    """What a cached store is named by: the documents' folder and the input hashes."""
    return hashlib.sha256(json.dumps([source, inputs], sort_keys=True).encode()).hexdigest()


def load(source: str, inputs: dict[str, str]) -> KnowledgeBase | None:
    """The knowledge base of the bundled documents at ``source`` cached for ``inputs``, read
    whole; None when there is none that can be used."""
    path = cache_file("store", store_key(source, inputs))
    if path is None or not path.is_file():
        return None
    try:
        kb = load_store(path)
        if kb.source != source or kb.inputs != inputs:
            raise KnowledgeBaseError(f"{path}: made from other documents")
        # Read whole, as a build makes them: a damaged row is found now, not while answering.
        kb.sentences, kb.passages = list(kb.sentences), list(kb.passages)
    except (KnowledgeBaseError, sqlite3.Error, OSError, ValueError) as err:
        log.debug("the cached bundled knowledge base cannot be used (%s); building it", err)
        return None
    return kb


def save(kb: KnowledgeBase) -> None:
    """Cache ``kb``, the bundled knowledge base just built; logged, never raised, when it cannot be."""
    path = cache_file("store", store_key(kb.source, kb.inputs))
    if path is None:
        return
    try:
        save_store(kb, path)
    except (KnowledgeBaseError, sqlite3.Error, OSError, ValueError) as err:
        log.debug("the bundled knowledge base is not cached (%s)", err)
        return
    log.debug("%s: bundled knowledge base cached", path)
    prune()


DATA_FORMAT = "qabot-data-1"


def _parser_identity(parse: Callable[[bytes], Any]) -> bytes:
    """What a data file's parser is: its name and, for a plain function, its code (a later
    version parsing the same file otherwise would read what an earlier one kept)."""
    code = getattr(parse, "__code__", None)
    return f"{getattr(parse, '__module__', '')}.{getattr(parse, '__qualname__', repr(parse))}".encode() + (
        code.co_code + repr(code.co_consts).encode() if code is not None else b"")


def cached_data(name: str, source: bytes, parse: Callable[[bytes], Any]) -> Any:
    """``parse(source)``, the contents of the package's data file ``name``: read from the
    JSON kept under the hash of ``source`` and of the parser when there is one, else parsed and
    kept (when JSON holds it exactly: strings, numbers, lists and mappings with string keys).
    The JSON holds the hash of the bytes it was made from: a file with anything else in it, a
    valid JSON document or not, is parsed again."""
    digest = hashlib.sha256(DATA_FORMAT.encode() + _parser_identity(parse) + b"\0" + source).hexdigest()
    path = cache_file(name, digest, ".json")
    if path is not None and path.is_file():
        try:
            kept = json.loads(path.read_bytes())
            if isinstance(kept, dict) and kept.get("format") == DATA_FORMAT and kept.get("key") == digest \
                    and "data" in kept:
                return kept["data"]
            log.debug("%s: not data kept for %s; parsing it", path, name)
        except (OSError, ValueError) as err:
            log.debug("%s: cannot be used (%s); parsing %s", path, err, name)
    parsed = parse(source)
    if path is not None:
        text = json.dumps({"format": DATA_FORMAT, "key": digest, "data": parsed}, ensure_ascii=False)
        if json.loads(text)["data"] == parsed:
            try:
                write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), what=name)
            except KnowledgeBaseError as err:
                log.debug("%s is not cached (%s)", name, err)
            else:
                prune()
    return parsed


def prune() -> None:
    """Remove all but the ``KEEP`` newest files of each kind (a temporary file of a write
    in progress is not one of them)."""
    folder = cache_folder()
    if folder is None:
        return
    kinds: dict[str, list[tuple[int, Path]]] = {}
    try:
        for path in folder.iterdir():
            kind, dash, _ = path.name.rpartition("-")
            if dash and not path.name.startswith("."):
                kinds.setdefault(kind, []).append((path.stat().st_mtime_ns, path))
    except OSError:
        return
    for found in kinds.values():
        for _, path in sorted(found, reverse=True)[KEEP:]:
            try:
                path.unlink()
            except OSError as err:
                log.debug("%s: cannot remove (%s)", path, err.strerror)
