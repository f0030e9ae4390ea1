"""Open questions answered by the reader: a short answer and its sentence, or an honest
"not sure" with the closest passage as a quote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge.models import KnowledgeBase
from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.reader import Reader, Reading, spoken
from retrieval.reader_index import ReaderIndex
from retrieval.reader_question import read_question
from retrieval.templates import render


@dataclass(frozen=True)
class OpenResult:
    answer: Answer
    reading: Reading | None
    terms: tuple[str, ...]  # what the question was about, for a follow-up's retrieval


class OpenAnswers:
    def __init__(self, kb: KnowledgeBase, tables: FactTables) -> None:
        self.tables = tables
        self.reader = Reader(ReaderIndex(kb))

    def answer(self, text: str, context_terms: tuple[str, ...] = (),
               accepts: Callable[[str], bool] | None = None) -> OpenResult:
        """Read ``text``; ``context_terms`` (the conversation's topic) join its own terms, and
        ``accepts`` may refuse the sentence found (it is then offered only as a quote)."""
        index = self.reader.index
        question = read_question(text, context_terms, index.family, index.spelled_out)
        reading = self.reader.read(question) if question.terms else None
        if reading is None:
            return OpenResult(Answer(text=render("not_found"), found=False, confidence=0.0), None, question.terms)
        citations = self.tables.citations(list(reading.sentence_ids))
        confidence = round(reading.probability, 2)
        if not self.reader.confident(reading) or (accepts is not None and not accepts(reading.entry.text)):
            answer = Answer(text=render("open_unsure", sentence=reading.window), found=False,
                            confidence=confidence, citations=citations)
            return OpenResult(answer, reading, question.terms)
        text = spoken(reading.short, reading.window)
        return OpenResult(Answer(text=text, found=True, confidence=confidence, citations=citations),
                          reading, question.terms)
