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
], ids=["two", "street", "initials", "particle", "title-and-initial", "month", "three-words", "after-a-title"])
def test_a_name_opens_with_a_given_name_or_follows_a_title(text: str, names: list[str]) -> None:
    assert person_names(text) == names
