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


def _ask(tmp_path: Path, files: dict[str, str], question: str) -> str:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer(question, Dialogue())
    return answer.text if answer.found else ""


def test_two_tables_of_one_document_are_two_tables(tmp_path: Path) -> None:
    shop = ("# Our shop\n\n## Coffee\n\n| Coffee | Price |\n|---|---|\n| House | $15 |\n| Kenya | $19 |\n\n"
            "## Grinders\n\n| Grinder | Price |\n|---|---|\n| Hand grinder | $40 |\n| Electric grinder | $300 |\n")
    assert _ask(tmp_path, {"shop.md": shop}, "Which is your most expensive coffee?").startswith("Kenya")


def test_prose_with_a_colon_is_no_row(tmp_path: Path) -> None:
    shop = ("# Coffee\n\n| Coffee | Price |\n|---|---|\n| House | $15 |\n| Kenya | $19 |\n\n"
            "Note: the price of every coffee includes tax of 2 dollars.\n")
    assert _ask(tmp_path, {"shop.md": shop}, "Which coffee is the cheapest?").startswith("House")


def test_a_superlative_the_prose_states_is_the_prose_s(tmp_path: Path) -> None:
    parks = ("# City parks\n\n| Park | Size |\n|---|---|\n| Forest Park | 5,100 acres |\n| Laurelhurst | 31 acres |\n\n"
             "Portland is the largest city in Oregon.\n")
    assert "Portland" in _ask(tmp_path, {"parks.md": parks}, "What is the largest city in Oregon?")


@pytest.mark.parametrize(("question", "row"), [
    ("Which city has the highest temperature?", "Rome"), ("Which city has the lowest temperature?", "Oslo"),
])
def test_negative_numbers_keep_their_sign(tmp_path: Path, question: str, row: str) -> None:
    temps = ("# Winter temperatures\n\n| City | Temperature |\n|---|---|\n"
             "| Oslo | −12 °C |\n| Rome | 8 °C |\n| Berlin | -3 °C |\n")
    assert _ask(tmp_path, {"temps.md": temps}, question).startswith(row)


def test_a_decimal_comma_is_a_decimal(tmp_path: Path) -> None:
    teas = "# Teas\n\n| Tea | Price |\n|---|---|\n| Assam | 12,50 € |\n| Sencha | 120 € |\n| Mint | 9,90 € |\n"
    assert _ask(tmp_path, {"teas.md": teas}, "Which is the cheapest tea?").startswith("Mint")


def test_a_long_table_is_read_whole(tmp_path: Path) -> None:
    rows = "".join(f"| Item {i} | ${10 + i % 50} |\n" for i in range(999)) + "| Item 999 | $9999 |\n"
    items = f"# Items\n\n| Item | Price |\n|---|---|\n{rows}"
    assert _ask(tmp_path, {"items.md": items}, "Which item is the most expensive?").startswith("Item 999 is")


def test_a_bare_superlative_is_not_refused_for_its_adjective(tmp_path: Path) -> None:
    menu = "# Menu\n\n| Dish | Price |\n|---|---|\n| Soup | $6 |\n| Steak | $20 |\n"
    assert _ask(tmp_path, {"menu.md": menu}, "Which is the most expensive?").startswith("Steak")


MODELS = """# Specifications

| Specification | Kettle One | Kettle Max |
|---|---|---|
| Weight | 1.1 kg | 1.9 kg |
| Noise while boiling | 61 dB | 55 dB |
| Price | 39 euros | 89 euros |
"""


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("kettles")
    (folder / "specs.md").write_text(MODELS, encoding="utf-8")
    return Engine.from_folder(Path(folder))


@pytest.mark.parametrize(("question", "model", "cell"), [
    ("Which one is lighter?", "Kettle One", "1.1 kg"),  # a comparative, over columns of things compared
    ("Which model is quieter?", "Kettle Max", "55 dB"),
    ("Which is more expensive?", "Kettle Max", "89 euros"),
    ("Which kettle is the heaviest?", "Kettle Max", "1.9 kg"),
])
def test_the_column_with_the_extreme_value_of_a_row(models: Engine, question: str, model: str, cell: str) -> None:
    answer = models.answer(question, Dialogue())  # (the row writes the headers as its table does)
    assert answer.found and answer.text.lower().startswith(model.lower()), answer.text
    assert cell in answer.text


def test_a_comparison_naming_both_sides_is_no_extreme() -> None:
    assert asked_extreme("Is the Kettle Max lighter than the Kettle One?") is None
    assert asked_extreme("Which water filter fits?") is None  # "water" is no comparative


def test_a_comparison_reads_only_a_row_of_its_things_in_one_unit(tmp_path: Path) -> None:
    (tmp_path / "specs.md").write_text(
        "# Blenders\n\nWeight: Blendo A 2 kg, Blendo B 3 kg.\n\nPower: Blendo A 900 W, Blendo B 1.2 kW.\n\n"
        "# Mixers\n\nWeight: Model X100 11.2 kg, Model X200 6.8 kg.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    lighter = engine.answer("Which mixer model is lighter?", Dialogue())
    assert lighter.text.startswith("Model X200 is lighter"), lighter.text  # a label's digits are its own
    assert not engine.answer("Which toaster is lighter?", Dialogue()).text.startswith(("Blendo", "Model"))
    assert not engine.answer("Which blender is more powerful?", Dialogue()).text.startswith("Blendo")  # W and kW


HOURS = """# Opening hours

| Day | Opens | Closes |
|---|---|---|
| Monday | 8:00 | 18:00 |
| Wednesday | 10:00 | 20:30 |
| Saturday | 9:00 | 13:00 |
"""

RANGES = """# Branches

| Branch | Hours |
|---|---|
| Central | 9:00 to 20:00 |
| Millbrook | 10 am to 6 pm |
"""


@pytest.mark.parametrize(("question", "reply"), [
    ("Which day are you open latest?", "Wednesday is the latest (closes 20:30)."),
    ("Which day do you open earliest?", "Monday is the earliest (opens 8:00)."),
    ("Which day do you close earliest?", "Saturday is the earliest (closes 13:00)."),
])
def test_the_latest_and_earliest_times_of_an_hours_table(tmp_path: Path, question: str, reply: str) -> None:
    (tmp_path / "hours.md").write_text(HOURS, encoding="utf-8")
    assert Engine.from_folder(tmp_path).answer(question, Dialogue()).text == reply


def test_a_range_of_hours_closes_at_its_end_and_opens_at_its_start(tmp_path: Path) -> None:
    (tmp_path / "branches.md").write_text(RANGES, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("Which branch is open latest?", Dialogue()).text.startswith("Central is the latest")
    assert engine.answer("Which branch opens earliest?", Dialogue()).text.startswith("Central is the earliest")


NIGHTS = """# Bar hours

| Day | Opens | Closes |
|---|---|---|
| Thursday | 18:00 | 23:00 |
| Friday | 18:00 | 00:30 |
| Sunday | 12:00 | 24 hours |
"""


def test_a_closing_time_after_midnight_is_late_and_a_cell_of_no_time_is_none(tmp_path: Path) -> None:
    (tmp_path / "bar.md").write_text(NIGHTS, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("Which day are you open latest?", Dialogue()).text == "Friday is the latest (closes 00:30)."
    assert engine.answer("Which day do you close earliest?", Dialogue()).text.startswith("Thursday is the earliest")


@pytest.mark.parametrize("question", ["What is the latest news?", "When is the earliest appointment?",
                                      "Which is the latest?"])
def test_latest_or_earliest_of_no_opening_hours_is_not_an_hours_tables(question: str) -> None:
    assert asked_extreme(question) is None
