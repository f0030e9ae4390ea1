"""A document's acronym evidence as the extraction cache keeps it (knowledge.stored_evidence):
merged, it gives the acronyms its whole evidence gives, with the phrases that cannot matter unread."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rebuild_support import add_paragraph, same

from knowledge import extraction_cache, loader, previous_build, store
from knowledge.acronyms import AcronymEvidence, acronym_evidence, merge_evidence
from knowledge.models import Sentence
from knowledge.stored_evidence import EvidenceIndex, StoredEvidence, evidence_rows

TEXTS = [
    ["The Strategic Partnership Dialogue met in Tavira.", "The SPD met again.", "Nothing else of note."],
    ["The Harbour Water Forum (HWF) opened.", "The Trade Council Summit and the Trade Council met."],
    ["Delegates of the TCS and the SPD spoke.", "The Strategic Partnership Dialogue closed."],
    ["A quiet day in Selmar.", "The Lake Tavira Forum met; the LTF is new."],
]


def evidence(doc: int) -> AcronymEvidence:
    return acronym_evidence([Sentence(id=f"d{doc}#s{i}", doc_id=f"d{doc}", paragraph=0, text=text, start=0,
                                      end=len(text)) for i, text in enumerate(TEXTS[doc])])


class Counting(StoredEvidence):
    """A document's stored evidence that records when its phrases are read."""

    def __init__(self, part: AcronymEvidence, read: list[int], doc: int) -> None:
        index, phrases = evidence_rows(part)
        super().__init__(EvidenceIndex.model_validate_json(index), phrases, lambda: part)
        self.read, self.doc = read, doc

    @property
    def phrases(self) -> dict[str, tuple[int, bool, list[str]]]:
        self.read.append(self.doc)
        return super().phrases


def test_stored_evidence_merges_as_the_whole() -> None:
    parts = [evidence(i) for i in range(len(TEXTS))]
    read: list[int] = []
    merged = merge_evidence([Counting(part, read, i) for i, part in enumerate(parts)])
    assert merged == merge_evidence(parts)
    assert {a.short for a in merged} == {"HWF", "LTF", "SPD", "TCS"} and read == [0, 1, 2, 3]


def test_phrases_that_spell_no_token_are_not_read() -> None:
    quiet = AcronymEvidence(phrases={"Quiet Day": (1, True, ["q#s0"]), "Port Averin": (2, True, ["q#s1"])})
    parts = [quiet, evidence(0), quiet]
    read: list[int] = []
    merged = merge_evidence([Counting(part, read, i) for i, part in enumerate(parts)])
    assert read == [1] and merged == merge_evidence(parts) and [a.short for a in merged] == ["SPD"]
    assert merge_evidence([Counting(quiet, read, 5)]) == [] and read == [1]  # no token at all: none read


def test_phrases_that_cannot_be_read_are_the_extractions() -> None:
    part = evidence(0)
    index, _ = evidence_rows(part)
    kept = StoredEvidence(EvidenceIndex.model_validate_json(index), "{not json", lambda: part)
    assert kept.phrases == part.phrases
    assert merge_evidence([kept]) == merge_evidence([part])


@pytest.fixture
def folder(notes_kb: Callable[[str], Path]) -> Iterator[Path]:
    kb = notes_kb(" The first Golden Heron went to Tavira.")
    yield kb
    previous_build.forget(kb)


@pytest.mark.parametrize("damage", ["UPDATE phrases SET data = '{\"x\": 1}'", "DELETE FROM phrases",
                                    "UPDATE summaries SET data = 'not json'"])
def test_a_held_rebuild_with_damaged_evidence_is_a_full_build(folder: Path, damage: str) -> None:
    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    con = sqlite3.connect(folder / store.STORE_DIR / extraction_cache.CACHE_NAME)
    with con:
        con.execute(damage)
    con.close()
    add_paragraph(folder, "The Harbour Water Forum (HWF) met on May 3, 2023 in Tavira.")
    rebuilt = loader.load_knowledge_base(folder)
    assert same(rebuilt, loader.build(folder)) and rebuilt.acronyms
    del kb
