"""The incremental build (knowledge.extraction_cache): the same knowledge base, less work."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from rebuild_support import add_paragraph, same

from knowledge import corpus_facts, extraction_cache, loader, store

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "kb_other", kb)
    shutil.copytree(DATA / "kbs" / "faq_shop", kb / "shop")
    return kb


def cache_of(folder: Path) -> extraction_cache.ExtractionCache:
    return extraction_cache.open_cache(folder, loader.extractor_fingerprint())


def test_a_build_from_the_cache_equals_a_full_build(folder: Path) -> None:
    first = loader.build_and_save(folder)
    cache = cache_of(folder)
    again = loader.build(folder, cache)
    assert (cache.misses, cache.hits) == (0, len(first.documents) - 1)  # all but the curated facts
    cache.close()
    assert same(again, first) and again.inputs == first.inputs
    assert same(first, loader.build(folder))


@pytest.mark.parametrize("edit", ["append", "new-acronym", "delete", "add"])
def test_after_an_edit_only_that_document_is_extracted(folder: Path, edit: str) -> None:
    loader.build_and_save(folder)
    news = folder / "summit-news.html"
    if edit == "append":
        add_paragraph(folder, "The seventh SRBC summit was held on May 3, 2023 in Tavira.")
    elif edit == "new-acronym":  # the acronym table changes: events are found again everywhere
        add_paragraph(folder, "The Harbour Water Forum (HWF) met on May 3, 2023 in Tavira.")
    elif edit == "delete":
        news.unlink()
    else:
        (folder / "late.txt").write_text("Late\nThe eighth SRBC summit took place on June 1, 2024.\n",
                                         encoding="utf-8")
    cache = cache_of(folder)
    incremental = loader.build(folder, cache)
    cache.close()
    assert cache.misses == (0 if edit == "delete" else 1)
    assert same(incremental, loader.build(folder))


def test_the_loader_rebuilds_a_stale_store_incrementally(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    loader.build_and_save(folder)
    (folder / "late.txt").write_text("Late\nThe eighth SRBC summit took place on June 1, 2024.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="knowledge.loader"):
        kb = loader.load_knowledge_base(folder)
    assert "1 document(s) extracted" in caplog.text
    assert any(d.path == "late.txt" for d in kb.documents)
    assert store.load_store(store.default_store_path(folder)).inputs == loader.input_hashes(folder)


def _built_with_trusted_times(folder: Path) -> None:
    """Build ``folder``, date its documents before the cache's hashes (so they are trusted
    without reading), and build again, so the cache holds those times."""
    loader.build_and_save(folder)
    old = (folder / "srbc-history.md").stat().st_mtime_ns - 10**10
    for path in folder.rglob("*"):
        if path.is_file() and ".qabot" not in path.parts:
            os.utime(path, ns=(old, old))
    loader.build_and_save(folder)


def test_unchanged_files_are_not_read_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _built_with_trusted_times(folder)
    reads: list[Path] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    cache = extraction_cache.open_cache(folder, loader.extractor_fingerprint(), readonly=True)
    hashes = loader.input_hashes(folder, cache)
    cache.close()
    monkeypatch.undo()
    assert hashes == loader.input_hashes(folder)
    assert not [p for p in reads if ".qabot" not in p.parts]


def test_a_file_edited_to_the_same_size_is_hashed_again(folder: Path) -> None:
    loader.build_and_save(folder)
    path = folder / "flood-statement.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "e", 1), encoding="utf-8")  # same size, a new time stamp
    cache = extraction_cache.open_cache(folder, loader.extractor_fingerprint(), readonly=True)
    hashes = loader.input_hashes(folder, cache)
    cache.close()
    assert hashes == loader.input_hashes(folder)


def test_a_damaged_cache_is_replaced(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    first = loader.build_and_save(folder)
    cache_path = folder / store.STORE_DIR / extraction_cache.CACHE_NAME
    cache_path.write_bytes(b"not a database at all, just bytes " * 100)
    (folder / "late.txt").write_text("Late\nThe eighth SRBC summit took place on June 1, 2024.\n", encoding="utf-8")
    kb = loader.load_knowledge_base(folder)
    assert "unreadable extraction cache" in caplog.text
    assert len(kb.documents) == len(first.documents) + 1
    cache = cache_of(folder)
    loader.build(folder, cache)
    cache.close()
    assert cache.misses == 0  # the new cache was filled


def test_a_read_only_cache_does_not_write(folder: Path) -> None:
    loader.build_and_save(folder)
    cache_path = folder / store.STORE_DIR / extraction_cache.CACHE_NAME
    before = cache_path.read_bytes()
    (folder / "late.txt").write_text("Late\nThe eighth SRBC summit took place on June 1, 2024.\n", encoding="utf-8")
    cache = extraction_cache.open_cache(folder, loader.extractor_fingerprint(), readonly=True)
    loader.build(folder, cache)
    cache.close()
    assert cache_path.read_bytes() == before


@pytest.mark.parametrize("edit", ["append", "new-person", "new-acronym", "new-series", "next-session"])
def test_document_memos_give_the_full_build(folder: Path, edit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    loader.build_and_save(folder)
    extra = {"append": "The seventh SRBC summit was held on May 3, 2023 in Tavira.",
             "new-person": "Ambassador Lena Fischer opened the seventh SRBC summit on May 3, 2023.",
             "new-acronym": "The Harbour Water Forum (HWF) met on May 3, 2023 in Tavira.",
             "new-series": "The third Lake Tavira Forum took place on May 3, 2023. The Lake Tavira Forum met again.",
             "next-session": "The next session of the sixth SRBC summit opened on May 3, 2023."}[edit]
    add_paragraph(folder, extra)
    computed: list[str] = []
    real = corpus_facts._share

    def counting(part, *args):  # type: ignore[no-untyped-def]
        computed.append(part.doc_id)
        return real(part, *args)

    monkeypatch.setattr(corpus_facts, "_share", counting)
    cache = cache_of(folder)
    incremental = loader.build(folder, cache)
    cache.close()
    monkeypatch.undo()
    assert same(incremental, loader.build(folder))
    if edit == "append":  # the context is unchanged: only the edited document is read again, and
        assert sorted(computed) == ["srbc-history", "summit-news"]  # one that numbers sessions


def test_an_incremental_build_reads_only_the_changed_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _built_with_trusted_times(folder)
    news = folder / "flood-statement.txt"
    news.write_text(news.read_text(encoding="utf-8") + "It rained again.\n", encoding="utf-8")
    reads: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    kb = loader.load_knowledge_base(folder)
    monkeypatch.undo()
    assert {name for name in reads if not name.endswith(".yaml")} == {"flood-statement.txt"}  # hashed and read
    assert same(kb, loader.build(folder))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.parametrize("early", ["", "The next session of the sixth SRBC summit opened on May 3, 2023."])
def test_the_corpus_facts_shared_with_a_forked_helper_are_the_same(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    early: str) -> None:
    """A large folder's last documents' shares are made in a forked child: the same knowledge
    base; and made here again when a document before them numbered a session (which they may
    depend on)."""
    if early:
        (folder / "aaa-early.txt").write_text(f"Early\n{early}\n", encoding="utf-8")
    alone = loader.build(folder)
    helped: list[bool] = []
    real = corpus_facts._helpers_shares
    monkeypatch.setattr(corpus_facts, "MIN_FORKED_SENTENCES", 0)
    monkeypatch.setattr(corpus_facts.forked_work, "can_fork", lambda: True)

    def spy(helper: corpus_facts.forked_work.Forked, corpus: object) -> object:
        made = real(helper, corpus)  # type: ignore[arg-type]
        helped.append(made is not None)
        return made

    monkeypatch.setattr(corpus_facts, "_helpers_shares", spy)
    assert same(loader.build(folder), alone)
    assert helped == [not early]
