"""An open question as the reader sees it: its terms, the kind of answer it expects, its names.

The expected kind is read off a table of patterns, first match wins; "which/what X" also
gives X, the head noun an answer should stand near.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import WEEKDAYS
from knowledge.ordinals import AT_FIRST
from retrieval.analyzer import STOPWORDS, question_terms, terms
from retrieval.number_values import ASKS_CONTACT, value_kind
from retrieval.opposites import opposites
from retrieval.related_words import forms_of, wordnet_synonyms
from retrieval.templates import synonyms_of

# (expected answer kind, pattern over the question), in order: the first that matches decides.
ANSWER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "when" as the question word, not the conjunction after another ("How loud is it when …?")
    ("date", lazy_compile(r"^(?:(?!\b(?:how|what|which|who|whom|whose|where|why)\b(?!\s+and\s+when\b)).)*\bwhen\b|"
                          r"\b(?:what|which)\s+(?:\w+\s+){0,3}(?:year|years|date|day|month|century|decade|"
                          r"era|period|time)\b|\bhow\s+long\s+ago\b|\bsince\s+when\b", re.I)),
    ("number", lazy_compile(r"\bhow\s+(?:many|much|long|far|old|large|big|tall|high|deep|wide|often|fast|"
                            r"heavy|hot|cold|loud|quiet|noisy|powerful)\b|\b(?:what|which)\s+(?:\w+\s+){0,3}(?:percentage|percent|proportion|"
                            r"number|amount|rate|share|fraction|size|population|temperature|cost|price)\b",
                            re.I)),
    ("number", ASKS_CONTACT),  # "What's his email?": an address or a number to call (number_values)
    ("person", lazy_compile(r"\bwho\b|\bwhom\b|\bwhose\b|\b(?:what|which)\s+(?:\w+\s+){0,2}(?:person|people|man|"
                            r"woman|scientist|president|king|queen|leader|author|writer|artist|architect|"
                            r"founder|player|team|company|organization|group)\b", re.I)),
    ("place", lazy_compile(r"\bwhere\b|\b(?:what|which)\s+(?:\w+\s+){0,2}(?:city|cities|country|countries|state|"
                           r"place|location|region|town|area|continent|river|island|county|district|"
                           r"neighborhood|street|building|address)\b", re.I)),
    ("reason", lazy_compile(r"\bwhy\b|\bwhat\s+(?:\w+\s+)?(?:caused|causes|reason)\b", re.I)),
    ("entity", lazy_compile(r"\b(?:what|which)\s+(?!is\b|was\b|are\b|were\b|do\b|does\b|did\b|has\b|have\b|had\b|"
                            r"can\b|could\b|would\b|will\b|should\b)\w+", re.I)),
    ("other", lazy_compile(r"\b(?:what|which|how)\b", re.I)),
)
_HEAD = lazy_compile(r"\b(?:what|which)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+?)(?=\s+(?:is|was|are|were|do|does|did|has|"
                     r"have|had|can|could|would|will|of|in|on|for|to|by|that|the)\b|\s*[?,]|$)", re.I)
# "How many bird species have been classified?": the noun counted ("bird species"), which a
# count is written with ("1,294 birds") and which an ellipsis replaces ("And mammals?"); none
# in "How much is the membership?".
COUNTED_NOUN = lazy_compile(r"\bhow\s+(?:many|much)\s+(?!(?:is|are|was|were|do|does|did|has|have|had|can|could|"
                            r"will|would|should)\b)(?P<noun>(?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*?)"
                            r"(?=\s+(?:are|is|was|were|do|does|did|have|has|had|can|could|would|will|live|lived|"
                            r"in|of|on|at|for|to|by|that|the|there)\b|\s*[?,]|$)", re.I)
_NAME = lazy_compile(r"(?<!^)(?<![.!?]\s)\b[A-Z](?:[\w'’.+-]|&(?=[A-Za-z]))*")  # the analyzer's tokens keep "+": P5+1
_NAME_PAIR = lazy_compile(r"(?<!^)(?<![.!?]\s)(?=\b([A-Z][\w'’-]+)\s+([A-Z][\w'’-]+)\b)")
_DIGITS = lazy_compile(r"(?:\d[\d,.]*\d|\d)(?!\d|st\b|nd\b|rd\b|th\b)")  # not an ordinal: "20th"


@dataclass(frozen=True)
class OpenQuestion:
    text: str
    terms: tuple[str, ...]  # content terms in order, without question words
    alternatives: tuple[frozenset[str], ...]  # per term: itself and its synonyms
    expected: str  # date | number | person | place | reason | entity | other
    head: frozenset[str]  # terms of X in "which/what X"
    names: frozenset[str]  # capitalised words inside the question, case-folded
    numbers: tuple[str, ...]  # numbers written in the question
    forms: tuple[frozenset[str], ...]  # per term: its other forms (WordNet), not among alternatives
    value: str  # for a number question: share | money | measure | count, or "" for any number
    name_pairs: tuple[tuple[str, str], ...]  # terms of adjacent capitalised words: ("nisha", "biswal")
    related: tuple[frozenset[str], ...]  # per term: its WordNet synonyms, not among alternatives
    borrowed: frozenset[str] = frozenset()  # a follow-up's terms of the conversation, not its own words


# "Which one is lighter?", "the bigger one": "one" stands for a thing, it counts nothing.
_PRONOUN_ONE = lazy_compile(r"\b(which|this|that|each|either|neither|another|any|every|the|(?:the|a)\s+"
                            r"(?:other|same|new|old|first|last|next|previous|only|\w{2,}er|\w{2,}est))\s+ones?\b(?!-|['’](?!s\b)|\s+of\b|\s+o['’]clock)",
                            re.I)

# "When B cells replicate, what do they become?": the clause before the comma sets a scene.
_SCENE = lazy_compile(r"^(?:when|if|while|after|before|since|as|although|once)\b[^,?]*,\s*(?=.*\b(?:what|which|who|"
                      r"whom|where|how)\b)", re.I)


def present(question: OpenQuestion, word: str, bag: frozenset[str] | set[str]) -> bool:
    """Whether every term of ``word`` (a name of the question) is in ``bag``, itself or by one
    of its alternatives ("ceo" by "chief")."""
    alternatives = dict(zip(question.terms, question.alternatives, strict=True))
    return all(alternatives.get(t, frozenset({t})) & bag for t in terms(word))


# Values asked whatever the question's kind: "Where is the clinic?" (its address), "What time does it
# open?", "What was it before?", "Where is the configuration file?", "Is the hall open on Sundays?".
_ANY_QUESTION_VALUES = frozenset({"address", "whereabouts", "time", "previous", "path", "opening"})


def _value_asked(text: str, expected: str) -> str:
    """The kind of value a number question asks for (``number_values.value_kind``), or a place
    question's postal address ("What is its address?", and "Where is the clinic?", which an
    address answers best), a time of day, or a value before it changed ("What was it before?")."""
    kind = value_kind(text)
    return kind if expected == "number" or kind in _ANY_QUESTION_VALUES else ""


def expected_kind(text: str) -> str:
    """The kind whose pattern matches earliest in the question (its question word decides)."""
    text = _SCENE.sub("", text)
    found = [(m.start(), order, kind) for order, (kind, pattern) in enumerate(ANSWER_KINDS)
             if (m := pattern.search(text))]
    return min(found)[2] if found else "other"


_WHETHER = lazy_compile(r"^\W*(?:and\s+)?(?:can|could|is|are|was|were|do|does|did|will|would|may|might|should|"
                        r"has|have|had|am)\b(?!.*\b(?:when|where|who|whom|what|which|how|why)\b)", re.I)


def asks_whether(text: str) -> bool:
    """A yes-or-no question: "Can I return coffee?", "Do you ship abroad?"."""
    return _WHETHER.match(text) is not None


# "Who started the company?", "When was the club set up?": a body is founded, not started (a
# synonym start/found would read "can be found" as "can be started"; only of a body's noun).
_BODIES = (r"(?:company|companies|business|firm|shop|store|club|school|charity|organi[sz]ation|society|band|"
           r"restaurant|caf[eé]|bakery|brand|newspaper|magazine|party|clinic|practice|agency|studio|league|"
           r"association|foundation|museum|library|university|college|hospital|team|startup|cooperative)")
_STARTED_BODY = lazy_compile(rf"\b(?P<verb>start(?:ed|s)?|began|begin|begun)\s+(?:(?:the|a|an|this|that|our|your|"
                             rf"their|its|his|her)\s+)?(?:(?!(?:at|in|with|for|on|from|to|into|work|working|as)\b)"
                             rf"[\w'’-]+\s+){{0,2}}?{_BODIES}\b|\b{_BODIES}\s+"
                             rf"(?:(?:was|were|is|get|got)\s+)?(?P<passive>started|begun)\b|"
                             # "When did the clinic open?": its opening, not its hours ("When does it open?")
                             rf"\bdid\s+(?:(?:the|a|an|this|that|our|your|their|its|his|her)\s+)?(?:[\w'’-]+\s+){{0,2}}?"
                             rf"{_BODIES}\s+(?P<opened>open)\b", re.I)
_FOUNDING = {t: frozenset(terms("founded established"))
             for t in terms("start started starts began begin begun open")}


def _started_a_body(text: str) -> str:
    """The term of "started" where the question says a body was started ("Who started the
    company?"), which the documents say it was founded; else ""."""
    m = _STARTED_BODY.search(text)
    if not m:
        return ""
    found = terms(m.group("verb") or m.group("passive") or m.group("opened"))
    return found[0] if found else ""


# A day of the week is no name a sentence must write: "open every day" answers "on Sundays?".
_DAYS = frozenset(w for day in WEEKDAYS for w in (day.casefold(), f"{day.casefold()}s"))


def read_question(text: str, extra_terms: tuple[str, ...] = (),
                  family: Callable[[str], frozenset[str]] = lambda t: frozenset(),
                  spelled_out: Callable[[str], frozenset[str]] = lambda t: frozenset()) -> OpenQuestion:
    """The reader's view of ``text``; ``extra_terms`` (say, a resolved pronoun's) join its terms,
    ``family`` gives the documents' words a term of it extends ("ethiopia"), and ``spelled_out``
    the words an abbreviation stands for ("sp": Scottish Parliament)."""
    asking = question_terms()
    own = [t for t in terms(AT_FIRST.sub(" ", _PRONOUN_ONE.sub(r"\1", text))) if t not in asking]
    ordered = tuple(dict.fromkeys([*own, *extra_terms]))
    head_match = _HEAD.search(text)
    head = frozenset(t for t in terms(head_match.group(1))) if head_match else frozenset()
    names = frozenset(m.group(0).casefold().strip(".") for m in _NAME.finditer(text)
                      if m.group(0).casefold() not in STOPWORDS and m.group(0).casefold() not in _DAYS)
    numbers = tuple(n.replace(",", "") for n in _DIGITS.findall(text))
    # A yes-or-no question is answered by a word's opposite too: "Are you open on Monday?" by
    # "Monday: closed".
    either = opposites if asks_whether(text) else lambda t: frozenset()
    founding = _FOUNDING.get(t_start) if (t_start := _started_a_body(text)) else None
    alternatives = tuple(frozenset({t} | synonyms_of({t}) | family(t) | spelled_out(t) | either(t)
                                   | (founding if t == t_start and founding else frozenset()))
                         for t in ordered)
    named = {t for n in names for t in terms(n)}  # a name is not a word of the dictionary: no forms
    forms = tuple(frozenset() if t in named else forms_of(t) - alts
                  for t, alts in zip(ordered, alternatives, strict=True))
    related = tuple(frozenset() if t in named else wordnet_synonyms(t) - alts - more
                    for t, alts, more in zip(ordered, alternatives, forms, strict=True))
    pairs = tuple((a[-1], b[0]) for m in _NAME_PAIR.finditer(text)
                  if (a := terms(m.group(1))) and (b := terms(m.group(2))))
    expected = expected_kind(text)
    return OpenQuestion(text=text, terms=ordered, alternatives=alternatives, expected=expected,
                        head=head, names=names, numbers=numbers, forms=forms, name_pairs=pairs, related=related,
                        value=_value_asked(text, expected), borrowed=frozenset(ordered[len(dict.fromkeys(own)):]))

