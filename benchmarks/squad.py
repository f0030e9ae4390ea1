"""How qabot does on SQuAD 2.0 articles it was never tuned for, beside a plain BM25 baseline.

Each article is its own knowledge base (its title, then each paragraph as a block); each
question is asked once, in a fresh conversation. Per article and in total it prints:
- answerable right: ``found`` is true and a gold answer is in the first 300 characters of
  the reply (case-folded, NFKC, whitespace collapsed);
- answerable refused: ``found`` is false;
- unanswerable declined: ``found`` is false;
- the same for a plain BM25 top sentence (rank-bm25 BM25Plus over the article's
  sentences, always answering), in the same run;
- with ``--foreign K``: K answerable questions of other articles of the file, asked of each
  article (out of its scope by construction, and in words it may never use, as users'
  off-topic questions are), and the share declined.

Run: ``python benchmarks/squad.py FILE.json [--articles A,B] [--misses N] [--foreign K]``.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from squad_data import Article, holds_answer, load_articles

from retrieval.analyzer import terms
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine


@dataclass
class Tally:
    answerable: int = 0
    right: int = 0
    refused: int = 0
    unanswerable: int = 0
    declined: int = 0
    bm25_right: int = 0
    foreign: int = 0
    foreign_declined: int = 0
    millis: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("answerable", "right", "refused", "unanswerable", "declined", "bm25_right", "foreign",
                     "foreign_declined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.millis += other.millis

    def row(self, label: str) -> str:
        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:5.1f}%" if d else "   - "

        return (f"{label:<42} {pct(self.right, self.answerable)}  {pct(self.refused, self.answerable)}  "
                f"{pct(self.declined, self.unanswerable)}   {pct(self.bm25_right, self.answerable)}  "
                f"{statistics.median(self.millis) if self.millis else 0:6.2f}")


def bm25_top_sentences(article_kb) -> tuple[list[str], object]:
    from rank_bm25 import BM25Plus

    texts = [s.text for s in article_kb.sentences]
    return texts, BM25Plus([terms(t) or ["_"] for t in texts])


def measure(article: Article, misses: int, foreign: list[str] = ()) -> Tally:
    kb = article.knowledge_base()
    engine = Engine(kb)
    texts, bm25 = bm25_top_sentences(kb)
    tally = Tally()
    shown = 0
    for q in article.questions:
        start = time.perf_counter()
        answer = engine.answer(q.text, Dialogue())
        tally.millis.append((time.perf_counter() - start) * 1000)
        scores = bm25.get_scores(terms(q.text))
        top = texts[max(range(len(texts)), key=lambda i: scores[i])]
        if q.answerable:
            tally.answerable += 1
            ok = answer.found and holds_answer(answer.text, q.answers)
            tally.right += ok
            tally.refused += not answer.found
            tally.bm25_right += holds_answer(top, q.answers)
            if not ok and shown < misses:
                shown += 1
                print(f"  MISS {q.text!r} gold={q.answers[0]!r} found={answer.found}\n       {answer.text[:200]!r}")
        else:
            tally.unanswerable += 1
            tally.declined += not answer.found
    for text in foreign:
        tally.foreign += 1
        tally.foreign_declined += not engine.answer(text, Dialogue()).found
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="a SQuAD 2.0 format JSON file")
    parser.add_argument("--articles", help="comma-separated article titles (default: all)")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed questions per article")
    parser.add_argument("--foreign", type=int, default=0, metavar="K",
                        help="also ask each article K answerable questions of other articles")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    articles = load_articles(args.file, args.articles.split(",") if args.articles else None)
    everything = load_articles(args.file) if args.foreign else []
    rng = random.Random(13)
    print(f"{'article':<42} {'right':>6}  {'refused':>6}  {'declined':>6}   {'BM25 right':>6}  ms p50")
    total = Tally()
    for article in articles:
        others = [q.text for a in everything if a.title != article.title for q in a.questions if q.answerable]
        tally = measure(article, args.misses, rng.sample(others, min(args.foreign, len(others))))
        total.add(tally)
        print(tally.row(article.title[:42]), flush=True)
    print(f"{'':<42} (answerable right / answerable refused / unanswerable declined / BM25 top sentence right)")
    print(total.row(f"TOTAL {total.answerable} answerable, {total.unanswerable} not"))
    if total.foreign:
        print(f"questions of other articles declined: {100 * total.foreign_declined / total.foreign:.1f}% "
              f"of {total.foreign} (BM25 top sentence: 0%, it always answers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
