"""Human-readable summaries of a KnowledgeBase for `qabot build` and `qabot facts`."""

from __future__ import annotations

import datetime as dt

from knowledge.models import Event, KnowledgeBase
from knowledge.ordinals import ordinal_word
from knowledge.stored_rows import doc_ids, item_ids

FACT_KINDS = ("event", "date", "person", "acronym")


def count_facts(kb: KnowledgeBase) -> dict[str, int]:
    return {
        "documents": len(kb.documents),
        "sentences": len(kb.sentences),
        "passages": len(kb.passages),
        "events": len(kb.events),
        "dated facts": len(kb.dated),
        "people": len(kb.people),
        "acronyms": len(kb.acronyms),
    }


def event_label(event: Event, acronym: str = "") -> str:
    name = acronym or event.series
    if event.ordinal is None:
        return f"{name} (unnumbered)"
    label = f"{ordinal_word(event.ordinal)} {name}"
    if event.session:
        label = f"{label}, session {event.session}"
    return label


def format_facts(kb: KnowledgeBase, kind: str | None = None) -> list[str]:
    """One block of lines per fact, each with the sentence it comes from."""
    text = {s.id: s for s in kb.sentences}
    titles = {d.id: d.title for d in kb.documents}
    acronyms = {s.name: s.acronym for s in kb.series}
    people = {p.id: p.name for p in kb.people}

    def source(sid: str) -> str:
        s = text[sid]
        return f"    [{titles.get(s.doc_id, s.doc_id)}] {s.text}"

    lines: list[str] = []
    if kind in (None, "event"):
        order = sorted(kb.events, key=lambda e: (e.series, e.ordinal or 999, e.session or 0,
                                                 e.dates[0].start if e.dates else dt.date.min))
        for e in order:
            when = ", ".join(d.render() for d in e.dates) or "date not stated"
            where = ", ".join(e.places) or "place not stated"
            who = ", ".join(people.get(p, p) for p in e.people)
            lines.append(f"event: {event_label(e, acronyms.get(e.series, ''))} | {when} | {where}"
                         + (f" | {who}" if who else ""))
            lines.extend(source(sid) for sid in e.sentence_ids)
    if kind in (None, "date"):
        for d in sorted(kb.dated, key=lambda d: d.dates[0].start):
            lines.append("date: " + ", ".join(x.render() for x in d.dates))
            lines.append(source(d.sentence_id))
    if kind in (None, "person"):
        for p in kb.people:
            roles = "; ".join(r.title for r in p.roles)
            lines.append(f"person: {p.name} | {roles}")
            lines.extend(source(r.sentence_id) for r in p.roles)
    if kind in (None, "acronym"):
        for a in kb.acronyms:
            lines.append(f"acronym: {a.short} = {a.long}" + (" (defined)" if a.explicit else ""))
            lines.extend(source(sid) for sid in a.sentence_ids[:1])
    return lines


def count_document_facts(kb: KnowledgeBase, doc_id: str) -> dict[str, int]:
    """The facts resting on one document's sentences, by kind (as ``format_facts`` names them)."""
    mine = {sid for sid, doc in zip(item_ids(kb.sentences), doc_ids(kb.sentences), strict=True) if doc == doc_id}
    return {
        "event": sum(1 for e in kb.events if e.doc_id == doc_id),
        "date": sum(1 for d in kb.dated if d.sentence_id in mine),
        "person": sum(1 for p in kb.people if any(r.sentence_id in mine for r in p.roles)
                      or mine.intersection(p.sentence_ids)),
        "acronym": sum(1 for a in kb.acronyms if mine.intersection(a.sentence_ids)),
    }
