"""People's names in a sentence, told from other capitalised names."""

from __future__ import annotations

import pytest

from retrieval.person_names import person_names


@pytest.mark.parametrize(("text", "names"), [
    ("The company was founded in 2011 by Marta Lindqvist and Daniel Okafor.", ["Marta Lindqvist", "Daniel Okafor"]),
    ("The café at 214 Ferry Street is open six days a week.", []),
    ("Its faculty includes biologist E. O. Wilson and Steven Pinker.", ["E. O. Wilson", "Steven Pinker"]),
    ("Many centuries later Leonardo da Vinci built on it.", ["Leonardo da Vinci"]),
    ("President Charles W. Eliot transformed the college.", ["Charles W. Eliot"]),
    ("In June 2015 the Warsaw Stock Exchange moved.", []),
    ("Oxygen was found by Carl Wilhelm Scheele, in Uppsala.", ["Carl Wilhelm Scheele"]),
    ("Ambassador Tsakhiagiin Elbegdorj spoke.", ["Tsakhiagiin Elbegdorj"]),
    ("The project found its champion in DeWitt Clinton, the mayor of New York City.", ["DeWitt Clinton"]),
    ("It went without the permission of the U.S. Government, as Raymond S. Bradley said.", ["Raymond S. Bradley"]),
], ids=["two", "street", "initials", "particle", "title-and-initial", "month", "three-words", "after-a-title",
        "inner-capital", "a-dotted-abbreviation-is-no-initial"])
def test_a_name_opens_with_a_given_name_or_follows_a_title(text: str, names: list[str]) -> None:
    assert person_names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("The office manager is Lukas Brandt.", ["Lukas Brandt"]),
    ("Joost van Dijk is the People Partner for Rotterdam.", ["Joost van Dijk"]),
    ("Sanne de Wit is the Chief Financial Officer (CFO).", ["Sanne de Wit"]),  # no "Financial Officer"
    ("The Lisbon office is at Rua da Prata 120.", []),
    ("Femke Bakker runs the Rotterdam office.", []),  # no given name she is known by, no role said
], ids=["role-is-name", "name-is-role", "role-no-name", "street", "no-role"])
def test_a_name_a_copula_gives_a_role_is_a_persons(text: str, names: list[str]) -> None:
    assert person_names(text) == names


@pytest.mark.parametrize(("text", "names"), [
    ("Blue Harbor is the leader in sustainable packaging.", []),  # a company leads too
    ("The owner is Northwind Holdings.", []),
    ("The first clubhouse was designed by Maria Bishop.", ["Maria Bishop"]),  # a surname that is a role word
    ("The cup was won by Gary Player.", ["Gary Player"]),
    ("Karim Haddad is the Payroll Lead.", ["Karim Haddad"]),  # a post, in capitals
], ids=["company-leads", "company-owns", "surname-bishop", "surname-player", "post-in-capitals"])
def test_a_role_a_company_holds_too_names_no_person(text: str, names: list[str]) -> None:
    assert person_names(text) == names
