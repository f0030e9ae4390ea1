"""Follow-ups on an unseen document: "he" is the person the last answer named, and a
follow-up is answered only by a sentence that holds its own words (or a value of its kind)."""

from __future__ import annotations

from knowledge.build import build_from_documents
from knowledge.models import Document
from retrieval.analyzer import terms
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

RIVER = """The Long River

The first European to sail the whole length of the Long River was Tomas Verde in 1542.

His account describes large towns along the banks, which later vanished, probably because of smallpox.

The river is 1,200 miles long and drains a basin of 300,000 square miles.

The harbour of Port Amber, at the river's mouth, was built by Ana Costa in 1788. She died in 1801.
"""


def _engine() -> Engine:
    doc = Document(id="river", title="The Long River", path="river.txt", sha256="", text=RIVER)
    return Engine(build_from_documents([doc], {}, source="test"))


def test_he_is_the_person_the_last_answer_named() -> None:
    engine, dialogue = _engine(), Dialogue()
    first = engine.answer("Who was the first European to sail the whole length of the Long River?", dialogue)
    assert "Tomas Verde" in first.text
    assert dialogue.person == tuple(terms("Tomas Verde"))
    then = engine.answer("In what year did he do it?", dialogue)
    assert then.found and "1542" in then.text


def test_a_follow_up_whose_own_words_no_sentence_holds_is_not_answered_by_the_topic() -> None:
    engine, dialogue = _engine(), Dialogue()
    engine.answer("Who was the first European to sail the whole length of the Long River?", dialogue)
    reply = engine.answer("When did he die?", dialogue)
    assert not reply.found
    assert "1801" not in reply.text.split("closest")[0]


def test_she_follows_the_last_person_named() -> None:
    engine, dialogue = _engine(), Dialogue()
    built = engine.answer("Who built the harbour of Port Amber?", dialogue)
    assert "Ana Costa" in built.text
    reply = engine.answer("When did she die?", dialogue)
    assert reply.found and "1801" in reply.text


def test_a_when_follow_up_with_words_of_its_own_is_not_answered_by_another_date_of_the_last_answer() -> None:
    from tests.engine_support import follow_up

    answer = follow_up("The engineer Thomas Bouch proposed a bridge over the Tay as early as 1854. Parliament "
                       "passed the act authorizing the bridge in 1870.\n\nWork went on for six years. The first "
                       "engine crossed in September 1877, and the bridge opened to passenger traffic on 1 June 1878.",
                       "Who was the engineer of the bridge?", "When did it open to passengers?")
    assert answer.found and "1 June 1878" in answer.text and "1854" not in answer.text, answer.text
