"""Whether the documents answer at all: the evidence the reader's decision model weighs.

Over the best candidate: its score and margin over the next, how much of it the question's
words cover, and the signs of a question written to look answerable (SQuAD 2.0's): words of
the question the documents never use, names and numbers missing, a negation or a degree
("the largest") the sentence does not share, an opposite it says instead (``antonyms.yaml``:
"the smallest"), question words found elsewhere in the documents but not here, a two-word name of the
question ("Nisha Kerry") that the best candidate does not write together, and how many of the
question's terms the candidate (with its neighbours) holds and lacks: a long question of
another subject matches a word or two of any sentence, which its share alone hid (with these
two, held out by article, questions of other articles declined went from 55% to 65%). The share
of the question's weight the documents never use counts cubed too: answerable questions
often leave a fifth to a half of it unknown (paraphrase), another subject's nearly all.
"""

from __future__ import annotations

import math
import re

from retrieval.opposites import opposites
from retrieval.reader_features import KINDS, RERANK_FEATURES
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.reader_question import OpenQuestion, asks_whether, present

DECISION_FEATURES = ("best", "margin", "unknown_share", "unknown_names", "unknown_numbers", "terms",
                     "negation_unmatched", "negation_added", "degree_unmatched", "elsewhere_share", "antonym",
                     "names_apart", "matched_terms", "unmatched_terms", "unknown_share_cubed",
                     *(f"expects_{k}" for k in KINDS), *(f"best_{f}" for f in RERANK_FEATURES))


_NEGATION = re.compile(r"\b(?:not|never|no|none|nor|without)\b|n't\b", re.I)
_DEGREE = re.compile(r"\b(?:most|least|more|less|fewer|\w{3,}est|\w{3,}er)\b", re.I)


def _unmatched(pattern: re.Pattern[str], question: str, text: str) -> float:
    """Words of ``pattern`` (negations, degrees) in the question and not in the sentence."""
    asked = {m.group(0).lower() for m in pattern.finditer(question)}
    return 1.0 if asked - {m.group(0).lower() for m in pattern.finditer(text)} else 0.0


def _variant_in(term: str, bag: set[str]) -> bool:
    """Whether ``term`` or a word of its family ("west" for "western") is in ``bag``."""
    return term in bag or any(len(w) >= 4 and (term.startswith(w) or w.startswith(term)) for w in bag)


def decision_features(question: OpenQuestion, index: ReaderIndex, scores: list[float],
                      best_row: list[float], best: SentenceEntry) -> list[float]:
    """The evidence that the documents answer at all, in the order of ``DECISION_FEATURES``."""
    weights = [index.weight(t) for t in question.terms]
    window = index.window_terms(best)
    known = [bool(alts & index.vocabulary) for alts in question.alternatives]  # itself or an alternative
    elsewhere = sum(w for alts, w, k in zip(question.alternatives, weights, known, strict=True)
                    if k and not alts & window)
    unknown = sum(w for w, k in zip(weights, known, strict=True) if not k)
    names = [n for n in question.names if not present(question, n, index.vocabulary)]
    ordered = sorted(scores, reverse=True)
    return [ordered[0], ordered[0] - ordered[1] if len(ordered) > 1 else 1.0,
            unknown / sum(weights) if weights else 1.0, 1.0 if names else 0.0,
            1.0 if question.numbers and not any(n in index.numbers for n in question.numbers) else 0.0,
            math.log1p(len(question.terms)), _unmatched(_NEGATION, question.text, best.text),
            _unmatched(_NEGATION, best.text, question.text),
            _unmatched(_DEGREE, question.text, best.text), elsewhere / sum(weights) if weights else 0.0,
            1.0 if not asks_whether(question.text) and any(  # "Are you open?" is answered by "closed"
                opposites(t) & window and not _variant_in(t, window) for t in question.terms) else 0.0,
            1.0 if any(pair not in best.bigrams for pair in question.name_pairs) else 0.0,
            math.log1p(sum(1 for alts in question.alternatives if alts & window)),
            math.log1p(sum(1 for alts in question.alternatives if not alts & window)),
            (unknown / sum(weights)) ** 3 if weights else 1.0,
            *(1.0 if question.expected == k else 0.0 for k in KINDS), *best_row]
