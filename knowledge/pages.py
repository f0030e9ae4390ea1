"""Page numbers of a paged document (PDF): which page an offset in its text falls on."""

from __future__ import annotations

from bisect import bisect_right

from knowledge.models import Document


def page_at(doc: Document, offset: int) -> int | None:
    """The page (from 1) holding character ``offset`` of ``doc.text``; None for an unpaged document."""
    if not doc.pages:
        return None
    return max(1, bisect_right(doc.pages, offset))
