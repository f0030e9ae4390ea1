"""A table's cell found by the one thing its row lists, the question word, or another table."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.analyzer import terms
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

BORROWING = """# Borrowing

## Loan periods

| Item | Loan period | Renewals allowed | Most you can borrow |
|---|---|---|---|
| Books (adult and children's) | 3 weeks | 3 | 20 |
| DVDs and Blu-ray discs | 1 week | 1 | 5 |
| Laptops | 4 hours, for use inside the building | None | 1 |

## Late charges

| Item | Charge per day late | Maximum charge per item |
|---|---|---|
| Books and audiobooks | 25p | £6.00 |
| DVDs and Blu-ray discs | £1.00 | £10.00 |

## Children

Children's cards have no late charges at all.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("library")
    (folder / "borrowing.md").write_text(BORROWING, encoding="utf-8")
    return Engine.from_folder(Path(folder))


def test_an_abbreviations_plural_is_the_abbreviation() -> None:
    assert terms("DVDs") == terms("DVD") and terms("NGOs") == terms("NGO")
    assert terms("FOCUS") == ["focus"]


def test_how_long_asks_for_the_one_cell_that_is_a_duration(engine: Engine) -> None:
    answer = engine.answer("How long can I keep a DVD?", Dialogue())
    assert answer.found
    assert answer.text == "DVDs and Blu-ray discs — loan period: 1 week."  # the cell, not the whole row


def test_a_header_of_several_words_is_read_whole(engine: Engine) -> None:
    answer = engine.answer("How many DVDs can I borrow at most?", Dialogue())
    assert answer.found
    assert answer.text == "DVDs and Blu-ray discs — most you can borrow: 5."


def test_a_charge_asked_of_a_row_is_found_in_the_table_that_has_it(engine: Engine) -> None:
    answer = engine.answer("What's the fine for a book that comes back late?", Dialogue())
    assert answer.found
    assert answer.text == "Books and audiobooks — charge per day late: 25p."


def test_a_qualifier_no_row_explains_still_asks_of_something_else(engine: Engine) -> None:
    answer = engine.answer("What is the late charge for children?", Dialogue())
    assert "25p" not in answer.text and "£1.00" not in answer.text


PETS = """# Pet hotel

## Boarding

| Animal | Price per night |
|---|---|
| Cats and kittens | £15 |
| Dogs or puppies | £25 |

## Extras

| Service | Price |
|---|---|
| Grooming for dogs | £30 |
"""


def test_a_word_naming_another_row_asks_of_that_row(tmp_path: Path) -> None:
    (tmp_path / "pets.md").write_text(PETS, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    night = engine.answer("How much is a night for a cat?", Dialogue())
    assert night.text == "Cats and kittens — price per night: £15."
    assert "£15" not in engine.answer("How much is grooming for cats?", Dialogue()).text
