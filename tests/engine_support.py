"""The real engine on the bundled documents, built once per test session."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

from retrieval.engine import Engine
from retrieval.models import Answer


@lru_cache(maxsize=1)
def bundled_engine() -> Engine:
    return Engine.from_folder(None)


def engine_of(text: str, doc_id: str = "doc", title: str = "Notes") -> Engine:
    """The engine over one document of ``text``, built in memory (no folder, no store)."""
    from knowledge.build import build_from_documents
    from knowledge.models import Document

    doc = Document(id=doc_id, title=title, path=f"{doc_id}.txt", sha256="", text=text)
    return Engine(build_from_documents([doc], {}, source="test"))


def suite_engine(name: str, tmp_path: Path) -> Engine:
    """The engine over a copy of a testers' knowledge base (``tests/data/kbs/<name>``) in ``tmp_path``:
    a failure that needs its documents' competition, which a one-line document lacks."""
    shutil.copytree(Path(__file__).parent / "data" / "kbs" / name, tmp_path / "kb")
    return Engine.from_folder(tmp_path / "kb")


def follow_up(text: str, first: str, then: str) -> Answer:
    """The answer to ``then`` asked after ``first``, in one conversation over a document of ``text``."""
    from retrieval.dialogue import Dialogue

    engine, dialogue = engine_of(text), Dialogue()
    engine.answer(first, dialogue)
    return engine.answer(then, dialogue)
