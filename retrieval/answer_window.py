"""The part of a long candidate to reply with: the clauses around the question's words.

A reply should put the answer where it is read first. A candidate of up to ``LIMIT``
characters is given whole; a longer one (two joined sentences, a sentence with many
clauses) is cut to the window of that length, starting at a sentence or clause boundary,
that holds the most weight of the question's terms, and running on to the end of its
clause when that is near; what is left out is marked "…". A window that holds the short
answer where the sentence writes it is preferred ("…1,294 birds, 427 mammals…" for "How
many bird species…?"). The citation still quotes the whole sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from retrieval.analyzer import terms

LIMIT = 300
FINISH_CHARS = 60  # a window may run on this far to end where its clause ends
_BOUNDARY = re.compile(r"(?<=[.;:,!?])\s+|\s+(?=\()")
_WORD = re.compile(r"[\w'’+-]+")


def focus(text: str, wanted: list[frozenset[str]], weight: Callable[[frozenset[str]], float],
          limit: int = LIMIT, keep: str = "") -> str:
    """``text`` if short enough, else its best window of at most ``limit`` characters; of
    those, one that holds ``keep`` (the short answer) where it is written, if any does."""
    if len(text) <= limit:
        return text
    # Per word, where it starts and which of ``wanted`` it writes: read once, not per window.
    slots: dict[str, list[int]] = {}  # per term, the positions in ``wanted`` of the ways that write it
    for k, alts in enumerate(wanted):
        for t in alts:
            slots.setdefault(t, []).append(k)
    spots = [(at, frozenset(k for t in word_terms for k in slots.get(t, ()))) for at, word_terms in _words(text)]
    at_of = [at for at, _ in spots]
    weights = [weight(alts) for alts in wanted]
    starts = [0, *(m.end() for m in _BOUNDARY.finditer(text))]
    best, best_score = (0, limit), (False, -1.0, 0)
    for start in starts:
        end = min(len(text), start + limit - 2)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        inside = spots[bisect_left(at_of, start):bisect_left(at_of, end)]  # the words starting in it
        held = frozenset().union(*(ks for _, ks in inside))
        matched = [at for at, ks in inside if ks]
        # Of windows holding as much, the one that leaves the most room on both sides of the
        # question's words: the answer stands next to them, before ("The United States ... was
        # the first to recognize") or after ("...are referred to as megaprojects").
        room = min(min(matched) - start, end - max(matched)) if matched else 0
        holds = bool(keep) and keep in text[start:end]
        score = (holds, sum(w for k, w in enumerate(weights) if k in held), room)
        if score > best_score:
            best, best_score = (start, end), score
    start, end = best
    if end < len(text):  # "…her book Amazonia: Man and…": finish the clause if it ends soon
        stop = _BOUNDARY.search(text, end)
        if stop and stop.start() - end <= FINISH_CHARS:
            end = stop.start()
        elif len(text) - end <= FINISH_CHARS:
            end = len(text)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")



@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where each word of a candidate starts, and its terms: the same for every question whose
    reply quotes it (a few thousand candidates kept, as their vectors are)."""
    return tuple((m.start(), tuple(terms(m.group(0)))) for m in _WORD.finditer(text))
