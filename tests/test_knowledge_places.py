"""Places named in a sentence (knowledge.places)."""

from __future__ import annotations

import pytest

from knowledge.places import find_places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The third SPD was held on December 10, 2014 in Washington, D.C. The sides met.",
                     ["Washington, D.C."], id="in-washington-dc"),
        pytest.param("The first session was held on November 2, 2015, when Secretary Kerry visited Nur-Sultan.",
                     ["Nur-Sultan"], id="visited-hyphenated"),
        pytest.param("In 2013, Washington hosted the second SPD meeting.", ["Washington"], id="hosted"),
        pytest.param("Water projects around Almaty were discussed.", ["Almaty"], id="around"),
        pytest.param("Secretary of State John Kerry traveled to Astana on November 2, 2015.", ["Astana"],
                     id="traveled-to"),
        pytest.param("The fifth SPD took place in New York City.", ["New York City"], id="multi-word"),
        pytest.param("They discussed the conflict in eastern Ukraine.", ["Ukraine"], id="direction-adjective"),
        pytest.param("The summit was held in Port Elena and later in Saltmarsh.", ["Port Elena", "Saltmarsh"],
                     id="two-places-in-order"),
        pytest.param("The third fair was held in 2019 in Second Street.", ["Second Street"], id="an-ordinal-street"),
    ],
)
def test_places(text: str, expected: list[str]) -> None:
    assert [p.name for p in find_places(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("They met in December 2014.", id="month"),
        pytest.param("They met in March.", id="bare-month"),
        pytest.param("It was discussed in the Strategic Partnership Dialogue.", id="event"),
        pytest.param("The statement came from the Ministry of Foreign Affairs.", id="ministry"),
        pytest.param("He spoke to the United Nations General Assembly.", id="assembly"),
        pytest.param("He handed the letter to Secretary Kerry.", id="role"),
        pytest.param("In accordance with the Action Plan, they met.", id="in-accordance"),
        pytest.param("Kazakhstan's role as neutral host of the talks grew.", id="no-locative"),
        pytest.param("According to the Second law, it accelerates.", id="an-ordinal"),
        pytest.param("According to the Second Law of thermodynamics it grows. In the Second World War it fell.",
                     id="a-name-led-by-an-ordinal"),
        pytest.param("Gifts worth up to EUR 50 may be kept.", id="a-currency"),
    ],
)
def test_not_places(text: str) -> None:
    assert find_places(text) == []


def test_excluded_names_are_not_places() -> None:
    text = "The delegation met Idrissov in Astana and flew to Kerry."
    assert [p.name for p in find_places(text, excluded={"kerry"})] == ["Astana"]


def test_place_positions_point_into_the_text() -> None:
    text = "Talks resumed in Almaty."
    (place,) = find_places(text)
    assert text[place.start:place.start + len(place.name)] == "Almaty"


@pytest.mark.parametrize(("text", "places"), [
    ("Decaf: price $14, origin Colombia.", ["Colombia"]),  # a table's row: its place column
    ("She is a Country Music Hall of Fame member.", []),
    ("Select your Country Code first.", []),
])
def test_a_place_column_is_read_in_a_table_row_only(text: str, places: list[str]) -> None:
    assert [m.name for m in find_places(text)] == places
