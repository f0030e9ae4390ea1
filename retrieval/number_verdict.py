"""A yes-or-no question about an amount, settled by the amount a sentence writes.

"Is the hotel limit 200 euros per night?" asks whether the amount is 200 euros: the documents
answer it with whatever amount they write ("Hotel costs are reimbursed up to 150 euros per
night."), so the question is read without its number (which no sentence need write), and the
sentence found settles it: "Yes" if it writes the amount asked, "No" if it writes another in the
same unit. A sentence with no amount in that unit settles nothing (the reader's answer stands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from knowledge.lazy_pattern import lazy_compile
from retrieval.analyzer import terms
from retrieval.reader_question import OpenQuestion

_SYMBOLS = {"€": "euro", "$": "dollar", "£": "pound", "¥": "yen", "eur": "euro", "usd": "dollar",
            "gbp": "pound", "chf": "franc"}
# An amount: a currency before its number ("€200", "EUR 200"), or a unit word after it ("200 euros").
_AMOUNT = lazy_compile(r"(?P<symbol>[€$£¥]|\b(?:EUR|USD|GBP|CHF)\b)\s?(?P<number>\d[\d,]*(?:\.\d+)?)"
                       r"|(?P<bare>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>%|[a-zA-Z]{1,12}\b)", re.I)
_COMPARED = lazy_compile(r"\b(?:not|never|no|more|less|fewer|than|over|under|above|below|least|most|up\s+to|"
                         r"within|between|or|about|around|approximately|nearly|almost|roughly)\b|n't\b", re.I)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
SENTENCE_BREAK = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z\d…“\"])")  # between two sentences of a window
_CHANGED = lazy_compile(r"\b(?:between|rose|risen|increased|decreased|fell|fallen|dropped|went\s+(?:up|down)|"
                        r"instead\s+of|previously|up\s+from|down\s+from|from\s+[€$£]?\s?\d)", re.I)
_PER = lazy_compile(r"\bper\s+([a-z]+)", re.I)
_NOT_UNITS = frozenset({"a", "an", "the", "and", "or", "per", "in", "on", "at", "of", "for", "to", "is", "are",
                        "was", "were", "am", "pm", "st", "nd", "rd", "th"})


@dataclass(frozen=True)
class Amount:
    number: str  # digits, without thousands separators
    unit: str  # "euro", "minut", "%": a currency or the term of the word after the number


def amounts(text: str) -> list[Amount]:
    """The amounts ``text`` writes, each with its unit."""
    found = []
    for m in _AMOUNT.finditer(text):
        if m.group("symbol"):
            number = m.group("number").replace(",", "")
            scale = re.match(r"\s+(thousand|million|billion)\b", text[m.end():], re.I)  # "€2 million"
            if scale:
                number = f"{float(number) * _MULTIPLIERS[scale.group(1).lower()]:g}"
            found.append(Amount(number, _SYMBOLS[m.group("symbol").lower()]))
            continue
        word = m.group("unit").lower()
        if word in _NOT_UNITS:
            continue
        if word in _MULTIPLIERS:  # "2 million dollars": two million, in dollars
            after = re.match(r"\s+([a-zA-Z]+)", text[m.end():])
            if after is None:
                continue
            number = float(m.group("bare").replace(",", "")) * _MULTIPLIERS[word]
            unit = _SYMBOLS.get(after.group(1).lower()) or next(iter(terms(after.group(1))), "")
            found.append(Amount(f"{number:g}", "euro" if unit.startswith("euro") else unit))
            continue
        unit = _SYMBOLS.get(word) or ("%" if word == "%" else next(iter(terms(word)), ""))
        if unit.startswith("euro"):
            unit = "euro"  # "euros", "euro"
        if unit:
            found.append(Amount(m.group("bare").replace(",", ""), unit))
    return found


def asked_amount(text: str) -> Amount | None:
    """The one amount a yes-or-no question asks about, or None (none, several, or one compared:
    "Is it more than 100 km?" is not settled by a match)."""
    if _COMPARED.search(text):
        return None
    found = amounts(text)
    return found[0] if len(found) == 1 and len(re.findall(r"\d[\d,.]*", text)) == 1 else None


def without_amount(question: OpenQuestion, amount: Amount) -> OpenQuestion:
    """``question`` read without the number of ``amount`` (its unit stays a term of it)."""
    dropped = set(terms(amount.number))
    keep = [k for k, t in enumerate(question.terms) if t not in dropped]
    return replace(question, terms=tuple(question.terms[k] for k in keep),
                   alternatives=tuple(question.alternatives[k] for k in keep),
                   forms=tuple(question.forms[k] for k in keep),
                   related=tuple(question.related[k] for k in keep), numbers=())


def settled(amount: Amount, text: str, asked: tuple[str, ...] = (), question: str = "") -> str | None:
    """"Yes" if the sentence of ``text`` that holds most of the question's terms (``asked``)
    writes ``amount``, "No" if it writes one other amount in its unit; None if it writes none,
    or several ("Adult tickets cost 20 euros and child tickets 10 euros"), a range or a change
    ("rose from €25 to €40"), or an amount per another period than the question's ("per week"
    for "per night")."""
    asked = tuple(t for t in asked if t not in set(terms(amount.number)) and not t.startswith(amount.unit))
    sentences = SENTENCE_BREAK.split(text)
    sentence = max(sentences, key=lambda t: len(set(asked) & set(terms(t)))) if asked else text
    same = [a for a in amounts(sentence) if a.unit == amount.unit]
    if len(same) != 1 or _CHANGED.search(sentence):
        return None
    periods = {m.group(1).lower() for m in _PER.finditer(question)}
    if periods and any(m.group(1).lower() not in periods for m in _PER.finditer(sentence)):
        return None
    return "Yes" if float(same[0].number) == float(amount.number) else "No"
