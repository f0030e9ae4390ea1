"""People and their roles (knowledge.people)."""

from __future__ import annotations

import pytest

from knowledge.models import Sentence
from knowledge.people import extract_people, find_role_mentions, people_in, sentence_role_mentions


def make_sentences(*texts: str) -> list[Sentence]:
    return [Sentence(id=f"doc#s{i}", doc_id="doc", paragraph=i, text=t, start=0, end=len(t))
            for i, t in enumerate(texts, 1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Foreign Minister Idrissov and Secretary Kerry met on December 10, 2014.",
                     [("Idrissov", "Foreign Minister"), ("Kerry", "Secretary")], id="two-short-roles"),
        pytest.param("The US delegation was led by Principal Deputy Assistant Secretary for the Bureau of South and "
                     "Central Asian Affairs, Ambassador Alice Wells.",
                     [("Alice Wells", "Ambassador"),
                      ("Alice Wells",
                       "Principal Deputy Assistant Secretary for the Bureau of South and Central Asian Affairs")],
                     id="appositive-role-before-comma"),
        pytest.param("Delegations were led by Assistant Secretary of State for South and Central Asian Affairs "
                     "Nisha Biswal and Deputy Foreign Minister Yerzhan Ashikbayev.",
                     [("Nisha Biswal", "Assistant Secretary of State for South and Central Asian Affairs"),
                      ("Yerzhan Ashikbayev", "Deputy Foreign Minister")], id="long-role-with-objects"),
        pytest.param("Kazakhstan's Ambassador to the United States, Kairat Umarov, has been proactive.",
                     [("Kairat Umarov", "Kazakhstan's Ambassador to the United States")], id="possessive-apposition"),
        pytest.param("Secretary of State John Kerry traveled to Astana.", [("John Kerry", "Secretary of State")],
                     id="role-of-state"),
        pytest.param("Good meeting with Kazakhstani Foreign Minister Tileuberdi yesterday.",
                     [("Tileuberdi", "Kazakhstani Foreign Minister")], id="nationality-modifier"),
        pytest.param("President John F. Kennedy spoke in Berlin.", [("John F. Kennedy", "President")], id="initial"),
        pytest.param("Mayor Ana Duarte opened the summit in Port Elena.", [("Ana Duarte", "Mayor")], id="mayor"),
        pytest.param("Dr. Helen Moore presented the report.", [("Helen Moore", "Dr.")], id="title-dr"),
        pytest.param("He spoke at Nazarbayev University about it.", [], id="university-is-not-a-person"),
        pytest.param("on the margins of the 71st United Nations General Assembly.", [], id="general-assembly"),
        pytest.param("The Secretary participated in the fourth meeting.", [], id="role-without-name"),
        pytest.param("The President of the Commission spoke.", [], id="role-of-organization-without-name"),
        pytest.param("The Chair, Anna Berg, opened it.", [("Anna Berg", "Chair")], id="apposition"),
        pytest.param("The Director, Marsh, agreed.", [("Marsh", "Director")], id="apposition-of-a-surname"),
        pytest.param("The First Minister, Scottish cabinet ministers and others attend.", [],
                     id="an-adjective-after-the-comma-is-no-name"),
    ],
)
def test_find_role_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.name, m.role) for m in find_role_mentions(text)] == expected


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(("Secretary of State John Kerry traveled to Astana.",
                      "Foreign Minister Idrissov and Secretary Kerry met."), id="full-name-first"),
        pytest.param(("Foreign Minister Idrissov and Secretary Kerry met.",
                      "Secretary of State John Kerry traveled to Astana."), id="surname-first"),
    ],
)
def test_one_person_across_mentions(texts: tuple[str, str]) -> None:
    people = {p.id: p for p in extract_people(make_sentences(*texts))}
    assert sorted(people) == ["idrissov", "john-kerry"]
    kerry = people["john-kerry"]
    assert kerry.name == "John Kerry"
    assert kerry.aliases == ["Kerry"]
    assert sorted(r.title for r in kerry.roles) == ["Secretary", "Secretary of State"]
    assert sorted(kerry.sentence_ids) == ["doc#s1", "doc#s2"]


def test_different_first_names_are_different_people() -> None:
    people = extract_people(make_sentences("President George Bush spoke.", "President Laura Bush spoke."))
    assert sorted(p.name for p in people) == ["George Bush", "Laura Bush"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Kerry spoke at the meeting.", ["john-kerry"], id="surname"),
        pytest.param("During the Secretary's visit, Kerry's team met.", ["john-kerry"], id="possessive"),
        pytest.param("He spoke at Nazarbayev University.", [], id="inside-a-longer-name"),
        pytest.param("Nobody was there.", [], id="nobody"),
    ],
)
def test_people_in(text: str, expected: list[str]) -> None:
    people = extract_people(make_sentences("Secretary of State John Kerry traveled to Astana.",
                                           "President Nazarbayev received him."))
    assert people_in(text, people) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Head Coach: Daniel Ferreira", [("Daniel Ferreira", "Head Coach")]),
        ("- Junior Programme Coordinator: Lukas Meyer.", [("Lukas Meyer", "Junior Programme Coordinator")]),
        ("Treasurer – Anna Kowalski", [("Anna Kowalski", "Treasurer")]),
        ("Contact: John Smith", []),  # no role word
        ("Treasurer: Position Vacant", []), ("- Club Secretary: To Be Confirmed", []),  # no person
        ("Note: Secretary Kerry visited Astana.", [("Kerry", "Secretary")]),  # no staff line: read as before
    ],
)
def test_a_staff_list_line_gives_a_role(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.name, m.role) for m in sentence_role_mentions(text)] == expected
