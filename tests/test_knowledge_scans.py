"""The one-pass name finders give what one regex per name gave (knowledge.people, knowledge.events).

Each finder is checked against the plain per-name scan it replaced, on every sentence of the
bundled documents and of the test knowledge bases, with tricky names added.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.build import build_from_documents
from knowledge.curated import load_aliases
from knowledge.events import SeriesFinder
from knowledge.ingest import read_documents
from knowledge.loader import BUNDLED
from knowledge.models import KnowledgeBase, Person
from knowledge.people import PeopleFinder

DATA = Path(__file__).parent / "data"
FOLDERS = [BUNDLED, DATA / "kb_other", *sorted(p for p in (DATA / "kbs").iterdir() if p.is_dir())]
ODD_NAMES = ["Lee", "Lee-Smith", "O'Brien", "Kerry", "Smith Jr.", "Ann (Annie)", "Zoë Ångström"]


def naive_people_in(text: str, people: list[Person]) -> list[str]:
    found = []
    for person in people:
        surname = person.name.split()[-1]
        if re.search(rf"\b{re.escape(surname)}(?:['’]s)?\b(?!\s+[A-Z])", text):
            found.append(person.id)
    return found


def naive_series_names(text: str, acronyms: dict[str, str], known: set[str]) -> list[str]:
    """The names the per-series loop matched, in its order (longest first)."""
    names = [n for n in known | set(acronyms) if acronyms.get(n, n) in known]
    return sorted((n for n in names if re.search(rf"\b{re.escape(n)}\b", text)), key=lambda n: (-len(n), n))


@pytest.fixture(scope="module", params=FOLDERS, ids=lambda p: p.name)
def kb(request: pytest.FixtureRequest) -> KnowledgeBase:
    folder: Path = request.param
    return build_from_documents(read_documents(folder), load_aliases(folder))


def test_people_finder_matches_one_regex_per_person(kb: KnowledgeBase) -> None:
    people = kb.people + [Person(id=f"odd-{i}", name=name) for i, name in enumerate(ODD_NAMES)]
    finder = PeopleFinder(people)
    texts = [s.text for s in kb.sentences]
    texts += ["Lee-Smith met Lee.", "O'Brien's plan", "Kerry's Team", "Jr. and Smith Jr. spoke",
              "(Annie) came", "Ångström wrote", "Kerry Kerry", "Leeds is not Lee"]
    for text in texts:
        assert finder.find(text) == naive_people_in(text, people), text


def test_series_finder_matches_one_regex_per_series(kb: KnowledgeBase) -> None:
    table = {a.short: a.long for a in kb.acronyms} | {"(X)": "Dialogue", "U.S.": "U.S."}
    known = {e.series for e in kb.events} | {"Dialogue", "U.S.", "U.S.- Kazakhstan Strategic Partnership Dialogue"}
    finder = SeriesFinder(table, known)
    texts = [s.text for s in kb.sentences] + ["The (X) met the U.S. Dialogue", "Dialogues met in U.S.A."]
    for text in texts:
        tried = [name for name, pattern in finder.names_in(text) if pattern.search(text)]
        assert tried == naive_series_names(text, table, known), text
