"""The engine's analysis of a folder (``retrieval.analysis``), saved beside its fact store.

``DIR/.qabot/analysis.sqlite`` is written when a folder is built (``qabot build``, or the
first engine started after its store was rebuilt) and read by every later engine instead of
analysing each sentence again. Plain data only, never pickle (a folder may come from
someone else; reading it must not run code):

- ``meta(key, value)``: the format, the key (below), a CRC-32 of the parts, one of the
  passages' rows, the sentences', paragraphs' and passages' counts of rows, and ``complete``,
  written last in the same transaction.
- ``parts(name, data)``: JSON texts (headings, numbers, initials, the idf of the passage
  index, the titles' terms, the counted words, the reader BM25+'s terms, the facts' groups:
  ``fact_groups``, the fields of every event and dated fact that answering reads:
  ``saved_fields``), the BM25+'s
  arrays as raw little-endian buffers (``reader_bm25.BM25Arrays``), and the hashes of the
  sentences' texts with their positions, likewise (``sentence_texts.TextKeys``: how the
  sentences a fact store reads on demand are found by text).
- ``sentences(pos, reader, terms, crc)``, ``paragraphs(pos, data, crc)``, ``passages(pos, data)``:
  one JSON text a row, decoded when the engine first reads that sentence, paragraph or
  passage (``retrieval.lazy``). ``terms`` is NULL when it is the reader's own terms. The
  sentences and paragraphs are read from the file when first asked for, each checked against
  its own CRC-32 (``retrieval.analysis_rows``); the passages all together when first asked
  for (the passage search, built on the first search, reads every one), checked against theirs.

The key is a hash of the knowledge base's identity (its input files' hashes, the extractor's
among them), of the retrieval code and data that analyse it, and of its counts: documents
changed, a store rebuilt or another version of qabot make it stale. A stale, cut short or
damaged file is not used (logged, never raised): the engine analyses the documents in
memory and its answers are the same; a sentence or paragraph row found damaged when it is
read is refused in one line (delete the file). The file is written to a temporary file renamed into
place (``knowledge.atomic``), so a killed write leaves the previous file as it was.
``QABOT_SAVED_ANALYSIS=0`` neither reads nor writes it (to measure what it saves).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.atomic import write_atomically
from knowledge.errors import KnowledgeBaseError
from knowledge.models import KnowledgeBase
from knowledge.sqlite_store import begin
from knowledge.store import STORE_DIR
from knowledge.stored_rows import item_ids, positions_of
from retrieval.analysis import Analysis
from retrieval.analysis_rows import SavedRows, WholeColumn, column_crc, row_crc
from retrieval.fact_groups import FactGroups, event_indexes
from retrieval.index import PassageData
from retrieval.lazy import LazyList, LazyMapping
from retrieval.reader_bm25 import ArrayBM25, BM25Arrays
from retrieval.saved_fields import field_parts
from retrieval.saved_fields import offer as offer_fields
from retrieval.sentence_analysis import TERMS, ReaderData
from retrieval.sentence_texts import TextKeys
from retrieval.series_segments import of_series

if TYPE_CHECKING:
    from retrieval.engine import Engine

log = logging.getLogger(__name__)

FORMAT = "qabot-analysis-4"
ANALYSIS_NAME = "analysis.sqlite"
BM25_PARTS = ("bm25.positions", "bm25.impacts", "bm25.starts")
TEXT_PARTS = ("text.keys", "text.order")  # sentence_texts.TextKeys
GROUPS_PART = "fact_groups"  # fact_groups.FactGroups
DATED_INDEX_PART = "dated_span_index"  # span_index.SpanIndex.to_data of the dated facts (facts.FactTables)
SEGMENTS_PART = "series_segments"  # series_segments.Segments.to_data of each series (compose_events)
ROWS_KEY = "rows"  # meta: how many rows the sentences, paragraphs and passages have
PASSAGES_CRC_KEY = "passages_checksum"  # meta: the CRC-32 of the passages' rows (analysis_rows.column_crc)
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE parts (name TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE sentences (pos INTEGER PRIMARY KEY, reader BLOB NOT NULL, terms BLOB, crc INTEGER NOT NULL)",
    "CREATE TABLE paragraphs (pos INTEGER PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL)",
    "CREATE TABLE passages (pos INTEGER PRIMARY KEY, data BLOB NOT NULL)",
)


class StaleAnalysis(ValueError):
    """The saved analysis was made from other documents or by other code."""


def enabled() -> bool:
    """Whether saved analyses are read and written (``$QABOT_SAVED_ANALYSIS`` is not 0)."""
    return os.environ.get("QABOT_SAVED_ANALYSIS", "").strip() != "0"


def analysis_path(folder: Path) -> Path:
    return folder.expanduser() / STORE_DIR / ANALYSIS_NAME


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the retrieval code and of the data its analysis reads (given names), and
    of the stemmer's version: an analysis made by other code is stale."""
    import Stemmer

    digest = hashlib.sha256(Stemmer.version().encode())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here / "given_names.txt"]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def analysis_key(kb: KnowledgeBase, identity: str) -> str:
    """What a saved analysis of ``kb`` (of ``engine.knowledge_identity`` ``identity``) must be keyed by."""
    counts = f"{len(kb.documents)}/{len(kb.sentences)}/{len(kb.passages)}"
    return hashlib.sha256(f"{FORMAT}\0{identity}\0{code_fingerprint()}\0{counts}".encode()).hexdigest()


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: a row is a few µs
# What ``_ENCODER.encode`` runs, made once rather than at each call (5.1 -> 2.9 µs a sentence's
# row): the same C encoder with the same settings, without the check for circular references
# (a row is lists of strings and numbers). None without the json module's C part.
_ROW_ENCODER = (json.encoder.c_make_encoder(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",",
                                            False, False, True)
                if json.encoder.c_make_encoder is not None else None)


def _json(value: object) -> bytes:
    if _ROW_ENCODER is not None:
        return "".join(_ROW_ENCODER(value, 0)).encode()
    return _ENCODER.encode(value).encode()


def _checksum(parts: dict[str, bytes], columns: Iterable[list[bytes | None]]) -> int:
    crc = 0
    for name in sorted(parts):
        crc = zlib.crc32(parts[name], zlib.crc32(name.encode(), crc))
    for column in columns:
        crc = zlib.crc32(b"\0".join(b"" if v is None else v for v in column), crc)
    return crc


def save(folder: Path, engine: Engine) -> None:
    """Save ``engine``'s analysis of ``folder``; a KnowledgeBaseError if it cannot be written."""
    save_file(analysis_path(folder), engine)


def kb_parts(kb: KnowledgeBase) -> dict[str, bytes]:
    """The parts that follow from ``kb`` alone (its sentences' text keys, the saved fields), as
    ``save_file`` writes them: ``qabot build`` has them made in another process while the engine
    is built (``save_file``'s ``made``)."""
    return {**dict(zip(TEXT_PARTS, TextKeys.of(kb.sentences).to_bytes(), strict=True)), **field_parts(kb)}


def save_file(path: Path, engine: Engine, made: dict[str, bytes] | None = None) -> None:
    """Save ``engine``'s analysis as the file ``path``; a KnowledgeBaseError if it cannot be written.
    ``made``: ``kb_parts`` of its knowledge base, made already."""
    search = engine.open.reader.index.search
    bm25 = search.saved() if isinstance(search, ArrayBM25) else None
    key = analysis_key(engine.kb, engine.identity)
    tables = engine.tables
    groups = FactGroups(event_indexes(engine.kb.events, tables.events_by_series), tables.doc_recency,
                        tables.latest_year, _json(tables.dated_by_span.to_data()),
                        _json({series: segments.to_data() for series, segments in
                               of_series(engine.kb.events, tables.events_by_series).items()}))

    def write(tmp: Path) -> None:
        try:
            _write(tmp, key, engine.kb, engine.analysis, bm25, groups, made)
        except sqlite3.Error as err:
            raise OSError(str(err)) from err

    write_atomically(path, write, what="the saved analysis")


def save_quietly(folder: Path, engine: Engine, level: int = logging.INFO,
                 made: dict[str, bytes] | None = None) -> None:
    """``save`` (if ``enabled``); when it cannot, log that at ``level`` rather than raise:
    answering does not need it (a read-only folder is analysed at each start). ``made``: see
    ``save_file``."""
    save_file_quietly(analysis_path(folder), engine, level, made)


def save_file_quietly(path: Path, engine: Engine, level: int = logging.INFO,
                      made: dict[str, bytes] | None = None) -> None:
    """``save_file`` (if ``enabled``), logging at ``level`` rather than raising when it cannot."""
    if not enabled():
        return
    try:
        save_file(path, engine, made)
    except KnowledgeBaseError as err:
        log.log(level, "%s; the next start analyses the documents again", err)
    else:
        log.log(min(level, logging.INFO), "%s: analysis saved", path)  # quiet for the bundled cache


def _write(path: Path, key: str, kb: KnowledgeBase, analysis: Analysis, bm25: BM25Arrays | None,
           groups: FactGroups, made: dict[str, bytes] | None = None) -> None:
    reader, passages = analysis.reader, analysis.passages
    parts = {
        "headings": _json(list(reader.headings)),
        "numbers": _json(sorted(reader.numbers)),
        "initials": _json({k: sorted(v) for k, v in reader.initials.items()}),
        "passage_idf": _json(passages.idf),
        "title_terms": _json({k: list(v) for k, v in passages.title_terms.items()}),
        "words": _json(analysis.words),
    }
    if bm25 is not None:
        parts["bm25"] = _json({"idf": bm25.idf, "average_length": bm25.average_length, "size": bm25.size})
        parts.update(zip(BM25_PARTS, (bm25.positions, bm25.impacts, bm25.starts), strict=True))
    if analysis.text_keys is None and made is not None:
        parts.update((name, made[name]) for name in TEXT_PARTS)
    else:
        parts.update(zip(TEXT_PARTS, (analysis.text_keys or TextKeys.of(kb.sentences)).to_bytes(), strict=True))
    parts[GROUPS_PART] = _json(groups.to_data())
    if groups.dated_index is not None:
        parts[DATED_INDEX_PART] = groups.dated_index
    if groups.series_segments is not None:
        parts[SEGMENTS_PART] = groups.series_segments
    parts.update({name: data for name, data in made.items() if name not in TEXT_PARTS} if made is not None
                 else field_parts(kb))
    records = [_json(list(r)) for r in reader.records]
    signed: list[bytes | None] = []
    for sid, r in zip(item_ids(kb.sentences), reader.records, strict=True):
        own = list(passages.sentence_terms[sid])
        signed.append(None if own == list(r[TERMS]) else _json(own))
    paragraphs = [_json(list(p)) for p in reader.paragraphs]
    passage_rows = [_json(list(p)) for p in passages.passage_terms]
    con = sqlite3.connect(path, isolation_level=None)
    try:
        begin(con)
        for statement in _SCHEMA:
            con.execute(statement)
        con.executemany("INSERT INTO parts VALUES (?, ?)", parts.items())
        con.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)",
                        ((i, r, t, row_crc((r, t))) for i, (r, t) in enumerate(zip(records, signed, strict=True))))
        con.executemany("INSERT INTO paragraphs VALUES (?, ?, ?)",
                        ((i, d, row_crc((d,))) for i, d in enumerate(paragraphs)))
        con.executemany("INSERT INTO passages VALUES (?, ?)", enumerate(passage_rows))
        meta = {"format": FORMAT, "key": key, "checksum": _checksum(parts, []),
                PASSAGES_CRC_KEY: column_crc(passage_rows),
                ROWS_KEY: {"sentences": len(records), "paragraphs": len(paragraphs), "passages": len(passage_rows)}}
        con.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
        con.execute("INSERT INTO meta VALUES ('complete', 'true')")
        con.execute("COMMIT")
    finally:
        con.close()


def load(folder: Path, kb: KnowledgeBase, identity: str) -> Analysis | None:
    """The analysis saved for ``kb`` in ``folder``, or None (logged) when there is none that
    is current and whole: the caller then analyses ``kb`` itself."""
    return load_file(analysis_path(folder), kb, identity)


def load_file(path: Path, kb: KnowledgeBase, identity: str, level: int = logging.WARNING) -> Analysis | None:
    """``load``, of the file ``path``; a file that cannot be used is logged at ``level``."""
    if not enabled():
        return None
    if not path.is_file():
        log.debug("%s: no saved analysis; analysing the documents", path)
        return None
    try:
        return _read(path, analysis_key(kb, identity), kb)
    except StaleAnalysis as err:
        log.info("%s: %s; analysing the documents again", path, err)
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError, IndexError) as err:
        log.log(level, "%s: the saved analysis cannot be used (%s); analysing the documents again", path, err)
    return None


def _read(path: Path, key: str, kb: KnowledgeBase) -> Analysis:
    # Any thread may read the rows left in the file (the bot answers in others than it opened in).
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        pages, size = con.execute("PRAGMA page_count").fetchone()[0], con.execute("PRAGMA page_size").fetchone()[0]
        if path.stat().st_size < pages * size:
            raise ValueError("cut short")
        meta = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta")}
        if meta.get("format") != FORMAT or "complete" not in meta:
            raise ValueError(f"not a whole {FORMAT} file")
        if meta.get("key") != key:
            raise StaleAnalysis("the saved analysis is of other documents or other code")
        parts: dict[str, bytes] = dict(con.execute("SELECT name, data FROM parts"))
        if _checksum(parts, []) != meta.get("checksum"):
            raise ValueError("checksum mismatch")
        lock = threading.Lock()  # one read at a time through the connection
        passage_rows = _passages(con, lock, path, meta)
        sentences, paragraphs = (_rows_at(con, lock, path, table, columns, meta.get(ROWS_KEY)) for table, columns in
                                 (("sentences", ("reader", "terms")), ("paragraphs", ("data",))))
        if sentences.size != len(kb.sentences) or len(passage_rows) != len(kb.passages):
            raise ValueError("not as many sentences or passages as the knowledge base")
        return _assemble(kb, parts, LazyList(sentences.column(0), json.loads), sentences.column(1),
                         paragraphs.column(0), passage_rows)
    except BaseException:
        con.close()
        raise


def _passages(con: sqlite3.Connection, lock: threading.Lock, path: Path, meta: dict[str, object]) -> WholeColumn:
    """The passages' rows, read whole when first asked for (the passage search's first search)."""
    counts = meta.get(ROWS_KEY)
    count = counts.get("passages") if isinstance(counts, dict) else None
    if type(count) is not int or count < 0 or PASSAGES_CRC_KEY not in meta:
        raise ValueError("no count or checksum of the passages")
    return WholeColumn(con, lock, path, "passages", "data", count, meta[PASSAGES_CRC_KEY])


def _rows_at(con: sqlite3.Connection, lock: threading.Lock, path: Path, table: str,
             columns: tuple[str, ...], counts: object) -> SavedRows:
    """``table``'s rows, read when asked for; their positions must run from 0, one after another.
    Their count is the one ``counts`` (the meta's) gives, when it does (a row missing is refused
    when read), else counted now (a pass over the table: 0.1 s at 300,000 rows)."""
    count = counts.get(table) if isinstance(counts, dict) else None
    if type(count) is int and count >= 0:
        return SavedRows(con, lock, path, table, columns, count)
    count, first, last = con.execute(f"SELECT count(*), min(pos), max(pos) FROM {table}").fetchone()
    if count and (first, last) != (0, count - 1):
        raise ValueError(f"{table}: rows out of place")
    return SavedRows(con, lock, path, table, columns, count)


def _assemble(kb: KnowledgeBase, parts: dict[str, bytes], records: LazyList, signed: Sequence[bytes | None],
              paragraphs: Sequence[bytes | None], passage_rows: Sequence[bytes]) -> Analysis:
    """The Analysis the rows make, each sentence's, paragraph's and passage's decoded when first read."""
    def signed_terms(position: int) -> list[str]:
        own = signed[position]
        return json.loads(own) if own is not None else records[position][TERMS]

    reader = ReaderData(
        records=records, paragraphs=LazyList(paragraphs, json.loads), headings=json.loads(parts["headings"]),
        numbers=frozenset(json.loads(parts["numbers"])),
        initials={k: frozenset(v) for k, v in json.loads(parts["initials"]).items()})
    passages = PassageData(
        passage_terms=LazyList(passage_rows, json.loads),
        sentence_terms=LazyMapping(positions_of(kb.sentences), signed_terms),
        idf=json.loads(parts["passage_idf"]), title_terms=json.loads(parts["title_terms"]))
    bm25 = None
    if "bm25" in parts:
        head = json.loads(parts["bm25"])
        positions, impacts, starts = (parts[name] for name in BM25_PARTS)
        bm25 = BM25Arrays(idf=head["idf"], average_length=float(head["average_length"]), size=int(head["size"]),
                          positions=positions, impacts=impacts, starts=starts)
        if not bm25.consistent() or bm25.size != len(kb.sentences):
            raise ValueError("the BM25+ arrays do not fit")
    text_keys = TextKeys.from_bytes(*(parts[name] for name in TEXT_PARTS), size=len(kb.sentences))
    groups = FactGroups.from_data(json.loads(parts[GROUPS_PART]), len(kb.events)) if GROUPS_PART in parts else None
    if groups is not None and DATED_INDEX_PART in parts:
        groups = replace(groups, dated_index=parts[DATED_INDEX_PART])
    if groups is not None and SEGMENTS_PART in parts:
        groups = replace(groups, series_segments=parts[SEGMENTS_PART])
    offer_fields(kb, parts)
    return Analysis(passages=passages, reader=reader, words=Counter(json.loads(parts["words"])), bm25=bm25,
                    text_keys=text_keys, groups=groups)
