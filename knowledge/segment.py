"""A document into sentences and passages, and the dates its attribution lines lend."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from knowledge.dates import find_dates
from knowledge.models import DateSpan, Document, Passage, Sentence
from knowledge.pages import page_at
from knowledge.sentences import split_blocks, split_sentences

PASSAGE_SENTENCES = 3


def segment(doc: Document) -> tuple[list[Sentence], list[Passage], dict[str, str]]:
    """Sentences and passages of a document, and the kind of block each sentence is in."""
    sentences: list[Sentence] = []
    passages: list[Passage] = []
    kinds: dict[str, str] = {}
    section = ""
    for number, block in enumerate(split_blocks(doc.text)):
        if block.kind == "heading":
            section = block.text
            continue
        ids: list[str] = []
        for span in split_sentences(block.text):
            sid = f"{doc.id}#s{len(sentences) + 1}"
            text = block.text[span.start:span.end]
            sentences.append(Sentence(id=sid, doc_id=doc.id, paragraph=number, text=text,
                                      start=block.start + span.start, end=block.start + span.end,
                                      section=section))
            kinds[sid] = block.kind
            ids.append(sid)
        by_id = {s.id: s for s in sentences[-len(ids):]} if ids else {}
        for i in range(0, len(ids), PASSAGE_SENTENCES):
            chunk = ids[i:i + PASSAGE_SENTENCES]
            passages.append(Passage(id=f"{doc.id}#p{len(passages) + 1}", doc_id=doc.id,
                                    sentence_ids=chunk, section=section,
                                    text=" ".join(by_id[c].text for c in chunk),
                                    page=page_at(doc, by_id[chunk[0]].start)))
    return sentences, passages, kinds


def attribution_dates(sentences: list[Sentence], kinds: dict[str, str]) -> dict[str, list[DateSpan]]:
    """Dates that an attribution line lends to the quotation just before it."""
    lent: dict[str, list[DateSpan]] = {}
    blocks: dict[tuple[str, int], list[int]] = {}  # (document, paragraph) -> positions, in order
    for i, s in enumerate(sentences):
        blocks.setdefault((s.doc_id, s.paragraph), []).append(i)
    for i, s in enumerate(sentences):
        if kinds.get(s.id) != "attribution":
            continue
        found = find_dates(s.text)
        if not found or i == 0:
            continue
        posted = found[-1].span
        positions = blocks.get((s.doc_id, sentences[i - 1].paragraph), [])
        for prev in (sentences[j] for j in positions[:bisect.bisect_left(positions, i)]):
            span = posted
            if posted.precision == "day" and re.search(r"\byesterday\b", prev.text, re.I):
                day = posted.start - dt.timedelta(days=1)
                span = DateSpan(start=day, end=day, precision="day")
            lent[prev.id] = [span]
            prev.attribution = s.id
    return lent


def heading_dates(sentences: list[Sentence], lent: dict[str, list[DateSpan]]) -> dict[str, list[DateSpan]]:
    """``lent`` with the one day a section's heading names lent to each of its sentences that has
    none of its own or from an attribution line: under "## 2.3.0 — 2024-05-14", "Added TLS support."
    happened on May 14, 2024, as a changelog, minutes or a dated news page writes it."""
    by_heading: dict[str, list[DateSpan]] = {}
    out = dict(lent)
    for s in sentences:
        if not s.section or s.id in out:
            continue
        if s.section not in by_heading:
            found = {d.span.key(): d.span for d in find_dates(s.section)}
            # A day ("## 2.3.0 — 2024-05-14", "Minutes of 3 March 2021"), not a year: "2019 Annual
            # Report" does not date what its sentences tell of other years.
            by_heading[s.section] = list(found.values()) if len(found) == 1 and all(
                d.precision == "day" for d in found.values()) else []
        if by_heading[s.section] and not find_dates(s.text):
            out[s.id] = by_heading[s.section]
    return out
