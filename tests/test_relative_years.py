"""A year a sentence names only by reference to an earlier one ("During the same year, …")."""

from __future__ import annotations

import re

import pytest

from retrieval.dialogue import Dialogue
from retrieval.relative_years import referred_year
from tests.engine_support import engine_of


def _before(*texts: str, counts: tuple[str, ...] = ()):
    """``earlier(k)`` over ``texts``, the nearest last, with the years each writes (every four
    digits but ``counts``, which the analysis reads as counts)."""
    def years(text: str) -> frozenset[str]:
        return frozenset(re.findall(r"\b\d{4}\b", text)) - set(counts)
    return lambda k: (texts[-k], years(texts[-k])) if k <= len(texts) else None


@pytest.mark.parametrize(("text", "expected"), [
    ("During the same year, an investor donated $300 million.", "2008"),
    ("The following year the library opened.", "2009"),
    ("Two years later the school closed.", "2010"),
    ("A year earlier a fire had damaged it.", "2007"),
    ("That year the club won the cup.", "2008"),
])
def test_a_reference_counts_from_the_last_year_written_before(text: str, expected: str) -> None:
    earlier = _before("The museum was founded in 1990.", "In 2008, the university announced a plan.")
    assert referred_year(text, earlier) == expected


def test_no_year_without_a_reference_or_with_a_year_of_its_own() -> None:
    earlier = _before("In 2008, the university announced a plan.")
    assert referred_year("An investor donated $300 million.", earlier) == ""
    assert referred_year("In 1990 and again the following year it flooded.", earlier) == ""


def test_a_count_is_no_year_and_a_comparison_refers_to_none() -> None:
    earlier = _before("Acme was founded in 1990 in Leeds.", "By then the firm had 1200 employees.", counts=("1200",))
    assert referred_year("The following year, Acme moved to Berlin.", earlier) == "1991"
    assert referred_year("Compared with the previous year, Acme cut its costs by half.",
                         _before("Acme reported revenue of $5 million in 2019.")) == ""


def test_the_year_referred_to_is_looked_for_only_a_few_sentences_back() -> None:
    far = _before("In 2008, the university announced a plan.", "It was praised.", "It was criticised.",
                  "It was revised.")
    assert referred_year("The same year it was dropped.", far) == ""
    assert referred_year("The same year it was dropped.", _before("It was praised.")) == ""  # none at all


GIFTS = """The Gifts

In 2008, the university announced plans to build a new institute. The institute will cost around \
$200 million. During the same year, investor Dana Brook donated $300 million to the business school. \
In 2009, construction began on several new buildings.
"""


def test_a_count_before_is_no_year_to_the_engine() -> None:
    text = "Acme\n\nAcme was founded in 1990 in Leeds. By then the firm had 1200 employees. The following year, \
Acme moved its headquarters to Berlin.\n"
    engine = engine_of(text, "acme", "Acme")
    answer = engine.answer("In what year did Acme move its headquarters to Berlin?", Dialogue())
    assert "1201" not in answer.text and "1200:" not in answer.text


def test_in_which_year_is_answered_by_the_year_referred_to() -> None:
    engine, dialogue = engine_of(GIFTS, "gifts", "The Gifts"), Dialogue()
    first = engine.answer("How much did Dana Brook donate?", dialogue)
    assert first.found and "$300 million" in first.text
    year = engine.answer("In which year?", dialogue)
    assert year.found and year.text.startswith("2008")
