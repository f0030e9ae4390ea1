"""bot.script and bot.script_runner: the scripted-conversation format, matching, running."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.script import Expect, collect_files, load_file, load_paths
from bot.script_runner import check, format_failure, normalize, run, summary
from knowledge.errors import ScriptError
from retrieval.models import Answer

if TYPE_CHECKING:
    from conftest import FakeEngine


def write(tmp_path: Path, text: str, name: str = "conv.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reply(text: str, found: bool = True) -> Answer:
    return Answer(text=text, found=found, confidence=0.5)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("december 10, 2014", "DECEMBER 10, 2014"),
        ("Kazakhstan-US", "Kazakhstan–US"),
        ("Kazakhstan-US", "Kazakhstan—US"),
        ("Kazakhstan–US", "Kazakhstan-US"),
        ("Washington, D.C.", "Washington,\n   D.C."),
        ("ABC 2010", "ＡＢＣ　２０１０"),
        ("Straße", "STRASSE"),
    ],
    ids=["case", "en-dash", "em-dash", "dash-in-expectation", "whitespace", "nfkc", "casefold"],
)
def test_normalize_makes_equal(expected: str, actual: str) -> None:
    assert normalize(expected) in normalize(actual)


@pytest.mark.parametrize(
    ("expect", "text", "found", "failures"),
    [
        ({"contains": ["a", "b"]}, "A and B", True, []),
        ({"contains": ["a", "z"]}, "A and B", True, ['contains: missing "z"']),
        ({"contains_any": ["x", "b"]}, "A and B", True, []),
        ({"contains_any": ["x", "y"]}, "A and B", True, ['contains_any: none of ["x", "y"]']),
        ({"not_contains": ["2016"]}, "in 2014", True, []),
        ({"not_contains": ["2014"]}, "in 2014", True, ['not_contains: found "2014"']),
        ({"found": False}, "no idea", False, []),
        ({"found": False}, "a guess", True, ["found: expected false, got true"]),
        ({}, "anything", False, []),
    ],
    ids=["contains", "contains-miss", "any", "any-miss", "not", "not-hit", "found", "found-miss",
         "empty"],
)
def test_check(expect: dict, text: str, found: bool, failures: list[str]) -> None:
    assert check(Expect.model_validate(expect), reply(text, found)) == failures


def test_a_single_mapping_is_one_conversation(tmp_path: Path) -> None:
    path = write(tmp_path, "name: one\nturns:\n  - user: hi\n  - user: again\n")
    [loaded] = load_file(path)
    assert loaded.conversation.name == "one"
    assert [t.user for t in loaded.conversation.turns] == ["hi", "again"]
    assert loaded.turn_lines == (3, 4)


def test_a_list_holds_several_conversations(tmp_path: Path) -> None:
    path = write(tmp_path, """\
- name: first
  turns:
    - user: When?
      expect: {contains: December 10, found: true}
- name: second
  turns: [{user: Where?, expect: {contains: [2014]}}]
""")
    first, second = load_file(path)
    assert first.conversation.turns[0].expect.contains == ["December 10"]
    assert first.conversation.turns[0].expect.found is True
    assert second.conversation.turns[0].expect.contains == ["2014"]
    assert (first.line, second.line) == (1, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: x\n  turns:\n    - user: q\n      expect:\n        contians: [a]\n",
         ":5: unknown expect key 'contians'"),
        ("- name: x\n  turns:\n    - user: q\n      answer: a\n", ":4: unknown turn key 'answer'"),
        ("- name: x\n  title: y\n  turns: [{user: q}]\n", ":2: unknown conversation key 'title'"),
        ("- turns: [{user: q}]\n", ":1: missing required key 'name'"),
        ("- name: x\n  turns: []\n", ":2: turns"),
        ("- name: x\n  turns:\n    - expect: {found: true}\n", ":3: missing required key"),
        ("- name: x\n  turns:\n    - user: q\n      expect: {found: 'yes'}\n",
         ":4: turns.0.expect.found"),
        ("- name: x\n  turns:\n    - user: q\n      expect: {contains: ['']}\n", ":4:"),
        ("- name: x\n  turns:\n    - user: q\n      expect: {not_contains: ['  ']}\n", ":4:"),
        ("- name: x\n  turns:\n    - user: '   '\n", ":3: turns.0.user"),
        ("- name: x\n  name: y\n  turns: [{user: q}]\n", ":2: duplicate key 'name'"),
        ("- name: x\n  turns:\n    - user: 'open\n", "malformed YAML"),
        ("- name: x\n turns: [}\n", "malformed YAML"),
        ("", "empty file"),
        ("# only a comment\n", "empty file"),
        ("[]\n", "no conversations"),
        ("just a string\n", ":1: expected a conversation"),
        ("---\nname: a\n---\nname: b\n", "malformed YAML"),
    ],
    ids=["expect-key", "turn-key", "conversation-key", "no-name", "no-turns", "no-user",
         "found-not-bool", "empty-phrase", "blank-phrase", "blank-user","duplicate-key", "unterminated", "bad-flow",
         "empty", "comment-only", "empty-list", "scalar", "two-documents"],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScriptError) as info:
        load_file(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_non_utf8_file_is_a_script_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: café\n".encode("latin-1"))
    with pytest.raises(ScriptError, match="not UTF-8"):
        load_file(path)


def test_folders_expand_to_sorted_yaml_files(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "notes.txt"):
        write(tmp_path, "name: x\nturns: [{user: q}]\n", name)
    assert [p.name for p in collect_files([tmp_path])] == ["a.yaml", "b.yml"]


@pytest.mark.parametrize("make", ["missing", "no-yaml"])
def test_bad_paths_are_script_errors(tmp_path: Path, make: str) -> None:
    target = tmp_path / "nowhere" if make == "missing" else tmp_path
    with pytest.raises(ScriptError):
        load_paths([target])


def test_each_conversation_gets_a_fresh_dialogue(tmp_path: Path, engine: FakeEngine) -> None:
    path = write(tmp_path, "- name: a\n  turns: [{user: q1}, {user: q2}]\n"
                           "- name: b\n  turns: [{user: q3}]\n")
    results = list(run(engine, load_paths([path])))
    assert [r.number for r in results] == [1, 2, 1]
    first, second, third = engine.dialogues
    assert first is second and third is not first
    assert third.turns == 1


def test_an_engine_error_fails_only_its_turn(tmp_path: Path, engine: FakeEngine) -> None:
    path = write(tmp_path, "name: a\nturns: [{user: boom}, {user: fine}]\n")
    results = list(run(engine, load_paths([path])))
    assert [r.passed for r in results] == [False, True]
    assert "engine error: RuntimeError" in results[0].failures[0]
    assert results[0].found is None


def test_failure_report_shows_everything(tmp_path: Path, engine: FakeEngine) -> None:
    path = write(tmp_path, "name: conv\nturns:\n  - user: unknown thing\n"
                           "    expect: {found: true, contains: [zebra]}\n")
    [result] = run(engine, load_paths([path]))
    report = format_failure(result)
    assert report.splitlines()[0] == f"FAIL conv — turn 1 ({path}:3)"
    for part in ("user:     unknown thing", 'contains: ["zebra"]', "found: true",
                 "reply:    I don't know that.", "found:    false",
                 "- found: expected true, got false"):
        assert part in report
    assert summary(3, 1) == "3 passed, 1 failed"
