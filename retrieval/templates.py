"""Answer templates and synonyms, kept in YAML (templates.yaml, synonyms.yaml) so wording
changes need no code change."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from knowledge.lexicon import UNITS
from retrieval.analyzer import terms
from retrieval.bundled_yaml import bundled_yaml


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    return bundled_yaml("templates.yaml")


@lru_cache(maxsize=1)
def _synonym_groups() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for group in [*(bundled_yaml("synonyms.yaml") or []), *UNITS]:
        # A phrase whose particle is a stopword ("set up", "known until") is no single word:
        # "set" alone does not mean founded (``synonym_phrases`` keeps it as a phrase).
        bag = frozenset(t for word in group if len(written := terms(str(word))) >= len(str(word).split())
                        for t in written)
        for t in bag:
            table[t] = table.get(t, frozenset()) | bag
    return table


@lru_cache(maxsize=1)
def _synonym_phrases() -> dict[str, frozenset[tuple[str, ...]]]:
    """Each term → the words of its group, each as the terms it is written with, in order."""
    table: dict[str, frozenset[tuple[str, ...]]] = {}
    for group in [*(bundled_yaml("synonyms.yaml") or []), *UNITS]:
        phrases = frozenset(tuple(terms(str(word))) for word in group)
        for t in {t for phrase in phrases for t in phrase}:
            table[t] = table.get(t, frozenset()) | phrases
    return table


def synonym_phrases(word_terms: set[str]) -> frozenset[tuple[str, ...]]:
    """The words that mean the same as any of ``word_terms``, each as its terms in order
    ("CEO": ("ceo",), ("chief", "execut", "offic"), ("chief", "execut"))."""
    table = _synonym_phrases()
    return frozenset().union(*(table.get(t, frozenset()) for t in word_terms))


def synonyms_of(word_terms: set[str]) -> set[str]:
    """The terms of words that mean the same as any of ``word_terms`` (synonyms.yaml)."""
    table = _synonym_groups()
    return set().union(*(table.get(t, frozenset()) for t in word_terms))


def render(key: str, **values: object) -> str:
    """Fill the template at ``key`` ("event.when" reads nested keys)."""
    node: Any = _templates()
    for part in key.split("."):
        node = node[part]
    text = str(node).format(**values)
    return re.sub(r"\.\.(?=\s|$)", ".", text)  # "Washington, D.C." at a sentence end


def joined(items: list[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word[:2] in {"8t", "11", "18"} else "a"
