"""A folder's aliases.yaml and facts.yaml (knowledge.curated), and curated facts in a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.curated import load_aliases, load_facts_file
from knowledge.errors import KnowledgeBaseError
from knowledge.loader import build

DOC = ("Basin News\n"
       "The Delta Water Council (DWC) held its third summit on May 14, 2019 in Saltmarsh.\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "news.txt").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_bundled_aliases_without_a_folder() -> None:
    aliases = load_aliases(None)
    assert aliases["Astana"][:1] == ["Nur-Sultan"]
    assert "Washington" in aliases["Washington, D.C."]


def test_folder_aliases_are_merged(folder: Path) -> None:
    (folder / "aliases.yaml").write_text("Saltmarsh: [Port Sal, Salt Marsh]\nAstana: Akmola City\n",
                                         encoding="utf-8")
    aliases = load_aliases(folder)
    assert aliases["Saltmarsh"] == ["Port Sal", "Salt Marsh"]
    assert aliases["Astana"][-1] == "Akmola City"
    assert aliases["Astana"].count("Nur-Sultan") == 1


@pytest.mark.parametrize(
    ("name", "content", "where", "what"),
    [
        pytest.param("aliases.yaml", "Saltmarsh: [Port Sal\nOther: [x]\n", ":2:", "malformed YAML",
                     id="aliases-unclosed-bracket"),
        pytest.param("facts.yaml", "events:\n  - series: DWC\n    ordinal: 4\n   statement: bad indent\n", ":4:",
                     "malformed YAML", id="facts-bad-indent"),
        pytest.param("facts.yaml", "events:\n  - series: DWC\n    ordinal: 4\n    statement: x\n    venue: Saltmarsh\n",
                     ":5:", "venue", id="facts-unknown-key"),
        pytest.param("facts.yaml", "events:\n  - series: DWC\n    date: sometime soon\n    statement: x\n", ":3:",
                     "cannot read 'sometime soon' as a date", id="facts-unreadable-date"),
        pytest.param("facts.yaml", "events:\n  - series: DWC\n    ordinal: 0\n    statement: x\n", ":3:", "ordinal",
                     id="facts-ordinal-zero"),
        pytest.param("facts.yaml", "events:\n  - series: DWC\n    ordinal: 4\n", ":2:", "statement",
                     id="facts-missing-statement"),
        pytest.param("facts.yaml", "meetings: []\n", ":1:", "meetings", id="facts-unknown-section"),
    ],
)
def test_malformed_yaml_names_file_and_line(folder: Path, name: str, content: str, where: str, what: str) -> None:
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as info:
        load_aliases(folder) if name == "aliases.yaml" else load_facts_file(folder)
    message = str(info.value)
    assert message.startswith(f"{folder / name}{where}"), message
    assert what in message


def test_non_utf8_yaml_is_refused(folder: Path) -> None:
    (folder / "aliases.yaml").write_bytes("Café: [Cafe]\n".encode("latin-1"))
    with pytest.raises(KnowledgeBaseError, match=r"aliases\.yaml: not UTF-8"):
        load_aliases(folder)


def test_empty_facts_file_is_no_facts(folder: Path) -> None:
    (folder / "facts.yaml").write_text("# nothing yet\n", encoding="utf-8")
    facts = load_facts_file(folder)
    assert facts is not None and facts.events == [] and facts.people == []


def test_no_facts_file(folder: Path) -> None:
    assert load_facts_file(folder) is None


def test_curated_facts_are_added_with_their_statements(folder: Path) -> None:
    (folder / "facts.yaml").write_text(
        "events:\n"
        "  - series: DWC\n"
        "    ordinal: 4\n"
        "    date: June 3, 2021\n"
        "    places: [Port Elena]\n"
        "    statement: The fourth DWC summit was held in Port Elena on June 3, 2021.\n"
        "people:\n"
        "  - {name: Ana Duarte, role: Mayor of Port Elena}\n"
        "acronyms:\n"
        "  - {short: FRP, long: Flood Resilience Plan}\n",
        encoding="utf-8")
    kb = build(folder)
    (fourth,) = [e for e in kb.events if e.ordinal == 4]
    assert fourth.series == "Delta Water Council"
    assert [d.render() for d in fourth.dates] == ["June 3, 2021"]
    assert fourth.places == ["Port Elena"]
    quotes = {s.id: s.text for s in kb.sentences}
    assert quotes[fourth.sentence_ids[0]] == "The fourth DWC summit was held in Port Elena on June 3, 2021."
    (duarte,) = [p for p in kb.people if p.name == "Ana Duarte"]
    assert duarte.roles[0].title == "Mayor of Port Elena"
    assert {a.short: a.long for a in kb.acronyms}["FRP"] == "Flood Resilience Plan"
    assert "facts.yaml" in kb.inputs


def test_curated_event_overrides_the_extracted_one(folder: Path) -> None:
    (folder / "facts.yaml").write_text(
        "events:\n"
        "  - series: Delta Water Council\n"
        "    ordinal: 3\n"
        "    date: May 15, 2019\n"
        "    statement: The third summit was in fact held on May 15, 2019.\n",
        encoding="utf-8")
    kb = build(folder)
    thirds = [e for e in kb.events if e.ordinal == 3]
    assert [(e.doc_id, [d.render() for d in e.dates]) for e in thirds] == [("facts", ["May 15, 2019"])]
