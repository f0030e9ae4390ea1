"""The engine's analysis (``retrieval.analysis``) made from each document's share of it.

Nearly all of the analysis is per sentence (its terms, the values it writes, its surface
words), and a sentence needs nothing outside its own document; only positions, paragraph
and heading numbers, the idf and the counts are corpus-wide. So a large build computes each
document's share (``analyse_document``) in the extraction workers, beside the extraction
(``knowledge.extraction_pool``), and ``assemble`` joins the shares in the knowledge base's
order: the same ``Analysis`` as ``analysis.analyse``, in the same order (its dicts too, which
the saved analysis writes as they are), without the main process reading every sentence.
A document with no share (read from the cache, curated facts) gets one made here.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.models import KnowledgeBase, Passage, Sentence
from retrieval.analyzer import remembered_terms, surface_tokens, terms
from retrieval.index import PassageData
from retrieval.reader_bm25 import idf_of
from retrieval.sentence_analysis import ReaderData, Record, add_initials, written_values

log = logging.getLogger(__name__)

# What a sentence yields on its own, in order (a tuple: cheap to send between processes):
# its terms, its signed terms (with its attribution's; None: its own terms), years, whether it
# names a month, numbers, capitalised words, people's names.
SentenceShare = tuple[list[str], list[str] | None, list[str], bool, list[str], list[str], list[str]]


@dataclass(frozen=True)
class DocumentShare:
    """One document's share of the analysis: per sentence and passage, in its order."""

    ids: bytes  # a digest of its sentences' and passages' ids (``_ids``): what it is the share of
    sentences: list[SentenceShare]
    passage_terms: list[list[str]]  # each passage's: its section's, then its sentences' signed terms
    document_frequency: Counter[str]  # of its sentences' signed terms, each once a sentence
    numbers: set[str]
    initials: dict[str, frozenset[str]]  # as in ReaderData, first seen first
    words: Counter[str]  # its sentences' surface words
    section_words: Counter[str]  # its passages' sections' surface words


def _sentence_share(s: Sentence, signed: str | None) -> SentenceShare:
    return (terms(s.text), terms(signed) if signed is not None else None, *written_values(s.text))


def analyse_document(sentences: Sequence[Sentence], passages: Sequence[Passage]) -> DocumentShare:
    """One document's share (``sentences`` and ``passages`` are all of its, in order). A
    ValueError when a passage holds a sentence of another document (which no extraction makes)."""
    by_id = {s.id: s for s in sentences}
    shares: list[SentenceShare] = []
    df: Counter[str] = Counter()
    numbers: set[str] = set()
    initials: dict[str, frozenset[str]] = {}
    words: Counter[str] = Counter()
    signed_terms: dict[str, list[str]] = {}
    with remembered_terms():
        for s in sentences:
            attribution = by_id.get(s.attribution) if s.attribution else None
            share = _sentence_share(s, f"{s.text} {attribution.text}" if attribution is not None else None)
            shares.append(share)
            signed = share[1] if share[1] is not None else share[0]
            signed_terms[s.id] = signed
            df.update(set(signed))
            numbers.update(share[4])
            words.update(map(sys.intern, surface_tokens(s.text)))  # one string a word: smaller to send
            add_initials(initials, s.text)
        if any(sid not in signed_terms for p in passages for sid in p.sentence_ids):
            raise ValueError("a passage holds another document's sentence")
        passage_terms = [terms(p.section) + [t for sid in p.sentence_ids for t in signed_terms[sid]]
                         for p in passages]
    section_words: Counter[str] = Counter()
    for p in passages:
        section_words.update(surface_tokens(p.section))
    return DocumentShare(_ids(sentences, passages), shares, passage_terms, df, numbers, initials, words,
                         section_words)


def _ids(sentences: Sequence[Sentence], passages: Sequence[Passage]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for item in [*sentences, None, *passages]:
        digest.update(b"\0" if item is None else item.id.encode() + b"\n")
    return digest.digest()


def _runs(items: Iterable[Sentence | Passage]) -> list[tuple[str, list[Sentence | Passage]]]:
    """``items`` cut where their document changes: (document id, its items)."""
    runs: list[tuple[str, list[Sentence | Passage]]] = []
    for item in items:
        if not runs or runs[-1][0] != item.doc_id:
            runs.append((item.doc_id, []))
        runs[-1][1].append(item)
    return runs


def document_shares(kb: KnowledgeBase, made: Mapping[str, DocumentShare]) -> list[DocumentShare] | None:
    """Each document's share, in the knowledge base's order: from ``made`` when it is of the
    same sentences and passages, else made now; None when some document's sentences or
    passages are not in one run (``assemble`` then cannot be used)."""
    sentence_runs, passage_list = _runs(kb.sentences), _runs(kb.passages)
    passage_runs = dict(passage_list)
    order = [doc for doc, _ in sentence_runs]
    in_order = [doc for doc in order if doc in passage_runs] == list(passage_runs)  # as their terms are joined
    if len(order) != len(set(order)) or len({s.id for s in kb.sentences}) != len(kb.sentences) or \
            len(passage_runs) != len(passage_list) or not in_order:
        log.info("%s: a document's sentences or passages apart; analysed as a whole", kb.source)
        return None
    shares, reused = [], 0
    for doc, sentences in sentence_runs:
        passages = passage_runs.get(doc, [])
        share = made.get(doc)
        if share is None or share.ids != _ids(sentences, passages):  # type: ignore[arg-type]
            try:
                share = analyse_document(sentences, passages)  # type: ignore[arg-type]
            except ValueError as err:
                log.info("%s: %s; the knowledge base is analysed as a whole", doc, err)
                return None
        else:
            reused += 1
        shares.append(share)
    log.debug("%d of %d documents' analysis made beside their extraction", reused, len(shares))
    return shares


def assemble(kb: KnowledgeBase, shares: Sequence[DocumentShare]) -> tuple[PassageData, ReaderData, Counter[str]]:
    """The passages' and reader's data and the surface words (without the places' aliases),
    as ``analysis.analyse`` makes them, from each document's share (``document_shares``)."""
    records: list[Record] = []
    paragraph_bags: list[dict[str, None]] = []
    keys: dict[tuple[str, int], int] = {}
    headings: dict[tuple[str, str], int] = {}
    sentence_terms: dict[str, list[str]] = {}
    passage_terms: list[list[str]] = []
    df: Counter[str] = Counter()
    numbers: set[str] = set()
    initials: dict[str, frozenset[str]] = {}
    words: Counter[str] = Counter()
    section_words: Counter[str] = Counter()
    sentences = kb.sentences
    position = 0
    for share in shares:
        end = position + len(share.sentences)
        for bag, signed, years, month, written, capitals, people in share.sentences:
            s = sentences[position]
            key = (s.doc_id, s.paragraph)
            if key not in keys:
                keys[key] = len(paragraph_bags)
                paragraph_bags.append({})
            paragraph_bags[keys[key]].update(dict.fromkeys(bag))
            before = position > 0 and (sentences[position - 1].paragraph == s.paragraph and
                                       sentences[position - 1].doc_id == s.doc_id)
            after = position + 1 < end and sentences[position + 1].paragraph == s.paragraph
            heading = headings.setdefault((s.doc_id, s.section), len(headings))
            records.append((bag, keys[key], position - 1 if before else -1, position + 1 if after else -1,
                            years, month, written, capitals, people, heading))
            sentence_terms[s.id] = list(signed if signed is not None else bag)
            position += 1
        passage_terms.extend(share.passage_terms)
        df.update(share.document_frequency)
        numbers |= share.numbers
        for spelled, found in share.initials.items():
            initials[spelled] = initials.get(spelled, frozenset()) | found
        words.update(share.words)
        section_words.update(share.section_words)
    titles = {d.id: d.title for d in kb.documents}
    for d in kb.documents:
        words.update(surface_tokens(d.title))
    words.update(section_words)
    with remembered_terms():
        reader = ReaderData(records=records, paragraphs=[list(b) for b in paragraph_bags],
                            headings=[terms(f"{titles.get(doc_id, '')} {section}") for doc_id, section in headings],
                            numbers=frozenset(numbers), initials=initials)
        passages = PassageData(passage_terms=passage_terms, sentence_terms=sentence_terms,
                               idf=idf_of(df, len(sentence_terms)),
                               title_terms={d.id: terms(d.title) for d in kb.documents})
    return passages, reader, words
