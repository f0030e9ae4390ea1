"""SQuAD 2.0 articles as knowledge bases, and the grading rule of ``benchmarks/squad.py``.

Each article is one knowledge base: one document whose title is the article's and whose
blocks are its paragraphs (or, for training, several articles are one knowledge base of
several documents, where a document's title tells them apart). Shared by the benchmark and
by the reader's training script.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from knowledge.build import build_from_documents
from knowledge.curated import load_aliases
from knowledge.models import Document, KnowledgeBase

GRADED_CHARS = 300


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]  # empty: the article does not answer it

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[str, ...]
    questions: tuple[Question, ...]

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "_", self.title).strip("_").lower()

    def text(self) -> str:
        return "\n\n".join([self.title.replace("_", " "), *self.paragraphs]) + "\n"

    def document(self) -> Document:
        text = self.text()
        return Document(id=self.slug, title=self.title.replace("_", " "), path=f"{self.slug}.txt",
                        sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)

    def knowledge_base(self) -> KnowledgeBase:
        return build_from_documents([self.document()], load_aliases(None), source=self.title)


def folder_knowledge_base(articles: list[Article]) -> KnowledgeBase:
    """Several articles as one knowledge base, one document each: a folder, as users have."""
    return build_from_documents([a.document() for a in articles], load_aliases(None),
                                source="+".join(a.title for a in articles))


def load_articles(path: Path, titles: list[str] | None = None) -> list[Article]:
    """The articles of a SQuAD-format file, or only those titled in ``titles``."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    articles = []
    for item in data:
        if titles and item["title"] not in titles:
            continue
        questions = tuple(
            Question(qa["id"], qa["question"],
                     tuple(dict.fromkeys(a["text"] for a in qa.get("answers", []))) if not qa.get("is_impossible")
                     else ())
            for p in item["paragraphs"] for qa in p["qas"])
        articles.append(Article(item["title"], tuple(p["context"] for p in item["paragraphs"]), questions))
    missing = set(titles or []) - {a.title for a in articles}
    if missing:
        raise SystemExit(f"{path}: no article titled {', '.join(sorted(missing))}")
    return articles


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def holds_answer(reply: str, answers: tuple[str, ...]) -> bool:
    """Whether a gold answer appears in the first 300 characters of the reply."""
    head = folded(reply)[:GRADED_CHARS]
    return any(folded(a) in head for a in answers)
