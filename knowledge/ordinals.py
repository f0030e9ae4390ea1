"""Ordinal words and numbers: "third", "3rd" and "3" are one ordinal."""

from __future__ import annotations

import re

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "inaugural": 1,
}
# Misspellings that are words of their own, so typo repair leaves them alone.
MISSPELLED_ORDINALS = {"forth": 4, "fourty": 40, "nineth": 9, "twelth": 12}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
ORDINAL_PATTERN = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
                   r"|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
                   r"|nineteenth|twentieth|inaugural|\d{1,3}(?:st|nd|rd|th))")
_NUMERIC = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")
AT_FIRST = re.compile(r"\bat\s+first\b", re.I)  # "Where was it at first?": at the start, no ordinal
_WORDS_BY_NUMBER = {n: w for w, n in ORDINAL_WORDS.items() if w != "inaugural"}


def ordinal_value(word: str) -> int | None:
    """3 for "third", "3rd" or "Third"; None if ``word`` is not an ordinal."""
    word = word.lower()
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    if word in MISSPELLED_ORDINALS:
        return MISSPELLED_ORDINALS[word]
    match = _NUMERIC.match(word)
    return int(match.group(1)) if match else None


def ordinal_word(n: int) -> str:
    """"third" for 3, "21st" past twenty."""
    if n in _WORDS_BY_NUMBER:
        return _WORDS_BY_NUMBER[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
