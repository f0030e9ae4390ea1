"""The corpus-wide facts of each document: who and where its sentences name, its events and dated facts.

Each document's share is computed from its own extraction and a few corpus-wide things:
the acronym table (for event mentions), the series known to be numbered, the people and
the names that are not places. A ``DocumentMemo`` keeps that share with what it depends on
(as hashes), so that an incremental build (knowledge.extraction_cache) reuses it for every
document whose bytes and context are unchanged, in three steps:

1. its sentences' numbered mentions ("the third SPD"), under the acronym table;
2. its sentences' mentions of the numbered series, under the table and those series;
3. its facts (events, dated facts, places), under all of the above, the people and the
   names ruled out as places; not for a document that numbers sessions ("the next
   session of ..."), which depends on the documents before it.

The result is the same as computing every document's share again. A reused share's events
and dated facts are taken, as objects, from the knowledge base this process holds of the
folder when that was built under the same context (knowledge.document_memo.held_share):
reading them from the memos was a quarter of an edit's rebuild at 100,000 passages.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence

from knowledge import forked_work
from knowledge.document_extraction import DocumentExtraction
from knowledge.document_memo import FACTS, MENTION_LISTS, DocumentMemo, DocumentMemos, Facts, held_share, json_digest
from knowledge.document_parts import ExtractedDocument
from knowledge.event_assembly import corpus_series, document_events, main_series_of, numbered_counts
from knowledge.events import EventMention, SentenceFacts, SeriesFinder, canonical_mentions, known_series_mentions
from knowledge.lazy_pattern import CaseBlind
from knowledge.models import DatedFact, Document, Event, KnowledgeBase, Sentence
from knowledge.people import PeopleFinder
from knowledge.places import choose_places
from knowledge.spliced_rows import joined

# "..., preceding a visit by Foreign Minister Tileuberdi": he is named, but not as a participant.
MIN_FORKED_SENTENCES = 50_000  # fewer (5,000 passages or so): one process is as quick as two
HELPERS_PART = 0.6  # of the sentences: this process also reads the helper's shares and keeps them all

_OTHER_OCCASION = CaseBlind(r"\b(?:prec\w*ding|ahead\s+of|prior\s+to|before|after|following|ahead)\b[^,;]*$")


def _participants(text: str, people: list[str], names: dict[str, str]) -> list[str] | None:
    """The people of ``people`` who took part; ``names`` maps a person's id to their surname."""
    kept = []
    for pid in people:
        m = re.search(rf"\b{re.escape(names.get(pid, pid))}\b", text)
        if m and _OTHER_OCCASION.search(text[:m.start()]):
            continue
        kept.append(pid)
    return kept if len(kept) != len(people) else None


def fact_sentences(part: DocumentExtraction) -> list[Sentence]:
    """The sentences the events step reads: all but attribution lines."""
    return [s for s in part.sentences if part.kinds[s.id] != "attribution"]


def _numbered(part: DocumentExtraction, table: dict[str, str]) -> list[list[EventMention]]:
    """Each fact sentence's numbered mentions, from those its extraction found, made canonical."""
    return [canonical_mentions(found, table) if (found := part.numbered.get(s.id)) else []
            for s in fact_sentences(part)]


def sentence_facts(part: DocumentExtraction, finder: PeopleFinder, surnames: dict[str, str],
                   excluded: set[str]) -> list[SentenceFacts]:
    """What the events step reads of each of the document's sentences (attribution lines aside)."""
    facts: list[SentenceFacts] = []
    by_id = {s.id: s for s in part.sentences}  # an attribution line signs its own document's quotes
    for s in fact_sentences(part):
        signature = by_id[s.attribution].text if s.attribution in by_id else ""
        named = finder.find(f"{s.text} {signature}")
        candidates = part.places[s.id]
        facts.append(SentenceFacts(id=s.id, doc_id=s.doc_id, block=s.paragraph, text=s.text,
                                   dates=part.dates[s.id],
                                   places=choose_places(candidates, excluded) if candidates else [],
                                   people=named, context_dates=part.lent.get(s.id, []),
                                   participants=_participants(s.text, named, surnames) if named else None))
    return facts


def _dated(facts: list[SentenceFacts]) -> list[DatedFact]:
    dated = []
    for sf in facts:
        spans = [d.span for d in sf.dates] or sf.context_dates
        if spans:
            dated.append(DatedFact(id=f"d-{sf.id}", dates=spans, places=[p.name for p in sf.places],
                                   people=sf.people, sentence_id=sf.id))
    return dated


class _Corpus:
    """What every document's share depends on, found once."""

    def __init__(self, kb: KnowledgeBase, excluded: set[str], numbered: set[str], table: dict[str, str],
                 table_key: str) -> None:
        self.table, self.numbered, self.excluded = table, numbered, excluded
        self.table_key = table_key
        self.known_key = json_digest([table_key, sorted(numbered)])
        self.context = json_digest([self.known_key, [(p.id, p.name) for p in kb.people], sorted(excluded)])
        self.series = SeriesFinder(table, numbered)
        self.people = PeopleFinder(kb.people)
        self.surnames = {p.id: p.name.split()[-1] for p in kb.people}
        self.last_session: dict[tuple[str, int], int] = {}


def _share(part: DocumentExtraction, numbered: list[list[EventMention]], known: list[list[EventMention]] | None,
           counts: dict[str, int], corpus: _Corpus) -> tuple[DocumentMemo, Facts]:
    """The document's share, computed, as a memo and as objects; ``numbered`` and ``known``: its
    sentences' mentions, numbered and with the known series (None: to be found)."""
    facts = sentence_facts(part, corpus.people, corpus.surnames, corpus.excluded)
    if known is None:
        known = [known_series_mentions(sf.text, corpus.table, corpus.series, first)
                 for sf, first in zip(facts, numbered, strict=True)]
    found = document_events(facts, {sf.id: m for sf, m in zip(facts, known, strict=True)}, corpus.numbered,
                            main_series_of(counts), corpus.last_session)
    places = list(dict.fromkeys(p.name for sf in facts for p in sf.places))
    dated = _dated(facts)
    memo = DocumentMemo.model_construct(
        table=corpus.table_key, counts=counts, known=corpus.known_key, context=corpus.context,
        sessions=found.sessions, units=found.units, places=places, event_series=[e.series for e in found.events],
        dated_series=sorted({e.series for e in found.events if e.dates}), dated_count=len(dated),
        facts=FACTS.dump_json((found.events, dated)).decode(),
        mentions=MENTION_LISTS.dump_json((numbered, known)).decode())
    return memo, (found.events, dated)


def _computed(doc: Document, part: ExtractedDocument, old: DocumentMemo | None,
              first: list[list[EventMention]] | None, count: dict[str, int], corpus: _Corpus,
              memos: DocumentMemos | None) -> tuple[DocumentMemo, Facts]:
    """The document's share computed (with ``old``'s mentions where they hold), and kept in ``memos``."""
    known = None
    if first is None and old is not None and (stored := old.mention_lists()) is not None:
        first = stored[0]  # found under the same acronym table
        known = stored[1] if old.known == corpus.known_key else None
    if first is None:
        first = _numbered(part.extraction(), corpus.table)
    memo, facts = _share(part.extraction(), first, known, count, corpus)
    if memos is not None and doc.sha256:
        memos.put(doc, memo)
    return memo, facts


def _second_half(docs: list[Document], parts: Sequence[ExtractedDocument], olds: list[DocumentMemo | None],
                 firsts: list[list[list[EventMention]] | None], counts: list[dict[str, int]],
                 corpus: _Corpus) -> tuple[int, forked_work.Forked | None]:
    """A large folder built from nothing: the shares of its last ``HELPERS_PART`` of sentences started in a
    forked child, and where they start (knowledge.forked_work; else no child). A document's
    share depends on the documents before it only through the sessions they numbered, which
    ``_helpers_shares`` checks."""
    sizes = [len(part.sentences) if type(part) is DocumentExtraction else -1 for part in parts]
    total = sum(sizes)
    found = [first for first in firsts if first is not None]
    if total < MIN_FORKED_SENTENCES or min(sizes, default=-1) < 0 or any(old is not None for old in olds) \
            or len(found) != len(firsts):
        return -1, None
    split, seen = 0, 0
    while seen < total * (1 - HELPERS_PART):
        seen += sizes[split]
        split += 1

    def work() -> bytes:
        return pickle.dumps([_share(part.extraction(), first, None, count, corpus)[0] for part, first, count
                             in zip(parts[split:], found[split:], counts[split:], strict=True)])

    return split, forked_work.forked(work)


def _helpers_shares(helper: forked_work.Forked, corpus: _Corpus) -> list[DocumentMemo] | None:
    """The memos the child of ``_second_half`` made, if they hold: none of the documents before
    them numbered a session (the child started with none numbered)."""
    if corpus.last_session:
        helper.cancel()
        return None
    data = helper.result()
    return pickle.loads(data) if data is not None else None


def corpus_facts(kb: KnowledgeBase, parts: Sequence[ExtractedDocument], excluded: set[str],
                 memos: DocumentMemos | None = None) -> None:
    """Set ``kb``'s events, series, dated facts and places from its documents' extractions ``parts``
    (``kb.documents`` in order) and its acronyms and people, reusing ``memos`` where they hold
    (and their facts' objects from the knowledge base this process holds, when it has them)."""
    docs = kb.documents[:len(parts)]
    olds = [memos.get(doc) if memos is not None and doc.sha256 else None for doc in docs]
    table = {a.short: a.long for a in kb.acronyms}
    table_key = json_digest(sorted(table.items()))
    firsts: list[list[list[EventMention]] | None] = []  # None: the old memo's
    counts: list[dict[str, int]] = []
    for part, old in zip(parts, olds, strict=True):
        if old is not None and old.table == table_key:
            firsts.append(None)
            counts.append(old.counts)
        else:
            first = _numbered(part.extraction(), table)
            firsts.append(first)
            counts.append(numbered_counts(first))
    corpus = _Corpus(kb, excluded, {series for c in counts for series in c}, table, table_key)
    shares: list[tuple[DocumentMemo, Facts | None]] = []  # None: the memo's, not read yet
    split, helper = _second_half(docs, parts, olds, firsts, counts, corpus)
    try:
        for index, (doc, part, old, first, count) in enumerate(zip(docs, parts, olds, firsts, counts, strict=True)):
            if index == split and helper is not None:
                made = _helpers_shares(helper, corpus)
                helper = None
                if made is not None:
                    for later, memo in zip(docs[split:], made, strict=True):
                        if memos is not None and later.sha256:
                            memos.put(later, memo)
                        shares.append((memo, FACTS.validate_json(memo.facts)))
                    break
            if old is not None and old.context == corpus.context and not old.sessions:
                shares.append((old, None))
                continue
            shares.append(_computed(doc, part, old, first, count, corpus, memos))
    finally:
        if helper is not None:
            helper.cancel()
    dated_series = {s for memo, _ in shares for s in memo.dated_series}
    held = memos.held() if memos is not None else None
    held = held if held is not None and held.context == corpus.context else None
    events: list[Sequence[Event]] = []
    dated: list[Sequence[DatedFact]] = []
    for doc, part, (memo, facts) in zip(docs, parts, shares, strict=True):
        taken = held_share(held, doc.id, memo, dated_series) if facts is None else None
        if taken is None:
            facts = facts or memo.share() or _computed(doc, part, None, None, memo.counts, corpus, memos)[1]
            # "the first Golden Heron went to ...": no event
            taken = [e for e in facts[0] if e.series in dated_series], facts[1]
        events.append(taken[0])
        dated.append(taken[1])
    kb.events = joined(events)  # held rows of a store left unread (knowledge.spliced_rows)
    kb.dated = joined(dated)
    kb.series = corpus_series(dated_series, [memo.units for memo, _ in shares], kb.acronyms)
    kb.places = sorted({p for memo, _ in shares for p in memo.places})
    if memos is not None:
        memos.built(corpus.context, dated_series)
