"""Answers over the synthetic corpus of ``benchmarks/scale.py`` (300 passages) stay as they were.

The answer path reads indexes built once (events by ordinal, occurrences by date, dated
facts by date and person, the reader's BM25+ in arrays for large knowledge bases) where it
used to scan every fact; these answers were recorded from the scanning code, so a look-up
that misses or reorders a fact shows here. After a deliberate change of wording, record
them again: ``python tests/test_scale_answers.py > tests/data/scale_answers.json``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge_base
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
RECORDED = Path(__file__).parent / "data" / "scale_answers.json"
PASSAGES = 300
EXTRA = ["What happened in 2015?", "What happened in March 2015?", "What happened in Doravik in 2010?",
         "What did Minister Ilse Corvan say in 2012?", "How many River Forum editions were there in 2015?",
         "When was the fifth River Forum?", "When was the eleventh Harbour Dialogue?",
         "Where was the second Arctic Consultations?", "Who attended the fourth Trade Council Summit?",
         "Was the third River Forum held in Selmar?", "When was the latest Harbour Dialogue?",
         "When was the first Arctic Consultations held in 2003?", "What happened in Tavira?",
         "Which River Forum took place in Lenhall in 2010?", "What was agreed on the railway and tariff plan?",
         "What did Ambassador Tomas Berg speak about?", "When did delegates agree on the fishery plan?",
         "How many Harbour Dialogue meetings were held in Orlen?"]
CONVERSATION = ["When was the third River Forum?", "And the one after?", "Where?", "Who was there?"]


def _scale_module():
    spec = importlib.util.spec_from_file_location("scale_benchmark", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answers() -> dict[str, dict[str, object]]:
    """Each question's answer (text, found, confidence, citations), then a conversation's."""
    scale = _scale_module()
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scale.write_corpus(Path(tmp), PASSAGES)
        engine = Engine(load_knowledge_base(Path(tmp)))
        dialogue = Dialogue()
        asked = [(q, q, Dialogue()) for q in [*scale.QUESTIONS, *EXTRA]]
        asked += [(f"conversation: {q}", q, dialogue) for q in CONVERSATION]
        for key, question, context in asked:
            a = engine.answer(question, context)
            out[key] = {"text": a.text, "found": a.found, "confidence": a.confidence,
                        "citations": [[c.document, c.quote] for c in a.citations], "suggestions": a.suggestions}
    return out


@pytest.fixture(scope="module", params=["postings", "arrays"])
def now(request: pytest.FixtureRequest) -> dict[str, dict[str, object]]:
    """The answers, with the reader's BM25+ of either kind (``retrieval.reader_bm25``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QABOT_READER_ARRAYS", "1" if request.param == "arrays" else "0")
        return answers()


def recorded() -> dict[str, dict[str, object]]:
    text = RECORDED.read_text(encoding="utf-8") if RECORDED.exists() else ""
    return json.loads(text) if text.strip() else {}  # empty while being recorded again


@pytest.mark.parametrize("question", list(recorded()))
def test_the_answer_is_the_recorded_one(now: dict[str, dict[str, object]], question: str) -> None:
    answer, expected = dict(now[question]), dict(recorded()[question])
    assert answer.pop("confidence") == pytest.approx(expected.pop("confidence"), abs=0.011)  # rounded to 0.01
    assert answer == expected


if __name__ == "__main__":
    json.dump(answers(), sys.stdout, indent=1, ensure_ascii=False)
    print()
