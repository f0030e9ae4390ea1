"""Warm answer latency on the bundled knowledge base, next to a bare BM25 baseline.

Prints p50 / p90 / p99 over a realistic mix of questions (structured, open, follow-ups,
typos, unknowns), each answered many times, and, in the same run, the cost of a bare
rank-bm25 ``get_scores`` call over the same passages. Also the build time and the
process's peak memory. With ``--squad FILE`` it first times every question of one SQuAD
article (``--article``, default Warsaw) as its own knowledge base, beside rank-bm25 over its
sentences. Run: ``python benchmarks/answer_latency.py [--rounds N] [--squad FILE]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

from knowledge.loader import build
from retrieval.analyzer import terms
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

QUESTIONS = [
    "When was the third SPD?",
    "Where did the third Strategic Partnership Dialogue take place?",
    "When did the fourth SPD take place?",
    "Where did the ESPD convene in December 2019?",
    "Which country first recognized Kazakhstan's independence, and when?",
    "What is the ABC?",
    "When did the US-Kazakhstan Bilateral Investment Treaty enter into force?",
    "Who is Kairat Umarov?",
    "What did Secretary Kerry do on November 2, 2015?",
    "What were the P5+1 talks about?",
    "How many SPDs were there?",
    "When was the most recent ESPD meeting?",
    "when was the thrd strategic partnrship dialog",
    "What happened in Astana in December 2018?",
    "What is the GDP of Brazil?",
    "When was the eighth SPD?",
]
FOLLOW_UPS = [["When was the fifth SPD?", "Where?", "Who took part?", "What about the third?"]]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, samples: list[float]) -> None:
    print(f"{label:<34} p50 {statistics.median(samples):7.3f} ms   p90 {percentile(samples, 0.9):7.3f} ms"
          f"   p99 {percentile(samples, 0.99):7.3f} ms   (n={len(samples)})")


def squad_latency(path: Path, title: str, rounds: int) -> None:
    """Warm answers over one SQuAD article, beside a bare rank-bm25 call over its sentences."""
    from rank_bm25 import BM25Plus

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from squad_data import load_articles

    article = load_articles(path, [title])[0]
    kb = article.knowledge_base()
    engine = Engine(kb)
    questions = [q.text for q in article.questions]
    engine.answer(questions[0])
    samples = timed_each(lambda q: engine.answer(q, Dialogue()), questions, rounds)
    bm25 = BM25Plus([terms(s.text) or ["_"] for s in kb.sentences])
    baseline = timed_each(lambda q: bm25.get_scores(terms(q)), questions, rounds)
    print(f"SQuAD article {title}: {len(kb.sentences)} sentences, {len(questions)} questions")
    report("answer, warm (engine)", samples)
    report("baseline: rank-bm25 get_scores", baseline)


def timed_each(fn, items: list[str], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        for item in items:
            start = time.perf_counter()
            fn(item)
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--squad", type=Path, metavar="FILE",
                        help="also time every question of one article of a SQuAD-format file (its own KB)")
    parser.add_argument("--article", default="Warsaw", help="the article for --squad (default: Warsaw)")
    args = parser.parse_args()
    if args.squad:
        squad_latency(args.squad, args.article, max(1, args.rounds // 40))

    builds = timed(lambda: build(None), 20)  # extracted in memory, not opened from the cache
    engine = Engine.from_folder(None)
    engine.answer("warm up")  # loads the lazily read English word list once

    samples: list[float] = []
    for _ in range(args.rounds):
        for question in QUESTIONS:
            start = time.perf_counter()
            engine.answer(question, Dialogue())
            samples.append((time.perf_counter() - start) * 1000)
        for script in FOLLOW_UPS:
            dialogue = Dialogue()
            for question in script:
                start = time.perf_counter()
                engine.answer(question, dialogue)
                samples.append((time.perf_counter() - start) * 1000)

    from rank_bm25 import BM25Plus

    bm25 = BM25Plus([t or ["_"] for t in engine.index.passage_terms])  # the same passages, bare
    query_terms = [terms(q) for q in QUESTIONS]
    baseline: list[float] = []
    for _ in range(args.rounds):
        for q in query_terms:
            start = time.perf_counter()
            bm25.get_scores(q)
            baseline.append((time.perf_counter() - start) * 1000)

    print(f"knowledge base: {len(engine.kb.documents)} documents, {len(engine.kb.passages)} passages")
    report("build (bundled documents)", builds)
    report("answer, warm (engine)", samples)
    report("baseline: rank-bm25 get_scores", baseline)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.1f} MB")


if __name__ == "__main__":
    main()
