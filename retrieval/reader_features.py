"""The features the reader scores a candidate sentence by, for one question.

Each is a number in a small range; their weights are learned (``benchmarks/train_reader.py``)
and shipped in ``reader_weights.json``. A sentence is read with its paragraph neighbours,
since an answer's sentence often names its subject only as "it" or "he".

| feature | what it measures |
|---|---|
| bm25_relative | the sentence's BM25+ score over the best candidate's |
| bm25_log | log(1 + BM25+ score) |
| rank | 1 / (1 + rank by BM25+) |
| coverage | IDF-weighted share of the question's terms (or a synonym) in the sentence |
| coverage_count | the same, unweighted |
| coverage_window | the share in the sentence with its neighbours |
| coverage_paragraph | the share in its paragraph |
| bigrams | share of the question's adjacent term pairs that stand adjacent in the sentence |
| proximity | matched terms over the width of the tightest span holding them |
| density | share of the sentence's terms that are the question's |
| length | log of the sentence's term count |
| typed_* | an answer of the expected kind is in the sentence, one feature per kind |
| new_names | capitalised words the question does not hold (an answer is often one) |
| head | the head noun of "which/what X" is in the sentence |
| names_missing | share of the question's capitalised names missing from sentence, neighbours, heading |
| numbers_missing | a number of the question missing from the sentence |
| typed_coverage | coverage, where an answer of the expected kind is present (else 0) |
| missing_rarest | the weight of the rarest question term the sentence lacks, over the largest |
| coverage_squared | coverage squared: a nearly full match is worth more than its share |
| joined | the candidate is two neighbouring sentences read as one |
| paragraph_share | the BM25+ of the retrieved sentences of its paragraph, over the best paragraph's |
| coverage_headed | coverage by the sentence with its document's title and section heading |
| coverage_forms | coverage counting a term's other forms too ("wrote" for "written", ``related_words``) |
| coverage_related | coverage counting its forms and WordNet synonyms too ("sort" for "kind") |
| similarity | cosine of the question's and the sentence's vectors of meaning (``word_vectors``), |
| | the question's words weighed as in coverage |
| similarity_relative | the similarity less the best of the question's candidates': to the ranker, which learns |
| | from pairs of one question's candidates, the same as similarity; to the decision, how far the best stands |

``RERANK_FEATURES`` adds one, for the reranker that reads the ranker's best few again (``reader.ranked``):

| feature | what it measures |
|---|---|
| alignment | coverage where a question word the sentence lacks counts by the cosine of its vector to the |
| | sentence's nearest word ("established" to "founded"), not 0 (``word_vectors.word_similarity``) |

In every coverage, a name of several capitalised words weighs as one term (``name_shares``):
"Who founded Hollow Oak Roasters?" asks one thing about one name, and a sentence naming the
shop without saying who founded it covers a third of the question, not three quarters.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import compress, pairwise

from retrieval.analyzer import terms
from retrieval.number_values import holds_value
from retrieval.reader_index import ReaderIndex, SentenceEntry
from retrieval.reader_question import OpenQuestion
from retrieval.word_vectors import similarity, text_vector, text_words, word_similarity

KINDS = ("date", "number", "person", "place", "entity", "other")
FEATURES = ("bm25_relative", "bm25_log", "rank", "coverage", "coverage_count", "coverage_window",
            "coverage_paragraph", "bigrams", "proximity", "density", "length",
            *(f"typed_{k}" for k in KINDS), "new_names", "head", "names_missing", "numbers_missing",
            "typed_coverage", "missing_rarest", "coverage_squared", "joined",
            "paragraph_share", "coverage_headed", "coverage_forms", "coverage_related",
            "similarity", "similarity_relative")
RERANK_FEATURES = (*FEATURES, "alignment")


@lru_cache(maxsize=65536)
def name_terms(name: str) -> frozenset[str]:
    """The terms of a name the sentences write: the same few names, for every question."""
    return frozenset(terms(name))


@lru_cache(maxsize=4096)
def name_shares(question_terms: tuple[str, ...], name_pairs: tuple[tuple[str, str], ...]) -> tuple[float, ...]:
    """Per question term, 1 / the number of terms of the name it is part of: "Hollow Oak
    Roasters" is one thing the question names, weighed as one term, not three."""
    group = {t: {t} for t in question_terms}
    for a, b in name_pairs:
        if a in group and b in group and group[a] is not group[b]:
            merged = group[a] | group[b]
            for t in merged:
                group[t] = merged
    return tuple(1.0 / len(group[t]) for t in question_terms)


def _covered(question: OpenQuestion, bag: frozenset[str] | set[str]) -> list[bool]:
    return [bool(alts & bag) for alts in question.alternatives]


def _proximity(entry: SentenceEntry, wanted: list[frozenset[str]]) -> float:
    """Distinct matched terms over the width of the tightest span that holds them all."""
    spots = [(i, k) for i, t in enumerate(entry.terms) for k, alts in enumerate(wanted) if t in alts]
    distinct = len({k for _, k in spots})
    if distinct <= 1:
        return 1.0 if distinct else 0.0
    best, seen, left = len(entry.terms), {}, 0
    for i, k in spots:
        seen[k] = seen.get(k, 0) + 1
        while len(seen) == distinct:
            best = min(best, i - spots[left][0] + 1)
            lk = spots[left][1]
            seen[lk] -= 1
            if not seen[lk]:
                del seen[lk]
            left += 1
    return distinct / best


def _typed(question: OpenQuestion, entry: SentenceEntry, new_names: int) -> str:
    """The answer kind present in the sentence, if it is the expected one."""
    kind = question.expected
    present = {
        "date": bool(entry.years - set(question.numbers)) or entry.has_month,
        "number": holds_value(question.value, entry.text, question.numbers) if question.value
        else bool(entry.numbers - set(question.numbers)),
        "person": any(not name_terms(n) <= set(question.terms) for n in entry.people),
        "place": new_names > 0,
        "entity": bool(question.head & entry.term_set) or new_names > 0,
    }
    return kind if present.get(kind, kind not in present) else ""


class QuestionFeatures:
    """The feature vectors of the candidates for one question; what depends on the question
    alone (its terms' weights, with ``name_shares``; its pairs and other forms) is worked out
    once, not per candidate."""

    def __init__(self, question: OpenQuestion, index: ReaderIndex) -> None:
        self.question, self.index = question, index
        self.weights = [share * max(index.weight(t) for t in alts)
                        for share, alts in zip(name_shares(question.terms, question.name_pairs),
                                               question.alternatives, strict=True)]
        self.total = sum(self.weights)
        self.pairs = list(pairwise(question.alternatives))
        self.asked = set(question.terms)
        self.with_forms = [alts | more for alts, more in zip(question.alternatives, question.forms, strict=True)]
        self.with_related = [alts | more for alts, more in zip(self.with_forms, question.related, strict=True)]
        # The question's words weigh as in its coverage: a name of three words as one term.
        weighed = dict(zip(question.terms, self.weights, strict=True))
        self.vector = text_vector(question.text, lambda key: weighed.get(key, 0.0))
        self._near: dict[str, float] = {}
        # Per term, the question's own words of it (none for a follow-up's borrowed terms,
        # which the alignment counts only where the sentence has them).
        spelled: dict[str, list[str]] = {}
        for key, word in text_words(question.text):
            spelled.setdefault(key, []).append(word)
        self.spelled = [tuple(spelled.get(t, ())) for t in question.terms]
        # Per name of the question, the ways of writing each of its terms (``reader_question.present``).
        alternatives = dict(zip(question.terms, question.alternatives, strict=True))
        self.name_ways = [(n, [alternatives.get(t, frozenset({t})) for t in terms(n)]) for n in question.names]

    def similarity(self, entry: SentenceEntry) -> float:
        """How near ``entry``'s meaning is to the question's (the ``similarity`` feature)."""
        near = self._near.get(entry.id)
        if near is None:
            near = self._near[entry.id] = similarity(self.vector, self.index.vector(entry))
        return near

    def best_similarity(self, entries: list[SentenceEntry]) -> float:
        return max((self.similarity(e) for e in entries), default=0.0)

    def alignment(self, entry: SentenceEntry) -> float:
        """The ``alignment`` feature: each question term the sentence has counts 1, each it
        lacks the best cosine of the question's word to a word of the sentence (at least 0)."""
        if not self.total:
            return 0.0
        words = self.index.words(entry)
        score = 0.0
        for alts, own, weight in zip(self.with_forms, self.spelled, self.weights, strict=True):
            if alts & entry.term_set:
                score += weight
            elif own and words and weight:
                score += weight * max(0.0, max(word_similarity(q, w) for q in own for w in words))
        return score / self.total

    def _share(self, hits: list[bool]) -> float:
        return sum(compress(self.weights, hits)) / self.total if self.total else 0.0

    def row(self, entry: SentenceEntry, score: float, best_score: float, rank: int,
            paragraph_share: float, best_similarity: float | None = None) -> list[float]:
        """The feature vector of ``entry``, in the order of ``FEATURES``; ``best_similarity``
        is the best of the question's candidates' (``best_similarity``; ``entry``'s own if None)."""
        question, index, weights, pairs = self.question, self.index, self.weights, self.pairs
        hits = _covered(question, entry.term_set)
        window = index.window_terms(entry)
        matched_alts = [a for a, h in zip(question.alternatives, hits, strict=True) if h]
        bigram_hits = sum(1 for a, b in pairs if any((x, y) in entry.bigrams for x in a for y in b))
        matched_terms = set().union(*matched_alts) if matched_alts else set()
        in_question = {t for t in entry.terms if t in matched_terms}
        names = [n for n in entry.capitals if not name_terms(n) & self.asked]
        held = window | entry.heading if question.names else window
        missing_names = [n for n, ways in self.name_ways if not all(w & held for w in ways)]
        typed = _typed(question, entry, len(names))
        row = [
            score / best_score if best_score else 0.0,
            math.log1p(score),
            1.0 / (1 + rank),
            self._share(hits),
            sum(hits) / len(hits) if hits else 0.0,
            self._share(_covered(question, window)),
            self._share(_covered(question, index.paragraph_terms[entry.paragraph])),
            bigram_hits / len(pairs) if pairs else 0.0,
            _proximity(entry, matched_alts),
            sum(1 for t in entry.terms if t in in_question) / len(entry.terms) if entry.terms else 0.0,
            math.log1p(len(entry.terms)) / 4,
            *(1.0 if typed == k else 0.0 for k in KINDS),
            min(len(names), 3) / 3,
            1.0 if question.head & entry.term_set else 0.0,
            len(missing_names) / len(question.names) if question.names else 0.0,
            1.0 if any(n not in entry.text.replace(",", "") for n in question.numbers) else 0.0,
        ]
        unmatched = [w for h, w in zip(hits, weights, strict=True) if not h]
        row += [row[3] if typed else 0.0, max(unmatched, default=0.0) / index.max_idf, row[3] ** 2,
                1.0 if entry.joined else 0.0, paragraph_share,
                self._share(_covered(question, entry.term_set | entry.heading))]
        row += [self._share([bool(a & entry.term_set) for a in self.with_forms]),
                self._share([bool(a & entry.term_set) for a in self.with_related])]
        near = self.similarity(entry)
        row += [near, near - (near if best_similarity is None else best_similarity)]
        return row


def features(question: OpenQuestion, index: ReaderIndex, entry: SentenceEntry, score: float,
             best_score: float, rank: int, paragraph_share: float,
             best_similarity: float | None = None) -> list[float]:
    """The feature vector of ``entry`` for ``question``, in the order of ``FEATURES``
    (``QuestionFeatures`` for several candidates of one question)."""
    return QuestionFeatures(question, index).row(entry, score, best_score, rank, paragraph_share, best_similarity)
