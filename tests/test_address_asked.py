""""What is its address?" is answered by a sentence that writes an address."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.number_values import value_kind, values_of

OFFICES = """# Our offices

## Lisbon

The Lisbon office is at Rua da Prata 120, 1100-420 Lisboa. It opened on 15 April 2021 and is our newest office.

## Rotterdam

Rotterdam is our head office, where about 180 people work. It opened in 1994.
"""


@pytest.mark.parametrize(("question", "kind"), [
    ("What is its address?", "address"),
    ("What is the address of the Lyon office?", "address"),
    ("What is your email address?", "email"),
    ("What is the web address?", ""),
    ("How do I address a letter to the board?", ""),
    ("Where is the clinic?", "whereabouts"),
    ("Where is the Christmas tournament held?", ""),  # an event's place, not an address
    ("Where was Chopin born?", ""),
])
def test_an_address_is_asked_for_as_a_noun(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("text", "found"), [
    ("The Lisbon office is at Rua da Prata 120, 1100-420 Lisboa.", ("Rua da Prata 120", "1100-420 Lisboa")),
    ("Central Library: address 14 Market Square, Eastmoor EM1 2AB.", ("14 Market Square", "EM1 2AB")),
    ("Berlin: Friedrichstrasse 88, phone +49 30 555 0200.", ("Friedrichstrasse 88",)),
    ("It has 120 seats and opened in 1998.", ()),
    ("The 2025 Club Championship was won by Anna Berg.", ()),  # a year and a name
    ("Formed in 1946, Sierra Sky Park is an airport community.", ()),
    ("Since 2004 Park Lane has been home to our second practice.", ()),  # a year before a street
])
def test_an_address_is_a_street_and_number_or_a_postcode(text: str, found: tuple[str, ...]) -> None:
    assert values_of("address", text) == found


def test_a_follow_up_asking_its_address_reads_the_sentence_that_writes_one(tmp_path: Path) -> None:
    (tmp_path / "offices.md").write_text(OFFICES, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    assert "15 April 2021" in engine.answer("Which office opened most recently?", dialogue).text
    answer = engine.answer("What is its address?", dialogue)
    assert answer.found and "Rua da Prata 120" in answer.text


CLINIC = """# Bright Smile Dental Clinic

Dr. Helena Marsh is the clinic director and a general dentist.
Bright Smile Dental Clinic is at 14 Linden Street, Riverton, next to the central library.
"""


def test_where_a_place_is_is_read_from_its_address(tmp_path: Path) -> None:
    (tmp_path / "clinic.md").write_text(CLINIC, encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Where is the clinic?", Dialogue())
    assert answer.found and "14 Linden Street" in answer.text


def test_where_a_place_is_needs_no_address_where_none_is_written(tmp_path: Path) -> None:
    text = "# Cafe\n\nThe café is in the old harbour building in Duluth.\n"
    (tmp_path / "cafe.md").write_text(text, encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Where is the café?", Dialogue())
    assert answer.found and "Duluth" in answer.text


SHOP = """# Greenleaf Books

Greenleaf Books is at 12 Station Road, Riverton.
The nearest station is Riverton Central, a five-minute walk from the shop.
"""


def test_an_address_is_of_what_its_sentence_names_besides_it(tmp_path: Path) -> None:
    (tmp_path / "shop.md").write_text(SHOP, encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Where is the nearest station?", Dialogue())
    assert answer.text.startswith("The nearest station is Riverton Central")  # not "12 Station Road"
