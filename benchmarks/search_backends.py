"""The passage search backends side by side: build, persist, open, size, latency, agreement.

On benchmarks/scale.py's synthetic corpus, for each size and each backend (rank-bm25,
bm25s, tantivy; one that is not installed is skipped with a note):

- build: the backend built in memory over the passages' terms (rank-bm25 builds on its
  first search, which is included);
- persist: writing an index that can be opened later (bm25s: ``save`` after the build;
  tantivy: the build itself, in a folder); rank-bm25 has none;
- open: opening the persisted index (memory-mapped) and answering a first query, median
  of 5, in this process (so with the files in the page cache);
- size: the persisted index's files on disk;
- p50 / p99 of ``search(terms, 10)`` over the questions (the scale benchmark's and some
  single words), 20 rounds, on the opened index where there is one;
- agreement with rank-bm25: the queries with the same top 10 (ids in order), with the same
  best passage, the mean share of rank-bm25's top 10 found in the backend's, and the
  largest relative score difference (for bm25s, which computes the same BM25+; tantivy
  scores plain BM25, on another scale).

Run: ``python benchmarks/search_backends.py [--sizes 1000,10000,100000]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import QUESTIONS, WORDS, write_corpus

EXTRA = [*QUESTIONS, "Harbour Dialogue Lenhall", "drought flood budget", "Minister Corvan Doravik",
         *WORDS[:10]]
ROUNDS = 20
HEADER = (f"{'passages':>9} {'backend':>10} {'build':>8} {'persist':>8} {'open':>9} {'size':>9} "
          f"{'p50':>9} {'p99':>9}  agreement with rank-bm25")

Results = list[list[tuple[str, float]]]


@dataclass
class Row:
    backend: str
    build_s: float
    persist_s: float | None
    open_ms: float | None
    size_mb: float | None
    samples_ms: list[float]
    results: Results


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def latencies(backend: object, queries: list[list[str]]) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        for q in queries:
            seconds, _ = _timed(lambda: backend.search(q, 10))  # noqa: B023
            samples.append(seconds * 1000)
    return sorted(samples)


def _built(cls: type, ids: list[str], docs: list[list[str]], first: list[str]) -> object:
    backend = cls(ids, docs)
    backend.search(first, 10)  # rank-bm25 builds on the first search
    return backend


def median_open_ms(open_index: Callable[[], object], first: list[str]) -> float:
    """Open and answer a first query (a memory-mapped index reads on demand), median of 5."""
    times = [_timed(lambda: open_index().search(first, 10))[0] * 1000 for _ in range(5)]
    return statistics.median(times)


def measure(name: str, ids: list[str], docs: list[list[str]], queries: list[list[str]], tmp: Path) -> Row:
    from retrieval import search_backends as sb

    classes = {"rank-bm25": sb.RankBM25Backend, "bm25s": sb.BM25sBackend, "tantivy": sb.TantivyBackend}
    build_s, backend = _timed(lambda: _built(classes[name], ids, docs, queries[0]))
    persist_s = open_ms = size_mb = None
    folder = tmp / name
    if name == "bm25s":
        persist_s, _ = _timed(lambda: backend.save(folder))
    elif name == "tantivy":
        persist_s, _ = _timed(lambda: sb.TantivyBackend(ids, docs, folder))
    if persist_s is not None:
        opener = sb.BM25sBackend.open if name == "bm25s" else sb.TantivyBackend.open
        open_ms = median_open_ms(lambda: opener(folder), queries[0])
        size_mb = folder_mb(folder)
        backend = opener(folder)  # searched as a persisted index is
    return Row(name, build_s, persist_s, open_ms, size_mb, latencies(backend, queries),
               [backend.search(q, 10) for q in queries])


def agreement(found: Results, expected: Results, scores: bool) -> str:
    same = sum([i for i, _ in a] == [i for i, _ in b] for a, b in zip(found, expected, strict=True))
    shares = [len({i for i, _ in a} & {i for i, _ in b}) / len(b) for a, b in zip(found, expected, strict=True) if b]
    first = sum([i for i, _ in a[:1]] == [i for i, _ in b[:1]] for a, b in zip(found, expected, strict=True))
    text = (f"same top 10 {same}/{len(expected)}, same first {first}/{len(expected)}, "
            f"overlap {100 * statistics.mean(shares):.0f}%")
    if scores:
        diff = max((abs(sa - sb) / max(abs(sb), 1e-9) for a, b in zip(found, expected, strict=True)
                    for (_, sa), (_, sb) in zip(a, b, strict=False)), default=0.0)
        text += f", scores within {diff:.0e}"
    return text


def _cell(value: float | None, unit: str, width: int, digits: int = 2) -> str:
    return f"{'—':>{width}}" if value is None else f"{value:>{width - len(unit)}.{digits}f}{unit}"


def format_row(size: int, row: Row, baseline: Row | None) -> str:
    p50, p99 = statistics.median(row.samples_ms), row.samples_ms[int(0.99 * (len(row.samples_ms) - 1))]
    agrees = "—" if baseline is None else agreement(row.results, baseline.results, row.backend == "bm25s")
    return (f"{size:>9} {row.backend:>10} {_cell(row.build_s, 's', 8, 3)} {_cell(row.persist_s, 's', 8, 3)} "
            f"{_cell(row.open_ms, 'ms', 9, 1)} {_cell(row.size_mb, 'MB', 9, 2)} "
            f"{_cell(p50, 'ms', 9, 3)} {_cell(p99, 'ms', 9, 3)}  {agrees}")


def installed(name: str) -> bool:
    return name == "rank-bm25" or importlib.util.find_spec(name) is not None


def run(size: int) -> list[str]:
    os.environ["QABOT_SEARCH_BACKEND"] = "rank-bm25"  # PassageIndex's own backend: the cheapest
    from knowledge.loader import load_knowledge_base
    from retrieval.analyzer import terms
    from retrieval.index import PassageIndex

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), size)
        kb = load_knowledge_base(Path(tmp))
    index = PassageIndex(kb)
    ids = [p.id for p in index.passages]
    queries = [terms(q) for q in EXTRA]
    lines, baseline = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("rank-bm25", "bm25s", "tantivy"):
            if not installed(name):
                lines.append(f"{len(ids):>9} {name:>10} skipped: not installed (pip install 'qabot[large]')")
                continue
            row = measure(name, ids, index.passage_terms, queries, Path(tmp))
            baseline = baseline or row
            lines.append(format_row(len(ids), row, None if row is baseline else baseline))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(HEADER, flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        for line in run(size):
            print(line, flush=True)


if __name__ == "__main__":
    main()
