"""Acronyms: explicit definitions and letter matches against capitalized phrases.

- Explicit: "Annual Bilateral Consultations (ABC)", "small- and medium-sized enterprises
  (SMEs)": the words right before the parenthesis whose initials spell the acronym.
- Implicit: an all-capital token such as "SPD" is matched to a capitalized phrase found
  anywhere in the corpus whose initials spell it ("Strategic Partnership Dialogue").
  Connecting words (of, and, the, for...) do not count as initials.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from knowledge.models import Acronym, Sentence

CONNECTORS = {"of", "and", "the", "for", "on", "in", "to", "&", "de", "la", "du", "at"}
_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{1,7})(s?)\b")
_EXPLICIT = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7}?)(s?)\)")
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
                found.append((short, " ".join(cand)))
                break
    return found


def extract_acronyms(sentences: list[Sentence]) -> list[Acronym]:
    """Every acronym of the corpus with an expansion, and the sentences that show it."""
    explicit: dict[str, Acronym] = {}
    for s in sentences:
        for short, long in _explicit(s):
            acr = explicit.setdefault(short, Acronym(short=short, long=long, explicit=True))
            acr.sentence_ids.append(s.id)

    phrase_count: Counter[str] = Counter()
    starts_phrase: set[str] = set()  # phrases seen at the start of a capitalized run
    phrase_sentences: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        for m in _CAP_PHRASE.finditer(s.text):
            words = m.group(0).split()
            for i in range(len(words)):
                if words[i].lower() in CONNECTORS:
                    continue
                for j in range(i + 2, len(words) + 1):
                    if words[j - 1].lower() in CONNECTORS:
                        continue
                    phrase = " ".join(words[i:j])
                    phrase_count[phrase] += 1
                    if i == 0 or words[i - 1].lower() in CONNECTORS:
                        starts_phrase.add(phrase)
                    ids = phrase_sentences[phrase]
                    if not ids or ids[-1] != s.id:  # sentences come in order: a repeat is the last one
                        ids.append(s.id)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for phrase in sorted(starts_phrase):
        by_initials[_initials(phrase.split())].append(phrase)

    found: dict[str, Acronym] = dict(explicit)
    shorts: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        for m in _ACRONYM.finditer(s.text):
            short = m.group(1)
            if not short.isalpha() or short in explicit:
                continue
            shorts[short].append(s.id)
    for short in shorts:
        candidates = by_initials.get(short, [])
        if not candidates:
            continue
        long = max(sorted(candidates), key=lambda p: (phrase_count[p], len(p)))
        found[short] = Acronym(short=short, long=long, explicit=False,
                               sentence_ids=phrase_sentences[long][:3])
    for short, acr in found.items():
        if acr.explicit:
            continue
        acr.sentence_ids = list(dict.fromkeys(acr.sentence_ids + shorts[short][:3]))
    return sorted(found.values(), key=lambda a: a.short)
