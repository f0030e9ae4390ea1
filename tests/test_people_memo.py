"""The merged people kept by the extraction cache (knowledge.people_memo): taken when every
document's role mentions are as they were, merged again otherwise; never a different result."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rebuild_support import add_paragraph, same

from knowledge import extraction_cache, loader, people_memo, previous_build, store
from knowledge.people import RoleMention


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    kb = notes_kb(" The first Golden Heron went to Tavira.")
    yield kb
    previous_build.forget(kb)




def merges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the calls of merge_people made through the memo."""
    calls: list[int] = []
    real = people_memo.merge_people

    def counting(mentions: list[tuple[str, list[RoleMention]]]) -> object:
        calls.append(len(mentions))
        return real(mentions)

    monkeypatch.setattr(people_memo, "merge_people", counting)
    return calls


def cache_sql(folder: Path, sql: str) -> None:
    con = sqlite3.connect(folder / store.STORE_DIR / extraction_cache.CACHE_NAME)
    with con:
        con.execute(sql)
    con.close()


@pytest.mark.parametrize("held", [True, False], ids=["held", "fresh-process"])
def test_people_are_taken_when_no_one_is_named_anew(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                     held: bool) -> None:
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    if not held:
        previous_build.forget(folder)
    add_paragraph(folder, "The seventh SRBC summit was held on May 3, 2023 in Tavira.")
    calls = merges(monkeypatch)
    rebuilt = loader.load_knowledge_base(folder)
    assert calls == []
    monkeypatch.undo()
    assert same(rebuilt, loader.build(folder)) and rebuilt.people
    del kb


def test_people_are_merged_again_when_someone_is_named(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    add_paragraph(folder, "Ambassador Lena Fischer opened the seventh SRBC summit on May 3, 2023.")
    calls = merges(monkeypatch)
    rebuilt = loader.load_knowledge_base(folder)
    assert len(calls) == 1
    monkeypatch.undo()
    assert any(p.name == "Lena Fischer" for p in rebuilt.people)
    assert same(rebuilt, loader.build(folder))
    del kb


@pytest.mark.parametrize("damage", [
    "UPDATE people SET data = '[{\"id\": 1}]'",
    "UPDATE people SET data = 'not json'",
    "UPDATE role_mentions SET data = '{\"x\": [1]}'",
    "DELETE FROM role_mentions",
])
def test_a_damaged_memo_or_mentions_give_the_same_people(folder: Path, damage: str) -> None:
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    cache_sql(folder, damage)
    add_paragraph(folder, "The seventh SRBC summit was held on May 3, 2023 in Tavira.")
    rebuilt = loader.load_knowledge_base(folder)
    assert same(rebuilt, loader.build(folder)) and rebuilt.people
    add_paragraph(folder, "The eighth SRBC summit was held on May 3, 2024 in Tavira.")
    assert same(loader.load_knowledge_base(folder), loader.build(folder))  # and the memo made again serves
    del kb


def test_the_curated_people_are_not_kept_in_the_memo(folder: Path) -> None:
    """The people are kept as merged: the curated facts added to them are not added twice."""
    facts = folder / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "people:\n  - name: Lena Fischer\n    role: Ambassador\n",
                     encoding="utf-8")
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    for year in (2023, 2024):
        add_paragraph(folder, f"The seventh SRBC summit was held on May 3, {year} in Tavira.")
        rebuilt = loader.load_knowledge_base(folder)
        assert same(rebuilt, loader.build(folder))
        assert [len(p.roles) for p in rebuilt.people if p.name == "Lena Fischer"] == [1]
    del kb
