"""People's names in a sentence: a capitalised name that opens with a given name or a title.

"The company was founded by Marta Lindqvist and Daniel Okafor" names two people; "The café
at 214 Ferry Street" names none, though both hold capitalised words. A name is two to four
capitalised words (with initials and particles: "E. O. Wilson", "Leonardo da Vinci") whose
first word is a given name (``given_names.txt``: the US Census 1990 lists, public domain) or
that follows a title ("President", "Dr.") or that a copula gives a role ("The office manager is
Lukas Brandt", "Sanne de Wit is the Chief Financial Officer"). A heuristic for the reader's evidence that a
"who" question's answer is present, never a fact of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import MONTHS, ROLE_HEADS, WEEKDAYS
from knowledge.people import LOWER_ROLES, STAFF_ROLES
from retrieval.analyzer import STOPWORDS

_WORD = r"[A-Z][a-zà-öø-ÿ'’-]+(?:[A-Z][a-zà-öø-ÿ'’-]+)?"  # "DeWitt", "McAdam"
_LINK = r"(?:[A-Z]\.|de|da|di|del|della|van|von|der|den|la|le|du|dos|bin|ibn|al|el|y)"
_NAME = re.compile(rf"({_WORD}|[A-Z]\.)((?:\s+(?:{_LINK}|{_WORD}|[A-Z]\.)){{0,3}}\s+{_WORD})\b")
_STARTS = re.compile(r"(?<![A-Za-z]\.)\b[A-Z]")  # not the "S" of "U.S."
_TITLE_BEFORE = re.compile(r"\b(\w+)\.?\s+$")
# A name a copula gives a role: "Lukas Brandt is the office manager", "Sanne de Wit is our Chief
# Financial Officer", "The office manager is Lukas Brandt" (a role word of ``knowledge.people``).
# A company leads, wins, owns and partners too: those roles name a person only as a post, in
# capitals ("the People Partner"), not "Blue Harbor is the leader in packaging".
_ROLES = f"{LOWER_ROLES}|{STAFF_ROLES}"
_ROLE_WORDS = frozenset(_ROLES.split("|"))
_ORGANISATIONS_TOO = frozenset({"leader", "winner", "champion", "owner", "partner", "player", "producer",
                                "runner", "lead", "organizer", "organiser", "designer"})
_ROLE_AFTER = lazy_compile(rf"\s+(?:is|was|has\s+been|became|,)\s+(?:the|our|its|their)\s+"
                           rf"(?:[\w'’&-]+\s+){{0,3}}?(?P<role>(?i:{_ROLES}))s?\b")
_COPULAS_AFTER = (" is ", " was ", " has been ", " became ", ", ")  # what _ROLE_AFTER can start with
_COPULAS_BEFORE = (" is ", " was ", " been ")  # what _ROLE_BEFORE ends with
_ROLE_REACH = 40  # characters before a name that "The office manager is" may take
_ROLE_BEFORE = lazy_compile(rf"\b(?P<role>(?i:{_ROLES}))\s+(?:is|was|has\s+been)\s+$")


def _a_post(m: re.Match[str] | None) -> bool:
    """Whether the copula's role (``_ROLE_AFTER``, ``_ROLE_BEFORE``) is one only a person holds."""
    return m is not None and (m.group("role")[0].isupper() or m.group("role").lower() not in _ORGANISATIONS_TOO)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    text = resources.files("retrieval").joinpath("given_names.txt").read_text(encoding="utf-8")
    names = {line for line in text.splitlines() if line and not line.startswith("#")}
    return frozenset(names - {m.lower() for m in (*MONTHS, *WEEKDAYS)} - STOPWORDS)  # "In", "May": not names


def person_names(text: str) -> list[str]:
    """The people's names written in ``text``, in order."""
    given = given_names()
    found: list[str] = []
    end = 0
    for start in (s.start() for s in _STARTS.finditer(text)):
        if start < end or not (m := _NAME.match(text, start)):
            continue
        first = m.group(1).rstrip(".").lower()
        if first not in given and m.group(0).rsplit(None, 1)[-1].lower() in _ROLE_WORDS:
            continue  # "Chief Financial Officer", "People Partner": a role, not a name ("Maria Bishop" is one)
        before = _TITLE_BEFORE.search(text[:start])
        titled = before is not None and before.group(1).lower() in ROLE_HEADS
        if first in given or titled or (len(first) == 1 and m.group(1).endswith(".")) \
                or (text.startswith(_COPULAS_AFTER, m.end()) and _a_post(_ROLE_AFTER.match(text, m.end()))) \
                or (text.endswith(_COPULAS_BEFORE, 0, start)
                    and _a_post(_ROLE_BEFORE.search(text, max(0, start - _ROLE_REACH), start))):
            found.append(m.group(0))
            end = m.end()
    return found
