"""The groups of a series' occurrences that answers read are made once and handed out as kept.

Over the synthetic corpus of ``benchmarks/scale.py`` (300 passages): many reports name the
third meeting of a series on different dates, so its answer lists the newest sources' dates
and says how many more, in the order kept with the group.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge_base
from retrieval.compose_events import LISTED
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
SERIES = "Harbour Dialogue"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    spec = importlib.util.spec_from_file_location("scale_benchmark", ROOT / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    folder = tmp_path_factory.mktemp("scale")
    scale.write_corpus(folder, 300)
    return Engine(load_knowledge_base(folder))


def _series(engine: Engine) -> str:
    return next(s for s in engine.tables.events_by_series if engine.tables.series_label(s) == SERIES)


def test_the_occurrences_of_an_ordinal_are_grouped_once(engine: Engine) -> None:
    events, series = engine.events, _series(engine)
    kept = events.numbered_occurrences(series, 3, None)
    assert events.numbered_occurrences(series, 3, None) is kept
    assert len(kept.occurrences) > LISTED
    assert isinstance(kept.occurrences, tuple)
    assert events.series_occurrences(series) is events.series_occurrences(series)


def test_the_kept_order_is_the_newest_sources_first(engine: Engine) -> None:
    events, series = engine.events, _series(engine)
    kept = events.numbered_occurrences(series, 3, None)
    assert kept.ranking is not None and not any(kept.ranking.sessions)
    order = kept.ranking.newest_first
    assert sorted(order) == list(range(len(kept.occurrences)))
    newest = [max(engine.tables.doc_recency.get(d, 0) for d in kept.occurrences[i].docs) for i in order]
    assert newest == sorted(newest, reverse=True)
    assert order == events.ranking(kept.occurrences).newest_first  # the same as made afresh


def test_an_answer_from_the_kept_order_is_the_one_made_afresh(engine: Engine) -> None:
    events, series = engine.events, _series(engine)
    kept = events.numbered_occurrences(series, 3, None)
    name = events.name(series, 3)
    with_kept = events.several(name, kept.occurrences, "when", kept.ranking)
    afresh = events.several(name, list(kept.occurrences), "when")
    assert (with_kept.text, with_kept.citations) == (afresh.text, afresh.citations)
    assert f"give {len(kept.occurrences)} different dates" in with_kept.text
    assert "newest sources first" in with_kept.text and with_kept.text.endswith(" more.")


def test_asking_again_gives_the_same_answer(engine: Engine) -> None:
    first = engine.answer("When was the third Harbour Dialogue?", Dialogue())
    again = engine.answer("When was the third Harbour Dialogue?", Dialogue())
    assert (first.text, first.citations) == (again.text, again.citations)
