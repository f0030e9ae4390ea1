"""What the rebuild tests share: two knowledge bases compared but for their inputs' record, and
the edit they make to the notes folder's summit news page."""

from __future__ import annotations

from pathlib import Path

from knowledge.models import KnowledgeBase


def same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    """Whether ``a`` and ``b`` hold the same knowledge (the inputs' mtimes and hashes aside)."""
    return a.model_dump(exclude={"inputs"}) == b.model_dump(exclude={"inputs"})


def add_paragraph(folder: Path, text: str) -> None:
    """``text`` as a new paragraph at the end of ``folder``'s summit-news.html."""
    news = folder / "summit-news.html"
    news.write_text(news.read_text(encoding="utf-8").replace("</body>", f"<p>{text}</p></body>"), encoding="utf-8")
