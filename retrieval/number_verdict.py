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
            found.append(Amount(m.group("number").replace(",", ""), _SYMBOLS[m.group("symbol").lower()]))
            continue
        word = m.group("unit").lower()
        if word in _NOT_UNITS:
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


def settled(amount: Amount, text: str) -> str | None:
    """"Yes" if ``text`` writes ``amount``, "No" if it writes only others in its unit, else None."""
    same = [a for a in amounts(text) if a.unit == amount.unit]
    if not same:
        return None
    return "Yes" if any(float(a.number) == float(amount.number) for a in same) else "No"
