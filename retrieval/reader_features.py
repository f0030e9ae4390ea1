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
import operator
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import compress, pairwise, product

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import terms
from retrieval.number_values import holds_value
from retrieval.person_names import given_names
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
_ONE_HOT = {k: tuple(1.0 if other == k else 0.0 for other in KINDS) for k in KINDS}  # the typed_* features
_NONE_TYPED = (0.0,) * len(KINDS)  # no answer of a kind among KINDS


_FULL_NAME_LOOKS = 10  # sentences looked at for a person's full name (``_given_before_surname``)


def _given_before_surname(name: str, question: OpenQuestion, index: ReaderIndex) -> bool:
    """Whether ``name`` (a capitalised word of the question) is the given name of a person the
    documents name in full ("Thomas" of "Thomas Bouch", written so in one of the best sentences
    for the two): prose names a person by the surname alone after the first mention ("Bouch fell
    ill and died at Moffat"), so a sentence need not write the given name. Not a name the
    documents never write in full ("George Carlin"), nor a given name before a common noun
    ("Cornell University"), which they write so only if it is one, nor a surname they give
    another given name too ("Charles Edison" beside "Thomas Edison")."""
    own = terms(name)
    if not own or name not in given_names():
        return False
    given = given_name_terms()
    for pair in (pair for pair in question.name_pairs if pair[0] == own[-1]):
        near = [index.entries[p].bigrams for p, _ in index.bm25(list(pair), _FULL_NAME_LOOKS)]
        others = {first for bigrams in near for first, second in bigrams if second == pair[1] and first != pair[0]}
        if any(pair in bigrams for bigrams in near) and not others & given:
            return True  # and no other given name with that surname ("Charles Edison"): he alone bears it
    return False


@lru_cache(maxsize=1)
def given_name_terms() -> frozenset[str]:
    """The index terms of the given names (``person_names.given_names``)."""
    return frozenset(t for name in given_names() for t in terms(name))


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


def _covered(groups: Sequence[frozenset[str]], bag: frozenset[str] | set[str]) -> list[bool]:
    """Per group of ways of writing a question's term, whether ``bag`` holds one (no set made)."""
    return list(map(operator.not_, map(bag.isdisjoint, groups)))


def _either(*hits: list[bool] | tuple[bool, ...]) -> list[bool]:
    """Per term, whether any of ``hits`` holds it: the coverage of the union of their bags."""
    return list(map(any, zip(*hits, strict=True)))


def _proximity(spots: list[tuple[int, int]], length: int) -> float:
    """Distinct matched terms over the width of the tightest span that holds them all;
    ``spots`` are (position in the sentence, question term) in order, ``length`` its terms."""
    distinct = len({k for _, k in spots})
    if distinct <= 1:
        return 1.0 if distinct else 0.0
    best, seen, left = length, {}, 0
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


# A day of the month written without its month: "Salaries are paid on the 25th of each month."
_DAY_OF_MONTH = lazy_compile(r"\b(?:on|by|before|after|until|from)\s+the\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
                             r"(?![\s-]+(?:floor|hole|round|anniversary|century|centuries|place|edition|birthday|"
                             r"grade|minute|time|stage|lap)s?\b)|\bthe\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\s+of\s+"
                             r"(?:each|every|the)\s+month\b", re.I)
# Per expected kind, whether a sentence holds an answer of it (given the question's features and
# the sentence's count of new names); a kind without a test (reason, other) is always present.
# Only the expected kind's is run.
_PRESENT: dict[str, Callable[[QuestionFeatures, SentenceEntry, int], bool]] = {
    "date": lambda f, e, names: bool(e.years - f.own_numbers) or e.has_month
    or _DAY_OF_MONTH.search(e.text) is not None,
    "number": lambda f, e, names: holds_value(f.question.value, e.text, f.question.numbers) if f.question.value
    else bool(e.numbers - f.own_numbers),
    "person": lambda f, e, names: any(not name_terms(n) <= f.asked for n in e.people),
    "place": lambda f, e, names: names > 0,
    "entity": lambda f, e, names: not f.question.head.isdisjoint(e.term_set) or names > 0,
}


def _typed(features: QuestionFeatures, entry: SentenceEntry, new_names: int) -> str:
    """The answer kind present in the sentence, if it is the expected one."""
    expected = features.question.expected
    present = _PRESENT.get(expected)
    return expected if present is None or present(features, entry, new_names) else ""


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
        self.asked = frozenset(question.terms)
        self.own_numbers = frozenset(question.numbers)
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
        # Per name of the question, its terms (``reader_question.present``): those the question
        # holds by position, so that the window's and heading's coverage says if a sentence has
        # them, and any other as itself, looked for in the sentence, its neighbours and heading.
        position = {t: k for k, t in enumerate(question.terms)}
        self.name_terms = [(tuple(position[t] for t in terms(n) if t in position),
                            tuple(frozenset({t}) for t in terms(n) if t not in position))
                           for n in question.names if not _given_before_surname(n, question, index)]
        # Per term a sentence may write, the question's terms it stands for (by position): the
        # proximity's spots and the density's count read a sentence's terms once each.
        slots: dict[str, list[int]] = {}
        for k, alts in enumerate(question.alternatives):
            for t in alts:
                slots.setdefault(t, []).append(k)
        self.slots = {t: tuple(ks) for t, ks in slots.items()}
        self.slot_terms = frozenset(self.slots)
        # Per adjacent pair of the question's terms, every bigram that writes it.
        self.pair_bigrams = [frozenset(product(a, b)) for a, b in self.pairs]
        # Coverage of the bags several candidates share (a neighbour's terms, a paragraph's,
        # a heading's), worked out once for the question.
        self._by_sentence: dict[int, list[bool]] = {}
        self._by_paragraph: dict[int, list[bool]] = {}
        self._by_heading: dict[frozenset[str], list[bool]] = {}

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

    def _sentence_hits(self, position: int) -> list[bool]:
        """``_covered`` by a sentence, a neighbour of several candidates: made once per question."""
        hits = self._by_sentence.get(position)
        if hits is None:
            hits = self._by_sentence[position] = _covered(self.question.alternatives,
                                                          self.index.entries[position].term_set)
        return hits

    def _paragraph_hits(self, paragraph: int) -> list[bool]:
        """``_covered`` by a paragraph's terms, made once per question."""
        hits = self._by_paragraph.get(paragraph)
        if hits is None:
            hits = self._by_paragraph[paragraph] = _covered(self.question.alternatives,
                                                            self.index.paragraph_terms[paragraph])
        return hits

    def _heading_hits(self, heading: frozenset[str]) -> list[bool]:
        """``_covered`` by a heading's terms, made once per question."""
        hits = self._by_heading.get(heading)
        if hits is None:
            hits = self._by_heading[heading] = _covered(self.question.alternatives, heading)
        return hits

    def _missing_names(self, entry: SentenceEntry, neighbours: list[int], held: list[bool]) -> int:
        """How many of the question's names the sentence, its neighbours and its heading do not
        write, every term of each (itself or an alternative: ``reader_question.present``);
        ``held`` is the coverage of the question's terms by them all."""
        bags = [entry.term_set, *(self.index.entries[n].term_set for n in neighbours), entry.heading]
        return sum(1 for own, others in self.name_terms
                   if not (all(held[k] for k in own) and all(any(not w.isdisjoint(b) for b in bags) for w in others)))

    def _share(self, hits: list[bool]) -> float:
        return sum(compress(self.weights, hits)) / self.total if self.total else 0.0

    def row(self, entry: SentenceEntry, score: float, best_score: float, rank: int,
            paragraph_share: float, best_similarity: float | None = None) -> list[float]:
        """The feature vector of ``entry``, in the order of ``FEATURES``; ``best_similarity``
        is the best of the question's candidates' (``best_similarity``; ``entry``'s own if None)."""
        question, index, weights, pairs = self.question, self.index, self.weights, self.pairs
        alternatives, slots = question.alternatives, self.slots
        hits = _covered(alternatives, entry.term_set)
        neighbours = [other for other in (entry.previous, entry.following) if other >= 0]
        window_hits = _either(hits, *map(self._sentence_hits, neighbours))  # ``window_terms``
        bigram_hits = len(self.pair_bigrams) - sum(map(entry.bigrams.isdisjoint, self.pair_bigrams))
        # A term of the sentence in any question term's ways is in a matched one's: the spots
        # and the count of the matched terms' ways are read off ``slots``, at the places where
        # the sentence writes one (found in C, not term by term in Python).
        terms_in_order = entry.terms
        matched = entry.term_set & self.slot_terms
        at = list(compress(range(len(terms_in_order)), map(matched.__contains__, terms_in_order))) if matched else []
        spots = [(i, k) for i in at for k in slots[terms_in_order[i]]]
        names = sum(map(self.asked.isdisjoint, map(name_terms, entry.capitals)))  # none of them asked
        heading_hits = self._heading_hits(entry.heading)
        missing_names = self._missing_names(entry, neighbours, _either(window_hits, heading_hits)) \
            if self.name_terms else 0
        typed = _typed(self, entry, names)
        unwritten = entry.text.replace(",", "") if question.numbers else ""
        row = [
            score / best_score if best_score else 0.0,
            math.log1p(score),
            1.0 / (1 + rank),
            self._share(hits),
            sum(hits) / len(hits) if hits else 0.0,
            self._share(window_hits),
            self._share(self._paragraph_hits(entry.paragraph)),
            bigram_hits / len(pairs) if pairs else 0.0,
            _proximity(spots, len(entry.terms)),
            len(at) / len(entry.terms) if entry.terms else 0.0,
            math.log1p(len(entry.terms)) / 4,
            *_ONE_HOT.get(typed, _NONE_TYPED),
            min(names, 3) / 3,
            0.0 if question.head.isdisjoint(entry.term_set) else 1.0,
            missing_names / len(self.name_terms) if self.name_terms else 0.0,
            1.0 if any(n not in unwritten for n in question.numbers) else 0.0,
        ]
        unmatched = compress(weights, map(operator.not_, hits))
        row += [row[3] if typed else 0.0, max(unmatched, default=0.0) / index.max_idf, row[3] ** 2,
                1.0 if entry.joined else 0.0, paragraph_share,
                self._share(_either(hits, heading_hits))]
        row += [self._share(_covered(self.with_forms, entry.term_set)),
                self._share(_covered(self.with_related, entry.term_set))]
        near = self.similarity(entry)
        row += [near, near - (near if best_similarity is None else best_similarity)]
        return row


def features(question: OpenQuestion, index: ReaderIndex, entry: SentenceEntry, score: float,
             best_score: float, rank: int, paragraph_share: float,
             best_similarity: float | None = None) -> list[float]:
    """The feature vector of ``entry`` for ``question``, in the order of ``FEATURES``
    (``QuestionFeatures`` for several candidates of one question)."""
    return QuestionFeatures(question, index).row(entry, score, best_score, rank, paragraph_share, best_similarity)
