"""Words a question's word may be written as in a document, from WordNet (``related_words.tsv``).

Two relations, looked up by the analyzer's stems: **forms** (irregular inflections and
derivations: "written" → "write", "grow" → "growth") and **synonyms** (lemmas of a word's two
most frequent senses: "kind" → "sort"). They are evidence for the reader's learned ranker,
never a match by themselves: WordNet's senses are many, and a document's are few.
``benchmarks/make_related_words.py`` derives the table; WordNet is © Princeton University
(``WORDNET_LICENSE``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """stem → its line's "forms\tsynonyms", split only when a question asks (cold start)."""
    text = resources.files("retrieval").joinpath("related_words.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=4096)
def _related(term: str) -> tuple[frozenset[str], frozenset[str]]:
    forms, _, synonyms = _table().get(term, "\t").partition("\t")
    return frozenset(forms.split()), frozenset(synonyms.split())


def forms_of(term: str) -> frozenset[str]:
    """Stems of the inflections and derivations of ``term`` ("decid" → "decis")."""
    return _related(term)[0]


def wordnet_synonyms(term: str) -> frozenset[str]:
    """Stems of WordNet synonyms of ``term`` that are not among its forms."""
    return _related(term)[1]
