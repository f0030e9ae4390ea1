"""Fuzzing the engine: whatever a user types, in whatever order, it answers and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.dialogue import Dialogue
from retrieval.models import Answer
from tests.engine_support import bundled_engine

# Unicode digits that are not decimal (➑, ⓵, Ethiopic ፩) once crashed the analyzer.
ODD_DIGITS = st.sampled_from(["➑", "❶", "⓵", "፩", "²", "½", "٣", "१", "Ⅻ"])
WORDS = st.sampled_from(["when", "was", "the", "third", "SPD", "who", "and", "where", "it", "?", "Kerry",
                         "<b>", "&amp;", "'", "\"", "P5+1", "2019", "fourth", "one before", "😀", "\u200b"])
MESSAGES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(WORDS, ODD_DIGITS, st.text(max_size=8)), max_size=25).map(" ".join),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl", "So", "Zs"]), max_size=40),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@FUZZ
@given(MESSAGES)
def test_any_message_gets_an_answer(message: str) -> None:
    answer = bundled_engine().answer(message, Dialogue())
    assert isinstance(answer, Answer) and answer.text.strip()


@FUZZ
@given(st.lists(MESSAGES, min_size=2, max_size=4))
def test_any_conversation_gets_answers(messages: list[str]) -> None:
    dialogue = Dialogue()
    for message in messages:
        assert bundled_engine().answer(message, dialogue).text.strip()
