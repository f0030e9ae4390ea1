"""The chat REPL: piped input through the real entry point, and a terminal under pexpect."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pexpect
import pytest

from bot.repl import Session, history_path
from knowledge.errors import KnowledgeBaseError

if TYPE_CHECKING:
    from conftest import FakeEngine, Result

pytestmark = pytest.mark.usefixtures("clean_env")

Cli = Callable[..., "Result"]
PROJECT = Path(__file__).parent.parent
TIMEOUT = 30


def pipe_in(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_piped_chat_prints_only_answers(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe_in(monkeypatch, "When was the third SPD?\n")
    result = cli("chat")
    assert result.code == 0
    assert "SPD" in result.out
    assert "qabot>" not in result.out and "qabot 0" not in result.out  # no prompt, no banner
    assert "\x1b" not in result.out
    assert result.err == ""


def test_chat_is_the_default_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe_in(monkeypatch, "When was the third SPD?\n")
    assert "SPD" in cli().out


def test_piped_answers_are_blocks_separated_by_blank_lines(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe_in(monkeypatch, "When was the third SPD?\n\n\nWhat is the ABC?\n")
    out = cli("chat").out
    blocks = out.strip("\n").split("\n\n")
    assert len(blocks) == 2
    assert all("Source:" in block for block in blocks)


@pytest.mark.parametrize(
    "line",
    ["x" * 10_000, "When was the SPD? 🇰🇿🇺🇸🤝", "<b>bold</b> <script>alert(1)</script> &amp;",
     "   \t  ", "/", "\x1b[31mred\x00", "?" * 50, "الحوار الاستراتيجي"],
    ids=["10k-chars", "emoji", "html", "blank", "bare-slash", "control-chars", "punctuation",
         "arabic"],
)
def test_odd_input_does_not_crash(cli: Cli, monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    pipe_in(monkeypatch, line + "\n")
    result = cli("chat")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def test_piped_commands(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    pipe_in(monkeypatch, "/sources\nWhen was the third SPD?\n/sources\n/reset\n/help\n"
                         "/nonsense\n/quit\nWhen was the third SPD?\n")
    out = cli("chat").out
    assert "No answer yet. The documents are:" in out
    assert "/reset" in out and "Unknown command /nonsense" in out
    assert out.count("The third SPD took place on") == 1  # nothing is answered after /quit
    assert "Conversation reset." not in out  # acknowledgements only on a terminal


def test_piped_non_utf8_bytes_do_not_crash() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "chat"],
                            input=b"When was the third \xff\xfe SPD?\n", capture_output=True,
                            timeout=60, cwd=PROJECT, check=False)
    assert result.returncode == 0, result.stderr
    assert b"SPD" in result.stdout and b"Traceback" not in result.stderr


def test_echo_pipe_through_the_module() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "chat"],
                            input="When was the third SPD?\n", capture_output=True, text=True,
                            timeout=60, cwd=PROJECT, check=False)
    assert result.returncode == 0
    assert "SPD" in result.stdout and not result.stdout.startswith("qabot")


def session(engine: FakeEngine, *, interactive: bool = True) -> tuple[Session, io.StringIO]:
    out = io.StringIO()
    return Session(engine, out, interactive=interactive, colour=False), out  # type: ignore[arg-type]


def test_session_keeps_one_dialogue_until_reset(engine: FakeEngine) -> None:
    repl, out = session(engine)
    assert repl.handle("first") and repl.handle("second")
    assert engine.dialogues[0] is engine.dialogues[1]
    assert "(turn 2)" in out.getvalue()
    assert repl.handle("/reset")
    assert "Conversation reset." in out.getvalue()
    repl.handle("third")
    assert "(turn 1)" in out.getvalue().splitlines()[-2]


def test_session_sources_show_the_last_answer_in_full(engine: FakeEngine) -> None:
    repl, out = session(engine)
    repl.handle("a question whose quote is shown in full " + "word " * 40)
    repl.handle("/SOURCES")
    assert "[doc-a] Document A\n  a question whose quote" in out.getvalue()


def test_session_shows_suggestions_when_not_found(engine: FakeEngine) -> None:
    repl, out = session(engine)
    repl.handle("something unknown")
    assert "You could ask:\n  - What is A?" in out.getvalue()


def test_session_survives_an_engine_error(engine: FakeEngine,
                                          caplog: pytest.LogCaptureFixture) -> None:
    repl, out = session(engine, interactive=False)
    assert repl.handle("boom") and repl.handle("fine")
    assert "Echo: fine" in out.getvalue()
    assert repl.errors == 1
    assert "could not answer" in caplog.text


def test_session_says_what_a_damaged_store_needs(engine: FakeEngine, caplog: pytest.LogCaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = KnowledgeBaseError("/kb/.qabot/store.sqlite: a sentence row is damaged; delete that file "
                                 "and run `qabot build`")
    monkeypatch.setattr(engine, "answer", lambda question, dialogue=None: (_ for _ in ()).throw(damaged))
    repl, _ = session(engine, interactive=False)
    assert repl.handle("anything")
    assert repl.errors == 1
    assert "delete that file and run `qabot build`" in caplog.text and "Traceback" not in caplog.text


@pytest.mark.parametrize("command", ["/quit", "/exit", "/q", " /QUIT "])
def test_session_quit_commands(engine: FakeEngine, command: str) -> None:
    repl, _ = session(engine)
    assert repl.handle(command) is False


def test_banner_names_the_documents(engine: FakeEngine) -> None:
    repl, _ = session(engine)
    banner = repl.banner()
    assert "2 document(s)" in banner and "Document B" in banner and '"What is A?"' in banner


def test_history_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert history_path() == tmp_path / "qabot" / "history"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert history_path() == Path.home() / ".local" / "state" / "qabot" / "history"


# --- a real terminal -------------------------------------------------------------------------


def spawn(home: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("QABOT_KB", "XDG_STATE_HOME")}
    env.update(HOME=str(home), TERM="xterm", NO_COLOR="")
    child = pexpect.spawn(sys.executable, ["-m", "bot", "chat"], cwd=str(PROJECT), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 200))
    child.expect("qabot 0")  # the banner
    child.expect("/help for commands")
    child.expect("qabot>")
    return child


def test_terminal_session(clean_env: Path) -> None:
    child = spawn(clean_env)
    child.sendline("When was the third SPD?")
    child.expect("SPD")
    child.expect("Source:")
    child.expect("qabot>")
    child.sendline("Where was it held?")
    child.expect("Source:")
    child.expect("qabot>")
    child.sendline("/reset")
    child.expect("Conversation reset.")
    child.expect("qabot>")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")
    history = (clean_env / ".local" / "state" / "qabot" / "history").read_text()
    assert "When was the third SPD?" in history and "/reset" in history


def test_terminal_answers_are_coloured(clean_env: Path) -> None:
    child = spawn(clean_env)
    child.sendline("When was the third SPD?")
    child.expect("\x1b\\[2mSource:")
    child.expect("qabot>")  # Ctrl-D typed before readline reads again can be lost
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_terminal_ctrl_d_ends_cleanly(clean_env: Path) -> None:
    child = spawn(clean_env)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def _reading_the_terminal(pid: int, within: float = 10.0) -> None:
    """Wait until the process sleeps reading its terminal (Linux's /proc says where it waits):
    a ^C typed while readline is still setting the terminal up can be lost on a loaded machine."""
    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + within
    while wchan.exists() and time.monotonic() < deadline:
        if any(word in wchan.read_text() for word in ("poll", "select", "tty_read", "wait_woken")):
            return
        time.sleep(0.02)


def test_terminal_ctrl_c_ends_cleanly(clean_env: Path) -> None:
    child = spawn(clean_env)
    _reading_the_terminal(child.pid)
    output = ""
    for _ in range(5):  # a ^C typed while readline still sets the terminal up is lost: type it again
        child.sendintr()
        if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=5) == 0:
            break
        output += child.before or ""
    output += child.before or ""
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output and "KeyboardInterrupt" not in output


def test_terminal_survives_an_unwritable_history(clean_env: Path) -> None:
    state = clean_env / ".local" / "state"
    state.mkdir(parents=True)
    (state / "qabot").write_text("a file where the history folder should be")
    child = spawn(clean_env)
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
