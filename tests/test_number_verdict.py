"""A yes-or-no question about an amount is settled by the amount the documents write."""

from __future__ import annotations

import pytest
from engine_support import engine_of

from retrieval.dialogue import Dialogue
from retrieval.number_verdict import Amount, asked_amount, settled

POLICY = """Travel policy

Hotel costs are reimbursed up to 150 euros per night.
Every full-time employee gets 28 days of paid holiday per year.
The office opened in 2004.
"""


@pytest.mark.parametrize(("question", "amount"), [
    ("Is the hotel limit 200 euros per night?", Amount("200", "euro")),
    ("Is the hotel limit €200?", Amount("200", "euro")),
    ("Do employees get 30 days of holiday?", Amount("30", "day")),
    ("Is the hotel limit more than 100 euros?", None),  # a comparison, not a match
    ("Is it 200 euros or 300 euros?", None),
    ("Is the office open until 20:00?", None),
])
def test_the_amount_a_question_asks_about(question: str, amount: Amount | None) -> None:
    assert asked_amount(question) == amount


def test_an_amount_is_settled_only_by_one_in_its_unit() -> None:
    assert settled(Amount("200", "euro"), "Hotel costs are reimbursed up to 150 euros per night.") == "No"
    assert settled(Amount("150", "euro"), "Hotel costs are reimbursed up to €150 per night.") == "Yes"
    assert settled(Amount("200", "euro"), "Hotel costs are reimbursed for 3 nights.") is None


@pytest.mark.parametrize(("question", "reply"), [
    ("Is the hotel limit 200 euros per night?", "No: Hotel costs are reimbursed up to 150 euros per night."),
    ("Is the hotel limit 150 euros per night?", "Yes: Hotel costs are reimbursed up to 150 euros per night."),
    ("Do employees get 30 days of holiday?", "No: Every full-time employee gets 28 days of paid holiday per year."),
])
def test_a_question_about_an_amount_is_answered_yes_or_no(question: str, reply: str) -> None:
    answer = engine_of(POLICY, "policy", "Travel policy").answer(question, Dialogue())
    assert answer.found and answer.text == reply


@pytest.mark.parametrize(("question", "text", "verdict"), [
    ("Is the annual fee 25 euros?", "The annual fee rose from €25 to €40 in 2024.", None),  # a change
    ("Is a day pass 15 euros?", "A day pass costs between 10 and 20 euros.", None),  # a range
    ("Is a child ticket 20 euros?", "Adult tickets cost 20 euros and child tickets cost 10 euros.", None),
    ("Is the hotel limit 150 euros per night?", "Hotels are paid up to 150 euros per week.", None),
    ("Is the grant 2 million euros?", "The grant was 2 million dollars.", None),  # another currency
    ("Is the deposit 30 euros?", "The late fee is 30 euros. A refundable deposit is also required.", None),
    ("Is the returns window 14 days?", "Returns are accepted within 30 days. Refunds are paid within 14 days.", "No"),
])
def test_an_amount_settles_only_its_own_sentence_and_one_amount(question: str, text: str, verdict: str | None) -> None:
    from retrieval.analyzer import terms

    amount = asked_amount(question)
    assert amount is not None
    assert settled(amount, text, tuple(terms(question)), question) == verdict
