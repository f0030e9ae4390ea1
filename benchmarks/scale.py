"""Growth: build time, answer latency and memory at 1k / 10k / 100k passages.

Synthetic documents (numbered meetings of several series, dated statements, people with
roles, filler prose) are written to a temporary folder; each size runs in its own
process so its peak memory is its own. Prints one row per size.
Run: ``python benchmarks/scale.py [--sizes 1000,10000,100000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERIES = ["Harbour Dialogue", "River Forum", "Trade Council Summit", "Arctic Consultations"]
CITIES = ["Lenhall", "Doravik", "Kestrelmouth", "Port Averin", "Selmar", "Orlen", "Tavira"]
PEOPLE = ["Minister Ilse Corvan", "Ambassador Tomas Berg", "Secretary Amina Sorrell",
          "Chair Marta Oyelaran", "President Dmitri Halloran"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
WORDS = ("water energy trade harbour policy budget network report charter grant drought flood "
         "survey fishery tariff corridor railway school clinic archive museum festival").split()
QUESTIONS = ["When was the third Harbour Dialogue?", "Where did the River Forum meet in 2015?",
             "Who is Ilse Corvan?", "What happened on March 3, 2015?",
             "What did the report say about the drought budget?", "What is the GDP of Brazil?"]
PASSAGES_PER_DOC = 10


def write_corpus(folder: Path, passages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for d in range(max(1, passages // PASSAGES_PER_DOC)):
        series = SERIES[d % len(SERIES)]
        lines = [f"{series} report {d}"]
        for p in range(PASSAGES_PER_DOC):
            year = 2000 + rng.randrange(25)
            date = f"{rng.choice(MONTHS)} {rng.randrange(1, 28)}, {year}"
            filler = " ".join(rng.choice(WORDS) for _ in range(12))
            lines.append(
                f"The {ORD[(d + p) % 10]} {series} took place on {date} in {rng.choice(CITIES)}. "
                f"{rng.choice(PEOPLE)} spoke about the {filler}. "
                f"Delegates agreed on the {rng.choice(WORDS)} and {rng.choice(WORDS)} plan.")
        (folder / f"doc-{d:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(passages: int) -> dict[str, float]:
    from knowledge.loader import load_knowledge_base
    from retrieval.dialogue import Dialogue
    from retrieval.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, passages)
        start = time.perf_counter()
        kb = load_knowledge_base(folder)
        build = time.perf_counter() - start
        start = time.perf_counter()
        engine = Engine(kb)
        index = time.perf_counter() - start
    for q in QUESTIONS:  # warm: lazily built tables and the English word list
        engine.answer(q, Dialogue())
    samples = []
    for _ in range(20):
        for q in QUESTIONS:
            start = time.perf_counter()
            engine.answer(q, Dialogue())
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"passages": len(kb.passages), "build_s": build, "index_s": index,
            "p50_ms": statistics.median(samples), "p99_ms": samples[int(0.99 * (len(samples) - 1))],
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print(f"{'passages':>9} {'build':>9} {'index':>8} {'answer p50':>11} {'answer p99':>11} {'peak RSS':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['passages']:>9} {r['build_s']:>8.2f}s {r['index_s']:>7.2f}s {r['p50_ms']:>9.2f}ms "
              f"{r['p99_ms']:>9.2f}ms {r['rss_mb']:>7.0f}MB")


if __name__ == "__main__":
    main()
