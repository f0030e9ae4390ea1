"""Whole ``qabot ask`` processes on built folders, of two or more installs, run alternately.

Usage: python benchmarks/fresh_ask.py LABEL=VENV:KB [LABEL=VENV:KB ...] [--rounds N] [-q QUESTION ...]

Each ``VENV`` is a virtual environment with qabot installed (a checkout's ``.venv``), each
``KB`` a folder built by it (``qabot build --kb KB``; of the same corpus for a fair compare,
e.g. ``benchmarks/scale.py``'s ``write_corpus``). For each round and question, every install
answers once as a fresh process under ``/usr/bin/time``, in turn (the order reversed every
other round, so that neither always runs first on a shared machine). Prints per question the
median wall time, its range, the median CPU time (user + system) and the peak RSS of each,
and whether every install gave the same answer. Bytecode is written and read, whatever
``PYTHONDONTWRITEBYTECODE`` says (as ``cold_start.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import QUESTIONS

# Bytecode is allowed, as in any pip installation (pip compiles it at install time; cold_start.py
# does the same): a PYTHONDONTWRITEBYTECODE in the environment would make every run of a checkout
# whose bytecode was never written compile its sources again (about 0.25 s of a fresh ask).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(venv: str, kb: str, question: str) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, answer) of one ``qabot ask``."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", f"{venv}/bin/qabot", "ask", question, "--kb", kb],
                          capture_output=True, text=True, check=True, env=ENV)
    wall, user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("installs", nargs="+", help="LABEL=VENV:KB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-q", "--question", action="append", help="a question (default: scale.py's)")
    args = parser.parse_args()
    installs = [(label, *spec.split(":", 1)) for label, spec in (i.split("=", 1) for i in args.installs)]
    questions = args.question or QUESTIONS
    runs: dict[tuple[str, str], list[tuple[float, float, float, str]]] = {}
    for round_ in range(args.rounds):
        order = installs if round_ % 2 == 0 else installs[::-1]
        for question in questions:
            for label, venv, kb in order:
                runs.setdefault((label, question), []).append(run_once(venv, kb, question))
    for question in questions:
        answers = {run[3] for label, _, _ in installs for run in runs[(label, question)]}
        print(question, "(same answers)" if len(answers) == 1 else "(ANSWERS DIFFER)")
        for label, _, _ in installs:
            found = runs[(label, question)]
            walls = [run[0] for run in found]
            print(f"  {label:>8}: wall {statistics.median(walls):.2f} s [{min(walls):.2f}-{max(walls):.2f}], "
                  f"CPU {statistics.median(run[1] for run in found):.2f} s, "
                  f"peak RSS {statistics.median(run[2] for run in found):.0f} MB")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
