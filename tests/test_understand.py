"""Question understanding: intents, slots, typo repair and unknown words."""

from __future__ import annotations

import pytest

from retrieval.understand import understand
from tests.engine_support import bundled_engine


def parse(question: str):
    engine = bundled_engine()
    return understand(question, engine.tables, engine.vocab)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("When was the third SPD?", "when"),
        ("On what date did they meet?", "when"),
        ("In what year was the treaty signed?", "when"),
        ("Where did the ESPD convene?", "where"),
        ("In which city was it held?", "where"),
        ("Who took part?", "who"),
        ("Who is Kairat Umarov?", "person"),
        ("What is the ABC?", "define"),
        ("What does ESPD stand for?", "define"),
        ("How many SPDs were there?", "count"),
        ("List the SPD meetings", "list"),
        ("What happened on December 4, 2019?", "happened"),
        ("What did Secretary Kerry do on November 2, 2015?", "happened"),
        ("What about the third?", "about"),
        ("Tell me about the fifth SPD", "about"),
        ("What were the P5+1 talks about?", "describe"),
        ("And when did it end?", "when"),
        ("Since when?", "when"),
        ("How loud is the machine when it is brewing?", "describe"),  # "when" as a conjunction
        ("What happens when the tank is empty?", "describe"),
        ("Where and when was Chopin born?", "when"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert parse(question).intent == intent


def test_series_and_ordinal_from_acronym_or_full_name() -> None:
    by_acronym = parse("When was the 5th SPD held?")
    by_name = parse("When was the fifth Strategic Partnership Dialogue?")
    assert by_acronym.series == by_name.series == "Strategic Partnership Dialogue"
    assert by_acronym.ordinal == by_name.ordinal == 5


def test_longest_series_wins() -> None:
    assert parse("first Enhanced Strategic Partnership Dialogue").series == (
        "Enhanced Strategic Partnership Dialogue")


@pytest.mark.parametrize(("question", "ordinal"), [("Where was the clinic at first?", None),
                                                   ("Who won the first race?", 1)])
def test_at_first_is_no_ordinal(question: str, ordinal: int | None) -> None:
    assert parse(question).ordinal == ordinal


def test_session_of_an_event() -> None:
    query = parse("When was the first session of the fourth SPD?")
    assert (query.ordinal, query.session) == (4, 1)


def test_dates_places_and_people() -> None:
    query = parse("What did Secretary Kerry do in Astana on November 2, 2015?")
    assert [d.render() for d in query.dates] == ["November 2, 2015"]
    assert query.places == ["Astana"]
    assert query.people == ["john-kerry"]


def test_alias_maps_to_the_same_place() -> None:
    assert parse("What happened in Nur-Sultan?").places == parse("What happened in Astana?").places


def test_typos_are_repaired_against_the_documents() -> None:
    query = parse("wen was teh thrd strategic partnrship dialog")
    assert query.corrections == {"wen": "when", "teh": "the", "thrd": "third",
                                 "partnrship": "partnership", "dialog": "dialogue"}
    assert (query.intent, query.ordinal) == ("when", 3)
    assert query.series == "Strategic Partnership Dialogue"


def test_common_english_words_are_not_typos() -> None:
    query = parse("When did the treaty enter into force?")
    assert "enter" not in query.corrections


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What is the GDP of Brazil?", ["gdp", "brazil"]),
        ("asdf qwerty zxcv", ["asdf", "qwerty", "zxcv"]),
        ("Who won the 2018 World Cup?", ["cup"]),
    ],
)
def test_words_absent_from_the_documents_are_unknown(question: str, unknown: list[str]) -> None:
    assert set(unknown) <= set(parse(question).unknown)


def test_subjectless_question_is_a_follow_up() -> None:
    assert parse("Where was it held?").followup
    assert not parse("Where was the third SPD held?").followup


def test_html_and_overlong_input_are_trimmed() -> None:
    query = parse("<b>When</b> was the <i>third</i> SPD?" + " x" * 2000)
    assert query.ordinal == 3 and "<b>" not in query.text and len(query.text) <= 500


def test_terminal_escapes_and_control_characters_are_no_words() -> None:
    query = parse("\x1b[31mWhen was the\x07 third SPD?\x1b[0m")
    assert (query.intent, query.ordinal, query.unknown) == ("when", 3, [])
    assert query.text == "When was the third SPD?"


@pytest.mark.parametrize(
    ("question", "check"),
    [
        ("whats the espd", lambda q: q.intent == "define" and q.acronyms == ["ESPD"]),
        ("who recognised kazakhstan first", lambda q: q.corrections.get("recognised") == "recognized"),
        ("When did the SPD start?", lambda q: q.superlative == "earliest"),
        ("Who hosted the second SPD?", lambda q: q.intent == "where"),
        ("whn did the 2nd SPD tak place", lambda q: q.corrections == {"whn": "when", "tak": "take"}),
        ("and the one before?", lambda q: q.relative == -1),
        ("what about the next one", lambda q: q.relative == 1),
    ],
    ids=["contraction", "british-spelling", "start-is-earliest", "who-hosted", "letters-left-out",
         "previous", "next"],
)
def test_phrasings(question: str, check) -> None:
    assert check(parse(question))


def test_a_different_first_name_is_another_person() -> None:
    assert parse("Who is Nisha Kerry?").people == []
    assert parse("Who is John Kerry?").people == ["john-kerry"]


def test_an_acronym_the_documents_lack_is_not_repaired_into_a_common_word() -> None:
    query = parse("When did Kazakhstan join the WTO?")
    assert "WTO" not in query.corrections and "wto" in query.unknown and query.intent == "when"


def test_a_script_in_a_message_is_no_words_of_the_question() -> None:
    query = parse("<script>alert(document.cookie)</script> When was the <i>third</i> SPD?")
    assert query.ordinal == 3 and "alert" not in query.text and "cookie" not in query.terms
