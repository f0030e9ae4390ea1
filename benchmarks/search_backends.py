"""The passage search backends side by side: build time, search latency, agreement.

On benchmarks/scale.py's synthetic corpus, for each size: the time to build each backend
over the passages' terms, the median and p99 of ``search(terms, 10)`` over questions
(the scale benchmark's and some single words), and how often bm25s returns the same
top 10 as rank-bm25 (ids in order) with the largest relative score difference.
Run: ``python benchmarks/search_backends.py [--sizes 1000,10000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import QUESTIONS, WORDS, write_corpus

EXTRA = [*QUESTIONS, "Harbour Dialogue Lenhall", "drought flood budget", "Minister Corvan Doravik",
         *WORDS[:10]]


def run(size: int) -> list[str]:
    from knowledge.loader import load_knowledge_base
    from retrieval.analyzer import terms
    from retrieval.index import PassageIndex
    from retrieval.search_backends import BM25sBackend, RankBM25Backend

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), size)
        kb = load_knowledge_base(Path(tmp))
    index = PassageIndex(kb)
    ids = [p.id for p in index.passages]
    queries = [terms(q) for q in EXTRA]
    rows = []
    results = {}
    for backend_class in (RankBM25Backend, BM25sBackend):
        start = time.perf_counter()
        backend = backend_class(ids, index.passage_terms)
        backend.search(queries[0], 10)  # rank-bm25 builds on the first search
        built = time.perf_counter() - start
        samples = []
        for _ in range(5):
            for q in queries:
                start = time.perf_counter()
                backend.search(q, 10)
                samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        results[backend.name] = [backend.search(q, 10) for q in queries]
        rows.append(f"{len(ids):>9} {backend.name:>10} {built:>8.2f}s {statistics.median(samples):>8.2f}ms "
                    f"{samples[int(0.99 * (len(samples) - 1))]:>8.2f}ms")
    same = sum([i for i, _ in a] == [i for i, _ in b] for a, b in zip(results["rank-bm25"], results["bm25s"],
                                                                       strict=True))
    diff = max((abs(sa - sb) / max(abs(sa), 1e-9) for a, b in zip(results["rank-bm25"], results["bm25s"],
                                                                    strict=True)
                for (_, sa), (_, sb) in zip(a, b, strict=False)), default=0.0)
    rows.append(f"{'':>9} {'agreement':>10} same top 10 on {same}/{len(queries)} queries, "
                f"largest relative score difference {diff:.1e}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(f"{'passages':>9} {'backend':>10} {'build':>9} {'p50':>10} {'p99':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        for row in run(size):
            print(row)


if __name__ == "__main__":
    main()
