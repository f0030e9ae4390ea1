"""Everything the engine derives from a knowledge base's text before it can answer.

The passages' and sentences' terms (``index.analyse_passages``), the reader's analysis of
each sentence (``sentence_analysis.analyse_sentences``), and the documents' words counted
for typo repair. It depends on the knowledge base and the code alone, so ``qabot build``
saves it beside the fact store (``analysis_store``) and a later process reads it instead of
analysing every sentence again; a knowledge base built in memory is analysed at start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.models import KnowledgeBase
from retrieval.analyzer import surface_tokens
from retrieval.document_analysis import DocumentShare, assemble, document_shares
from retrieval.fact_groups import FactGroups
from retrieval.facts import FactTables
from retrieval.index import PassageData, analyse_passages
from retrieval.reader_bm25 import BM25Arrays
from retrieval.sentence_analysis import ReaderData, analyse_sentences
from retrieval.sentence_texts import TextKeys


@dataclass(frozen=True)
class Analysis:
    passages: PassageData
    reader: ReaderData
    words: Counter[str]  # the documents' surface words, counted: the vocabulary that typos are repaired to
    bm25: BM25Arrays | None = None  # the reader's BM25+ arrays, when they were saved
    text_keys: TextKeys | None = None  # the sentences' texts' hashes, when they were saved (sentence_texts)
    groups: FactGroups | None = None  # the facts' groups, when they were saved (fact_groups)


def surface_words(kb: KnowledgeBase, tables: FactTables) -> Counter[str]:
    """The words of the sentences, titles and sections, and every name of a place the
    documents mention (its aliases too: "Astana" for "Nur-Sultan")."""
    words: Counter[str] = Counter()
    for text in [*(s.text for s in kb.sentences), *(d.title for d in kb.documents),
                 *(p.section for p in kb.passages)]:
        words.update(surface_tokens(text))
    return with_place_names(words, tables)


def with_place_names(words: Counter[str], tables: FactTables) -> Counter[str]:
    """``words`` (the documents' own) and the names of the places they mention, aliases too."""
    for key, names in tables.place_names.items():  # aliases of places the documents name
        if any(words[t] for n in names for t in surface_tokens(n)) and key in tables.places_seen:
            for name in names:
                words.update(surface_tokens(name))
    return words


def analyse(kb: KnowledgeBase, tables: FactTables, made: Mapping[str, DocumentShare] | None = None) -> Analysis:
    """The analysis of ``kb``, computed now (call it inside ``analyzer.remembered_terms``:
    the passages and the reader read the same sentences). ``made``: documents' shares of it
    already computed, by document id (``document_analysis``: the extraction workers make
    them); the rest are computed now, and the analysis is the same."""
    shares = document_shares(kb, made) if made is not None else None
    if shares is not None:
        passages, reader, words = assemble(kb, shares)
        return Analysis(passages=passages, reader=reader, words=with_place_names(words, tables))
    return Analysis(passages=analyse_passages(kb), reader=analyse_sentences(kb), words=surface_words(kb, tables))
