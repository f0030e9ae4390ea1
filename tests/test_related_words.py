"""WordNet's forms and synonyms as the reader's evidence: what a question's word may be written as."""

from __future__ import annotations

from knowledge.build import build_from_documents
from knowledge.models import Document
from retrieval.engine import Engine
from retrieval.reader_question import read_question
from retrieval.related_words import forms_of, wordnet_synonyms

BOOKS = """The Harbour Library

The Harbour Library was opened in 1902. Its reading room holds 4,000 maps.

Anna Cole tells the history of the town.

Ellen Marsh, a teacher at the harbour school, has written a history of the town and its people.

Thomas Reed gave the library its first maps in 1905.

Thomas Reed died in 1911 at his house on the quay.

Visitors may borrow three books at a time, for two weeks.
"""


def _engine() -> Engine:
    doc = Document(id="harbour", title="The Harbour Library", path="harbour.txt", sha256="", text=BOOKS)
    return Engine(build_from_documents([doc], {}, source="test"))


def test_forms_join_irregular_inflections_and_derivations() -> None:
    assert {"write", "written"} <= forms_of("wrote")
    assert "death" in forms_of("die")
    assert "die" in forms_of("death")


def test_synonyms_are_kept_apart_from_forms() -> None:
    assert "sort" in wordnet_synonyms("kind")
    assert not forms_of("kind") & wordnet_synonyms("kind")


def test_names_get_no_dictionary_forms() -> None:
    question = read_question("When did Will Bear write it?")
    by_term = dict(zip(question.terms, question.forms, strict=True))
    assert by_term["bear"] == frozenset()
    assert "written" in by_term["write"]


def test_a_question_finds_the_sentence_written_in_another_form() -> None:
    reply = _engine().answer("Who wrote the history of the town?")
    assert reply.found
    assert "Ellen Marsh" in reply.text


def test_a_two_word_name_is_paired_for_the_decision() -> None:
    assert read_question("Who is Thomas Marsh?").name_pairs == (("thoma", "marsh"),)
