"""One analyzer for passages and questions: normalize, tokenize, drop stopwords, stem.

Choices, in order:
- Unicode NFKC, case folding, curly quotes to straight ones, en and em dashes to "-".
- Dotted abbreviations are joined ("U.S." → "us", "D.C." → "dc") so they stay one token.
- A token is letters and digits of any script, keeping "+" and inner hyphens: "c5+1", "p5+1", "5th",
  "nur-sultan"; a version number stays whole: "3.1", "v2.0.4" (so 3.0 is not 3.1).
- A hyphenated token also yields its parts and its joined form ("nur", "sultan",
  "nursultan"), so "Nur Sultan" and "NurSultan" still match.
- Possessive "'s" is dropped.
- Ordinals are one token whatever their spelling: "third", "3rd" and "3" → "#3". Only decimal
  digits are numbers: "➑", "⓵" or Ethiopic "፩" (digits, but not decimal) stay plain tokens.
- English stopwords are dropped; the rest is stemmed with the Snowball English stemmer
  (PyStemmer), so "recognized" and "recognize" meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import Stemmer

from knowledge.ordinals import NUMBER_WORDS, ordinal_value

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom whose why will with would you your yours yourself
yourselves also may might must shall s t don didn doesn isn wasn weren ll re ve d m o y ain
aren couldn hadn hasn haven mightn mustn needn shan shouldn wouldn let us's
""".split()) - {"us"}
# "found" is find's past, not "founded" cut short: "Rooms must be left as you found them" does
# not answer "When was the library founded?" (the stemmer makes both "found").
IRREGULAR_FORMS = {"found": "find"}
QUESTION_WORDS = frozenset({"when", "where", "who", "whom", "whose", "what", "which", "why",
                            "how", "many", "much"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-",
                         "‑": "-", "−": "-"})
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?=[^a-z]|$)")
_W = r"[^\W_]"  # a letter or digit of any script: "zürich", "тест", "são"
# An abbreviation with an ampersand is one token ("p&c", "at&t", "t&cs"), not two words joined by one
# ("shipping&returns" is two).
AMPERSAND = r"(?<![^\W\d_])[^\W\d_]{1,3}&[^\W\d_]{1,4}(?![^\W_])"
_TOKEN = re.compile(rf"v?\d+(?:\.\d+)+[a-z]?|{AMPERSAND}|{_W}+(?:\+{_W}+)*(?:-{_W}+(?:\+{_W}+)*)*")
_stemmer = Stemmer.Stemmer("english")


# An abbreviation's plural ("DVDs", "NGOs"): the stemmer leaves a plural without a vowel before
# its "s" as it is, so "DVDs" would be no "DVD".
_ABBREVIATION_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if "s" in text:
        text = _ABBREVIATION_PLURAL.sub(r"\1", text)
    text = text.translate(_QUOTES).casefold()
    text = text.replace("'s ", " ").replace("'s,", ",").replace("'s.", ".")
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


def surface_tokens(text: str) -> list[str]:
    """Lower-case tokens as written (no stemming, stopwords kept)."""
    return _TOKEN.findall(normalize(text))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    return _stemmer.stemWord(token)


@lru_cache(maxsize=1 << 18)  # a corpus's distinct tokens: 14M lookups at 100k passages, a few 100k words
def term(token: str) -> str | None:
    """The index term of one surface token, or None for a stopword."""
    value = ordinal_value(token)
    if value is None and token.isdecimal() and len(token) <= 2:  # "➑" is a digit, not a number
        value = int(token)
    if value is None and token in NUMBER_WORDS:
        value = NUMBER_WORDS[token]
    if value is not None:
        return f"#{value}"
    if token in STOPWORDS:
        return None
    return stem(IRREGULAR_FORMS.get(token, token))


_building = threading.local()  # the texts already analysed by this thread's index build


@contextmanager
def remembered_terms() -> Iterator[None]:
    """Within the block, each text is analysed once by this thread: an engine's indexes read
    every sentence three or four times (passages, sentences, the reader). A block inside
    another uses the outer one's memo (and leaves it in place)."""
    if getattr(_building, "memo", None) is not None:
        yield
        return
    _building.memo = {}
    try:
        yield
    finally:
        _building.memo = None


def terms(text: str) -> list[str]:
    """Index terms of a text: the same path for passages and questions."""
    memo: dict[str, tuple[str, ...]] | None = getattr(_building, "memo", None)
    if memo is not None:
        found = memo.get(text)
        if found is None:
            found = memo[text] = tuple(_analysed(text))
        return list(found)
    return _analysed(text)


def _analysed(text: str) -> list[str]:
    out: list[str] = []
    for token in surface_tokens(text):
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            out.extend(t for t in (term(p) for p in parts) if t)
            joined = term("".join(parts))
            if joined:
                out.append(joined)
            continue
        if "&" in token and token.endswith("s") and len(token.split("&")[1]) > 1:
            token = token[:-1]  # "B&Bs", "T&Cs": the stemmer keeps an abbreviation's plural
        t = term(token)
        if t:
            out.append(t)
    return out


_VERSION = re.compile(r"^v?\d+(?:\.\d+)+$")


def is_version(token: str) -> bool:
    """A dotted number, as a version is written: "2.2", "v2.2.0"."""
    return _VERSION.match(token) is not None


@lru_cache(maxsize=1)
def question_terms() -> frozenset[str]:
    """The terms of the question words ("when" and its kin), as ``terms`` reads them."""
    return frozenset(t for w in QUESTION_WORDS for t in terms(w))


def version_variants(token: str) -> frozenset[str]:
    """The other ways a version ``token`` is written with trailing zeros added or dropped:
    "2.1" → {"2.1.0", "2.1.0.0"}, "2.1.0" → {"2.1", "2.1.0.0"}, "v2.1" → those and "v2.1.0"; none for a term that is no
    dotted number."""
    if not is_version(token):
        return frozenset()
    prefix = "v" if token.startswith("v") else ""
    parts = token.removeprefix("v").split(".")
    while len(parts) > 2 and parts[-1] == "0":
        parts.pop()
    core = ".".join(parts)
    return frozenset(f"{written}{core}{'.0' * extra}" for extra in range(3) for written in {prefix, ""}
                     if core.count(".") + extra <= 3) - {token}  # "v2.2" is "2.2.0" too
