"""What a knowledge base was read from: its documents with passage counts, and the files skipped.

Used by ``qabot build`` (which reports each skipped file once, as it builds) and
``qabot sources`` (which lists everything). A broken document is remembered in the
knowledge base (``KnowledgeBase.skipped``); a file of an unknown kind is found by name
when asked (``knowledge.ingest.unknown_files``), so nothing is read twice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from knowledge.ingest import unknown_files
from knowledge.models import KnowledgeBase, SkippedFile
from knowledge.stored_rows import doc_ids


def skipped_files(kb: KnowledgeBase, folder: Path | None) -> list[SkippedFile]:
    """Every file of the folder that is not read, with the reason, sorted by path."""
    others = unknown_files(folder) if folder is not None else []
    return sorted([*kb.skipped, *others], key=lambda f: f.path)


def notices(kb: KnowledgeBase, folder: Path | None) -> list[str]:
    """One line per file worth a word: skipped ones with the reason, legacy encodings read."""
    base = folder or Path()
    lines = [f"{base / f.path}: skipped: {f.reason}" for f in skipped_files(kb, folder)]
    lines += [f"{base / d.path}: not UTF-8; read as {d.encoding} (save it as UTF-8 to be sure)"
              for d in kb.documents if d.encoding]
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_sources(kb: KnowledgeBase, folder: Path | None) -> list[str]:
    """The documents with their passage counts, then the skipped files with their reasons."""
    passages = Counter(doc_ids(kb.passages))  # none read (knowledge.stored_rows)
    documents = [d for d in kb.documents if d.sha256]  # not the curated facts.yaml statements
    rows = []
    for doc in documents:
        detail = _plural(passages[doc.id], "passage")
        if doc.pages:
            detail += f", {_plural(len(doc.pages), 'page')}"
        if doc.encoding:
            detail += f", read as {doc.encoding}"
        rows.append((doc.path, doc.title, detail))
    width = max((len(r[0]) for r in rows), default=0)
    lines = [f"{_plural(len(rows), 'document')}:"]
    lines += [f"  {path:<{width}}  {title} ({detail})" for path, title, detail in rows]
    skipped = skipped_files(kb, folder)
    if skipped:
        width = max(len(f.path) for f in skipped)
        lines.append(f"{_plural(len(skipped), 'file')} skipped:")
        lines += [f"  {f.path:<{width}}  {f.reason}" for f in skipped]
    return lines
