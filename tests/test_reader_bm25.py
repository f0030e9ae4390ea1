"""The reader's two BM25+ (postings in Python, arrays in numpy) give the same sentences, in the
same order, with the same scores to the last bit."""

from __future__ import annotations

import heapq
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import retrieval.reader_bm25 as reader_bm25
from knowledge.loader import build
from retrieval.reader import CANDIDATES, retrieve
from retrieval.reader_bm25 import ArrayBM25, PostingsBM25, make_bm25
from retrieval.reader_index import ReaderIndex
from retrieval.reader_question import read_question

pytest.importorskip("numpy")

HERE = Path(__file__).parent
KBS = sorted(p.name for p in (HERE / "data" / "kbs").iterdir() if p.is_dir())
WORDS = list("abcdefghij")


@settings(max_examples=300, deadline=None)
@given(bags=st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=60),
       query=st.lists(st.sampled_from([*WORDS, "absent"]), max_size=6), k=st.integers(0, 12),
       step=st.sampled_from([1, 2, 3, 64]))
def test_the_arrays_rank_as_the_postings_do(bags: list[list[str]], query: list[str], k: int, step: int) -> None:
    postings, arrays = PostingsBM25(bags), ArrayBM25(bags)
    assert arrays.idf == postings.idf
    assert arrays.average_length == postings.average_length
    with pytest.MonkeyPatch.context() as patch:  # a sample of every step-th score sets the floor
        patch.setattr(reader_bm25, "SAMPLE_STEP", step)
        assert arrays.top(query, k) == postings.top(query, k)


@settings(max_examples=300, deadline=None)
@given(bags=st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=60),
       query=st.lists(st.sampled_from([*WORDS, "absent"]), max_size=6), k=st.integers(0, 12))
def test_saved_arrays_summed_in_python_rank_as_the_postings_do(bags: list[list[str]], query: list[str],
                                                               k: int) -> None:
    saved = ArrayBM25.from_saved(ArrayBM25(bags).saved())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader_bm25, "_numpy_unloaded", lambda: True)
        assert saved.top(query, k) == PostingsBM25(bags).top(query, k)
        assert saved._saved is not None  # summed in Python, not with the arrays


def test_a_term_with_a_sentence_twice_is_summed_in_python_as_with_the_arrays() -> None:
    import numpy as np

    saved = reader_bm25.BM25Arrays(idf={"a": 1.0, "b": 1.0}, average_length=1.0, size=2,
                                   positions=np.array([0, 0, 1, 1], "<i8").tobytes(),
                                   impacts=np.array([1.0, 2.0, 0.5, 4.0], "<f8").tobytes(),
                                   starts=np.array([0, 2, 4], "<i8").tobytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reader_bm25, "_numpy_unloaded", lambda: True)
        in_python = ArrayBM25.from_saved(saved).top(["a", "b"], 2)
    assert in_python == ArrayBM25.from_saved(saved).top(["a", "b"], 2) == [(1, 4.5), (0, 3.0)]


@settings(max_examples=300, deadline=None)
@given(scores=st.dictionaries(st.integers(0, 200), st.sampled_from([0.5, 1.0, 1.5, 2.25, 3.0])),
       k=st.integers(1, 12))
def test_the_best_found_above_the_floor_are_the_best_of_all(scores: dict[int, float], k: int) -> None:
    assert reader_bm25._best(scores, k) == heapq.nlargest(k, scores.items(), key=lambda kv: (kv[1], -kv[0]))


def test_a_large_corpus_ranks_the_same_whatever_the_sample_gives() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(300)]
    weights = [1 / (i + 1) for i in range(300)]  # a few common words, many rare ones
    bags = [rng.choices(vocabulary, weights, k=rng.randrange(1, 25)) for _ in range(6000)]
    postings, arrays = PostingsBM25(bags), ArrayBM25(bags)
    for _ in range(150):
        query = rng.choices(vocabulary, weights, k=rng.randrange(1, 6))
        k = rng.choice([1, 3, 10, 30])
        assert arrays.top(query, k) == postings.top(query, k), query


def _questions(name: str) -> list[str]:
    suites = [HERE / "conversations_kbs" / name, HERE / "conversations"]
    return [turn["user"] for folder in suites if folder.is_dir() for path in sorted(folder.glob("*.yaml"))
            for conversation in yaml.safe_load(path.read_text(encoding="utf-8")) or []
            for turn in conversation.get("turns", [])]


@pytest.mark.parametrize("name", KBS)
def test_a_knowledge_base_retrieves_the_same_candidates_either_way(name: str) -> None:
    kb = build(HERE / "data" / "kbs" / name)
    postings, arrays = ReaderIndex(kb, arrays=False), ReaderIndex(kb, arrays=True)
    assert isinstance(arrays.search, ArrayBM25) and isinstance(postings.search, PostingsBM25)
    assert arrays.idf == postings.idf and arrays.vocabulary == postings.vocabulary
    questions = _questions(name)
    assert len(questions) > 20
    for text in questions:
        question = read_question(text, (), postings.family, postings.spelled_out)
        assert retrieve(arrays, question) == retrieve(postings, question), text
    for entry in postings.entries[:200]:  # a sentence's own terms: many ties among near-copies
        assert arrays.bm25(list(entry.terms), CANDIDATES) == postings.bm25(list(entry.terms), CANDIDATES)


def test_the_choice_goes_by_size_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QABOT_READER_ARRAYS", raising=False)
    assert isinstance(make_bm25([["a"]]), PostingsBM25)
    assert isinstance(make_bm25([["a"]] * reader_bm25.AUTO_ARRAYS_SENTENCES), ArrayBM25)
    monkeypatch.setenv("QABOT_READER_ARRAYS", "1")
    assert isinstance(make_bm25([["a"]]), ArrayBM25)
    monkeypatch.setenv("QABOT_READER_ARRAYS", "0")
    assert isinstance(make_bm25([["a"]] * reader_bm25.AUTO_ARRAYS_SENTENCES), PostingsBM25)
