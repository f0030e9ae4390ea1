"""Whole ``qabot ask`` processes on a built folder, with and without its saved analysis.

Usage: python benchmarks/saved_analysis.py [--passages N] [--repeat N] [--kb DIR]

Writes the synthetic corpus of ``benchmarks/scale.py`` (3,600 passages by default, 360
documents) to a temporary folder (or uses ``--kb DIR``), builds it with ``qabot build``,
then times a fact question and an open one as fresh processes, alternately with the saved
analysis (``.qabot/analysis.sqlite``, read instead of analysing every sentence) and without
it (``QABOT_SAVED_ANALYSIS=0``: the engine analyses the documents at start, as before it
existed), after one untimed warm-up run of each. Prints the medians and 90th percentiles of
the wall time, and the median CPU time (user + system: less swayed by other work on a shared
machine), beside ``python -c pass``; the goal is ``qabot ask`` <= 0.5 s at 3,600 passages.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_start import PROJECT, percentile
from scale import write_corpus

GOAL_S = 0.5
QUESTIONS = ["When was the third Harbour Dialogue?", "What did the report say about fisheries?"]
MODES = {"analysed at start": {"QABOT_SAVED_ANALYSIS": "0"}, "saved analysis": {}}


def time_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(folder: Path, repeat: int) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(wall, CPU) times of each (question, mode), the modes alternating run by run."""
    base = {k: v for k, v in os.environ.items() if k not in {"QABOT_KB", "PYTHONDONTWRITEBYTECODE",
                                                              "QABOT_SAVED_ANALYSIS"}}
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for question in QUESTIONS:
        argv = [sys.executable, "-m", "bot", "ask", "--kb", str(folder), question]
        for extra in MODES.values():
            time_once(argv, {**base, **extra})  # warm-up
        for _ in range(repeat):
            for mode, extra in MODES.items():
                times.setdefault((question, mode), []).append(time_once(argv, {**base, **extra}))
    times[("python -c pass", "")] = [time_once([sys.executable, "-c", "pass"], base) for _ in range(repeat)]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=3600, metavar="N")
    parser.add_argument("--repeat", type=int, default=9, metavar="N")
    parser.add_argument("--kb", metavar="DIR", help="a folder of documents (default: a synthetic one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qabot-saved-") as tmp:
        folder = Path(args.kb) if args.kb else Path(tmp)
        if not args.kb:
            write_corpus(folder, args.passages)
        subprocess.run([sys.executable, "-m", "bot", "build", "--kb", str(folder)], cwd=PROJECT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {folder if args.kb else args.passages}"
              f" {'' if args.kb else 'passages'}, {args.repeat} runs each, alternated")
        times = run(folder, args.repeat)
    print(f"{'command':<50} {'mode':<18} {'median':>8} {'p90':>8} {'CPU':>8}")
    worst = 0.0
    for (label, mode), runs in times.items():
        walls = [wall for wall, _ in runs]
        median = statistics.median(walls)
        if mode == "saved analysis":
            worst = max(worst, median)
        cpu = statistics.median(c for _, c in runs)
        print(f"{label:<50} {mode:<18} {median:>7.3f}s {percentile(walls, 0.9):>7.3f}s {cpu:>7.3f}s")
    print(f"qabot ask with the saved analysis: {worst:.3f} s at worst (median); goal {GOAL_S} s: "
          f"{'met' if worst <= GOAL_S else 'NOT met'}")
    return 0 if worst <= GOAL_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
