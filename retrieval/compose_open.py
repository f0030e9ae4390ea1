"""Open questions answered by the reader: a short answer and its sentence, or an honest
"not sure" with the closest passage as a quote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from retrieval.facts import FactTables
from retrieval.models import Answer
from retrieval.number_values import holds_value
from retrieval.reader import Reader, Reading, spoken
from retrieval.reader_index import ReaderIndex
from retrieval.reader_question import OpenQuestion, read_question
from retrieval.templates import render


@dataclass(frozen=True)
class OpenResult:
    answer: Answer
    reading: Reading | None
    terms: tuple[str, ...]  # what the question was about, for a follow-up's retrieval


class OpenAnswers:
    def __init__(self, tables: FactTables, index: ReaderIndex) -> None:
        self.tables = tables
        self.reader = Reader(index)

    def _addresses(self, own_words: tuple[str, ...], question: OpenQuestion, reading: Reading) -> bool:
        """Whether a follow-up's answer holds one of the follow-up's own words (or their forms):
        after questions about an explorer, "When did he die?" is not answered by any sentence
        about him, only by one about his death. A follow-up of no words of its own ("In what
        year?") is answered by the topic alone, and one asking for a sum or a measure ("What does
        it cost?") by a value of that kind."""
        index = self.reader.index
        if question.value and holds_value(question.value, reading.entry.text):
            return True  # "How tall is it?": "617 ft" answers it, whether or not it says "tall"
        own = read_question(" ".join(own_words), (), index.family, index.spelled_out)
        window = index.window_terms(reading.entry)
        return not own.terms or any((alts | forms) & window for alts, forms in zip(own.alternatives, own.forms,
                                                                                   strict=True))

    def answer(self, text: str, context_terms: tuple[str, ...] = (),
               accepts: Callable[[str], bool] | None = None, own_words: tuple[str, ...] = ()) -> OpenResult:
        """Read ``text``; ``context_terms`` (the conversation's topic) join its own terms, and
        ``accepts`` may refuse the sentence found (it is then offered only as a quote), as does
        a sentence that holds none of ``own_words`` (a follow-up's content words) when the
        topic was searched with."""
        index = self.reader.index
        question = read_question(text, context_terms, index.family, index.spelled_out)
        reading = self.reader.read(question) if question.terms else None
        if reading is None:
            return OpenResult(Answer(text=render("not_found"), found=False, confidence=0.0), None, question.terms)
        citations = self.tables.citations(list(reading.sentence_ids))
        confidence = round(reading.probability, 2)
        if not self.reader.confident(reading) or (accepts is not None and not accepts(reading.entry.text)) \
                or (context_terms and not self._addresses(own_words, question, reading)):
            answer = Answer(text=render("open_unsure", sentence=reading.window), found=False,
                            confidence=confidence, citations=citations)
            return OpenResult(answer, reading, question.terms)
        text = spoken(reading.short, reading.window)
        return OpenResult(Answer(text=text, found=True, confidence=confidence, citations=citations),
                          reading, question.terms)
