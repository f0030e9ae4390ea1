"""Growth: build time, answer latency, memory and the store at 1k / 10k / 100k passages.

Synthetic documents (numbered meetings of several series, dated statements, people with
roles, filler prose) are written to a temporary folder; each size runs in its own
process so its peak memory is its own. Prints one row per size, then a second table:
the store written and read as YAML (the old working format) and as SQLite, side by side;
"qabot build", a full build that saves the store and the extraction cache; "open", a fresh
load of a built folder whose store is current (what `qabot ask` does); and "edit one", the
load after one document of the folder was edited (an incremental rebuild, saved); with
``--process``, "process": ``qabot build`` as a whole command from nothing, the saved analysis too.
Run: ``python benchmarks/scale.py [--sizes 1000,10000,100000] [--no-yaml] [--process]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.models import KnowledgeBase

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


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def measure_store(folder: Path, kb: KnowledgeBase, yaml: bool, process: bool = False) -> dict[str, float]:
    """Write and read the store as YAML (the old working format) and as SQLite; open and edit;
    with ``process``, ``qabot build`` as a whole process too."""
    from knowledge import loader, sqlite_store, yaml_store

    out: dict[str, float] = {}
    formats = [("sqlite", sqlite_store.save_sqlite, sqlite_store.load_sqlite, "store.sqlite")]
    if yaml:
        formats.insert(0, ("yaml", yaml_store.save_yaml, yaml_store.load_yaml, "store.yaml"))
    for name, save, load, file in formats:
        path = folder / ".qabot" / file
        out[f"{name}_write_s"], _ = _timed(lambda: save(kb, path))  # noqa: B023
        out[f"{name}_read_s"], _ = _timed(lambda: load(path))  # noqa: B023
        out[f"{name}_mb"] = path.stat().st_size / 2**20
    out["qabot_build_s"], _ = _timed(lambda: loader.build_and_save(folder))  # as `qabot build`: store and cache
    out["open_s"], _ = _timed(lambda: loader.load_knowledge_base(folder))  # a current store, as `qabot ask` does
    edited = sorted(folder.glob("doc-*.txt"))[len(list(folder.glob("doc-*.txt"))) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "The eleventh Harbour Dialogue took place on "
                      "May 5, 2026 in Selmar.\n", encoding="utf-8")
    out["edit_one_s"], _ = _timed(lambda: loader.load_knowledge_base(folder))  # an incremental rebuild, saved
    if process:
        out["process_build_s"] = time_qabot_build(folder)
    return out


def time_qabot_build(folder: Path) -> float:
    """Seconds of ``qabot build --kb folder`` as a whole process, from nothing (no store, cache
    or saved analysis): what a user waits for, the saved analysis's process included."""
    shutil.rmtree(folder / ".qabot", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "build", "--kb", str(folder)], check=True,
                   capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    return time.perf_counter() - start


def measure(passages: int, yaml: bool = True, process: bool = False) -> dict[str, float]:
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
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the stores are read
        stores = measure_store(folder, kb, yaml, process)
    return {"passages": len(kb.passages), "build_s": build, "index_s": index,
            "p50_ms": statistics.median(samples), "p99_ms": samples[int(0.99 * (len(samples) - 1))],
            "rss_mb": rss, **stores}


def _cell(r: dict[str, float], key: str, unit: str = "s") -> str:
    return f"{r[key]:>8.2f}{unit}" if key in r else f"{'-':>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--no-yaml", action="store_true", help="skip the YAML store (slow at 100k)")
    parser.add_argument("--process", action="store_true",
                        help="also time `qabot build` as a whole process, from nothing (the saved analysis too)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, yaml=not args.no_yaml, process=args.process)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--one", str(size)] + (["--no-yaml"] if args.no_yaml else []) + \
            (["--process"] if args.process else [])
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'passages':>9} {'build':>9} {'index':>8} {'answer p50':>11} {'answer p99':>11} {'peak RSS':>9}")
    for r in rows:
        print(f"{r['passages']:>9} {r['build_s']:>8.2f}s {r['index_s']:>7.2f}s {r['p50_ms']:>9.2f}ms "
              f"{r['p99_ms']:>9.2f}ms {r['rss_mb']:>7.0f}MB")
    print()
    print(f"{'passages':>9} {'YAML write':>10} {'YAML read':>9} {'YAML size':>9} {'SQL write':>9} "
          f"{'SQL read':>9} {'SQL size':>9} {'qabot build':>11} {'open':>9} {'edit one':>9} {'process':>9}")
    for r in rows:
        print(f"{r['passages']:>9} {_cell(r, 'yaml_write_s'):>10} {_cell(r, 'yaml_read_s')} "
              f"{_cell(r, 'yaml_mb', 'M')} {_cell(r, 'sqlite_write_s')} {_cell(r, 'sqlite_read_s')} "
              f"{_cell(r, 'sqlite_mb', 'M')} {_cell(r, 'qabot_build_s'):>11} {_cell(r, 'open_s')} "
              f"{_cell(r, 'edit_one_s')} {_cell(r, 'process_build_s')}")


if __name__ == "__main__":
    main()
