"""What the rebuild tests compare: two knowledge bases alike but for their inputs' record."""

from __future__ import annotations

from knowledge.models import KnowledgeBase


def same(a: KnowledgeBase, b: KnowledgeBase) -> bool:
    """Whether ``a`` and ``b`` hold the same knowledge (the inputs' mtimes and hashes aside)."""
    return a.model_dump(exclude={"inputs"}) == b.model_dump(exclude={"inputs"})
