"""Fingerprints of built knowledge bases: the same output before and after a change.

Builds the bundled documents, every folder under ``tests/data/kbs`` and ``tests/data/kb_other``,
and a synthetic corpus (benchmarks/scale.py's), then prints the sha256 of each
``KnowledgeBase.model_dump`` (without ``inputs``, which holds the extractor's own hash).
Run it on two checkouts and diff the output:
``python benchmarks/kb_fingerprint.py [--synthetic 2000] > after.txt``. ``--edited`` adds, for
the synthetic and varied corpora, the hash of the knowledge base rebuilt incrementally after
edits (in a process that holds the built one, as the bot does, and in one that does not),
beside that of a full build of the same files: the two must be the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.models import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent


SYLLABLES = "ka ro mi tu sel var den lo ba nir os qu el fa zo ri".split()
ROLES = ["Minister", "Ambassador", "Secretary", "Governor", "Chair"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def write_varied_corpus(folder: Path, documents: int, seed: int = 11) -> None:
    """Many distinct people, acronyms, series and quotations: what scale.py's corpus lacks."""
    rng = random.Random(seed)
    for d in range(documents):
        council = f"{_name(rng)} {_name(rng)} Council"
        short = "".join(w[0] for w in council.split())
        lines = [f"{council} news {d}", ""]
        for p in range(6):
            person = f"{_name(rng)} {_name(rng)}"
            other = rng.choice(["Kerry", "Biswal", person.split()[-1]])
            lines += [f"The {ORDINALS[p]} meeting of the {council} ({short}) took place on May {p + 3}, "
                      f"{2000 + d % 20} in {_name(rng)}. {rng.choice(ROLES)} {person} spoke, "
                      f"and {other} replied. The {short} met again later.",
                      "", f"\u201cWe met {other} yesterday,\u201d said {person.split()[-1]}.",
                      f"\u2014 {person} (@{person.split()[-1].lower()}) June {p + 1}, 2020", ""]
        (folder / f"varied-{d:04d}.txt").write_text("\n".join(lines), encoding="utf-8")


def fingerprint(folder: Path | None) -> str:
    from knowledge.loader import build

    return _digest(build(folder))


def _digest(kb: KnowledgeBase) -> str:
    text = json.dumps(kb.model_dump(mode="json", exclude={"inputs"}), sort_keys=True)
    text = text.replace(json.dumps(kb.source)[1:-1], "FOLDER")  # checkouts and temporary folders differ
    return hashlib.sha256(text.encode()).hexdigest()


EDITS = ["The eleventh Harbour Dialogue took place on May 5, 2026 in Selmar.",
         "The Harbour Water Forum (HWF) met on May 3, 2023 in Tavira. Minister Ilse Corvan spoke.",
         "Secretary Zed Quorin opened the first Quorin Forum on June 2, 2021.",
         "It rained."]


def edited_fingerprints(folder: Path, held: bool) -> tuple[str, str]:
    """Build ``folder`` and save it, edit a few documents one after another, rebuilding after each
    (holding the last knowledge base, or not); the hashes of the last rebuild and of a full build."""
    from knowledge import loader, previous_build

    loader.build_and_save(folder)
    kb = loader.load_knowledge_base(folder)
    docs = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    for i, line in enumerate(EDITS):
        path = docs[(len(docs) // 3 + 17 * i) % len(docs)]
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
        if not held:
            previous_build.forget(folder)
        kb = loader.load_knowledge_base(folder)
    return _digest(kb), fingerprint(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=2000, help="passages of the synthetic corpus")
    parser.add_argument("--edited", action="store_true", help="also rebuild edited folders incrementally")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import write_corpus

    folders: list[tuple[str, Path | None]] = [("bundled", None)]
    folders += [(p.name, p) for p in sorted((ROOT / "tests/data/kbs").iterdir()) if p.is_dir()]
    folders.append(("kb_other", ROOT / "tests/data/kb_other"))
    for name, folder in folders:
        print(f"{name:<20} {fingerprint(folder)}")
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), args.synthetic)
        print(f"{'synthetic':<20} {fingerprint(Path(tmp))}")
    with tempfile.TemporaryDirectory() as tmp:
        write_varied_corpus(Path(tmp), args.synthetic // 50)
        print(f"{'varied':<20} {fingerprint(Path(tmp))}")
    if not args.edited:
        return
    writers: list[tuple[str, Callable[[Path], None]]] = [
        ("synthetic", lambda f: write_corpus(f, args.synthetic)),
        ("varied", lambda f: write_varied_corpus(f, args.synthetic // 50))]
    for name, write in writers:
        for held in (True, False):
            with tempfile.TemporaryDirectory() as tmp:
                write(Path(tmp))
                rebuilt, full = edited_fingerprints(Path(tmp), held)
                label = f"{name}-edited{'-held' if held else ''}"
                print(f"{label:<20} {rebuilt} (full build: {full}{', same' if rebuilt == full else ', DIFFERENT'})")


if __name__ == "__main__":
    main()
