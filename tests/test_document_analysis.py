"""The engine's analysis made from each document's share (retrieval.document_analysis), as the
extraction workers make it during ``qabot build``: the same analysis as ``analysis.analyse``
of the whole knowledge base, in the same order, and the same saved analysis."""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

import retrieval.analysis as analysis_module
from bot import commands
from knowledge import extraction_pool, loader
from knowledge.extraction_pool import Sidecar
from knowledge.ingest import read_documents
from knowledge.models import KnowledgeBase
from retrieval import analysis_store
from retrieval.analysis import Analysis, analyse
from retrieval.analyzer import remembered_terms, terms
from retrieval.document_analysis import DocumentShare, analyse_document, document_shares
from retrieval.facts import FactTables

DATA = Path(__file__).parent / "data"
BUNDLED = Path(__file__).parent.parent / "knowledge" / "documents"
FOLDERS = {"curated facts": DATA / "kb_other", "attributions": BUNDLED,
           **{path.name: path for path in sorted((DATA / "kbs").iterdir()) if path.is_dir()}}


def _plain(analysis: Analysis) -> dict[str, object]:
    """Everything an Analysis holds, as lists and dicts in their order (so that order counts)."""
    reader, passages = analysis.reader, analysis.passages
    return {"records": [list(r) for r in reader.records], "paragraphs": [list(p) for p in reader.paragraphs],
            "headings": [list(h) for h in reader.headings], "numbers": sorted(reader.numbers),
            "initials": [(k, sorted(v)) for k, v in reader.initials.items()],
            "passage_terms": [list(p) for p in passages.passage_terms],
            "sentence_terms": [(k, list(v)) for k, v in passages.sentence_terms.items()],
            "idf": sorted(passages.idf.items()), "titles": [(k, list(v)) for k, v in passages.title_terms.items()],
            "words": list(analysis.words.items())}


def _whole(kb: KnowledgeBase) -> dict[str, object]:
    with remembered_terms():
        return _plain(analyse(kb, FactTables(kb)))


def _from_shares(kb: KnowledgeBase, made: dict[str, DocumentShare]) -> dict[str, object]:
    assert document_shares(kb, made) is not None  # else analyse would fall back to the whole
    with remembered_terms():
        return _plain(analyse(kb, FactTables(kb), made))


@pytest.mark.parametrize("folder", FOLDERS.values(), ids=FOLDERS.keys())
def test_the_shares_make_the_analysis_of_the_whole(folder: Path) -> None:
    kb = loader.build(folder)
    assert _from_shares(kb, {}) == _whole(kb)


def _in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(extraction_pool, "MIN_PARALLEL_DOCUMENTS", 1)
    monkeypatch.setattr(extraction_pool, "CHUNK_CHARS", 1)  # a chunk per document
    monkeypatch.setattr(extraction_pool, "worker_count", lambda: 2)


@pytest.mark.parametrize("around", [None, remembered_terms], ids=["alone", "a memo a chunk"])
def test_workers_make_each_documents_share(around: Callable[[], AbstractContextManager[object]] | None,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _in_workers(monkeypatch)
    monkeypatch.setattr(extraction_pool, "CHUNK_CHARS", 10_000)  # chunks of several documents
    docs = read_documents(DATA / "kb_other") + read_documents(BUNDLED)
    sidecar: Sidecar[DocumentShare] = Sidecar(analyse_document, around=around)
    parts = [part for part, _ in extraction_pool.extract_many(docs, sidecar=sidecar)]
    assert list(sidecar.results) == [d.id for d in docs]
    for part in parts:
        assert sidecar.results[part.doc_id] == analyse_document(part.sentences, part.passages)


def test_a_share_of_other_sentences_is_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = loader.build(DATA / "kb_other")
    first, second = kb.documents[0].id, kb.documents[1].id
    shares = document_shares(kb, {})
    assert shares is not None
    made = {first: shares[1], second: shares[0]}  # each the other's: not of its sentences
    assert _from_shares(kb, made) == _whole(kb)


def test_sentences_out_of_their_documents_order_are_analysed_as_a_whole() -> None:
    kb = loader.build(DATA / "kb_other")
    kb.sentences = [*kb.sentences[1:], kb.sentences[0]]  # the first document's first sentence last: apart
    assert document_shares(kb, {}) is None
    with remembered_terms():
        assert _plain(analyse(kb, FactTables(kb), {})) == _whole(kb)


def test_a_block_of_remembered_terms_inside_another_keeps_its_memo() -> None:
    from retrieval import analyzer

    with remembered_terms():
        terms("The third summit")
        memo = analyzer._building.memo
        with remembered_terms():
            assert analyzer._building.memo is memo  # the inner block reads the outer one's memo
        assert analyzer._building.memo is memo and "The third summit" in memo  # and leaves it in place
    assert analyzer._building.memo is None


def _rows(path: Path) -> dict[str, object]:
    """The saved analysis's rows and parts (the passages' idf as a dict: its order is a set's)."""
    con = sqlite3.connect(path)
    try:
        parts = dict(con.execute("SELECT name, data FROM parts"))
        parts["passage_idf"] = json.loads(parts["passage_idf"])
        return {"parts": parts, **{table: con.execute(f"SELECT * FROM {table} ORDER BY pos").fetchall()
                                   for table in ("sentences", "paragraphs", "passages")}}
    finally:
        con.close()


def test_qabot_build_saves_the_analysis_from_the_workers_shares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("QABOT_SAVED_ANALYSIS", raising=False)
    folder = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", folder)
    for doc in BUNDLED.iterdir():
        shutil.copy(doc, folder / doc.name)
    kb = loader.build_and_save(folder)
    from retrieval.engine import Engine

    analysis_store.save(folder, Engine(kb))  # the whole knowledge base analysed in this process
    expected = _rows(analysis_store.analysis_path(folder))
    shutil.rmtree(folder / ".qabot")

    _in_workers(monkeypatch)

    def whole(*args: object) -> object:
        raise AssertionError("the sentences analysed again in the build's process")

    monkeypatch.setattr(analysis_module, "analyse_sentences", whole)
    commands.build(argparse.Namespace(kb=str(folder), out=None, strict=False))
    capsys.readouterr()
    assert _rows(analysis_store.analysis_path(folder)) == expected
