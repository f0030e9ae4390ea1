"""The year a sentence names only by reference to an earlier sentence's: "During the same year,
investor David G. Booth donated $300 million …" after "In 2008, the University of Chicago
announced …" says 2008; "the following year" one more, "two years later" two more.

A sentence that writes a year of its own is read by that year (its reference may be to it:
"in 1990 and again the following year"); the year referred to is the last one the nearest
earlier sentence of the paragraph dates something by ("In 2008, …", "in March 2008"), at
most ``LOOK_BACK`` sentences back; "By then the firm had 1200 employees" dates nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import MONTH_PATTERN

LOOK_BACK = 3  # sentences back in the paragraph: "the same year" refers to a year just written

_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
# Each way of referring to a year, and how many years it lies after the one referred to (a
# named group "count" is a number of years; its sign is the offset's).
_REFERENCES: tuple[tuple[str, int], ...] = (
    (r"\b(?:the|that)\s+same\s+year\b", 0),
    (r"\b(?:in|during|by|of|later\s+that|that)\s+that\s+year\b|\bthat\s+year\b", 0),
    (r"\bthe\s+(?:following|next|subsequent)\s+year\b", 1),
    (r"\bthe\s+(?:previous|preceding|prior)\s+year\b", -1),
    (r"\b(?P<count>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+(?:later|afterwards?)\b", 1),
    (r"\b(?P<count>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+(?:earlier|before\s+that)\b",
     -1),
)
_EACH = tuple((lazy_compile(pattern, re.IGNORECASE), offset) for pattern, offset in _REFERENCES)
# A year as a sentence writes it: "2008", not "1,500", "$2000", "the 1990s" or "2008.5".
_YEAR = lazy_compile(r"(?<![\d,.$€£])\b(1[0-9]{3}|20[0-9]{2})\b(?![,.]\d|s\b|\s*(?:%|percent))")
# A year referred to, as an earlier sentence dates something: after a preposition of time, a
# month or a day ("In 2008,", "in March 2008", "on 3 May 2008"); "had 1200 employees" is a count.
_DATED_YEAR = lazy_compile(rf"\b(?:in|since|from|by|until|till|during|after|before|around|circa|year|{MONTH_PATTERN}"
                           rf"|\d{{1,2}}(?:st|nd|rd|th)?,?)\s+(1[0-9]{{3}}|20[0-9]{{2}})\b(?![,.]\d|s\b)",
                           re.IGNORECASE)


def _offset(text: str) -> int | None:
    """How many years after the year referred to ``text``'s first reference lies, or None without one."""
    found = [(m.start(), m, sign) for pattern, sign in _EACH if (m := pattern.search(text))]
    if not found:
        return None
    _, m, sign = min(found, key=lambda f: f[0])
    count = m.groupdict().get("count")
    return sign if count is None else sign * (int(count) if count.isdigit() else _COUNTS[count.lower()])


# "Compared with the previous year, costs fell" compares; it does not say when.
_COMPARED = lazy_compile(r"\b(?:compared\s+(?:with|to)|than|over|versus|vs\.?|from)\s+(?:the|that)\s+"
                         r"(?:previous|preceding|prior|same|following|next)\s+year\b", re.IGNORECASE)


def referred_year(text: str, earlier: Callable[[int], tuple[str, frozenset[str]] | None]) -> str:
    """The year ``text`` names by reference, or "". ``earlier(k)`` is the text of the sentence
    ``k`` sentences before it in its paragraph and the years the analysis found in it (None
    past the paragraph's start): "By then the firm had 1200 employees" writes no year."""
    offset = _offset(text)
    if offset is None or _YEAR.search(text) or _COMPARED.search(text):
        return ""
    for k in range(1, LOOK_BACK + 1):
        before = earlier(k)
        if before is None:
            return ""
        written, found = before
        years = [y for y in _DATED_YEAR.findall(written) if y in found]
        if years:
            return str(int(years[-1]) + offset)
    return ""
