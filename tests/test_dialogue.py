"""Follow-up questions resolve against each conversation's own focus."""

from __future__ import annotations

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from tests.engine_support import bundled_engine


def replies(*questions: str, dialogue: Dialogue | None = None) -> list[str]:
    engine = bundled_engine()
    dialogue = dialogue or Dialogue()
    return [engine.answer(q, dialogue).text for q in questions]


def test_ellipsis_takes_the_event_in_focus() -> None:
    where, who = replies("When was the fifth SPD?", "Where?", "Who took part?")[1:]
    assert "New York City" in where
    assert "Idrissov" in who and "fifth SPD" in who


def test_changing_only_the_ordinal_keeps_the_series() -> None:
    third, fourth = replies("When was the second ESPD?", "When was the third SPD?",
                            "And the fourth one?")[1:]
    assert "December 10, 2014" in third
    assert "fourth SPD" in fourth and "March 9, 2016" in fourth


def test_session_follow_up() -> None:
    answer = replies("When did the fourth SPD take place?", "When was its second session?")[1]
    assert "March 9, 2016" in answer and "November 2, 2015" not in answer


def test_pronoun_follow_up_about_a_person() -> None:
    answer = replies("Who is Tileuberdi?", "What did he do?")[1]
    assert "December 4, 2019" in answer


def test_self_contained_question_replaces_the_focus() -> None:
    second = replies("When was the fifth SPD?", "When was the Mutual Legal Assistance Treaty concluded?",
                     "Where?")
    assert "February 2015" in second[1]
    assert "New York" not in second[2]


def test_reset_forgets_the_focus() -> None:
    dialogue = Dialogue()
    replies("When was the fifth SPD?", dialogue=dialogue)
    dialogue.reset()
    engine = bundled_engine()
    assert not engine.answer("Where?", dialogue).found


def test_two_dialogues_do_not_share_state() -> None:
    engine = bundled_engine()
    alice, bob = Dialogue(), Dialogue()
    engine.answer("When was the third SPD?", alice)
    engine.answer("When was the first ESPD?", bob)
    assert "Washington" in engine.answer("Where?", alice).text
    assert "Nur-Sultan" in engine.answer("Where?", bob).text


def test_next_and_previous_move_along_the_series() -> None:
    before, again = replies("When was the fourth SPD?", "and the one before?", "and the next one?")[1:]
    assert "third SPD" in before and "December 10, 2014" in before
    assert "fourth SPD" in again and "March 9, 2016" in again


def test_next_of_an_unnumbered_meeting_goes_by_date() -> None:
    after = replies("When was the first ESPD?", "and the one after that?")[1]
    assert "December 4, 2019" in after


def test_past_the_last_meeting_is_not_found() -> None:
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("When was the fifth SPD?", dialogue)
    assert not engine.answer("and the next one?", dialogue).found


def test_question_on_the_focus_words_stays_on_the_focus() -> None:
    answer = replies("Tell me about the fourth SPD", "Who led the delegations?",
                     "where did the first session take place?")[2]
    assert "Nur-Sultan" in answer and "November 2, 2015" in answer


def test_he_refers_to_the_person_in_focus() -> None:
    answer = replies("Who is Idrissov?", "when did he meet Kerry?")[1]
    assert answer.startswith("December 10, 2014")


def test_missing_slot_of_the_focus_is_not_filled_from_elsewhere() -> None:
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("When did the first SPD take place?", dialogue)
    where = engine.answer("where?", dialogue)
    assert not where.found and "do not say where" in where.text


def test_then_limits_a_role_to_the_people_of_the_last_answer() -> None:
    answer = replies("When did Pompeo meet the foreign minister?", "who was the foreign minister then?")[1]
    assert "Tileuberdi" in answer and "Idrissov" not in answer


def test_an_answer_about_one_event_makes_it_the_focus() -> None:
    # The middle question names no series; its answer is a sentence of the fourth SPD.
    fifth = replies("Tell me about the fourth SPD", "Who led the delegations at the Washington session?",
                    "And the fifth?")[2]
    assert "fifth SPD" in fifth and "September 20, 2016" in fifth


def test_there_is_the_place_of_the_last_question() -> None:
    answer = replies("When did Kerry visit Astana?", "What did he do there?")[1]
    assert "Astana" in answer and "December 10, 2014" not in answer


def test_when_after_a_sentence_of_two_dates_takes_the_one_of_the_question() -> None:
    answer = replies("Who signed the Investment Incentive Agreement?", "When?")[1]
    assert answer.startswith("1992:")


def test_an_answer_of_one_event_of_the_asked_series_sets_its_ordinal() -> None:
    when = replies("Who is Nisha Biswal?", "Which SPD did she attend?", "When was it?")[2]
    assert "March 9, 2016" in when and "2012" not in when


def test_a_pronoun_after_an_answer_of_one_event_still_means_the_question_s_subject() -> None:
    # The answer's sentence is of the third SPD; "it" is the P5+1 talks, which no one is said to lead.
    engine = bundled_engine()
    dialogue = Dialogue()
    engine.answer("What were the P5+1 talks about?", dialogue)
    assert "Kerry" not in engine.answer("Who led it?", dialogue).text


def test_the_events_of_sentences_are_looked_at_only_for_a_follow_up_that_needs_them() -> None:
    engine = Engine(bundled_engine().kb)  # a fresh engine: nothing cached yet
    dialogue = Dialogue()
    engine.answer("Who led the delegations at the Washington session?", dialogue)
    assert "_events_by_sentence" not in vars(engine)  # a first answer reads no events (100,000 passages)
    assert "fifth SPD" in engine.answer("And the fifth?", dialogue).text
    assert "_events_by_sentence" in vars(engine)
