"""The knowledge base's own vocabulary: typo repair and out-of-vocabulary detection.

A question word that the documents never use is repaired to the closest word they do
use (Damerau-Levenshtein, optimal string alignment): one edit for four-letter words, two
for longer ones (an edit of two must keep the first letter). Words of three letters or
fewer are only repaired to common question and event words ("wen" → "when", "teh" →
"the", "tak" → "take"), preferring a word the typo's letters spell in order ("whn" →
"when", not "who"). A capitalized word (a name) is repaired only by one edit. Ties go to the more
frequent word. A common English word (english_words.txt, from pyspellchecker's English
frequency list, read on the first unknown word) is never a typo: "enter" is
not repaired to "ever". Whatever cannot be repaired is reported as unknown.

A word is only compared with the known words whose length is within the edits allowed of
its own (an edit changes a length by one at most). Those words are picked out once per range
of lengths and kept, so a typo costs the words of about its length, not all of a large
folder's ("1017", "2015": thousands of numbers).
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import cached_property, lru_cache
from importlib import resources

from knowledge.lexicon import MONTH_NAMES, UNIT_NAMES
from knowledge.ordinals import NUMBER_WORDS, ORDINAL_WORDS
from retrieval.analyzer import QUESTION_WORDS, STOPWORDS, stem, version_variants

# Words of questions that are not about any document: never unknown, never salient.
GENERIC = frozenset("""
happen happened happens occur occurred took take takes taking place held hold holds meet
met meeting meetings attend attended attendance participate participated part tell know
list name names give show explain describe mean means stand stands define date dates day
year years month time times city country place location where one ones first last latest
recent recently most least ever again people person someone anyone somebody official
officials involved present there say says said talk talked speak spoke thing things discuss
discussed please hi hello hey could would like want need find answer question
questions do did done get got go went come came see sort kind session sessions participant
convene convened convenes gather gathered document documents text texts source sources
mention mentions mentioned next previous following preceding prior earlier subsequent after
before later start starts started begin begins began begun end ends ended finish finished
host hosts hosted hosting event events occasion use uses used using
participants each every all more details detail information info summary summarize
anything something everything overview
""".split())
GENERIC_STEMS = frozenset(stem(w) for w in GENERIC)
_SHORT_TARGETS = QUESTION_WORDS | {"the", "and", "was", "did", "is", "are", "of", "in", "on", "to",
                                   "for", "who", "how", "why", "its", "it", "at", "by", "has"}
MATCHES = 20  # the closest words (by distance, then alphabetically) a repair chooses among


log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def english_words() -> tuple[frozenset[str], frozenset[str]]:
    """(common, very common) English words, from the bundled english_words.txt; empty (no
    veto) if the file cannot be read."""
    try:
        text = resources.files("retrieval").joinpath("english_words.txt").read_text(encoding="utf-8")
    except OSError as err:
        log.warning("English word list unavailable (%s); typo repair is less careful", err)
        return frozenset(), frozenset()
    lines = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset(w[0] for w in lines), frozenset(w[0] for w in lines if len(w) > 1)


def is_common_english(word: str) -> bool:
    return word in english_words()[0]


@lru_cache(maxsize=1)
def _short_choices() -> list[str]:
    """What a word of three letters or fewer may be repaired to."""
    return sorted(_SHORT_TARGETS | {w for w in GENERIC if len(w) <= 4})


def _subsequence(short: str, word: str) -> bool:
    """"whn" in "when": a word typed with letters left out."""
    letters = iter(word)
    return all(c in letters for c in short)


def _spelling_variants(token: str) -> list[str]:
    """British and American spellings of one word."""
    variants = []
    for british, american in (("is", "iz"), ("isation", "ization"), ("our", "or"), ("tre", "ter"),
                              ("lled", "led"), ("lling", "ling"), ("ogue", "og")):
        for suffix in ("e", "ed", "es", "ing", "ation", "ations", "s", ""):
            ending = british + suffix
            if token.endswith(ending) and len(token) > len(ending) + 2:
                variants.append(token[: -len(ending)] + american + suffix)
    return variants


def _inflected_from(token: str) -> list[str]:
    """The words ``token`` may be an inflection of: "watts" of "watt", "carries" of "carry",
    "jammed" of "jam", "making" of "make"."""
    bases = []
    for ending, replacements in (("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ied", ("y",)),
                                 ("ed", ("", "e")), ("ing", ("", "e"))):
        if token.endswith(ending) and len(token) > len(ending) + 2:
            stem_ = token[: -len(ending)]
            if ending in {"ed", "ing"} and len(stem_) > 2 and stem_[-1] == stem_[-2] and stem_[-1] not in "aeiou":
                bases.append(stem_[:-1])  # "jammed", "stopping"
            elif ending in {"ed", "ing"} and _short_closed(stem_):
                bases.append(stem_ + "e")  # "seting" is no "set" (that is "setting"), "making" is "make"
            else:
                bases += [stem_ + r for r in replacements]
    return bases


def _short_closed(stem_: str) -> bool:
    """A stem ending in one vowel and one consonant ("set", "ship"): its -ed and -ing double it."""
    vowels = "aeiou"
    return len(stem_) >= 3 and stem_[-1] not in vowels + "wxy" and stem_[-2] in vowels and stem_[-3] not in vowels


class Vocabulary:
    def __init__(self, surface_counts: Counter[str]) -> None:
        self.counts = surface_counts
        self.words = set(surface_counts) | GENERIC | QUESTION_WORDS | STOPWORDS | set(
            ORDINAL_WORDS) | set(NUMBER_WORDS) | MONTH_NAMES
        self._by_lengths: dict[tuple[int, int], list[str]] = {}  # (shortest, longest) → its words
        self._names_by_lengths: dict[tuple[int, int], list[str]] = {}  # the same, the documents' names

    @cached_property
    def stems(self) -> set[str]:
        """The stems of the known words: made when a word is first not one of them (a
        question of known words never stems the tens of thousands of a large folder)."""
        return {stem(w) for w in self.words}

    def of_lengths(self, low: int, high: int) -> list[str]:
        """The known words of ``low`` to ``high`` characters (in no particular order), kept."""
        if (low, high) not in self._by_lengths:
            self._by_lengths[low, high] = [w for w in self.words if low <= len(w) <= high]
        return self._by_lengths[low, high]

    def known(self, token: str) -> bool:
        if token in self.words or stem(token) in self.stems or token.isdigit():
            return True
        if any(v in self.words for v in version_variants(token)):  # "2.1" is "2.1.0"
            return True
        return "-" in token and all(self.known(part) for part in token.split("-") if part)

    def is_generic(self, token: str) -> bool:
        """A word that says nothing about what is asked ("took place", "every", "tell")."""
        if token in GENERIC or stem(token) in GENERIC_STEMS:
            return True
        return not self.known(token) and token in english_words()[1]

    def repair(self, token: str, capitalized: bool = False, named: bool = False) -> str | None:
        """The closest known word to an unknown ``token``, or None; ``named``: written as a name
        is, with a capital inside a question not written in capitals, so that a common word may
        be a misspelt name ("Percy Shelly")."""
        if not token.isalpha() or self.known(token):
            return None
        if is_common_english(token) or any(is_common_english(base) for base in _inflected_from(token)) \
                or token.lower() in UNIT_NAMES:
            return self._name_like(token) if named and len(token) >= 4 else None  # "watts" is no "water"
        for variant in _spelling_variants(token):  # "recognised" -> "recognized"
            if self.known(variant):
                return variant
        n = len(token)
        if n <= 3:
            limit, choices = 1, _short_choices()
        else:
            limit = 1 if n <= 7 else 2
            if capitalized:
                limit = 1
            elif 5 <= n <= 7:
                limit = 2
            choices = self.of_lengths(n - limit, n + limit)
        from rapidfuzz.distance import OSA  # imported for the first unknown word, not at every start
        from rapidfuzz.process import extract

        within = extract(token, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        found = sorted(within, key=lambda f: (f[1], f[0]))[:MATCHES]
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], not _subsequence(token, f[0]), f[0][0] != token[0],
                                         abs(len(f[0]) - n), -self.counts.get(f[0], 0)))
        word, distance = best[0], best[1]
        if distance == 2 and word[0] != token[0]:
            return None
        return word

    def _name_like(self, token: str) -> str | None:
        """The one word of the documents that is no common English word (a name) one edit from
        ``token``, a capitalised common word they never use: "Shelly" for "Shelley", "Lain" for
        "Iain"; None if there is none or several. Only the documents' own words are names here,
        never a stopword, a month or a generic word ("Mary" is not "Mar", March)."""
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        n = len(token)
        found = {w for w, _, _ in extract(token, self._names_of_lengths(n - 1, n + 1), scorer=OSA.distance,
                                          score_cutoff=1, limit=None)}
        return found.pop() if len(found) == 1 else None

    def _names_of_lengths(self, low: int, high: int) -> list[str]:
        """The documents' words of ``low`` to ``high`` letters that may be names, picked out once."""
        if (low, high) not in self._names_by_lengths:
            self._names_by_lengths[low, high] = [
                w for w in self.of_lengths(low, high) if w in self.counts and w.isalpha()
                and not is_common_english(w) and w not in STOPWORDS and w not in MONTH_NAMES and w not in GENERIC]
        return self._names_by_lengths[low, high]
