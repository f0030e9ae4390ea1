"""Load a knowledge base folder (or the bundled documents) into a KnowledgeBase.

STUB: replaced by the real ingestion/extraction pipeline.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from knowledge.errors import KnowledgeBaseError
from knowledge.models import Document, KnowledgeBase, Sentence

BUNDLED = Path(__file__).parent / "documents"


def default_folder() -> Path:
    return BUNDLED


def load_knowledge_base(folder: Path | None = None) -> KnowledgeBase:
    folder = folder or BUNDLED
    if not folder.is_dir():
        raise KnowledgeBaseError(f"{folder}: no such folder")
    kb = KnowledgeBase(source=str(folder))
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = Document(id=path.stem, title=text.splitlines()[0], path=path.name,
                       sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
        kb.documents.append(doc)
        for n, line in enumerate(text.splitlines()[1:]):
            if line.strip():
                kb.sentences.append(Sentence(id=f"{doc.id}#s{n}", doc_id=doc.id, paragraph=n,
                                             text=line.strip(), start=0, end=len(line)))
    if not kb.documents:
        raise KnowledgeBaseError(f"{folder}: no documents (.txt, .md, .html)")
    return kb
