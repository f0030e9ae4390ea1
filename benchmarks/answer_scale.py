"""Per-question answer times over the synthetic corpus of ``benchmarks/scale.py``, at one size.

The corpus is written and built (``qabot build``: the store is saved) once into a folder
that later runs reuse (``--folder``, default ``$TMPDIR/qabot-scale-<size>``), since 100,000
passages take minutes to build. Prints each question's first answer (lazily built tables
and collector pauses show there), then its median and maximum over ``--runs`` rounds of warm answers (each
round asks every question once, as ``scale.py`` does),
p50 / p99 over all of them, and the collector's pauses while they ran. ``--profile`` runs
cProfile over some of the questions instead. To compare two versions of the code, run it
with each first on the path, alternately: ``PYTHONPATH=/other/checkout python ...``.
Run: ``python benchmarks/answer_scale.py [--size 100000] [--runs 15] [--profile 0,4]``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scale import QUESTIONS, write_corpus

from knowledge.loader import build_and_save, load_knowledge_base
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine


def corpus(folder: Path, size: int) -> Path:
    """``folder`` holding the synthetic corpus of ``size`` passages and its saved store."""
    if not (folder / ".qabot").exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_corpus(folder, size)
        build_and_save(folder)
    return folder


class Pauses:
    """The cyclic collector's pauses, per generation, while it is installed."""

    def __init__(self) -> None:
        self.times: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._start = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.times[info["generation"]].append((time.perf_counter() - self._start) * 1000)


def profile(engine: Engine, which: str) -> None:
    for i in which.split(","):
        question = QUESTIONS[int(i)]
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            engine.answer(question, Dialogue())
        prof.disable()
        print(f"===== {question}")
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--profile", default="", help="indexes of questions to profile, comma separated")
    args = parser.parse_args()
    folder = corpus(args.folder or Path(tempfile.gettempdir()) / f"qabot-scale-{args.size}", args.size)
    start = time.perf_counter()
    kb = load_knowledge_base(folder)
    loaded = time.perf_counter()
    engine = Engine(kb)
    print(f"{len(kb.passages)} passages: load {loaded - start:.1f} s, engine {time.perf_counter() - loaded:.1f} s")
    pauses = Pauses()
    for question in QUESTIONS:
        start = time.perf_counter()
        engine.answer(question, Dialogue())
        print(f"first  {question:<55} {(time.perf_counter() - start) * 1000:9.2f} ms")
    if args.profile:
        profile(engine, args.profile)
        return
    pauses.times = {g: [] for g in pauses.times}
    samples: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    for _ in range(args.runs):  # one question after the other, as scale.py asks them
        for question in QUESTIONS:
            start = time.perf_counter()
            engine.answer(question, Dialogue())
            samples[question].append((time.perf_counter() - start) * 1000)
    everything = [t for times in samples.values() for t in times]
    for question, times in samples.items():
        print(f"warm   {question:<55} median {statistics.median(times):8.2f} ms   max {max(times):8.2f} ms")
    everything.sort()
    p99 = everything[int(0.99 * (len(everything) - 1))]
    print(f"all: p50 {statistics.median(everything):.2f} ms, p99 {p99:.2f} ms")
    for generation, times in pauses.times.items():
        print(f"collector, generation {generation}: {len(times)} pauses, {sum(times):.1f} ms in all")


if __name__ == "__main__":
    sys.exit(main())
