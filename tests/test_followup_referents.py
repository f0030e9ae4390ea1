"""Follow-ups on an unseen document: "he" is the person the last answer named, and a
follow-up is answered only by a sentence that holds its own words (or a value of its kind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.analyzer import terms
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from tests.engine_support import engine_of, suite_engine

RIVER = """The Long River

The first European to sail the whole length of the Long River was Tomas Verde in 1542.

His account describes large towns along the banks, which later vanished, probably because of smallpox.

The river is 1,200 miles long and drains a basin of 300,000 square miles.

The harbour of Port Amber, at the river's mouth, was built by Ana Costa in 1788. She died in 1801.
"""


def _engine() -> Engine:
    return engine_of(RIVER, "river", "The Long River")


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


HANDBOOK = "\n\n".join([
    "Staff Handbook",
    "Karim Haddad is the Payroll Lead. He answers questions about salary slips, tax forms and deductions, "
    "at payroll@example.org.",
    "Before your first day, your manager sends you a welcome email with your start time.",
    "Employees who work from home receive a monthly allowance for electricity and internet. "
    "From 1 March 2025 the allowance rose from EUR 25 to EUR 40 per month.",
    "Most roles can be done partly from home, for up to three days a week.",
])


def _handbook() -> Engine:
    return engine_of(HANDBOOK, "handbook", "Staff Handbook")


def test_his_is_the_person_the_last_answer_named_and_his_email_is_its_address() -> None:
    engine, dialogue = _handbook(), Dialogue()
    assert "Karim Haddad" in engine.answer("Who do I ask about my salary slip?", dialogue).text
    then = engine.answer("What's his email?", dialogue)
    assert then.found and then.text.startswith("payroll@example.org"), then.text


def test_what_it_was_before_is_the_value_a_change_went_from_and_since_when_its_date() -> None:
    engine, dialogue = _handbook(), Dialogue()
    now = engine.answer("How much is the home working allowance now?", dialogue)
    assert now.found and now.text.startswith("EUR 40"), now.text  # the value it changed to
    before = engine.answer("What was it before?", dialogue)
    assert before.found and before.text.startswith("EUR 25"), before.text
    since = engine.answer("Since when?", dialogue)
    assert since.found and "2025" in since.text.split(":")[0], since.text


HOLIDAYS = "\n\n".join([
    "Leave and Holidays",
    "Each office follows the public holidays of its own country. The company also closes all offices on "
    "Company Day, which in 2026 is Friday 3 July.",
    "- New Year's Day: 1 January\n- King's Day: 27 April\n- Liberation Day: 5 May",
])


def test_a_day_of_a_month_without_its_year_answers_when_and_this_year_is_no_referent() -> None:
    engine, dialogue = engine_of(HOLIDAYS, "leave", "Leave and Holidays"), Dialogue()
    kings = engine.answer("When is King's Day?", dialogue)
    assert kings.found and kings.text.startswith("27 April"), kings.text  # not "April"
    company = engine.answer("When is Company Day this year?", dialogue)  # a new question, not about King's Day
    assert company.found and company.text.startswith("Friday 3 July"), company.text  # not "2026"


def test_an_email_address_far_from_the_person_is_not_given_as_theirs() -> None:
    text = ("Staff\n\nAnna Berg leads the payroll team and answers questions about salaries and tax forms; for "
            "problems with the HR portal, laptops or passwords, write to the IT helpdesk at it-help@acme.example.")
    engine = engine_of(text, "staff", "Staff")
    reply = engine.answer("What is Anna Berg's email address?", Dialogue())
    assert not reply.text.startswith("it-help@"), reply.text  # the helpdesk's address, not hers


def test_their_is_the_shops_not_the_last_answers() -> None:
    text = ("Greenleaf FAQ\n\nGreenleaf was founded by Maria Costa in 2012.\n\nWe ship to all EU countries. "
            "Standard delivery takes 3 to 5 working days.\n\nYou can return any item within 30 days of delivery "
            "for a full refund.")
    engine, dialogue = engine_of(text, "faq", "Greenleaf FAQ"), Dialogue()
    engine.answer("How long does standard delivery take?", dialogue)
    reply = engine.answer("What is their return policy?", dialogue)
    assert "30 days" in reply.text, reply.text  # the returns sentence, not the delivery one again


def test_a_follow_up_with_words_of_its_own_is_answered_by_the_sentence_that_holds_its_rarest(tmp_path: Path) -> None:
    engine, dialogue = suite_engine("history", tmp_path), Dialogue()  # a tester's three articles
    assert "DeWitt Clinton" in engine.answer("Who championed the Erie Canal?", dialogue).text
    then = engine.answer("What did his opponents call the project?", dialogue)
    assert "Clinton's Ditch" in then.text, then.text  # not the champion's sentence again


@pytest.mark.parametrize(("text", "question", "first"), [
    ("Born in 1812, Dickens died on 9 June at Gad's Hill.", "When was Dickens born?", "1812"),  # not "9 June"
    ("Born in 1812, Dickens died on 9 June at Gad's Hill.", "When did Dickens die?", "9 June"),  # the nearer date
    ("The 2026 summer fair is on Saturday 13 June.", "When is the summer fair?", "Saturday 13 June"),  # a year names it
    ("In 2026, Easter Monday falls on 6 April.", "When is Easter Monday?", "6 April"),  # a year dates the day
    ("The shop is closed on 24 December until 2 pm for the staff party.", "What day is the shop closed?",
     "24 December:"),  # not "24 December until 2"
    ("The sale runs 3-7 May in every shop.", "When does the sale run?", "3-7 May"),  # the span whole
    ("The market is held on 5 May 10:00-14:00.", "When is the market held?", "5 May"),  # no "May 10"
])
def test_a_day_of_a_month_is_read_whole_and_only_where_no_year_answers(text: str, question: str, first: str) -> None:
    answer = engine_of(f"Notes\n\n{text}", "notes", "Notes").answer(question, Dialogue())
    assert answer.found and answer.text.startswith(first), answer.text


def test_that_year_is_the_year_of_the_last_answer() -> None:
    text = "\n\n".join([
        "Riverton",
        "Riverton was founded in 1820 by settlers from Ohio. The railway reached Riverton in 1871, and the population "
        "grew to 12,000 by 1880.",
        "In 1871 a great fire destroyed most of the wooden buildings on Main Street. The town's first school opened "
        "in 1825.",
        "The Riverton Bridge opened in 1932. That year, the town also built its first airport.",
    ])
    engine, dialogue = engine_of(text, "town", "Riverton"), Dialogue()
    assert "1871" in engine.answer("When did the railway reach Riverton?", dialogue).text
    then = engine.answer("What was destroyed that year?", dialogue)
    assert then.found and "great fire" in then.text, then.text  # 1871's fire, not 1932's "That year"


def test_the_window_of_a_follow_up_stands_where_its_own_words_are(tmp_path: Path) -> None:
    engine, dialogue = suite_engine("university_of_chicago", tmp_path), Dialogue()
    assert "Rockefeller" in engine.answer("Which oil magnate gave money to start the university?", dialogue).text
    then = engine.answer("Could his money be used for buildings?", dialogue)
    assert "could not be used for buildings" in then.text, then.text  # not cut off in the sentence before


def test_a_follow_up_is_answered_by_the_sentence_holding_its_own_words_not_the_last_paragraph(tmp_path: Path) -> None:
    engine, dialogue = suite_engine("library", tmp_path), Dialogue()  # a tester's library
    engine.answer("How much does it cost for our charity to rent the Hartley Room?", dialogue)
    engine.answer("What was the price before it went up?", dialogue)
    then = engine.answer("How many people does it seat?", dialogue)
    assert then.found and "seats 40" in then.text, then.text  # the room's row, not the news of its price


def test_a_follow_up_is_not_answered_from_the_last_paragraph_by_a_sentence_without_its_words(tmp_path: Path) -> None:
    engine, dialogue = suite_engine("product_manual", tmp_path), Dialogue()  # a tester's manual
    assert "1.2 metres" in engine.answer("How long is the power cable?", dialogue).text
    then = engine.answer("How far from the wall should it stand?", dialogue)
    assert "10 cm" in then.text and "power cord" not in then.text, then.text  # the wall's, even if unsure


def test_a_follow_up_the_topic_reads_wrongly_is_answered_on_its_own_words(tmp_path: Path) -> None:
    """"How many towns sent delegates to it?" after the last Diet's date: read with the topic
    the reader is unsure, read on its own words it finds the towns that sent representatives."""
    engine, dialogue = suite_engine("history", tmp_path), Dialogue()
    engine.answer("When did the Hanseatic towns first hold a general assembly?", dialogue)
    engine.answer("When was the last one held?", dialogue)
    reply = engine.answer("How many towns sent delegates to it?", dialogue)
    assert reply.found and "nine towns" in reply.text
