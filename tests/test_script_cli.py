"""``qabot test``: scripted conversations run through the real entry point."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Result

pytestmark = pytest.mark.usefixtures("clean_env")

Cli = Callable[..., "Result"]
CONVERSATIONS = Path(__file__).parent / "conversations"


def test_passing_file(cli: Cli, data: Path) -> None:
    result = cli("test", str(data / "passing.yaml"))
    assert result.code == 0, result.out
    assert result.out.splitlines() == ["3 passed, 0 failed"]


def test_failing_file_exits_1_with_a_readable_report(cli: Cli, data: Path) -> None:
    path = data / "failing.yaml"
    result = cli("test", str(path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert lines[0] == f"FAIL deliberately failing — turn 2 ({path}:7)"
    report = "\n".join(lines)
    assert "user:     When was the third SPD?" in report
    assert 'expected: contains: ["unicorn stampede"]; not_contains: ["SPD"]' in report
    assert "reply:    " in report and "SPD" in report.split("reply:", 1)[1]
    assert '- contains: missing "unicorn stampede"' in report
    assert result.err == ""


def test_several_paths_count_turns_across_files(cli: Cli, data: Path) -> None:
    result = cli("test", str(data / "passing.yaml"), str(data / "failing.yaml"))
    assert result.code == 1
    assert result.out.splitlines()[-1] == "4 passed, 1 failed"


def test_a_folder_runs_its_yaml_files_in_order(cli: Cli, data: Path, tmp_path: Path) -> None:
    shutil.copy(data / "passing.yaml", tmp_path / "b.yml")
    shutil.copy(data / "failing.yaml", tmp_path / "a.yaml")
    (tmp_path / "README.txt").write_text("not a conversation")
    result = cli("test", str(tmp_path), "--json")
    names = [json.loads(line)["conversation"] for line in result.out.splitlines()]
    assert names[0] == "deliberately failing" and names[-1] == "a single turn, no expectations"


def test_json_prints_one_object_per_turn(cli: Cli, data: Path) -> None:
    result = cli("test", "--json", str(data / "failing.yaml"))
    assert result.code == 1
    turns = [json.loads(line) for line in result.out.splitlines()]
    assert [t["turn"] for t in turns] == [1, 2]
    for turn in turns:
        assert set(turn) == {"conversation", "turn", "user", "reply", "found", "passed",
                             "failures"}
        assert turn["conversation"] == "deliberately failing"
        assert isinstance(turn["reply"], str) and isinstance(turn["found"], bool)
    assert [t["passed"] for t in turns] == [True, False]
    assert turns[1]["failures"] == ['contains: missing "unicorn stampede"',
                                    'not_contains: found "SPD"']
    assert result.err.strip() == "1 passed, 1 failed"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown_key.yaml", "unknown_key.yaml:6: unknown expect key 'contians'"),
        ("malformed.yaml", "malformed.yaml:5: malformed YAML"),
        ("empty.yaml", "empty.yaml: empty file, no conversations"),
    ],
)
def test_bad_files_exit_2_naming_file_and_line(cli: Cli, data: Path, name: str,
                                               message: str) -> None:
    result = cli("test", str(data / "passing.yaml"), str(data / name))
    assert result.code == 2
    assert result.out == ""  # nothing runs until every file is valid
    assert result.err.count("\n") == 1 and message in result.err


def test_missing_path_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("test", str(tmp_path / "nope.yaml"))
    assert result.code == 2 and "no such file" in result.err


def test_project_conversations_pass(cli: Cli) -> None:
    if not any(CONVERSATIONS.glob("*.y*ml")):
        pytest.skip("no scripted conversations in tests/conversations yet")
    result = cli("test", str(CONVERSATIONS))
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].endswith(" passed, 0 failed")
