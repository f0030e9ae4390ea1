"""A yes-or-no question whether someone is what the documents say another is.

"Is Chen Wei the project lead?" asks who the project lead is, and whether it is Chen Wei: read
as "Who is the project lead?", the sentence found settles it, "Yes" if it names Chen Wei, "No"
if it names only others ("No: Ingrid Solberg is the project lead and founded Tarnfeld in 2019.").
A sentence that names no person settles nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import ROLE_NOUNS
from knowledge.places import find_places
from retrieval.analyzer import terms
from retrieval.person_names import person_names

# "Is Chen Wei the project lead?", "Was Marie Curie the first woman to win a Nobel Prize?"
_IS_THE = lazy_compile(r"^\W*(?P<verb>[Ii]s|[Ww]as)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+"
                       r"(?P<role>(?:the|our|your|their|its)\s+[^?]+?)\s*\??$")


# What only a person is: a role ("the project lead", "the foreign minister") or a person noun
# ("the first woman to …", "the author of …").
_PERSON_ROLE = lazy_compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in ROLE_NOUNS if "." not in w), key=len,
                                                       reverse=True))
                            + r"|man|woman|person|author|inventor|maintainer|owner|creator|designer|architect|"
                              r"composer|writer|painter|discoverer|winner|head|chief|ceo|cto|cfo)\b", re.I)


_CHANGE = lazy_compile(r"\b(?:until|former|formerly|previously|took\s+over|succeeded|replaced|retired|stepped\s+down|"
                       r"resigned|was\s+appointed|will\s+become|from\s+\d{4})\b", re.I)
_CAPITALISED = lazy_compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")


@dataclass(frozen=True)
class RoleAsked:
    name: str  # "Chen Wei"
    question: str  # "Who is the project lead?"
    head: str  # the role's last word, as the question writes it: "lead"


def role_asked(text: str) -> RoleAsked | None:
    """The person and the "who" question of "Is X the Y?", or None."""
    m = _IS_THE.match(text.strip())
    if m is None or not terms(m.group("name")) or not _a_person(m.group("name")) \
            or not _PERSON_ROLE.search(m.group("role")):
        return None  # "Is Brazil the largest producer?", "Is Harvard the oldest university?": no who
    role = m.group("role")
    head = re.split(r"\s+(?:of|for|in|at|to|who|that)\s+", role)[0].split()[-1]
    return RoleAsked(m.group("name"), f"Who {m.group('verb').lower()} {role}?", head)


def _a_person(name: str) -> bool:
    """Whether ``name`` reads as a person's: a known given name's, or two or more capitalised
    words that name no place ("Chen Wei", not "New Zealand")."""
    return bool(person_names(f"{name} said so.")) or (len(name.split()) >= 2 and not find_places(name))


def settled(asked: RoleAsked, text: str) -> str | None:
    """"Yes" if ``text`` says the person asked of holds the role ("Ingrid Solberg is the project
    lead", "Ingrid Solberg, the project lead,", "The project lead is Ingrid Solberg"), "No" if it
    says so of another person only; None if it ties nobody to the role, or tells of a change
    ("was the chief executive until 2020, when Tomas Berg took over")."""
    if _CHANGE.search(text):
        return None
    holders = [name for name in _names(text, asked.name) if _holds(name, asked.head, text)]
    if not holders:
        return None
    mine = [name for name in holders if name.split()[-1] == asked.name.split()[-1]]
    if mine:
        return "Yes" if len(mine) == len(holders) else None
    return "No"


def _names(text: str, asked: str) -> set[str]:
    """The people's names ``text`` writes (two or more capitalised words, or a known given name's),
    and the name asked of where its surname is written."""
    found = set(person_names(text)) | {m.group(0) for m in _CAPITALISED.finditer(text)}
    if re.search(rf"\b{re.escape(asked.split()[-1])}\b", text):
        found.add(asked)
    return found


def _holds(name: str, head: str, text: str) -> bool:
    """Whether ``text`` ties ``name`` to the role whose last word is ``head``."""
    who = rf"(?:{re.escape(name)}|{re.escape(name.split()[-1])})"
    role = rf"(?i:\b{re.escape(head)}\w*)"
    return bool(re.search(rf"\b{who}\s*(?:,|\bis\b|\bwas\b|\bas\b|\bserves\s+as\b)\s*"
                          rf"(?:(?:the|our|its|their|a|an)\s+)?(?:[\w'’-]+\s+){{0,3}}?{role}", text)
                or re.search(rf"{role}\s*(?:,|:|\bis\b|\bwas\b)?\s*(?:[A-Z][\w.]*\s+)?{who}\b", text))
