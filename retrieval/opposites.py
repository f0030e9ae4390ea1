"""Words of opposite meaning (``antonyms.yaml``), by term: "largest" and "smallest", "open" and
"close". The reader's decision weighs an opposite a sentence says instead of the question's word
("the smallest" for "the largest"); a yes-or-no question is answered by either ("Are you open on
Monday?": "Monday: closed")."""

from __future__ import annotations

from functools import lru_cache

from retrieval.analyzer import terms
from retrieval.bundled_yaml import bundled_yaml


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in bundled_yaml("antonyms.yaml"):  # words that are stopwords (more, before) give no terms
        for one, other in ((a, b), (b, a)):
            for t in terms(one):
                table.setdefault(t, set()).update(terms(other))
    return {t: frozenset(o) for t, o in table.items()}


def opposites(term: str) -> frozenset[str]:
    """The terms of words meaning the opposite of ``term`` (antonyms.yaml)."""
    return _antonyms().get(term, frozenset())
