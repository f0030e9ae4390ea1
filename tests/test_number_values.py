"""A number question's answer is a value of the kind it asks for: money, a measure, a share, a count."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.dialogue import Dialogue
from retrieval.number_values import holds_value, value_kind, values_of
from tests.engine_support import engine_of, follow_up, suite_engine


@pytest.mark.parametrize(("question", "kind"), [
    ("How much did the tower cost to build?", "money"),
    ("What is the price of a box?", "money"),
    ("How tall is the tower?", "length"),
    ("How large is the basin?", "size"),
    ("How heavy is the bell?", "weight"),
    ("How long does shipping take?", "measure"),
    ("What percentage of the forest is in Brazil?", "share"),
    ("How many city blocks burned?", "count"),
    ("How much of it is covered by forest?", ""),
    ("How much of the national income does the city produce?", ""),  # "12%", not a sum of money
    ("Over how many studies of income differences has it been shown?", "count"),
])
def test_the_question_says_which_kind_of_number_it_asks_for(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("kind", "text", "holds"), [
    ("money", "The tower was constructed in 1990.", False),
    ("money", "It cost $35 million to build.", True),
    ("money", "A box sells for 12 euros.", True),
    ("count", "On May 3, 1901, the city burned.", False),
    ("count", "The fire swept through 146 city blocks in 1901.", True),
    ("count", "Three ships sailed.", True),
    ("measure", "The tower is 617 ft (188 m) tall.", True),
    ("measure", "Standard shipping takes 3 to 5 business days.", True),
    ("measure", "It opened in 1990.", False),
    ("measure", "It became the seat, permanent from 1569. In 1573 the city gave its name.", False),  # no inches
    ("measure", "It is 6 ft 7 in tall.", True),
    ("length", "The tower is 617 ft (188 m) tall.", True),
    ("length", "The climb takes two hours.", False),  # a measure, but not of height
    ("size", "The basin covers 7,000,000 square kilometres.", True),
    ("size", "It changed over the last 21,000 years.", False),
    ("weight", "The bell weighs 13 tonnes.", True),
    ("speed", "Trains run at 300 km/h.", True),
    ("speed", "The cheetah runs at up to 110 km per hour.", True),
    ("count", "The town hall has 2150 seats.", True),  # a year's digits, but a count
    ("count", "The signal took about ninety minutes to cross the state.", False),  # a span of time
    ("count", "It is a ten-minute walk from the Old Town.", False),
    ("count", "They won the cup twice.", True),
    ("duration", "Delivery takes 5 business days.", True),
    ("duration", "The war lasted seven years.", True),
    ("age", "He was 45 years old.", True),
    ("share", "Brazil holds 60% of the forest.", True),
    ("share", "Brazil holds most of the forest.", False),
], ids=lambda v: v if isinstance(v, str) and len(v) < 10 else None)
def test_a_sentence_holds_a_value_of_that_kind_or_not(kind: str, text: str, holds: bool) -> None:
    assert holds_value(kind, text) is holds


def test_a_number_the_question_writes_is_no_answer() -> None:
    assert not holds_value("count", "The 146 blocks burned.", ("146",))


@pytest.mark.parametrize(("question", "kind"), [
    ("How many passengers travelled on the boat?", "count"),
    ("How many days does delivery take?", "duration"),
    ("How many working days does it take?", "duration"),
    ("How many years did the war last?", "duration"),
])
def test_how_many_of_a_unit_of_time_asks_for_a_duration(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("text", "values"), [
    ("The committee meets every second Tuesday.", ("every second Tuesday",)),
    ("Council members are elected directly every four years.", ("every four years",)),
    ("Descale it twice a year, or three times a week in a café.", ("twice a year", "three times a week")),
    ("The newsletter goes out weekly.", ("weekly",)),
    ("The committee has 4 members and met in 1990.", ()),  # numbers, but no frequency
])
def test_a_frequency_is_how_often_not_a_number(text: str, values: tuple[str, ...]) -> None:
    assert value_kind("How often does it meet?") == value_kind("How frequently is it held?") == "frequency"
    assert values_of("frequency", text) == values


def test_how_often_is_answered_with_the_frequency_even_when_the_documents_never_say_often() -> None:
    answer = follow_up("The project is run by its maintainers. Decisions are made by the Technical Steering "
                       "Committee (TSC), which meets every second Tuesday. Releases come out in spring.",
                       "What is the TSC?", "How often does it meet?")
    assert answer.found, answer.text
    assert answer.text.startswith("every second Tuesday"), answer.text


@pytest.mark.parametrize(("question", "asks"), [
    ("What time does the office open?", True),
    ("When does the indoor hall close on Sundays?", True),
    ("How late is the library open?", True),
    ("When did the indoor hall open?", False),  # the day it first opened
    ("During what time did the rainforest span a narrow band?", False),  # a period
    ("What time period did the geoglyphs date back to?", False),
])
def test_a_question_may_ask_for_the_time_of_day(question: str, asks: bool) -> None:
    assert (value_kind(question) == "time") is asks


def test_what_time_it_opens_is_a_time_of_day_not_the_day_it_first_opened() -> None:
    engine = engine_of("The indoor hall was opened on March 14, 2009 by the mayor. "
                       "The indoor hall is open all year, every day from 6:30 to 23:00.")
    now = engine.answer("When does the indoor hall open?", Dialogue())
    assert now.found and now.text.startswith("6:30 to 23:00"), now.text
    then = engine.answer("When did the indoor hall open?", Dialogue())
    assert then.found and "March 14, 2009" in then.text, then.text


@pytest.mark.parametrize(("text", "values"), [
    ("Members must be over the age of 18.", ("age of 18",)),
    ("He was aged 45 when he joined.", ("aged 45",)),
    ("The club is 30 years old.", ("30 years",)),
    ("The coach joined the club in 2015.", ()),  # a year, no age
])
def test_an_age_is_written_with_or_without_its_unit(text: str, values: tuple[str, ...]) -> None:
    assert value_kind("How old must a member be?") == "age"
    assert values_of("age", text) == values


def test_how_old_is_not_answered_by_a_sentence_without_an_age() -> None:
    coach = engine_of("Head Coach: Daniel Ferreira. Daniel Ferreira joined the club in 2015 after coaching in "
                      "Lisbon. The club has eight clay courts.")
    assert not coach.answer("How old is Daniel Ferreira?", Dialogue()).found  # not "joined … in 2015"
    gym = engine_of("The gym is on the first floor. Members must be over the age of 16 to use the gym.").answer(
        "How old must members be to use the gym?", Dialogue())
    assert gym.found and "age of 16" in gym.text, gym.text


@pytest.mark.parametrize("text", ["It can alter income tax by up to 3 pence in the pound.", "The fine is 25p a day."])
def test_pence_are_money(text: str) -> None:
    assert holds_value("money", text)


@pytest.mark.parametrize(("document", "question", "said"), [
    ("The new stadium will open in 2026.", "When will the new stadium open?", "2026"),  # an event, not a habit
    ("The public consultation closes on 12 March 2025.", "When does the public consultation close?", "12 March 2025"),
    ("The US Open takes place every August in New York.", "When does the US Open take place?", "every August"),
    ("The museum is open from 9 to 5.", "When does the museum open?", "from 9 to 5"),
    ("We are open 24 hours a day.", "When are you open?", "24 hours a day"),
])
def test_a_time_of_day_is_looked_for_first_not_required(document: str, question: str, said: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert answer.found and said in answer.text, answer.text


@pytest.mark.parametrize(("text", "values"), [
    ("The council meets biweekly.", ("biweekly",)),
    ("Elections are held every five to seven years.", ("every five to seven years",)),
    ("It meets on Mondays.", ("on Mondays",)),
    ("The council, once the town's merchant guild, meets in the old hall.", ()),  # "once": formerly
    ("Our team is twice as large as it was, three times larger than in 2019.", ()),  # comparisons
])
def test_frequencies_are_written_many_ways(text: str, values: tuple[str, ...]) -> None:
    assert values_of("frequency", text) == values


def test_a_follow_up_asking_the_time_of_day_reads_the_hours_not_the_opening_day() -> None:
    answer = follow_up("The indoor hall was opened on March 14, 2009 by the mayor. It has four courts and a small "
                       "cafe. The indoor hall is open all year, every day from 6:30 to 23:00.",
                       "Tell me about the indoor hall.", "When does it open?")
    assert answer.found and "6:30" in answer.text and "2009" not in answer.text, answer.text



@pytest.mark.parametrize(("document", "question", "said"), [
    ("Daniel Ferreira was born in 1984. He joined the club in 2015.", "How old is Daniel Ferreira?", "1984"),
    ("Riverside Tennis Club was founded in 1987 by two friends.", "How old is the club?", "1987"),
    ("Members must be 16 or older to use the gym.", "How old must members be to use the gym?", "16 or older"),
])
def test_an_age_is_written_by_a_year_of_birth_or_of_making_too(document: str, question: str, said: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert answer.found and said in answer.text, answer.text


def test_a_how_much_follow_up_is_not_answered_by_another_number_of_the_last_answer() -> None:
    engine = engine_of("Weight: Cortina Lite 6.8 kg, Cortina Pro 11.2 kg.\n\nPrice: Cortina Lite 449 euros, "
                       "Cortina Pro 899 euros.")
    dialogue = Dialogue()
    assert "899" in engine.answer("How much does the Cortina Pro cost?", dialogue).text
    weight = engine.answer("How much does it weigh?", dialogue)
    assert weight.found and "11.2 kg" in weight.text, weight.text


@pytest.mark.parametrize(("document", "question", "first"), [
    ("The clubhouse is open from 8:00 to 22:00 every day. The club's open day is on Saturday 14 June 2026.",
     "When is the open day?", "June 14, 2026"),  # an event named "open day", not the opening hours
    ("The shop first opened on May 3, 2010. The shop opens at 9:00 every day.",
     "What time will the shop open tomorrow?", "9:00"),
])
def test_what_asks_a_time_of_day_and_what_asks_a_date(document: str, question: str, first: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert answer.found and answer.text.startswith(first), answer.text


@pytest.mark.parametrize(("text", "kind", "values"), [
    ("Groups of from 10 to 20 people can hire the hall.", "time", ()),  # people, not hours
    ("It is sold at 12.50 on a 1:50 000 map.", "time", ()),
    ("The Vela TV has a 1080p screen.", "money", ()),  # a resolution, not pence
    ("Our team is ten times the size it was, and twice the price.", "frequency", ()),
])
def test_what_is_no_time_of_day_no_price_and_no_frequency(text: str, kind: str, values: tuple[str, ...]) -> None:
    assert values_of(kind, text) == values


def test_a_check_up_is_not_how_often_to_have_one() -> None:
    answer = engine_of("A check-up costs €45 and takes 20 minutes.").answer("How often should I have a check-up?",
                                                                            Dialogue())
    assert not answer.found, answer.text  # a frequency asked for, none written


@pytest.mark.parametrize(("document", "question"), [
    ("The clubhouse opens at 9 am. Over 300 members play at the club.", "How old is the club?"),  # no age
    ("Peter Novak created the club's website in 2004.", "How old is Peter Novak?"),  # a year, not of his birth
    ("The staff meeting room is on the 3rd floor.", "When is the staff meeting?"),  # a floor, no day
])
def test_what_is_no_age_and_no_day_of_the_month(document: str, question: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert not answer.found, answer.text


@pytest.mark.parametrize(("text", "values"), [
    ("The fair is held every July.", ("every July",)),
    ("The choir meets on Tuesday evenings.", ("on Tuesday evenings",)),
    ("Bins are collected on alternate Mondays.", ("on alternate Mondays",)),
])
def test_more_ways_of_saying_how_often(text: str, values: tuple[str, ...]) -> None:
    assert values_of("frequency", text) == values


_TANK = ("Hold the power button and the hot water button together for 5 seconds to start descaling.\n\n"
         "Water tank capacity: Cortina Lite 1.6 litres, Cortina Pro 2.5 litres.\n\n"
         "The Lite is the smaller model; the Pro has a grinder.")


@pytest.mark.parametrize(("question", "kind"), [
    ("How much water does the Lite hold?", "capacity"),
    ("How much can it store?", "capacity"),
    ("How much does the tank hold?", "capacity"),
    ("How much does it cost to fill?", "money"),
    ("How much does it weigh?", "weight"),
])
def test_how_much_it_holds_asks_for_a_capacity(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("text", "values"), [
    ("The tank holds 1.6 litres.", ("1.6 litres",)),
    ("The drive stores 512 GB of photos.", ("512 GB",)),
    ("Hold the button for 5 seconds.", ()),
])
def test_a_capacity_is_a_volume_or_an_amount_of_data(text: str, values: tuple[str, ...]) -> None:
    assert values_of("capacity", text) == values


def test_how_much_it_holds_is_read_from_a_sentence_with_a_volume_not_the_one_saying_hold() -> None:
    answer = engine_of(_TANK).answer("How much water does the Lite hold?", Dialogue())
    assert answer.found and "1.6 litres" in answer.text, answer.text


@pytest.mark.parametrize(("text", "values"), [
    ("The children's card is for children up to the age of 12, the teen card for young people aged 13 to 17.",
     ()),
    ("A 45-year-old man brought 3 dogs.", ("3",)),
    ("An adult card lets you have up to 20 items on loan.", ("20",)),
])
def test_an_age_is_no_count(text: str, values: tuple[str, ...]) -> None:
    assert values_of("count", text) == values


@pytest.mark.parametrize(("text", "values"), [
    ("From 1 March 2025 the allowance rose from EUR 25 to EUR 40 per month.", ("EUR 25",)),
    ("You can have up to 15 reservations at a time instead of 10.", ("10",)),
    ("The hourly rate is now £12, up from £10.", ("£10",)),
    ("Previously, children's items were charged at 10p a day, up to £2 per item.", ("10p",)),
    ("The museum is open from 9 to 17.", ()),  # a range of hours, no change
])
def test_a_value_before_it_changed(text: str, values: tuple[str, ...]) -> None:
    assert values_of("previous", text) == values


@pytest.mark.parametrize(("question", "kind"), [
    ("What was it before?", "previous"),
    ("How much did they use to pay?", "previous"),
    ("What was the old rate?", "previous"),
    ("What happened before the war?", ""),
])
def test_a_question_may_ask_what_a_value_was_before(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("text", "values"), [
    ("Tarnfeld reads its settings from `/etc/tarnfeld/tarnfeld.toml`.", ("/etc/tarnfeld/tarnfeld.toml",)),
    ("Logs go to C:\\ProgramData\\App\\logs, or ~/.local/share/app/logs.",
     ("C:\\ProgramData\\App\\logs", "~/.local/share/app/logs")),
    ("We are open 24/7, in person and/or online.", ()),
    ("Visit https://example.com/docs/page for more.", ()),
])
def test_a_path_of_a_file_or_folder(text: str, values: tuple[str, ...]) -> None:
    assert values_of("path", text) == values


_SERVICE = ("Running Tarnfeld\n\nThe configuration file controls ports, logging and timeouts; restart the service "
            "after editing the configuration file.\n\nThe configuration file is stored at /etc/tarnfeld/tarnfeld.toml "
            "on Linux.\n\nLog files are written every minute.")


def test_where_a_file_is_is_its_path_and_only_the_path_of_that_file() -> None:
    engine = engine_of(_SERVICE)
    config = engine.answer("Where is the configuration file?", Dialogue())
    assert config.found and config.text.startswith("/etc/tarnfeld/tarnfeld.toml"), config.text
    logs = engine.answer("Where are the log files?", Dialogue())
    assert "/etc/tarnfeld" not in logs.text.split(":")[0], logs.text  # not the configuration file's path


_SHELVES = ("Each shelf can hold up to 25 kg when the brackets are fixed to a wall.\n\n"
            "The drawer below holds 12 litres and is lined with felt.\n\n"
            "The central bank holds EUR 45 billion in foreign reserves.")


@pytest.mark.parametrize(("question", "said", "unsaid"), [
    ("How much can each shelf hold?", "25 kg", "12 litres"),  # the drawer's litres are not the shelf's
    ("How much weight can the shelf hold?", "25 kg", "12 litres"),
    ("How much does the bank hold in reserves?", "45 billion", "12 litres"),
])
def test_a_capacity_is_of_the_thing_asked(question: str, said: str, unsaid: str) -> None:
    answer = engine_of(_SHELVES).answer(question, Dialogue())
    assert answer.found and said in answer.text and unsaid not in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "What language was spoken in the past?", "What did people use to eat?", "What was the main street called before?",
    "What did he do before?", "What were the Sunday opening hours before?",
])
def test_a_question_about_the_past_asks_no_previous_value(question: str) -> None:
    assert value_kind(question) != "previous"


@pytest.mark.parametrize(("text", "values"), [
    ("Until then it had been closed on Sundays since 2010.", ()),  # a year is no value it had
    ("Opening hours have changed and are now from 7 to 21 on Sundays.", ()),  # the new hours
    ("The thermostat is used to keep the water between 40 and 60 degrees.", ()),  # "used to": a purpose
    ("Formerly the city had 12 districts; today it has 7.", ("12 districts",)),
    ("Previously the limit was 90 minutes on older models.", ("90 minutes",)),
])
def test_what_is_no_value_before_a_change(text: str, values: tuple[str, ...]) -> None:
    assert values_of("previous", text) == values


@pytest.mark.parametrize(("document", "question", "first"), [
    ("Students pay EUR 20 instead of EUR 30.", "How much do students pay?", "EUR 20:"),  # not "EUR 20 instead"
    ("From 1 January the monthly fee rose from EUR 25 to EUR 40.", "How much did the fee rise?", "From 1 January"),
    ("The thermostat is used to keep the water between 40 and 60 degrees.",
     "What temperature does the thermostat keep the water at?", "The thermostat"),  # no one end of the range
])
def test_the_short_answer_of_a_change_is_the_value_asked(document: str, question: str, first: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert answer.found and answer.text.startswith(first), answer.text


def test_a_path_answers_where_a_file_is_and_no_other_where() -> None:
    engine = engine_of("Setup\n\nThe configuration file is /etc/tarnfeld/tarnfeld.toml.\n\nNotifications are set "
                       "under Profile > Preferences > Notifications. Exports go to /var/lib/reportly/exports.")
    config = engine.answer("Where is the configuration file?", Dialogue())
    assert config.found and config.text.startswith("/etc/tarnfeld/tarnfeld.toml"), config.text  # no "at" needed
    settings = engine.answer("Where do I find the notification settings?", Dialogue())
    assert "Preferences" in settings.text and "/var/lib" not in settings.text.split(":")[0], settings.text


def test_the_time_of_day_nearest_the_question_words_is_the_short_answer() -> None:
    engine = engine_of("Branches\n\nCentral Library: address 14 Market Square, Eastmoor EM1 2AB, Monday to friday 9:00 "
                       "to 20:00, saturday 9:00 to 17:00, sunday 12:00 to 16:00.\n\nMillbrook Library is smaller.")
    answer = engine.answer("What time does the main library on Market Square open on weekdays?", Dialogue())
    assert answer.found and answer.text.startswith("9:00 to 20:00"), answer.text


def test_how_fast_they_reply_is_how_long_it_takes_not_a_speed() -> None:
    assert value_kind("How fast do they reply?") == "response"
    assert value_kind("How fast is the train?") == "speed"
    engine = engine_of("Contact\n\nThe coffee runs too fast and tastes sour when the grind is too coarse.\n\n"
                       "By email, write to care@example.eu; we answer within two working days.")
    answer = engine.answer("How fast do they answer emails?", Dialogue())
    assert answer.found and "two working days" in answer.text, answer.text


@pytest.mark.parametrize(("question", "said"), [
    ("Is the indoor hall open on Sundays?", "every day from 6:30 to 23:00"),  # its hours, not the day it opened
    ("Is the bar open on Mondays?", "closed on Mondays"),
])
def test_whether_it_is_open_on_a_day_is_read_from_its_hours_or_closing_days(tmp_path: Path, question: str,
                                                                              said: str) -> None:
    answer = suite_engine("club", tmp_path).answer(question, Dialogue())  # a tester's tennis club
    assert answer.found and said in answer.text, answer.text


@pytest.mark.parametrize(("question", "kind"), [
    ("How fast does the pump deliver water?", "speed"),  # a rate, not how long a reply takes
    ("How fast does the server process requests?", "speed"),
    ("How quickly will I get a refund?", "response"),
])
def test_how_fast_asks_how_long_only_of_a_reply_or_a_delivery(question: str, kind: str) -> None:
    assert value_kind(question) == kind


def test_an_age_written_after_a_name_is_that_persons() -> None:
    engine = engine_of("Clinic\n\nDr Anna Berg, 52, heads the clinic and has worked here since 2001.\n\n"
                       "The old building is 90 years old.")
    answer = engine.answer("How old is Anna Berg?", Dialogue())
    assert answer.found and "Anna Berg, 52" in answer.text, answer.text  # not the building's 90 years
    assert values_of("age", "In Paris, 75, rue de Rivoli is a shop.") == ()  # a place and a street number
