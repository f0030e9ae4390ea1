"""A short answer inside the chosen sentence: a value of the kind the question expects.

The candidates are dates and years, numbers with their unit, and runs of capitalised
words; those the question already holds are not answers. Of the rest, the one written
nearest the question's words is taken, and only when it is the single value of its kind
near them (one answer, never a list of guesses).
"""

from __future__ import annotations

import re

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import CALENDAR_WORDS, CURRENCY_CODES, MONTH_PATTERN, ROLE_HEADS
from retrieval.analyzer import STOPWORDS, terms
from retrieval.number_values import EMAIL, FREQUENCY, PATH, PREVIOUS_VALUE, TIME_OF_DAY, holds_value, values_of
from retrieval.person_names import given_names, person_names
from retrieval.reader_question import COUNTED_NOUN, OpenQuestion
from retrieval.templates import joined
from retrieval.vocabulary import is_common_english

# The word after a number is its unit ("23 years") unless it is a function word ("1990 as").
_UNIT = rf"(?:\s+(?!(?:{'|'.join(sorted(STOPWORDS, key=len, reverse=True))}|per|instead|each|only|now|extra)\b)[a-z]+)?"
_MONTHS = MONTH_PATTERN
# "one" as a pronoun is no count: "if one cannot justify…", "one of the oldest…", "one must…".
_ONE = r"one(?!\s+(?:of|cannot|can|could|must|may|might|should|would|will|another|who|which|that)\b)"
_CODES = "|".join(sorted(CURRENCY_CODES))  # "EUR 40": a currency's code before a number
_NAME_WORD = r"[A-Z](?:[\w'’.-]|&(?=[A-Za-z]))*"  # "Ferreira", "H&M"
SPAN_PATTERNS: dict[str, re.Pattern[str]] = {
    "date": lazy_compile(rf"\b{_MONTHS}\s+\d{{1,2}},\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}\b|"
                         rf"\b{_MONTHS}\s+\d{{4}}\b|\b(?:1[0-9]{{3}}|2[01][0-9]{{2}})s?\b|"
                         r"\b\d{1,2}(?:st|nd|rd|th)\s+century\b"),
    "number": lazy_compile(rf"(?:[$€£]\s?|\b(?:{_CODES})\s?)?(?:\b\d[\d,.]*\d|\b\d)(?:\s?%|\s+(?:percent|million|"
                           rf"billion|thousand|hundred))?{_UNIT}|\b(?:{_ONE}|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                           rf"twelve|twenty|thirty|forty|fifty|hundred|dozen)\b{_UNIT}", re.I),
    "name": lazy_compile(rf"\b{_NAME_WORD}(?:\s+(?:of|the|de|von|van|and|for)?\s*{_NAME_WORD})*"),
}
# The kinds a short answer is given for, where on the shared SQuAD articles at least 70% of
# the spans shown were a gold answer (dates 88%, numbers 70%, people 77% by their names); places (60%) and
# "which X" (46%) are not among them: a wrong short answer misleads more than none.
KIND_SPANS = {"date": "date", "number": "number", "person": "name"}
# "How often …?" is answered by how often, said whole: "every second Tuesday", "twice a year".
# "What time does it open?" by the time of day, a range whole: "6:30 to 23:00"; "What's his
# email?" by the address.
VALUE_SPANS: dict[str, re.Pattern[str]] = {
    "frequency": lazy_compile(FREQUENCY, re.I), "time": lazy_compile(TIME_OF_DAY, re.I),
    "email": lazy_compile(EMAIL), "path": lazy_compile(PATH),
    "previous": lazy_compile(PREVIOUS_VALUE, re.I),  # the value it was: "EUR 25" of "rose from EUR 25 to EUR 40"
}
NEAR_WORDS = 12
# Values a sentence writes one of, whatever stands between it and the question's words (an email
# address is not: "Anna Berg leads payroll; for the portal, write to the helpdesk at it-help@…").
_ANYWHERE = frozenset({"frequency", "time", "path", "previous"})
# "How much did the fee rise?" asks the change, not the value it rose to.
_ASKS_CHANGE = lazy_compile(r"\b(?:rise|rose|risen|increase[sd]?|decrease[sd]?|fall|fell|drop(?:ped)?|go\s+up|"
                            r"went\s+up|go\s+down|went\s+down|change[sd]?|grow|grew|by\s+how\s+much)\b", re.I)
_LEADING_STOPWORDS = lazy_compile(rf"^(?:(?:{'|'.join(sorted(STOPWORDS, key=len, reverse=True))})\s+)+", re.I)


def counted_terms(question: OpenQuestion) -> set[str]:
    """The terms of the noun a "how many" question counts, or none."""
    m = COUNTED_NOUN.search(question.text)
    return set(terms(m.group("noun"))) if m else set()


def _spans(question: OpenQuestion, pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    """(start, text) of each candidate value; for a "who", the people's names when the sentence
    writes any ("Marta Lindqvist", not "Ferry Street"), else its runs of capitalised words."""
    if question.expected == "person":
        people = [(m.start(), name) for name in person_names(text) if (m := re.search(re.escape(name), text))]
        if people:
            return people
    found = ((m, m.lastgroup or 0) for m in pattern.finditer(text))  # a named group is the value: "from EUR 25 to …"
    return [(m.start(group), m.group(group).strip(" ,.;:")) for m, group in found]


def short_answer(question: OpenQuestion, text: str) -> str:
    """The one value of the expected kind nearest the question's words, or ""."""
    pattern = VALUE_SPANS.get(question.value) or SPAN_PATTERNS.get(KIND_SPANS.get(question.expected, ""))
    if pattern is None:
        return ""
    asked = set(question.terms)
    own_words = {w.casefold() for w in re.findall(r"[\w'’-]+", question.text)}
    counted = counted_terms(question) if question.expected == "number" else set()
    words = [(m.start(), set(terms(m.group(0)))) for m in re.finditer(r"[\w'’-]+", text)]
    anchors = [i for i, (_, bag) in enumerate(words) if bag & asked]
    if not anchors:
        return ""
    found, far = [], []
    for start, span in _spans(question, pattern, text):
        if pattern is SPAN_PATTERNS["name"]:  # "After World War II": the name is "World War II"
            span = _LEADING_STOPWORDS.sub("", span)
        span_terms = set(terms(span))
        if not span_terms or span_terms <= asked:
            continue  # "In", "The": no name; or the question's own words
        if question.expected != "date" and start == 0 and len(span.split()) == 1:
            continue  # a capital that may only open the sentence
        if question.expected == "number" and span.split()[0].casefold() in own_words \
                and _with_counted_noun(span, text, counted) == span:
            continue  # "How many newtons are in one pound-force?": its own "one" ("one million tickets" is)
        if question.expected == "number" and not question.value and _BARE_YEAR.fullmatch(span) \
                and _YEAR_BEFORE.search(text, max(0, start - 8), start):
            continue  # "How much did they say the wall would rise?" is not answered "(in) 2001"
        if question.expected in _NAMED_KINDS and span.casefold() in CALENDAR_WORDS:
            continue  # "Who is the security officer?" is not answered "June" ("… on June 30, 2024")
        if question.value and question.value != "previous" and not holds_value(question.value, span, question.numbers):
            continue  # "How long is the river?": "1542" is no length
        at = next((i for i, (begin, _) in enumerate(words) if begin >= start), len(words) - 1)
        distance = min(abs(at - a) for a in anchors)
        if distance <= NEAR_WORDS:
            found.append((distance, span))
        elif question.value in _ANYWHERE:
            far.append((distance, span))
    found = found or far  # the one path or time of the sentence, however far from the question's words
    of_counted = [(d, s) for d, s in found if set(terms(s)) & counted]
    distinct = {s for _, s in of_counted or found}
    if question.expected == "person" and distinct and _ASKS_WHO.match(question.text):
        lists = {_with_coordinated_names(span, text, asked) for span in distinct}
        # one name, or the names of one list ("by Daniel Okafor, Priya Shah and Tom Berg")
        return lists.pop() if len(lists) == 1 and (len(distinct) == 1 or " and " in next(iter(lists))) else ""
    if len(distinct) == 2 and question.value != "previous" and not _ASKS_CHANGE.search(question.text):
        # "rose from EUR 25 to EUR 40": it is 40 now
        before = set(values_of("previous", text))
        distinct = {s for s in distinct if s.replace(",", "") not in before} or distinct
    if len(distinct) != 1:
        return ""
    return _with_counted_noun(distinct.pop(), text, counted)


_ASKS_WHO = re.compile(r"^\W*(?:and\s+)?(?:who|whom)\b", re.I)
_NAMED_KINDS = frozenset({"person", "place", "entity"})  # answered by a name
_BARE_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")  # a year, no amount ("held in 2001", not "a population of 1800")
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|until|from|to|before|after)\s+$", re.I)
# A full name: two to four capitalised words ("Maarten Tallis", "Jean-Luc de la Croix" aside).
_FULL_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,5}"
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\.?|[A-Z]\.")  # "Carvalho", "O'Neil", "K."


def _with_coordinated_names(span: str, text: str, asked: set[str]) -> str:
    """``span`` (a person's name) with the full names it is listed with: "founded by Maarten
    Tallis and Ines Carvalho" answers "Who founded it?" with both, not with the one name a
    list of given names knows. Only names in one list with it ("A, B and C"), none of them
    the question's own."""
    at = text.find(span)
    if at < 0:
        return span
    own = span
    while (title := re.search(r"([A-Z][\w'’.-]+)\s+$", text[max(0, at - 40):at])) \
            and title.group(1).casefold().strip(".") in ROLE_HEADS:  # "Deputy Foreign Minister Yerzhan …"
        at -= len(title.group(0))
        span = text[at:at + len(title.group(0))] + span
    lead = max(0, at - _LOOK_BACK)  # a list's names before it, read within a few names' length
    before = re.search(rf"((?:{_FULL_NAME}\s*,\s*)*{_FULL_NAME}\s*(?:,\s*)?(?:and|&)\s+|(?:{_FULL_NAME}\s*,\s*)+)$",
                       text[lead:at])
    after = re.match(rf"(?:\s*,\s*{_FULL_NAME})*(?:\s*,?\s+(?:and|&)\s+{_FULL_NAME})", text[at + len(span):])
    listed = (before.group(1) if before else "") + span + (after.group(0) if after else "")
    start = at - (len(before.group(1)) if before else 0)
    names = [_without_title(n) for n in re.findall(_FULL_NAME, listed)]
    if not 2 <= len(names) <= 4 or any(not 2 <= len(n.split()) <= 3 or set(terms(n)) <= asked
                                       or n.split()[0].casefold() in STOPWORDS
                                       or not all(_NAME_WORD.fullmatch(w) for w in n.split()) for n in names):
        return own  # no list; or "In Paris and John Smith" ("In" names no one), "Goldman Sachs and MF Global CEO"
    if not (_INTRODUCED.search(text[max(0, start - _LOOK_BACK):start])
            or set(terms(" ".join(text[start + len(listed):].split()[:_NEAR_LIST]))) & asked):
        return ""  # "…in 2009, and Ines Carvalho and Tom Berg ran it", "whose partners A and B joined": no guess
    return joined([n.removesuffix(".") if re.search(r"\w{3}\.$", n) else n for n in names])  # not "Shah."


_LOOK_BACK = 200  # characters
# A list of names answers who did it where it is the agent or the subject: "founded by A and B",
# "The founders, A and B,", "A and B founded it" (a word of the question
# after it), or after a title ("… for South and Central Asian Affairs Nisha Biswal and …"); not a
# list after "…, and" that opens a clause of its own, nor an object ("sent to A and B", "with A and B").
_INTRODUCED = re.compile(r"(?:\bby|\bwere|\bare|\bwas|\bis|\bbetween|[:,]|^|\b[A-Z][\w'’.-]*)\s*$")
_NEAR_LIST = 2  # words


def _without_title(name: str) -> str:
    """``name`` without the titles or other words before it: "Deputy Foreign Minister Yerzhan
    Ashikbayev", "Yesterday Maarten Tallis" (a common word that is no given name)."""
    words = name.split()
    while len(words) > 2 and ((word := words[0].casefold().strip(".")) in ROLE_HEADS
                              or (is_common_english(word) and word not in given_names())):
        words.pop(0)  # a name keeps two words: "Will Smith", "Sky Brown"
    return " ".join(words)


def _with_counted_noun(span: str, text: str, counted: set[str]) -> str:
    """``span`` with the rest of the noun it counts, as ``text`` writes it after the number: "146
    city blocks", where the number and its first word alone are "146 city"."""
    m = re.search(r"(?<![\w.,])" + re.escape(span) + r"((?:\s+[\w'’-]+){1,3})", text) if counted else None
    if m is None:
        return span
    kept = span
    for word in m.group(1).split():
        own = set(terms(word))
        if not own or not own <= counted:
            break
        kept += f" {word}"
    return kept
