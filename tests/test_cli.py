"""The qabot command line through its real entry point: bot.cli.main and ``python -m bot``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot import __version__
from retrieval.engine import Engine

if TYPE_CHECKING:
    from conftest import Result

pytestmark = pytest.mark.usefixtures("clean_env")

Cli = Callable[..., "Result"]
COMMANDS = ["chat", "ask", "test", "build", "sources", "facts", "telegram"]
PROJECT = Path(__file__).parent.parent


def one_line_error(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("qabot"), err
    assert "Traceback" not in err


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert (result.code, result.out) == (0, f"qabot {__version__}\n")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_on_every_command(cli: Cli, command: str | None) -> None:
    result = cli(*([command] if command else []), "--help")
    assert result.code == 0
    assert result.out.startswith("usage: qabot")
    assert "--kb" in result.out or command is None


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["--frob"], ["ask"], ["ask", "q", "--frob"], ["test"],
     ["facts", "--kind", "planet"], ["ask", "   "]],
    ids=["unknown-command", "unknown-flag", "no-question", "bad-flag", "no-path", "bad-choice",
         "blank-question"],
)
def test_usage_errors_are_one_line_and_exit_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    one_line_error(result.err)


def test_ask_answers_with_a_source_line(cli: Cli) -> None:
    result = cli("ask", "When was the third SPD?")
    assert result.code == 0
    assert "SPD" in result.out
    assert "\x1b" not in result.out
    assert any(line.startswith("Source: ") for line in result.out.splitlines())


def test_ask_accepts_an_unquoted_question(cli: Cli) -> None:
    assert "SPD" in cli("ask", "When", "was", "the", "third", "SPD?").out


def test_ask_json_prints_the_answer_model(cli: Cli) -> None:
    result = cli("ask", "When was the third SPD?", "--json")
    assert result.code == 0
    answer = json.loads(result.out)
    assert set(answer) == {"text", "found", "confidence", "citations", "suggestions"}
    assert isinstance(answer["found"], bool)
    assert all(set(c) == {"document", "title", "quote"} for c in answer["citations"])


@pytest.mark.parametrize("via", ["flag", "env"])
def test_missing_knowledge_base_folder(cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path, via: str) -> None:
    missing = tmp_path / "no-such-kb"
    if via == "env":
        monkeypatch.setenv("QABOT_KB", str(missing))
        result = cli("ask", "anything")
    else:
        result = cli("ask", "anything", "--kb", str(missing))
    assert result.code == 2
    one_line_error(result.err)
    assert "no such folder" in result.err
    assert ("QABOT_KB" if via == "env" else "--kb") in result.err


def test_a_file_is_not_a_knowledge_base(cli: Cli, tmp_path: Path) -> None:
    file = tmp_path / "kb.txt"
    file.write_text("x")
    result = cli("ask", "q", "--kb", str(file))
    assert result.code == 2 and "not a folder" in result.err


def test_an_empty_folder_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("ask", "q", "--kb", str(tmp_path))
    assert result.code == 2
    one_line_error(result.err)


@pytest.mark.parametrize("via", ["flag", "env"])
def test_own_documents(cli: Cli, monkeypatch: pytest.MonkeyPatch, kb_copy: Path,
                       via: str) -> None:
    if via == "env":
        monkeypatch.setenv("QABOT_KB", str(kb_copy))
        result = cli("ask", "When was the lighthouse built?", "--json")
    else:
        result = cli("ask", "When was the lighthouse built?", "--json", "--kb", str(kb_copy))
    assert result.code == 0, result.err
    assert all(c["document"] == "lighthouse" for c in json.loads(result.out)["citations"])


def test_an_internal_error_is_one_line_without_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: Engine, question: str, dialogue: object = None, trace: object = None) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(Engine, "answer", explode)
    result = cli("ask", "q")
    assert result.code == 70
    one_line_error(result.err)
    assert "RuntimeError: kaboom" in result.err and "--debug" in result.err
    debug = cli("--debug", "ask", "q")
    assert debug.code == 70 and "Traceback" in debug.err
    assert "Traceback" in cli("ask", "q", "--debug").err


def test_build_of_bundled_documents_prints_counts(cli: Cli) -> None:
    pytest.importorskip("knowledge.report")
    pytest.importorskip("knowledge.store")
    result = cli("build")
    assert result.code == 0, result.err
    assert "in memory" in result.out


def test_build_writes_the_store(cli: Cli, kb_copy: Path, tmp_path: Path) -> None:
    pytest.importorskip("knowledge.report")
    pytest.importorskip("knowledge.store")
    out = tmp_path / "store.yaml"
    result = cli("build", "--kb", str(kb_copy), "--out", str(out))
    assert result.code == 0, result.err
    assert out.is_file() and f"wrote {out}" in result.out


def test_facts_lists_or_explains(cli: Cli) -> None:
    result = cli("facts", "--kind", "event")
    if result.code == 1:  # the knowledge report is not there yet
        one_line_error(result.err)
        assert "not available" in result.err
    else:
        assert result.code == 0, result.err


def run_module(*args: str, stdin: str = "", env: dict[str, str] | None = None,
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        timeout=60, cwd=PROJECT, env=env, check=False,
    )


def test_module_entry_point_asks() -> None:
    result = run_module("ask", "When was the third SPD?")
    assert result.returncode == 0, result.stderr
    assert "SPD" in result.stdout and result.stderr == ""


def test_module_entry_point_errors_without_traceback() -> None:
    result = run_module("chat", "--kb", "/no/such/folder")
    assert result.returncode == 2
    one_line_error(result.stderr)


def test_the_ask_path_does_not_import_telegram() -> None:
    code = ("import sys; from bot.cli import main; main(['ask', 'When was the third SPD?']);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('telegram', 'httpx')"
            " or m == 'bot.telegram.runner'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=PROJECT, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
