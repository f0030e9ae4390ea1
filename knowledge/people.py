"""People and their roles: "Foreign Minister Idrissov", "Secretary of State John Kerry",
"Assistant Secretary of State for South and Central Asian Affairs Nisha Biswal",
"Kazakhstan's Ambassador to the United States, Kairat Umarov".

A mention is a role phrase (a role noun such as Minister or Ambassador, its modifiers,
and an object phrase "of State", "to the United States" that ends at an organization
word) followed by a name of one to three capitalized words, or by ", Name," in
apposition. One person is one entity across mentions: "Kerry", "John Kerry" and
"Secretary Kerry" share a surname and no conflicting first name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import (
    DETERMINERS,
    EVENT_NOUNS,
    MONTH_NAMES,
    ORG_END,
    ROLE_HEADS,
    ROLE_NOUNS,
)
from knowledge.models import Person, Role, Sentence

_TOKEN = lazy_compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|[,;:()]|\S")
_POSSESSIVE = lazy_compile(r"['’]s$")


@dataclass
class RoleMention:
    name: str
    role: str
    start: int


# A head token is capitalized and, in lower case, one of ROLE_HEADS: its first letter as the
# head's in upper case, the rest of its letters in either case. A text with no such
# substring has no head token, and so no role mention (a necessary hint, searched once).
_HEAD_HINT = lazy_compile("|".join(f"{re.escape(h[0].upper())}(?i:{re.escape(h[1:])})"
                                   for h in sorted(ROLE_HEADS, key=lambda h: (-len(h), h))))


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _is_head(word: str) -> bool:
    return _cap(word) and word.lower() in ROLE_HEADS


def _is_modifier(word: str) -> bool:
    """Nationality or possessive before a role: "Kazakhstani", "Kazakhstan's", "U.S."."""
    if not _cap(word) or word.lower() in DETERMINERS or word.lower() in ROLE_HEADS:
        return False
    return bool(_POSSESSIVE.search(word)) or word.endswith(("i", "an", "ese", "ish")) or word in {
        "U.S.", "US", "UN", "EU"}


def _name_tokens(tokens: list[tuple[str, int]], k: int) -> list[str]:
    name: list[str] = []
    while k < len(tokens) and len(name) < 3:
        word = tokens[k][0]
        bare = _POSSESSIVE.sub("", word)
        if not _cap(word) or (not bare.isalpha() and "-" not in bare):
            break
        if bare.lower() in ROLE_HEADS | MONTH_NAMES | DETERMINERS | ORG_END | EVENT_NOUNS:
            break
        name.append(bare)
        if bare != word:
            break
        k += 1
        if len(bare) == 1 and k < len(tokens) and tokens[k][0] == ".":
            name[-1] += "."
            k += 1  # an initial: "John F. Kennedy"
    # A name followed by another capitalized word is part of a longer name ("Nazarbayev University").
    if name and k < len(tokens) and len(name) == 3 and _cap(tokens[k][0]):
        return []
    return name


def _object_end(tokens: list[tuple[str, int]], j: int) -> int:
    """Index of the last token of role objects after ``j`` ("of State for ... Affairs")."""
    while j + 2 < len(tokens) and tokens[j + 1][0] in {"of", "for", "to"}:
        k = j + 2
        if tokens[k][0] == "the":
            k += 1
        last_org = None
        m = k
        while m < len(tokens) and (_cap(tokens[m][0]) or tokens[m][0] in {"and", "of", "the"}):
            if tokens[m][0].lower() in ORG_END:
                last_org = m
            m += 1
        if last_org is not None:
            j = last_org
        elif k < len(tokens) and _cap(tokens[k][0]) and not _is_head(tokens[k][0]):
            # No organization word: the last two capitalized words are the name
            # ("President of Kazakhstan Nursultan Nazarbayev"), the rest the object.
            run = m - k
            j = k + max(0, run - 3) if run >= 3 else k
        else:
            break
    return j


def find_role_mentions(text: str) -> list[RoleMention]:
    if not _HEAD_HINT.search(text):
        return []
    tokens = _tokens(text)
    mentions: list[RoleMention] = []
    i = 0
    pending_role: str | None = None
    while i < len(tokens):
        word = tokens[i][0]
        if not _is_head(word):
            i += 1
            continue
        before = tokens[i - 1][0] if i > 0 else ""
        if _cap(before) and not _is_modifier(before) and not _is_head(before) \
                and before not in {"The", "A", "An"} and before.lower() not in ORG_END:
            i += 1  # inside a longer proper name: "United Nations General Assembly"
            continue
        start = i
        while start > 0 and i - start < 2 and (_is_modifier(tokens[start - 1][0]) or (
                _cap(tokens[start - 1][0]) and tokens[start - 1][0].lower() in ORG_END)):
            start -= 1  # "Kazakhstani Foreign Minister", "Commission Chair"
        j = i
        while j + 1 < len(tokens) and _is_head(tokens[j + 1][0]):
            j += 1
        if not any(tokens[x][0].lower() in ROLE_NOUNS for x in range(i, j + 1)):
            i = j + 1
            continue
        j = _object_end(tokens, j)
        if j + 1 < len(tokens) and tokens[j + 1][0] == "." and len(tokens[j][0]) <= 4:
            j += 1  # "Mr." or "Dr."
        role = " ".join(t for t, _ in tokens[start:j + 1])
        role = re.sub(r"\s+([,.])", r"\1", role)
        name = _name_tokens(tokens, j + 1)
        if not name and j + 2 < len(tokens) and tokens[j + 1][0] == ",":
            if _is_head(tokens[j + 2][0]):
                pending_role = role  # apposition with another role: "..., Ambassador Alice Wells"
                i = j + 2
                continue
            appos = _name_tokens(tokens, j + 2)
            after = j + 2 + len(appos)
            # "The Chair, Anna Berg, ...", "The Chair, Berg." ; not "The First Minister, Scottish cabinet
            # ministers ...": one capitalised word going on in lower case is an adjective, no name.
            ends = after >= len(tokens) or not tokens[after][0][:1].isalnum()
            if appos and (after >= len(tokens) or not _cap(tokens[after][0])) and (len(appos) > 1 or ends):
                name = appos
        if name:
            mentions.append(RoleMention(" ".join(name), role, tokens[start][1]))
            if pending_role:
                mentions.append(RoleMention(" ".join(name), pending_role, tokens[start][1]))
        pending_role = None
        i = j + 1 + len(name)
    return mentions


LOWER_ROLES = (
    "filmmaker|director|documentarian|producer|journalist|writer|author|artist|photographer|actor|"
    "actress|architect|engineer|scientist|founder|co-founder|curator|editor|manager|coach|composer|"
    "singer|musician|poet|historian|economist|lawyer|chair|chairman|chairwoman|chairperson|president|"
    "minister|ambassador|secretary|spokesperson|spokesman|spokeswoman|ceo|governor|mayor|senator|"
    "professor|researcher|analyst|activist|entrepreneur|designer|conductor|reporter|correspondent|"
    "presenter|organizer|organiser|coordinator|diplomat|envoy|commissioner|judge|head|leader|"
    "teacher|student|player|champion|grandmaster|winner|scholar|doctor|nurse|farmer|captain|"
    "striker|goalkeeper|runner|cyclist|swimmer|athlete|chef|pilot|astronaut|priest|pastor|bishop|"
    "physicist|chemist|biologist|mathematician|philosopher|novelist|playwright|painter|sculptor")
# "filmmaker Marta Olsen", "the British documentarian Peter Caldwell", "the new director, Lena
# Fischer": a role written in lower case before a full name (two or three capitalized words).
_LOWER_ROLE = lazy_compile(
    rf"\b(?P<role>(?:[A-Z][a-z]+\s+)?(?:{LOWER_ROLES}))\s*,?\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2})(?![\w-]|\s+[A-Z])")


# "Sofie Brandt, curator of geology", "Devraj Menon, release manager": a role after the name.
_ROLE_AFTER = lazy_compile(
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2}),\s+(?:the\s+|our\s+|its\s+)?"
    rf"(?P<role>(?:[a-z-]+\s+)?(?:{LOWER_ROLES})(?:\s+(?:of|for|at)\s+(?:the\s+)?[A-Za-z]+"
    r"(?:\s+[A-Z][a-z]+)*)?)(?=[,.;)]|\s+(?:and|who|since|from)\b|$)")


# "won by ..., coached by Viktor Shalimov", "chaired by Peter Caldwell": the role a verb gives.
_BY_VERB = {"coached": "coach", "led": "leader", "chaired": "chair", "directed": "director",
            "founded": "founder", "curated": "curator", "managed": "manager", "edited": "editor",
            "written": "author", "composed": "composer", "produced": "producer",
            "organized": "organizer", "organised": "organiser", "hosted": "host",
            "presented": "presenter", "captained": "captain", "headed": "head"}
_ROLE_BY = lazy_compile(
    rf"\b(?P<verb>{'|'.join(_BY_VERB)})\s+by\s+(?:(?:the\s+)?(?:[A-Z][a-z]+\s+)?[a-z]+\s+)?"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2})(?![\w-])")


# _LOWER_ROLE and _ROLE_AFTER match a role word between a word boundary and a space, comma
# or stop: a maximal run of lower-case letters (its last part, for "co-founder"). _ROLE_BY
# needs " by ". A text with neither hint has no match (both are necessary, searched once).
_LOWER_RUN = lazy_compile(r"[a-z]+")
_LOWER_WORDS = frozenset(role.split("-")[-1] for role in LOWER_ROLES.split("|"))
_BY_HINT = lazy_compile(r"\sby\s")


def find_lower_role_mentions(text: str) -> list[RoleMention]:
    found: list[RoleMention] = []
    if _LOWER_WORDS.isdisjoint(_LOWER_RUN.findall(text)) and not _BY_HINT.search(text):
        return found
    for m in _ROLE_BY.finditer(text):
        words = m.group("name").split()
        if not any(w.lower() in ROLE_HEADS | MONTH_NAMES | ORG_END | EVENT_NOUNS for w in words):
            found.append(RoleMention(_POSSESSIVE.sub("", m.group("name")), _BY_VERB[m.group("verb")], m.start()))
    for m in _ROLE_AFTER.finditer(text):
        words = m.group("name").split()
        if words[0] in {"The", "A", "An", "In", "On", "At", "By", "For"} or any(
                w.lower().strip(".") in ROLE_HEADS | MONTH_NAMES | ORG_END | EVENT_NOUNS for w in words):
            continue
        found.append(RoleMention(m.group("name"), m.group("role"), m.start()))
    for m in _LOWER_ROLE.finditer(text):
        words = m.group("name").split()
        if any(w.lower().strip(".") in ROLE_HEADS | MONTH_NAMES | ORG_END | EVENT_NOUNS | DETERMINERS
               for w in words):
            continue
        role = m.group("role")
        if role.split()[0] in {"The", "A", "An", "Its", "Their", "His", "Her"}:
            role = role.split(maxsplit=1)[1] if len(role.split()) > 1 else role
        found.append(RoleMention(_POSSESSIVE.sub("", m.group("name")), role, m.start()))
    return found


def _same_person(person: Person, name: str) -> bool:
    words = name.split()
    known = person.name.split()
    if words[-1].lower() != known[-1].lower():
        return False
    if len(words) > 1 and len(known) > 1:
        return words[0].lower() == known[0].lower()
    return True


def _person_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _surname_key(name: str) -> str:
    """What ``_same_person`` compares first: the last word, in lower case."""
    return name.split()[-1].lower()


# A staff list's line, a role and then a name: "Head Coach: Daniel Ferreira", "Treasurer – Anna
# Kowalski". The role ends in a role word (``LOWER_ROLES`` or these), and the name is all the line holds.
STAFF_ROLES = ("treasurer|receptionist|accountant|instructor|trainer|therapist|dentist|hygienist|pharmacist|"
                "technician|assistant|officer|supervisor|administrator|clerk|librarian|caretaker|"
                "groundskeeper|owner|barista|lead|partner|counsel|auditor|registrar|warden|dean|principal")
_LABELLED = lazy_compile(
    rf"^\W*(?P<role>(?:[A-Z][\w'’&-]*\s+){{0,3}}(?i:{LOWER_ROLES}|{STAFF_ROLES}))\s*(?::|\s[–—-])\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2})\s*\.?$")


# "Treasurer: Position Vacant", "Secretary: To Be Confirmed": a post without a person.
_PLACEHOLDER_WORDS = frozenset({"vacant", "position", "confirmed", "available", "announced", "determined",
                                "pending", "open", "none", "tbc", "tba", "tbd", "to", "be", "not", "soon"})


def sentence_role_mentions(text: str) -> list[RoleMention]:
    """Every person named with a role in one sentence: capitalized roles first, then lower-case
    ones; or the one of a staff list's line ("Head Coach: Daniel Ferreira")."""
    labelled = _LABELLED.match(text) if len(text) < 120 and (":" in text or " –" in text or " —" in text
                                                              or " -" in text) else None
    if labelled is not None and not _PLACEHOLDER_WORDS & {w.lower() for w in labelled.group("name").split()}:
        return [RoleMention(labelled.group("name"), labelled.group("role"), labelled.start("name"))]
    mentions = find_role_mentions(text)
    taken = {m.name for m in mentions}
    return mentions + [m for m in find_lower_role_mentions(text) if m.name not in taken]


def merge_people(mentions: list[tuple[str, list[RoleMention]]]) -> list[Person]:
    """One Person per entity, from each sentence's (id, role mentions), sentences in order."""
    people: list[Person] = []
    by_surname: dict[str, list[Person]] = {}  # people in order of appearance, by _surname_key
    # A name's person, found once: valid while its bucket has the same people and names (a
    # corpus names the same few people again and again). Keyed by name: (bucket, its version).
    versions: dict[str, int] = {}
    resolved: dict[str, tuple[str, int, Person]] = {}
    titles: dict[int, set[str]] = {}  # the titles of each person's roles, by id(person): tested once a mention
    words: dict[str, int] = {}  # a name's count of words, counted once
    for sid, found in mentions:
        for mention in found:
            name = mention.name
            known = resolved.get(name)
            if known is not None and versions[known[0]] == known[1]:
                key, person = known[0], known[2]
            else:
                key = _surname_key(name)
                bucket = by_surname.setdefault(key, [])
                versions.setdefault(key, 0)
                person = next((p for p in bucket if _same_person(p, name)), None)
                if person is None:
                    person = Person(id=_person_id(name), name=name)
                    people.append(person)
                    bucket.append(person)
                    titles[id(person)] = set()
                    versions[key] += 1
                resolved[name] = (key, versions[key], person)
            if _words(words, name) > _words(words, person.name):
                person.aliases.append(person.name)
                person.name = name
                versions[key] += 1
            if name != person.name and name not in person.aliases:
                person.aliases.append(name)
            held = titles[id(person)]
            if mention.role not in held:
                held.add(mention.role)
                person.roles.append(Role(title=mention.role, sentence_id=sid))
            ids = person.sentence_ids
            if not ids or ids[-1] != sid:  # sentences come in order
                ids.append(sid)
    for person in people:
        person.id = _person_id(person.name)
    return people


def _words(counts: dict[str, int], name: str) -> int:
    """``len(name.split())``, kept in ``counts``."""
    count = counts.get(name)
    if count is None:
        count = counts[name] = len(name.split())
    return count


def extract_people(sentences: list[Sentence]) -> list[Person]:
    return merge_people([(s.id, sentence_role_mentions(s.text)) for s in sentences])


_WORD_RUN = lazy_compile(r"\w+")


class PeopleFinder:
    """Finds which of a list of people a text names, by surname, in one pass over its words.

    A surname matches as ``\\bSurname(?:'s)?\\b(?!\\s+[A-Z])``. A match that starts with a word
    character starts a maximal run of word characters equal to the surname's own first run,
    so only the people whose surname begins with one of the text's words are tried.
    """

    def __init__(self, people: list[Person]) -> None:
        self._ids = [p.id for p in people]
        self._by_run: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        self._other: list[tuple[int, re.Pattern[str]]] = []  # surnames not starting with a word character
        compiled: dict[str, re.Pattern[str]] = {}
        for index, person in enumerate(people):
            surname = person.name.split()[-1]
            pattern = compiled.get(surname)
            if pattern is None:
                pattern = compiled[surname] = re.compile(rf"\b{re.escape(surname)}(?:['’]s)?\b(?!\s+[A-Z])")
            run = _WORD_RUN.match(surname)
            if run:
                self._by_run.setdefault(run.group(0), []).append((index, pattern))
            else:
                self._other.append((index, pattern))

    def find(self, text: str) -> list[str]:
        """Ids of the people named in ``text``, in the order of the list given."""
        if not self._ids:
            return []
        hits: set[int] = {i for i, pattern in self._other if pattern.search(text)}
        for run in self._by_run.keys() & _WORD_RUN.findall(text):
            hits.update(i for i, pattern in self._by_run[run] if pattern.search(text))
        return [self._ids[i] for i in sorted(hits)]


def people_in(text: str, people: list[Person]) -> list[str]:
    """Ids of the known people named in ``text`` (by surname, not inside a longer name)."""
    return PeopleFinder(people).find(text)
