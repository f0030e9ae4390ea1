"""The open-question reader: retrieve → rank with learned weights → decide → a short answer.

1. Retrieve: the ``CANDIDATES`` best sentences by BM25+, each alone and joined with its
   neighbour before and after (an answer may span two sentences).
2. Rank: a dot product of ``reader_features`` with weights learned on SQuAD 2.0 articles
   (``benchmarks/train_reader.py``, shipped in ``reader_weights.json``); the best ``RERANK``
   read again by a second dot product that also weighs the ``alignment`` of the question's
   words to the sentence's, word by word (too dear to work out for every candidate).
3. Decide: a logistic model and a small tree ensemble (``decision_trees``), averaged, over
   the best candidate's evidence (its score, its margin over the next, question words the
   documents never use) give the probability that the documents answer; below the learned
   threshold the reader says it is unsure.
4. Read: a short answer of the expected kind (``answer_spans``), when there is exactly one.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import terms
from retrieval.answer_spans import short_answer
from retrieval.answer_window import LIMIT, focus
from retrieval.decision_trees import TreeEnsemble
from retrieval.number_values import UNIT_KINDS, holds_value
from retrieval.reader_decision import DECISION_FEATURES, decision_features
from retrieval.reader_features import FEATURES, RERANK_FEATURES, QuestionFeatures
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.reader_question import OpenQuestion, asks_whether
from retrieval.templates import render

CANDIDATES = 10  # chosen held out by article: 8–12 rank best, 30 adds distractors
BORROWED_IN_WINDOW = 0.5  # a follow-up's borrowed words weigh half its own in the window shown (``window_text``)
NEAR_CANDIDATES = 200  # searched for the best of a few paragraphs' sentences (``retrieve``)
RERANK = 4  # the ranker's best read again with the alignment (measured: benchmarks/train_reader.py)
# A question plainly asking for a sum, a count or a share ("How much did it cost?", "How
# many blocks?") answered by a sentence without such a value is no answer. For other
# number questions ("How long ...?", "What rate ...?") the value is only evidence the
# decision model weighs (``best_typed_number``): on the shared SQuAD articles, vetoing those
# too refused 16 answerable questions (14 quoting the answer) to decline 12 unanswerable ones.
GATED_VALUES = frozenset({"money", "count", "frequency", "duration", "share", "email", "phone", "address",
                          "loudness", "power", "age", *(kind for kind, _, _ in UNIT_KINDS)})
# A question asking when is answered only by a sentence that says when: on the shared SQuAD
# articles this declined 5 more unanswerable questions and refused 3 answerable ones (two of
# them a condition worded with "when": "When economic inequality is smaller, more waste … is?");
# on the unseen conversations, 3 more turns pass ("When did Kazakhstan host the P5+1 talks?").
# A question asking where, likewise, by a sentence that names a place or says where it is (3
# more of SQuAD's unanswerable questions declined, no answerable one refused).


@dataclass(frozen=True)
class Weights:
    ranker: tuple[float, ...]  # over FEATURES
    decision: tuple[float, ...]
    decision_bias: float
    threshold: float
    trees: TreeEnsemble | None = None  # the decision's trees, if trained with them
    blend: float = 1.0  # the logistic model's share of the decision's log-odds; the trees have the rest
    reranker: tuple[float, ...] = ()  # over RERANK_FEATURES, for the ranker's best RERANK; none: no reranking

    def decision_logit(self, evidence: list[float]) -> float:
        """The log-odds that the documents answer, from the decision features."""
        linear = self.decision_bias + sum(w * x for w, x in zip(self.decision, evidence, strict=True))
        if self.trees is None:
            return linear
        return self.blend * linear + (1 - self.blend) * self.trees.score(evidence)


@dataclass(frozen=True)
class Reading:
    """What the reader makes of one question: the best candidate and how sure it is."""

    entry: SentenceEntry
    sentence_ids: tuple[str, ...]
    probability: float
    short: str
    window: str  # the part of the candidate to quote (``window_text``)
    dropped: tuple[str, ...]  # the runners-up, for the trace
    typed: bool  # a value of the kind asked for is in it (``_typed_as_asked``)
    value: str  # the kind of number asked for (``number_values``), or ""
    expected: str = ""  # the kind of answer asked for (``reader_question.expected_kind``)


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    data = json.loads(resources.files("retrieval").joinpath("reader_weights.json").read_text(encoding="utf-8"))
    if (tuple(data["features"]) != FEATURES or tuple(data["decision_features"]) != DECISION_FEATURES
            or tuple(data.get("rerank_features", ())) != RERANK_FEATURES):
        raise ValueError("reader_weights.json was trained for other features; run benchmarks/train_reader.py")
    trees = TreeEnsemble.from_json(data["decision_trees"], len(DECISION_FEATURES)) if "decision_trees" in data else None
    return Weights(tuple(data["ranker"]), tuple(data["decision"]), data["decision_bias"], data["threshold"],
                   trees, data.get("decision_blend", 1.0), tuple(data["reranker"]))


def ranked(rows: list[list[float]], weights: Weights,
           alignment: Callable[[int], float]) -> tuple[list[float], list[int]]:
    """The candidates in order, best first, and the scores the decision weighs: ordered by the
    ranker, then its best ``RERANK`` by the reranker, whose scores of those are returned, best
    first (without a reranker, the ranker's of every candidate). The rows of the ``RERANK`` are
    extended in place by ``alignment(i)``, so that each is a row of the ``RERANK_FEATURES``, as
    the decision weighs the best's."""
    if len(weights.ranker) != len(FEATURES) or len(weights.reranker) not in (0, len(RERANK_FEATURES)):
        raise ValueError("the reader's weights do not fit its features")
    ranker = weights.ranker  # a row may be longer already: the alignment it was given, which the ranker does not weigh
    scores = [sum(map(operator.mul, ranker, row)) for row in rows]
    order = sorted(range(len(rows)), key=lambda i: -scores[i])
    if not weights.reranker:
        return scores, order
    head = order[:RERANK]
    for i in head:
        with_alignment(rows, i, alignment)
    rescored = {i: sum(map(operator.mul, weights.reranker, rows[i])) for i in head}
    head.sort(key=lambda i: -rescored[i])
    return [rescored[i] for i in head], head + order[RERANK:]


def with_alignment(rows: list[list[float]], i: int, alignment: Callable[[int], float]) -> list[float]:
    """Row ``i`` with its ``alignment`` last (worked out once)."""
    if len(rows[i]) < len(RERANK_FEATURES):
        rows[i].append(alignment(i))
    return rows[i]


def retrieve(index: ReaderIndex, question: OpenQuestion,
             among: frozenset[str] | None = None) -> list[tuple[int, float]]:
    """The ``CANDIDATES`` best sentences by BM25+ over the question's terms and their
    alternatives (synonyms, word families, what an abbreviation spells out) and other forms;
    with ``among``, the best of those sentences (ids) of the ``NEAR_CANDIDATES`` best."""
    searched = [t for alts, forms, own in zip(question.alternatives, question.forms, question.terms, strict=True)
                for t in (own, *sorted(alts - {own}), *sorted(forms))]
    if among is None:
        return index.bm25(searched, CANDIDATES)
    return [h for h in index.bm25(searched, NEAR_CANDIDATES) if index.entries[h[0]].id in among][:CANDIDATES]


def paragraph_shares(index: ReaderIndex, hits: list[tuple[int, float]]) -> dict[int, float]:
    """Per paragraph: the summed BM25+ of its retrieved sentences, over the best paragraph's."""
    totals: dict[int, float] = {}
    for position, score in hits:
        paragraph = index.entries[position].paragraph
        totals[paragraph] = totals.get(paragraph, 0.0) + score
    best = max(totals.values(), default=0.0) or 1.0
    return {p: total / best for p, total in totals.items()}


def candidate_units(index: ReaderIndex, hits: list[tuple[int, float]]) -> list[tuple[SentenceEntry, float, int]]:
    """Each retrieved sentence alone and joined with each neighbour: (unit, BM25+, rank)."""
    units: list[tuple[SentenceEntry, float, int]] = []
    seen: set[tuple[int, int]] = set()
    for rank, (position, score) in enumerate(hits):
        entry = index.entries[position]
        units.append((entry, score, rank))
        for pair in ((entry.previous, position), (position, entry.following)):
            if min(pair) >= 0 and pair not in seen:
                seen.add(pair)
                units.append((index.joined(*pair), score, rank))
    return units


def window_text(question: OpenQuestion, index: ReaderIndex, entry: SentenceEntry, short: str) -> str:
    """The part of a candidate a reply quotes: the window around the question's words
    (``answer_window``), leaving room for the short answer that goes before it, and
    holding that answer where it is written ("…1,294 birds, 427 mammals…")."""
    borrowed = {alts for t, alts in zip(question.terms, question.alternatives, strict=True) if t in question.borrowed}

    def weight(alts: frozenset[str]) -> float:  # a follow-up's own words say where the answer stands
        return max(index.weight(t) for t in alts) * (BORROWED_IN_WINDOW if alts in borrowed else 1.0)

    return focus(entry.text, list(question.alternatives), weight,
                 limit=LIMIT - (len(short) + 2 if short else 0), keep=short)


def spoken(short: str, window: str) -> str:
    """A confident reply: the short answer, if any, then the window it stands in."""
    return render("open_short", value=short, sentence=window) if short else window


def reply_text(question: OpenQuestion, index: ReaderIndex, entry: SentenceEntry, short: str) -> str:
    """What a confident reply says of a candidate (as the training script labels it)."""
    return spoken(short, window_text(question, index, entry, short))


def with_neighbour(order: list[int], parts: list[tuple[str, ...]], rows: list[list[float]], expected: str) -> int:
    """The best candidate (``order[0]``), or, when it holds no answer of the expected kind and
    it read with a neighbour does, the best such pair: "… was only ever sparsely populated."
    answers "Which archeologist argued …?" with the next sentence, "Archeologist Betty Meggers
    was a prominent proponent of this idea." (Held out on the shared SQuAD articles, the
    best candidate is right 0.2 points more often.)"""
    top = order[0]
    column = FEATURES.index(f"typed_{expected}") if f"typed_{expected}" in FEATURES else None
    if column is None or rows[top][column]:
        return top
    if len(parts[top]) > 1:
        return top
    pairs = (i for i in order[1:] if rows[i][column] and len(parts[i]) > 1 and parts[top][0] in parts[i])
    return next(pairs, top)


def with_matching_neighbour(parts: list[tuple[str, ...]], rows: list[list[float]], top: int) -> int:
    """For a yes-or-no question, the best sentence read with a neighbour that holds the
    question's words too, when there is one: "Can I return coffee?" is answered by the whole
    policy ("unopened bags can be returned within 30 days… Opened coffee cannot be returned…"),
    not by its exception alone. (SQuAD has too few such questions to learn this from.)"""
    if len(parts[top]) > 1:
        return top
    (own,) = parts[top]
    covered = FEATURES.index("coverage")
    alone = {unit[0]: i for i, unit in enumerate(parts) if len(unit) == 1}
    pairs = [(i, unit[1] if unit[0] == own else unit[0]) for i, unit in enumerate(parts)
             if len(unit) > 1 and own in unit]
    matching = [i for i, other in pairs if other in alone and rows[alone[other]][covered] > 0]
    return max(matching, key=lambda i: rows[i][covered], default=top)


# A "when" answered without a date still says when: "during the Oligocene", "at the beginning
# of each parliamentary session", "after the war", "every spring".
_TEMPORAL = lazy_compile(
    r"\b(?:during|after|before|until|till|since|following|between|throughout|by|upon|whenever|while|once)\b|"
    r"\b(?:era|eras|period|periods|age|ages|war|wars|reign|dynasty|century|centuries|decade|decades|season|"
    r"seasons|spring|summer|autumn|fall|winter|morning|evening|night|today|yesterday|ago|later|earlier|then|"
    r"now|recently|formerly|currently|annually|monthly|weekly|daily|year|years|month|months|week|weeks|day|"
    r"days|beginning|end|start|middle|time|times|session|sessions|term|terms|moment|stage|phase|epoch|"
    r"when|every|each|first|last|early|late|noon|midnight|weekday|weekdays|weekend|weekends|o'clock|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|"
    r"saturdays|sundays)\b|\b\d{3,4}s?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:\.\d{2})?\s*(?:[ap]\.?m\b|h\b)",
    re.IGNORECASE)  # a time of day is "9:00", "9 am", "9.30 pm" or "19h", not "€2.50" or "3.14"
# A question that asks for a date: "when" or "what year" as its question word, not "When there
# are many workers …, it is considered as what?" (a condition, then another question word).
_ASKS_DATE = lazy_compile(r"^\W*(?:and\s+)?(?:when\b(?!.*\b(?:what|which|who|whom|how)\b)|"
                        r"(?:in|on|by|from|since)?\s*(?:what|which)\s+(?:year|date|day|month|century|decade)\b)",
                        re.IGNORECASE)


_LOCATIVE = lazy_compile(r"\b(?:in|at|on|near|from|into|inside|outside|within|across|throughout|between|"
                       r"along|around|beside|under|above|below|north|south|east|west|where)\b", re.IGNORECASE)
_ASKS_PLACE = lazy_compile(r"^\W*(?:and\s+)?where\b(?!.*\b(?:what|which|who|whom|how|when)\b)", re.IGNORECASE)


def _typed_as_asked(question: OpenQuestion, row: list[float], entry: SentenceEntry) -> bool:
    """Whether the candidate holds a value of the kind a number question asks for; for a
    question asking when, a date or another way of saying when (``_TEMPORAL``); for one asking
    where, a name that is no person's ("Dr. Helena Marsh is the clinic director" says nowhere)
    or a word saying where (``_LOCATIVE``)."""
    text = entry.text
    if question.value in {"time", "path"} and holds_value(question.value, text, question.numbers):
        return True  # "What time does it open?": a time of day (else a date, for an event's opening); a path
    if question.expected == "number":
        return row[FEATURES.index("typed_number")] > 0
    if question.expected == "date" and _ASKS_DATE.match(question.text):
        return row[FEATURES.index("typed_date")] > 0 or _TEMPORAL.search(text) is not None
    if question.expected == "place" and _ASKS_PLACE.match(question.text):
        return says_where(question, entry)
    return True


def says_where(question: OpenQuestion, entry: SentenceEntry) -> bool:
    """Whether ``entry`` writes a word saying where (``_LOCATIVE``) or a name the question does
    not hold that is no person's ("Dr. Helena Marsh is the clinic director" says nowhere)."""
    if _LOCATIVE.search(entry.text) is not None:
        return True
    people, asked = " ".join(entry.people), set(question.terms)
    return any(name not in people and not set(terms(name)) <= asked for name in entry.capitals)


def _says_what_is_asked(question: OpenQuestion, window: set[str]) -> bool:
    """For a question asking when, whether the sentence (or a neighbour) holds a word of it besides its names
    (itself, a synonym or another form): "Secretary of State John Kerry traveled to Astana on
    November 2, 2015" does not say when John Kerry was born."""
    if question.expected != "date":
        return True
    named = {t for n in question.names for t in terms(n)}
    own = [alts | forms | related for t, alts, forms, related in
           zip(question.terms, question.alternatives, question.forms, question.related, strict=True)
           if t not in named and t not in _ASKING_WHEN]
    return not own or any(ways & window for ways in own)


# The nouns a question asks when with ("In what year was Newton born?"): no word of what it asks about.
_ASKING_WHEN = frozenset(terms("year years date day month century decade era period time"))


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, x))))


class Reader:
    def __init__(self, index: ReaderIndex, weights: Weights | None = None) -> None:
        self.index = index
        self.weights = weights or load_weights()

    def read(self, question: OpenQuestion, among: frozenset[str] | None = None,
             pins: Callable[[SentenceEntry], bool] | None = None, keep_names: bool = True) -> Reading | None:
        """The best candidate for ``question`` (of the sentences ``among``, if given), or None
        when no sentence holds any of its terms. When the best is one ``pins`` refuses (it
        lacks the "second" that "What does Newton's second law state?" pins down), the best
        of those it accepts, ranked and weighed among themselves; their features still measure
        them against every candidate (a lower BM25+ than the best's stays lower). With
        ``keep_names``, only those that keep every name of the question are read so ("Metallica
        recorded its second album" does not answer a question about Adele's)."""
        hits = retrieve(self.index, question, among)
        if not hits:
            return None
        units = candidate_units(self.index, hits)
        best_score = hits[0][1]
        shares = paragraph_shares(self.index, hits)
        scorer = QuestionFeatures(question, self.index)
        near = scorer.best_similarity([e for e, _, _ in units])
        rows = [scorer.row(e, s, best_score, r, shares[e.paragraph], near) for e, s, r in units]
        def align(i: int) -> float:
            return scorer.alignment(units[i][0])

        scores, order = ranked(rows, self.weights, align)
        if pins is not None and not pins(units[order[0]][0]):
            missing = FEATURES.index("names_missing")  # and that keeps the question's names
            kept = [i for i in range(len(units)) if not (keep_names and rows[i][missing]) and pins(units[i][0])]
            if kept:
                units, rows = [units[i] for i in kept], [rows[i] for i in kept]
                scores, order = ranked(rows, self.weights, align)
        parts = [e.parts for e, _, _ in units]
        top = with_neighbour(order, parts, rows, question.expected)
        if asks_whether(question.text):
            top = with_matching_neighbour(parts, rows, top)
        evidence = decision_features(question, self.index, scores, with_alignment(rows, top, align), units[top][0])
        logit = self.weights.decision_logit(evidence)
        entry = units[top][0]
        short = short_answer(question, entry.text) or (
            entry.referred_year if question.expected == "date" and _ASKS_DATE.match(question.text) else "")
        return Reading(entry=entry, sentence_ids=entry.parts, probability=sigmoid(logit),
                       short=short, window=window_text(question, self.index, entry, short),
                       dropped=tuple(units[i][0].id for i in order[1:4]), value=question.value,
                       expected=question.expected,
                       typed=_typed_as_asked(question, rows[top], entry)
                       and _says_what_is_asked(question, self.index.window_terms(entry)))

    def confident(self, reading: Reading) -> bool:
        """Whether the decision model's probability reaches the learned threshold, and a sum,
        count or share asked for is in the sentence (``GATED_VALUES``), and for a question asking
        when, a date or another way of saying when (``_TEMPORAL``)."""
        gated = reading.value in GATED_VALUES or reading.expected in {"date", "place"}
        return reading.probability >= self.weights.threshold and (reading.typed or not gated)
