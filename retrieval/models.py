"""The Answer contract shared by every front end (see the README's architecture notes)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    document: str  # document id (file name without extension)
    title: str
    quote: str  # the source sentence(s) the answer rests on
    page: int | None = None  # the page (from 1) of a paged document (PDF) the quote is on


class Answer(BaseModel):
    text: str  # the reply, one or a few sentences, dates as "December 10, 2014"
    found: bool  # False: the documents do not answer this; text says so and may suggest
    confidence: float = Field(ge=0.0, le=1.0)
    citations: list[Citation] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
