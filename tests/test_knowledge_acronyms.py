"""Acronym extraction: explicit "(ABC)" definitions and implicit letter matches (knowledge.acronyms)."""

from __future__ import annotations

import pytest

from knowledge.acronyms import extract_acronyms, phrases_by_initials
from knowledge.models import Sentence


def make_sentences(*texts: str) -> list[Sentence]:
    return [Sentence(id=f"doc#s{i}", doc_id="doc", paragraph=i, text=t, start=0, end=len(t))
            for i, t in enumerate(texts, 1)]


def table(*texts: str) -> dict[str, tuple[str, bool]]:
    return {a.short: (a.long, a.explicit) for a in extract_acronyms(make_sentences(*texts))}


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        pytest.param("Kazakhstan and the United States in 2010 launched the Annual Bilateral Consultations (ABC) "
                     "under Strategic Partnership.", "ABC", "Annual Bilateral Consultations", id="abc"),
        pytest.param("Investors, particularly small- and medium-sized enterprises (SMEs), took part.", "SME",
                     "small- and medium-sized enterprises", id="plural-smes-hyphenated"),
        pytest.param("The Ministry of Foreign Affairs (MFA) said so.", "MFA", "Ministry of Foreign Affairs",
                     id="connector-of"),
        pytest.param("The North Atlantic Treaty Organization (NATO) met.", "NATO", "North Atlantic Treaty Organization",
                     id="four-letters"),
        pytest.param("Delegates of the Lower Amu Basin Commission (LABC) met in 2019.", "LABC",
                     "Lower Amu Basin Commission", id="own-example"),
        pytest.param("The rebuilt theory was magnetohydrodynamic modelling (or MHDM) of the sun.", "MHDM",
                     "magnetohydrodynamic modelling", id="or-and-letters-inside-a-word"),
        pytest.param("Each cell holds ribonucleic acid (RNA) in its nucleus.", "RNA", "ribonucleic acid",
                     id="letters-inside-a-word"),
        pytest.param("Members register with the Royal Pharmaceutical Board (RPhB) each year.", "RPhB",
                     "Royal Pharmaceutical Board", id="a-lower-case-letter-inside"),
        pytest.param("The data went to a content delivery network (also known as CDN) overnight.", "CDN",
                     "content delivery network", id="also-known-as"),
        pytest.param("The IPCC Fourth Assessment Report (AR4) was published in 2007.", "AR4",
                     "Fourth Assessment Report", id="a-number-is-its-ordinal"),
        pytest.param("The IPCC 4th Assessment Report (AR4) was published in 2007.", "AR4",
                     "4th Assessment Report", id="a-number-is-its-ordinal-in-digits"),
        pytest.param("Most networks use Internet Protocol 6 (IP6) now.", "IP6", "Internet Protocol 6",
                     id="a-number-after-the-words"),
    ],
)
def test_explicit_definition(text: str, short: str, long: str) -> None:
    assert table(text)[short] == (long, True)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The report (PDF) is attached.", id="letters-do-not-match"),
        pytest.param("Let me see (OK).", id="too-short"),
        pytest.param("The figure (see Annex) shows it.", id="not-an-acronym"),
        pytest.param("The big mountain (BMX) is high.", id="a-letter-no-word-holds"),
        pytest.param("The method of the Assessment Report (AR4) is described.", id="a-number-no-word-says"),
    ],
)
def test_no_explicit_definition(text: str) -> None:
    assert table(text) == {}


def test_implicit_acronyms_from_capitalized_phrases() -> None:
    found = table(
        "The Strategic Partnership Dialogue met in Washington.",
        "The third SPD was held on December 10, 2014.",
        "Kazakhstan and the United States elevated cooperation to an Enhanced Strategic Partnership Dialogue.",
        "The ESPD convened on December 4, 2019.",
    )
    assert found == {
        "SPD": ("Strategic Partnership Dialogue", False),
        "ESPD": ("Enhanced Strategic Partnership Dialogue", False),
    }


def test_implicit_acronym_cites_definition_and_use() -> None:
    (acronym,) = extract_acronyms(make_sentences("The Strategic Partnership Dialogue met.", "The SPD met again."))
    assert acronym.sentence_ids == ["doc#s1", "doc#s2"]


def test_explicit_definition_wins_over_a_phrase_elsewhere() -> None:
    found = table("The Annual Bilateral Consultations (ABC) began.", "Another Big Conference was held.",
                  "The ABC met.")
    assert found["ABC"] == ("Annual Bilateral Consultations", True)


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(("President Nursultan Nazarbayev Partnership Dialogue grew.", "The PD met."),
                     id="phrase-inside-a-longer-name"),
        pytest.param(("The Strategic Partnership Dialogue Commission met.", "The PDC met."),
                     id="suffix-of-a-name"),
        pytest.param(("The SPD met.",), id="no-phrase-anywhere"),
        pytest.param(("The California State Automobile Association helps drivers.", "The CSA met."),
                     id="prefix-of-a-name"),
        pytest.param(("Ion Implantation is a process.", "In World War II it grew."), id="roman-numeral"),
        pytest.param(("The Battle of Cedar Creek was fought.", "It ended in 430 BC."), id="era-after-a-number"),
    ],
)
def test_no_bogus_implicit_expansion(texts: tuple[str, ...]) -> None:
    assert table(*texts) == {}


def test_capitalized_phrases_by_their_initials() -> None:
    texts = ["The Annual General Meeting is held in November.",
             "Members vote at the Annual General Meeting and at the Spring Open.",
             "Ask the Head Coach or the Board of Directors."]
    found = phrases_by_initials(texts)
    assert found["AGM"] == "Annual General Meeting" and found["BD"] == "Board of Directors"
    assert found["HC"] == "Head Coach" and "MV" not in found  # "Members vote": one capital word


def test_an_acronym_with_an_ampersand_is_spelt_by_its_phrase() -> None:
    found = table("The People and Culture department (P&C) is headed by Jonas Richter.",
                  "P&C runs onboarding and the holiday calendar.")
    assert found == {"P&C": ("People and Culture", False)}


def test_a_long_run_of_capitals_is_read_only_as_far_as_an_acronym_reaches() -> None:
    from knowledge.acronyms import acronym_evidence

    run = " ".join(f"Word{chr(65 + i % 26)}" for i in range(300))  # a title-cased list, 300 words
    evidence = acronym_evidence(make_sentences(run + " met."))
    assert evidence.phrases  # its short phrases are read
    assert max(len(p.split()) for p in evidence.phrases) <= 8  # not its 45,000 longer ones
