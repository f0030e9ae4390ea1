"""A short answer inside the chosen sentence: a value of the kind the question expects.

The candidates are dates and years, numbers with their unit, and runs of capitalised
words; those the question already holds are not answers. Of the rest, the one written
nearest the question's words is taken, and only when it is the single value of its kind
near them (one answer, never a list of guesses).
"""

from __future__ import annotations

import re

from retrieval.analyzer import terms
from retrieval.reader_question import OpenQuestion

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
SPAN_PATTERNS: dict[str, re.Pattern[str]] = {
    "date": re.compile(rf"\b{_MONTHS}\s+\d{{1,2}},\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}\b|"
                       rf"\b{_MONTHS}\s+\d{{4}}\b|\b(?:1[0-9]{{3}}|20[0-9]{{2}})s?\b|"
                       r"\b\d{1,2}(?:st|nd|rd|th)\s+century\b"),
    "number": re.compile(r"(?:[$€£]\s?)?\b\d[\d,.]*(?:\s?%|\s+(?:percent|million|billion|thousand|hundred))?"
                         r"(?:\s+[a-z]+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|twenty|thirty|forty|fifty|hundred|dozen)\b(?:\s+[a-z]+)?", re.I),
    "name": re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|von|van|and|for)?\s*[A-Z][\w'’.-]*)*"),
}
KIND_SPANS = {"date": "date", "number": "number", "person": "name", "place": "name", "entity": "name"}
NEAR_WORDS = 12


def short_answer(question: OpenQuestion, text: str) -> str:
    """The one value of the expected kind nearest the question's words, or ""."""
    pattern = SPAN_PATTERNS.get(KIND_SPANS.get(question.expected, ""))
    if pattern is None:
        return ""
    asked = set(question.terms)
    words = [(m.start(), set(terms(m.group(0)))) for m in re.finditer(r"[\w'’-]+", text)]
    anchors = [i for i, (_, bag) in enumerate(words) if bag & asked]
    if not anchors:
        return ""
    found = []
    for m in pattern.finditer(text):
        span = m.group(0).strip(" ,.;:")
        span_terms = set(terms(span))
        if not span or (span_terms and span_terms <= asked) or (not span_terms and m.start() == 0):
            continue
        if question.expected != "date" and m.start() == 0 and len(span.split()) == 1:
            continue  # "The", "In": a capital that only opens the sentence
        at = next((i for i, (start, _) in enumerate(words) if start >= m.start()), len(words) - 1)
        distance = min(abs(at - a) for a in anchors)
        if distance <= NEAR_WORDS:
            found.append((distance, span))
    distinct = {s for _, s in found}
    if len(distinct) != 1:
        return ""
    return distinct.pop()
