"""Acronyms: explicit definitions and letter matches against capitalized phrases.

- Explicit: "Annual Bilateral Consultations (ABC)", "small- and medium-sized enterprises
  (SMEs)", "quantum electrodynamics (or QED)": the words right before the parenthesis whose
  initials spell the acronym.
- Implicit: an all-capital token such as "SPD" is matched to a capitalized phrase found
  anywhere in the corpus whose initials spell it ("Strategic Partnership Dialogue").
  Connecting words (of, and, the, for...) do not count as initials.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from knowledge.models import Acronym, Sentence
from knowledge.ordinals import ordinal_value

CONNECTORS = {"of", "and", "the", "for", "on", "in", "to", "&", "de", "la", "du", "at"}
_ACRONYM = re.compile(r"\b([A-Z](?:[A-Z0-9]|&(?=[A-Z])){1,7})(s?)\b")  # "SPD", "P&C" (People and Culture)
# "(QED)", and with a word saying it is another name: "quantum electrodynamics (or QED)",
# "(also CRM)", "(abbreviated ABC)", "(known as GUT)".
_EXPLICIT = re.compile(r"\((?:(?:or|also|abbreviated|hereafter|henceforth|(?:also\s+)?known\s+as|"
                       r"(?:also\s+)?called)\s+)?([A-Z][A-Za-z0-9]{1,7}?)(s?)\)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_CAP_PHRASE = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’-]*)(?:\s+(?:(?:of|and|the|for|on|to|&)\s+)*[A-Z][\w'’-]*)*")


def _initials(words: list[str]) -> str:
    letters = []
    for word in words:
        if word.lower() in CONNECTORS:
            continue
        parts = [p for p in re.split(r"[-‐]", word) if p]
        letters.append(parts[0][0] if parts else "")
    return "".join(letters).upper()


def _spells(words: list[str], letters: str) -> bool:
    """Whether ``words`` spell ``letters`` in order, each word (but a connector) opening with the
    next letter and maybe giving more from inside it, as Schwartz and Hearst's abbreviation
    matching reads "quantum electrodynamics" as QED and "deoxyribonucleic acid" as DNA."""
    content = [w.lower() for w in words if w.lower() not in CONNECTORS]
    wanted = letters.lower()

    def rest(i: int, at: int) -> bool:
        if i == len(content):
            return at == len(wanted)
        word = content[i]
        if at >= len(wanted) or word[0] != wanted[at]:
            return False
        taken, position = at + 1, 1
        if rest(i + 1, taken):
            return True
        while taken < len(wanted):  # one more letter from inside this word, then try again
            position = word.find(wanted[taken], position) + 1
            if position == 0:
                return False
            taken += 1
            if rest(i + 1, taken):
                return True
        return False

    return bool(content) and rest(0, 0)


def _numbered(short: str, text: str, words: list[str]) -> list[str]:
    """The words a short form with a number stands for, with the ordinal or number that
    number is, written just before them ("Fourth Assessment Report", "4th Assessment Report"
    for "AR4", not "Assessment Report", which every report is called) or after them ("Internet
    Protocol 6" for "IP6"); none if ``text`` (the sentence up to the short form) says no such
    number. ``words`` as they are for a short form without one."""
    number = re.sub(r"\D", "", short)
    if not number:
        return words
    phrase = r"\W+".join(map(re.escape, words))
    m = re.search(rf"(?:(?P<before>[\w'’-]+)\s+)?{phrase}(?:\s+(?P<after>\d+))?\W*$", text)
    if m is None:
        return []
    before, after = m.group("before") or "", m.group("after") or ""
    if before == number or ordinal_value(before.lower()) == int(number):
        return [before, *words]
    return [*words, after] if after == number else []


def _explicit(sentence: Sentence) -> list[tuple[str, str]]:
    found = []
    for m in _EXPLICIT.finditer(sentence.text):
        short = m.group(1)
        letters = re.sub(r"[^A-Z]", "", short.upper())
        if len(letters) < 2 or sum(c.isupper() for c in short) < 2:
            continue
        words = _WORD.findall(sentence.text[: m.start()])
        for size in range(len(letters), min(len(words), len(letters) * 2 + 2) + 1):
            cand = words[-size:]
            if cand[0].lower() in CONNECTORS:
                continue
            if _initials(cand) == letters:
                numbered = _numbered(short, sentence.text[: m.start()], cand)
                if numbered:
                    found.append((short, " ".join(numbered)))
                break
        else:  # fewer words than letters: some letters come from inside a word ("electrodynamics")
            loose = (words[-size:] for size in range(2, min(len(words), len(letters) - 1) + 1))
            match = next((cand for cand in loose if cand[0].lower() not in CONNECTORS and _spells(cand, letters)),
                         None)
            if match:
                found.append((short, " ".join(match)))
    return found


class AcronymEvidence(BaseModel):
    """What some sentences (one document's) show about acronyms; ``merge_evidence`` adds them up.

    Only what ``extract_acronyms`` reads is kept: of each list of sentence ids, the first three.
    """

    explicit: list[tuple[str, str, str]] = Field(default_factory=list)  # (short, long, sentence id)
    phrases: dict[str, tuple[int, bool, list[str]]] = Field(default_factory=dict)  # phrase ->
    # (occurrences, whether it starts a capitalized run, its first sentences)
    shorts: dict[str, list[str]] = Field(default_factory=dict)  # capital token -> its first sentences

    def phrase_initials(self) -> set[str] | None:
        """None: its phrases are at hand, read them all (knowledge.acronyms.Evidence)."""
        return None


_FIRST = 3  # sentence ids kept per phrase or acronym
# Capitals that abbreviate nothing a phrase spells: a Roman numeral ("World War II") and an era or
# a unit after a number ("430 BC", "20 GW").
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")  # not "DC", "MD", "CV": those abbreviate
_AFTER_NUMBER = re.compile(r"\d\s{0,3}$")  # read in the few characters before a capital run
_LETTERS = 8  # the most letters an acronym has (``_ACRONYM``): a phrase of more initials spells none


def acronym_evidence(sentences: list[Sentence]) -> AcronymEvidence:
    """The explicit definitions, capitalized phrases and all-capital tokens of ``sentences``, in order."""
    evidence = AcronymEvidence()
    for s in sentences:
        evidence.explicit.extend((short, long, s.id) for short, long in _explicit(s))
    counts: Counter[str] = Counter()
    starts: set[str] = set()
    seen_in: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        for m in _CAP_PHRASE.finditer(s.text):
            words = m.group(0).split()
            for i in range(len(words)):
                if words[i].lower() in CONNECTORS:
                    continue
                taken = 1
                for j in range(i + 2, len(words) + 1):
                    if words[j - 1].lower() in CONNECTORS:
                        continue
                    taken += 1
                    if taken > _LETTERS:
                        break  # no acronym has more letters: a long run of capitals is not read to its end
                    phrase = " ".join(words[i:j])
                    counts[phrase] += 1
                    if (i == 0 or words[i - 1].lower() in CONNECTORS) and (
                            j == len(words) or words[j].lower() in CONNECTORS):
                        starts.add(phrase)  # a whole run: "California State Automobile" of "… Association" is none
                    ids = seen_in[phrase]
                    if len(ids) < _FIRST and (not ids or ids[-1] != s.id):  # a repeat is the last one
                        ids.append(s.id)
    evidence.phrases = {phrase: (n, phrase in starts, seen_in[phrase]) for phrase, n in counts.items()}
    for s in sentences:
        for m in _ACRONYM.finditer(s.text):
            short = m.group(1)
            if short.replace("&", "").isalpha() and not _ROMAN.fullmatch(short) \
                    and not _AFTER_NUMBER.search(s.text, max(0, m.start() - 4), m.start()):
                ids = evidence.shorts.setdefault(short, [])
                if len(ids) < _FIRST:
                    ids.append(s.id)
    return evidence


def phrases_by_initials(texts: Iterable[str], shortest: int = 2, longest: int = 6) -> dict[str, str]:
    """The capitalized phrases of ``texts`` by their initials ("AGM": "Annual General Meeting"),
    the most frequent (then longest) phrase for each; only phrases that start a capitalized run
    or follow a connecting word, of ``shortest`` to ``longest`` initials."""
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _CAP_PHRASE.finditer(text):
            words = m.group(0).split()
            for i in range(len(words)):
                if words[i].lower() in CONNECTORS or (i and words[i - 1].lower() not in CONNECTORS):
                    continue
                taken = 1
                for j in range(i + 2, len(words) + 1):
                    if words[j - 1].lower() not in CONNECTORS:
                        taken += 1
                        if taken > longest:
                            break  # no more initials are kept: a long run of capitals is not read to its end
                        counts[" ".join(words[i:j])] += 1
    best: dict[str, str] = {}
    for phrase in sorted(counts):
        key = _initials(phrase.split())
        if shortest <= len(key) <= longest and (key not in best or (counts[phrase], len(phrase)) > (
                counts[best[key]], len(best[key]))):
            best[key] = phrase
    return best


def extract_acronyms(sentences: list[Sentence]) -> list[Acronym]:
    """Every acronym of the corpus with an expansion, and the sentences that show it."""
    return merge_evidence([acronym_evidence(sentences)])


class Evidence(Protocol):
    """What ``merge_evidence`` reads of a document's acronym evidence (an ``AcronymEvidence``, or
    one stored, whose phrases are read when asked for: knowledge.stored_evidence)."""

    @property
    def explicit(self) -> list[tuple[str, str, str]]: ...

    @property
    def shorts(self) -> dict[str, list[str]]: ...

    @property
    def phrases(self) -> dict[str, tuple[int, bool, list[str]]]: ...

    def phrase_initials(self) -> set[str] | None:
        """The initials of each of its phrases (``phrase_initials``), None when not known."""
        ...


def phrase_initials(phrases: Iterable[str]) -> set[str]:
    """The initials of each phrase, as ``merge_evidence`` matches them to an acronym."""
    return {_initials(phrase.split()) for phrase in phrases}


def merge_evidence(parts: Sequence[Evidence]) -> list[Acronym]:
    """The acronyms of the corpus whose documents' evidence is ``parts``, in document order.

    Only the phrases whose initials spell an all-capital token of the corpus can give an
    acronym: a part whose phrases' initials are known and spell none of them is not read for
    its phrases (most of a corpus's, and all of one with no such token)."""
    explicit: dict[str, Acronym] = {}
    for part in parts:
        for short, long, sid in part.explicit:
            acr = explicit.setdefault(short, Acronym(short=short, long=long, explicit=True))
            acr.sentence_ids.append(sid)

    shorts: dict[str, list[str]] = defaultdict(list)
    for part in parts:
        for short, ids in part.shorts.items():
            if short not in explicit:
                kept = shorts[short]
                if len(kept) < _FIRST:
                    kept.extend(ids[:_FIRST - len(kept)])
    phrase_count: Counter[str] = Counter()
    starts_phrase: set[str] = set()  # phrases seen at the start of a capitalized run
    phrase_sentences: dict[str, list[str]] = defaultdict(list)
    for part in parts:
        known = part.phrase_initials()
        if known is not None and known.isdisjoint(short.replace("&", "") for short in shorts):
            continue  # none of its phrases spells a token: read for none
        for phrase, (count, starts, ids) in part.phrases.items():
            phrase_count[phrase] += count
            if starts:
                starts_phrase.add(phrase)
            kept = phrase_sentences[phrase]
            if len(kept) < _FIRST:
                kept.extend(ids[:_FIRST - len(kept)])
    by_initials: dict[str, list[str]] = defaultdict(list)
    for phrase in sorted(starts_phrase):
        by_initials[_initials(phrase.split())].append(phrase)

    found: dict[str, Acronym] = dict(explicit)
    for short in shorts:
        candidates = by_initials.get(short.replace("&", ""), [])  # "P&C" is spelt by "People and Culture"
        if not candidates:
            continue
        long = max(sorted(candidates), key=lambda p: (phrase_count[p], len(p)))
        found[short] = Acronym(short=short, long=long, explicit=False,
                               sentence_ids=phrase_sentences[long][:_FIRST])
    for short, acr in found.items():
        if acr.explicit:
            continue
        acr.sentence_ids = list(dict.fromkeys(acr.sentence_ids + shorts[short][:_FIRST]))
    return sorted(found.values(), key=lambda a: a.short)
