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
])
def test_an_address_is_asked_for_as_a_noun(question: str, kind: str) -> None:
    assert value_kind(question) == kind


@pytest.mark.parametrize(("text", "found"), [
    ("The Lisbon office is at Rua da Prata 120, 1100-420 Lisboa.", ("Rua da Prata 120", "1100-420 Lisboa")),
    ("Central Library: address 14 Market Square, Eastmoor EM1 2AB.", ("14 Market Square", "EM1 2AB")),
    ("Berlin: Friedrichstrasse 88, phone +49 30 555 0200.", ("Friedrichstrasse 88",)),
    ("It has 120 seats and opened in 1998.", ()),
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
