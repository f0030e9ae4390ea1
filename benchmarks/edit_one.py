"""Time the load after one document of a built folder changed: an incremental rebuild, saved.

What ``benchmarks/scale.py`` calls "edit one", repeated on one folder built once: each
round runs in a fresh process, which opens the folder (as scale.py does before its edit),
appends a line to one document (a different one each round) and times the load that
follows. ``--profile FILE`` writes a cProfile of the last round's load.
Run: ``python benchmarks/edit_one.py DIR [--passages 100000] [--rounds 5] [--profile FILE]``
(DIR is built, with scale.py's corpus, when it holds no store yet).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

LOG = logging.getLogger("edit_one")
LINE = "The eleventh Harbour Dialogue took place on May 5, 2026 in Selmar.\n"


def prepare(folder: Path, passages: int) -> None:
    """Write scale.py's corpus into ``folder`` unless it holds one, and build its store (again:
    a store of other code is rebuilt whole)."""
    from knowledge import loader

    if not any(folder.glob("doc-*.txt")):
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from scale import write_corpus

        folder.mkdir(parents=True, exist_ok=True)
        write_corpus(folder, passages)
    start = time.perf_counter()
    loader.build_and_save(folder)
    LOG.info("built %s in %.1f s", folder, time.perf_counter() - start)


def one_round(folder: Path, index: int, profile: str | None) -> float:
    """In this process: open ``folder``, edit its ``index``-th document, time the next load."""
    from knowledge import loader

    held = loader.load_knowledge_base(folder)  # held during the edit's load, as scale.py's is
    docs = sorted(folder.glob("doc-*.txt"))
    edited = docs[(len(docs) // 2 + index * 7919) % len(docs)]
    edited.write_text(edited.read_text(encoding="utf-8") + LINE, encoding="utf-8")
    start = time.perf_counter()
    if profile:
        import cProfile

        with cProfile.Profile() as prof:
            kb = loader.load_knowledge_base(folder)
        prof.dump_stats(profile)
    else:
        kb = loader.load_knowledge_base(folder)
    elapsed = time.perf_counter() - start  # before either knowledge base is freed
    del held, kb
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="write a cProfile of the last round here")
    parser.add_argument("--round", type=int, help=argparse.SUPPRESS)  # one round, in a child process
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.round is not None:
        print(json.dumps(one_round(args.folder, args.round, args.profile)))
        return
    prepare(args.folder, args.passages)
    times = []
    for i in range(args.rounds):
        command = [sys.executable, __file__, str(args.folder), "--round", str(i)]
        if args.profile and i == args.rounds - 1:
            command += ["--profile", args.profile]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times.append(json.loads(out.splitlines()[-1]))
        LOG.info("round %d: %.2f s", i + 1, times[-1])
    LOG.info("edit one: median %.2f s (min %.2f, max %.2f) over %d rounds", statistics.median(times),
             min(times), max(times), len(times))


if __name__ == "__main__":
    main()
