"""The answering engine: one object, built once, shared by every front end.

STUB: plain BM25 over sentences until the real engine lands. The interface is final:
``Engine.from_folder(folder)``, ``engine.answer(question, dialogue)``,
``engine.documents``, ``engine.example_questions()``.
"""

from __future__ import annotations

import re
from pathlib import Path

from rank_bm25 import BM25Plus

from knowledge.loader import load_knowledge_base
from knowledge.models import KnowledgeBase
from retrieval.dialogue import Dialogue
from retrieval.models import Answer, Citation


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class Engine:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._titles = {d.id: d.title for d in kb.documents}
        self._bm25 = BM25Plus([_tokens(s.text) for s in kb.sentences])

    @classmethod
    def from_folder(cls, folder: Path | None = None) -> Engine:
        """Load (or build) the knowledge base at ``folder`` (bundled documents if None)."""
        return cls(load_knowledge_base(folder))

    @property
    def documents(self) -> list[tuple[str, str]]:
        """(document id, title) of every document, in load order."""
        return [(d.id, d.title) for d in self.kb.documents]

    def example_questions(self) -> list[str]:
        """A few questions this knowledge base can answer, for greetings and suggestions."""
        return ["When was the third SPD?", "What is the ABC?", "Who is Kairat Umarov?"]

    def answer(self, question: str, dialogue: Dialogue | None = None) -> Answer:
        """Answer ``question`` in the context of ``dialogue`` (updated in place)."""
        scores = self._bm25.get_scores(_tokens(question))
        best = max(range(len(scores)), key=scores.__getitem__)
        s = self.kb.sentences[best]
        return Answer(text=s.text, found=True, confidence=0.5,
                      citations=[Citation(document=s.doc_id, title=self._titles[s.doc_id],
                                          quote=s.text)])
