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


@dataclass(frozen=True)
class RoleAsked:
    name: str  # "Chen Wei"
    question: str  # "Who is the project lead?"


def role_asked(text: str) -> RoleAsked | None:
    """The person and the "who" question of "Is X the Y?", or None."""
    m = _IS_THE.match(text.strip())
    if m is None or not terms(m.group("name")) or not _a_person(m.group("name")) \
            or not _PERSON_ROLE.search(m.group("role")):
        return None  # "Is Brazil the largest producer?", "Is Harvard the oldest university?": no who
    return RoleAsked(m.group("name"), f"Who {m.group('verb').lower()} {m.group('role')}?")


def _a_person(name: str) -> bool:
    """Whether ``name`` reads as a person's: a known given name's, or two or more capitalised
    words that name no place ("Chen Wei", not "New Zealand")."""
    return bool(person_names(f"{name} said so.")) or (len(name.split()) >= 2 and not find_places(name))


def settled(asked: RoleAsked, text: str) -> str | None:
    """"Yes" if ``text`` names the person asked of, "No" if it names only other people, else None."""
    own = set(terms(asked.name))
    if own <= set(terms(text)) and re.search(re.escape(asked.name.split()[-1]), text):
        return "Yes"
    return "No" if person_names(text) else None
