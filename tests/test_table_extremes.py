"""A superlative over a table's column: the row with the largest or smallest value."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.compose_table import asked_extreme
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

PRICES = """# Our teas

All teas are sold loose in 100-gram tins.

| Tea | Price | Weight |
|---|---|---|
| Darjeeling First Flush | $24.50 | 100 g |
| Assam Breakfast | $9 | 250 g |
| Jasmine Pearls | $1,200 | 50 g |
| Sencha | $12 | 100 g |

Prices include sales tax.
"""

ROOMS = """# Meeting rooms

| Room | Capacity | Floor |
|---|---|---|
| Birch | 8 | 2 |
| Cedar | 40 | 1 |
| Maple | 12 | 3 |
"""

PROSE = """Lakeside is the largest town in the county. Its oldest building is the mill, built in 1802.
The town's cheapest bakery sells bread for a dollar.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("shop")
    (folder / "teas.md").write_text(PRICES, encoding="utf-8")
    (folder / "rooms.md").write_text(ROOMS, encoding="utf-8")
    (folder / "town.txt").write_text(PROSE, encoding="utf-8")
    return Engine.from_folder(Path(folder))


@pytest.mark.parametrize(("question", "row", "cell"), [
    ("Which is your most expensive tea?", "Jasmine Pearls", "$1,200"),  # thousands separator read whole
    ("What is the cheapest tea?", "Assam Breakfast", "$9"),
    ("Which tea costs the least?", "Assam Breakfast", "$9"),
    ("Which tea has the highest price?", "Jasmine Pearls", "$1,200"),
    ("Which tea is the heaviest?", "Assam Breakfast", "250 g"),
    ("Which is the biggest meeting room?", "Cedar", "40"),
    ("Which meeting room has the smallest capacity?", "Birch", "8"),
])
def test_the_row_with_the_extreme_value(engine: Engine, question: str, row: str, cell: str) -> None:
    answer = engine.answer(question, Dialogue())
    assert answer.found and answer.text.startswith(row), answer.text
    assert cell in answer.text
    assert answer.citations and answer.citations[0].quote.startswith(f"{row}:")


def test_the_table_the_question_is_about_is_chosen(engine: Engine) -> None:
    # both tables have a number column a "least" can measure; "tea" names the teas' table
    answer = engine.answer("Which tea has the lowest weight?", Dialogue())
    assert answer.found and answer.text.startswith("Jasmine Pearls"), answer.text


def test_a_superlative_no_table_measures_goes_to_the_sentences(engine: Engine) -> None:
    answer = engine.answer("What is the largest town in the county?", Dialogue())
    assert answer.found and "Lakeside" in answer.text
    assert not answer.text.startswith(("Birch", "Cedar", "Maple"))


def test_a_tie_names_every_row(tmp_path: Path) -> None:
    (tmp_path / "menu.md").write_text("| Dish | Price |\n|---|---|\n| Soup | $6 |\n| Salad | $6 |\n| Steak | $20 |\n",
                                      encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("What is the cheapest thing on the menu?", Dialogue())
    assert answer.found and answer.text.startswith(("Soup and Salad are", "Salad and Soup are")), answer.text


@pytest.mark.parametrize("question", ["Which forest is the best?", "What is the interest rate?",
                                      "Who was the first president?", "What is the most popular sport?"])
def test_no_column_is_read_into_other_words(question: str) -> None:
    extreme = asked_extreme(question)
    assert extreme is None or extreme.columns == (frozenset({"popular"}),)
