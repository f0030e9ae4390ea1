"""Each sentence's dates are found at build time and stored; answering reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

import retrieval.facts as facts_module
from knowledge.build import build_from_documents
from knowledge.models import Document
from knowledge.sqlite_store import load_sqlite, save_sqlite
from retrieval.facts import FactTables

TEXT = "Harbour News\n\nThe pier opened on May 3, 1901. It was rebuilt in 1990.\n"


def _kb():
    doc = Document(id="news", title="Harbour News", path="news.txt", sha256="", text=TEXT)
    return build_from_documents([doc], {}, source="test")


def test_a_sentence_carries_its_dates_from_the_build() -> None:
    first = _kb().sentences[0]
    assert first.dates is not None
    assert [first.text[d.start:d.end] for d in first.dates] == ["May 3, 1901"]


def test_answering_reads_stored_dates_and_looks_only_in_other_text(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = FactTables(_kb())
    calls: list[str] = []
    real = facts_module.find_dates
    monkeypatch.setattr(facts_module, "find_dates", lambda text: calls.append(text) or real(text))
    sentence = tables.kb.sentences[0].text
    assert [d.span.start.year for d in tables.dates_in(sentence)] == [1901]
    assert calls == []
    joined = f"{sentence} {tables.kb.sentences[1].text}"
    assert [d.span.start.year for d in tables.dates_in(joined)] == [1901, 1990]
    assert calls == [joined]


def test_the_store_keeps_them(tmp_path: Path) -> None:
    kb = _kb()
    save_sqlite(kb, tmp_path / "store.sqlite")
    assert load_sqlite(tmp_path / "store.sqlite").sentences[0].dates == kb.sentences[0].dates


def test_a_sentence_carries_its_places_and_answering_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document(id="trip", title="Trip", path="trip.txt", sha256="", text="Trip\n\nThe delegation flew to Paris.\n")
    tables = FactTables(build_from_documents([doc], {}, source="test"))
    sentence = tables.kb.sentences[0]
    assert sentence.places == ["Paris"]
    monkeypatch.setattr(facts_module, "find_places", lambda text: pytest.fail("looked for places again"))
    assert tables.places_in(sentence.text) == ["Paris"]
