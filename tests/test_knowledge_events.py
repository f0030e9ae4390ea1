"""Numbered and dated events (knowledge.events), on sentences and on the bundled documents."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.build import build_from_documents
from knowledge.events import canonical_series, find_event_mentions
from knowledge.loader import build
from knowledge.models import Document, Event, KnowledgeBase

SPD = "Strategic Partnership Dialogue"
ESPD = "Enhanced Strategic Partnership Dialogue"
ACRONYMS = {"SPD": SPD, "ESPD": ESPD}
POLITICAL = "us-relations-political-cooperation"


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return build(None)


def events_of(kb: KnowledgeBase, series: str, ordinal: int | None, doc_id: str = POLITICAL) -> list[Event]:
    return [e for e in kb.events if e.series == series and e.ordinal == ordinal and e.doc_id == doc_id]


def rendered(event: Event) -> list[str]:
    return [d.render() for d in event.dates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The first session of the fourth SPD was held on November 2, 2015.", [(SPD, 4, 1)],
                     id="session-of"),
        pytest.param("The next session of the fourth SPD was in Washington, D.C. on March 9, 2016.", [(SPD, 4, -1)],
                     id="next-session"),
        pytest.param("In Astana, the Secretary participated in the fourth meeting of the U.S.- Kazakhstan Strategic "
                     "Partnership Dialogue.", [(SPD, 4, None)], id="meeting-of-long-name"),
        pytest.param("The third SPD took place.", [(SPD, 3, None)], id="ordinal-acronym"),
        pytest.param("Washington hosted the second SPD meeting.", [(SPD, 2, None)], id="acronym-meeting"),
        pytest.param("since the inaugural meeting in 2012.", [("", 1, None)], id="inaugural-without-series"),
        pytest.param("The ESPD convened on December 4, 2019 in Washington, D.C.", [(ESPD, None, None)],
                     id="unnumbered-known-series"),
        pytest.param("the fifth Congress of Leaders of World and Traditional Religions, June 10-11, 2015",
                     [("Congress of Leaders of World and Traditional Religions", 5, None)], id="congress"),
        pytest.param("The first meeting of Enhanced Strategic Partnership Dialogue was held on December 8-12, 2018.",
                     [(ESPD, 1, None)], id="first-meeting-of"),
        pytest.param("They committed to an Enhanced Strategic Partnership for the 21st Century.", [],
                     id="21st-century"),
        pytest.param("The United States was the first country to recognize Kazakhstan.", [], id="first-country"),
        pytest.param("It was the first time in March that they met.", [], id="first-time"),
        pytest.param("The ESPD is a framework.", [], id="known-series-without-meeting-word"),
        pytest.param("It was named after Andrew Jackson, the seventh President of the United States.", [],
                     id="a-numbered-role-holder"),
        pytest.param("The first General Assembly was held in 2015 in Geneva.", [("General Assembly", 1, None)],
                     id="a-series-named-with-a-role-word"),
        pytest.param("Robert Zimmer was the 13th President of the University of Chicago.", [],
                     id="a-numbered-role-of-a-body"),
    ],
)
def test_find_event_mentions(text: str, expected: list[tuple[str, int | None, int | None]]) -> None:
    mentions = find_event_mentions(text, ACRONYMS, {SPD, ESPD})
    assert [(m.series, m.ordinal, m.session) for m in mentions] == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        pytest.param("SPD", SPD, id="acronym"),
        pytest.param("SPDs", SPD, id="plural-acronym"),
        pytest.param("SPD meeting", SPD, id="acronym-meeting"),
        pytest.param("U.S.- Kazakhstan Strategic Partnership Dialogue", SPD, id="longer-name"),
        pytest.param("Enhanced Strategic Partnership Dialogue", ESPD, id="longest-suffix-wins"),
        pytest.param("River Summit", "River", id="unit-word-dropped"),
        pytest.param("Delta Water Forum", "Delta Water Forum", id="unknown"),
    ],
)
def test_canonical_series(phrase: str, expected: str) -> None:
    assert canonical_series(phrase, ACRONYMS) == expected


@pytest.mark.parametrize(
    ("ordinal", "date", "place"),
    [
        pytest.param(1, "2012", None, id="first-is-inaugural"),
        pytest.param(2, "2013", "Washington", id="second"),
        pytest.param(3, "December 10, 2014", "Washington, D.C.", id="third"),
        pytest.param(5, "September 20, 2016", "New York City", id="fifth"),
    ],
)
def test_bundled_spd(bundled: KnowledgeBase, ordinal: int, date: str, place: str | None) -> None:
    dated = [e for e in events_of(bundled, SPD, ordinal) if e.dates]
    assert [rendered(e) for e in dated] == [[date]]
    assert dated[0].places == ([place] if place else [])


def test_bundled_fourth_spd_has_two_sessions(bundled: KnowledgeBase) -> None:
    sessions = sorted((e.session, rendered(e)[0], e.places[0]) for e in events_of(bundled, SPD, 4))
    assert sessions == [(1, "November 2, 2015", "Nur-Sultan"), (2, "March 9, 2016", "Washington, D.C.")]


def test_bundled_fourth_spd_in_the_overview(bundled: KnowledgeBase) -> None:
    dates = sorted(e.dates[0].start for e in events_of(bundled, SPD, 4, "kazakh-us-relations-overview"))
    assert dates == [dt.date(2015, 11, 2), dt.date(2016, 3, 9)]


def test_bundled_first_espd(bundled: KnowledgeBase) -> None:
    (first,) = events_of(bundled, ESPD, 1)
    assert rendered(first) == ["December 8-12, 2018"]
    assert first.places == ["Nur-Sultan"]
    assert first.people == ["alice-wells"]


def test_bundled_unnumbered_espd(bundled: KnowledgeBase) -> None:
    unnumbered = {rendered(e)[0]: e for e in events_of(bundled, ESPD, None)}
    assert "December 4, 2019" in unnumbered
    assert unnumbered["December 4, 2019"].places == ["Washington, D.C."]


def test_bundled_congress_of_religions(bundled: KnowledgeBase) -> None:
    (congress,) = events_of(bundled, "Congress of Leaders of World and Traditional Religions", 5)
    assert rendered(congress) == ["June 10-11, 2015"]
    assert congress.places == ["Nur-Sultan"]


def test_bundled_series_and_acronyms(bundled: KnowledgeBase) -> None:
    acronyms = {s.name: s.acronym for s in bundled.series}
    assert acronyms[SPD] == "SPD" and acronyms[ESPD] == "ESPD"
    assert not any("Century" in e.series for e in bundled.events)


def test_bundled_event_ids_are_unique(bundled: KnowledgeBase) -> None:
    ids = [e.id for e in bundled.events]
    assert len(ids) == len(set(ids))


def test_bundled_third_spd_is_one_event_per_document(bundled: KnowledgeBase) -> None:
    assert len(events_of(bundled, SPD, 3)) == 1


def doc(text: str, doc_id: str = "doc") -> Document:
    return Document(id=doc_id, title="Title", path=f"{doc_id}.txt", sha256="0", text=text)


def test_continuation_sentences_become_details() -> None:
    kb = build_from_documents([doc(
        "The Delta Water Council (DWC) was founded in 2001.\n"
        "The third DWC summit took place on May 14, 2019 in Saltmarsh. Delegates agreed on a flood plan. "
        "They also planted trees.\n"
        "Unrelated news followed on June 2, 2019.")], aliases={})
    (summit,) = [e for e in kb.events if e.ordinal == 3]
    assert summit.series == "Delta Water Council"
    assert rendered(summit) == ["May 14, 2019"]
    assert summit.places == ["Saltmarsh"]
    assert summit.sentence_ids == ["doc#s2"]
    assert summit.details == ["doc#s3", "doc#s4"]


def test_inaugural_meeting_takes_the_series_named_nearby() -> None:
    kb = build_from_documents([doc(
        "The Delta Water Council (DWC) met in Saltmarsh in 2016.\n"
        "In 2017, Saltmarsh hosted the second DWC summit, which built on the inaugural meeting in 2015.")],
        aliases={})
    numbered = sorted((e.series, e.ordinal, rendered(e)) for e in kb.events if e.ordinal)
    assert numbered == [("Delta Water Council", 1, ["2015"]), ("Delta Water Council", 2, ["2017"])]


def test_each_event_takes_the_date_right_after_it() -> None:
    kb = build_from_documents([doc(
        "The Delta Water Council (DWC) met in Saltmarsh in 2016.\n"
        "The second DWC summit in 2017 built on the inaugural meeting in 2015.")], aliases={})
    numbered = sorted((e.ordinal, rendered(e)) for e in kb.events if e.ordinal)
    assert numbered == [(1, ["2015"]), (2, ["2017"])]


def test_a_year_written_right_before_an_event_is_its_date() -> None:
    """"the 2001 Third Assessment Report; Mann, Bradley and Hughes 1999": 2001, not the 1999 of a
    citation after it (nor the 2007 of the report named before)."""
    kb = build_from_documents([doc(
        "The Fourth Assessment Report (AR4) published in 2007 featured a graph highlighted in the 2001 Third "
        "Assessment Report (TAR); Mann, Bradley and Hughes 1999 as before.\n"
        "The Second Assessment Report came out in 1995.")], aliases={})
    numbered = sorted((e.ordinal, rendered(e)) for e in kb.events if e.ordinal)
    assert numbered == [(2, ["1995"]), (3, ["2001"]), (4, ["2007"])]
