"""What a section's heading says for the sentences under it.

A changelog writes "## 2.1.0 — 2023-06-20" once and "- Added the Docker image." under it; a
troubleshooting page heads a section with the message it explains. A sentence found under such
a heading may lack what the question asks for ("In which version was the Docker image added?",
"When was 2.1 released?") while its heading holds it: the reply then says the heading first.
"""

from __future__ import annotations

import re

from knowledge.dates import find_dates, render_span
from knowledge.lazy_pattern import lazy_compile
from retrieval.reader_question import OpenQuestion

# A question a version number answers: "Which version …?", "In what release …?".
_ASKS_VERSION = lazy_compile(r"\b(?:what|which)\s+(?:\w+\s+)?(?:version|release|edition|revision|build)s?\b", re.I)
_VERSION_IN_TEXT = lazy_compile(r"(?<![\w.])v?\d+(?:\.\d+){1,3}(?![\w.]*\d)")


def dates_written_out(heading: str) -> str:
    """``heading`` with each date in words: "2.1.0 — 2023-06-20" → "2.1.0 — June 20, 2023"."""
    out, last = [], 0
    for mention in find_dates(heading):
        out.append(heading[last:mention.start])
        out.append(render_span(mention.span))
        last = mention.end
    return "".join(out) + heading[last:]


def _values(pattern: re.Pattern[str], text: str, asked: tuple[str, ...]) -> bool:
    """Whether ``text`` writes a value ``pattern`` reads that the question does not ("Python
    3.8" holds no version that "Which version dropped Python 3.8?" asks for)."""
    return any(m.group(0).replace(",", "") not in asked for m in pattern.finditer(text))


def heading_context(question: OpenQuestion, heading: str, sentence: str) -> str:
    """The heading a reply should say before ``sentence``, its dates in words, when it holds a
    value of the kind the question asks for that the sentence does not: a date for a "when", a
    version for a "which version"; else "". (Not a number for a "how many": "## Rule 4 — Guests"
    does not count the guests.)"""
    if not heading.strip():
        return ""
    if question.expected == "date":
        # One day, as ``knowledge.segment.heading_dates`` lends it: "2019 Annual Report" does
        # not date what its sentences tell of other years.
        days = {d.span.key() for d in find_dates(heading) if d.span.precision == "day"}
        wanted = len(days) == 1 and len(find_dates(heading)) == 1 and not find_dates(sentence)
    elif _ASKS_VERSION.search(question.text):
        wanted = _values(_VERSION_IN_TEXT, heading, question.numbers) \
            and not _values(_VERSION_IN_TEXT, sentence, question.numbers)
    else:
        wanted = False
    return dates_written_out(heading.strip()) if wanted else ""


def without_title(section: str, title: str) -> str:
    """A section heading that says more than the document's title (the title alone adds nothing)."""
    return "" if re.sub(r"\W+", " ", section).strip().casefold() == re.sub(r"\W+", " ", title).strip().casefold() \
        else section
