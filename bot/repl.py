"""The chat REPL: questions in, answers out, with a few slash commands.

Attached to a terminal it greets, prompts, colours its answers and keeps a readline
history; with piped input it prints only the answers, one block per question, so
``echo "When was the third SPD?" | qabot chat`` is usable in scripts.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import __version__
from bot.render import (
    BOLD,
    CYAN,
    DIM,
    RESET,
    clean,
    format_documents,
    format_plain,
    format_sources,
    format_terminal,
)
from knowledge.errors import QabotError

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.models import Answer

log = logging.getLogger(__name__)

HISTORY_LENGTH = 1000
EXIT_INTERRUPTED = 130

HELP = """\
Ask a question in plain words; follow-ups ("and where?") refer to the last one.
  /sources   the full sources of the last answer
  /reset     forget the conversation so far
  /help      this help
  /quit      leave (Ctrl-D works too)"""


def history_path() -> Path:
    """Where the readline history lives: $XDG_STATE_HOME/qabot/history."""
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "qabot" / "history"


class Session:
    """One conversation: reads a line, answers or runs a command, writes the result."""

    def __init__(self, engine: Engine, out: TextIO, *, interactive: bool, colour: bool) -> None:
        from retrieval.dialogue import Dialogue

        self.engine = engine
        self.out = out
        self.interactive = interactive
        self.colour = colour
        self.dialogue = Dialogue()
        self.last: Answer | None = None
        self.errors = 0

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def banner(self) -> str:
        titles = [title for _, title in self.engine.documents]
        examples = self.engine.example_questions()[:2]
        lines = [f"qabot {__version__} — answers questions about {len(titles)} document(s):"]
        lines += [f"  {clean(t)}" for t in titles[:5]]
        if len(titles) > 5:
            lines.append(f"  … and {len(titles) - 5} more")
        if examples:
            lines.append("Try: " + " · ".join(f'"{clean(q)}"' for q in examples))
        lines.append("/help for commands, /quit or Ctrl-D to leave.")
        text = "\n".join(lines)
        return f"{DIM}{text}{RESET}" if self.colour else text

    def prompt(self) -> str:
        if not self.colour:
            return "qabot> "
        # \001 and \002 tell readline the escapes take no room on the line.
        return f"\001{BOLD}{CYAN}\002qabot>\001{RESET}\002 "

    def handle(self, line: str) -> bool:
        """Act on one input line; False when the user asked to leave."""
        text = line.strip()
        if not text:
            return True
        if text.startswith("/"):
            return self.command(text)
        self.ask(text)
        return True

    def ask(self, question: str) -> None:
        try:
            answer = self.engine.answer(question, self.dialogue)
        except QabotError as err:  # a store row found damaged when read: the message says what to do
            self.errors += 1
            log.error("could not answer that question: %s", err)
            return
        except Exception as err:  # an engine bug must not end the conversation
            self.errors += 1
            log.debug("engine failed on %r", question[:200], exc_info=True)
            log.error("could not answer that question (%s); run with --debug for details",
                      type(err).__name__)
            return
        self.last = answer
        self.say(format_terminal(answer) if self.colour else format_plain(answer))
        if not self.interactive:
            self.say("")

    def command(self, text: str) -> bool:
        name = text.split()[0].lower()
        if name in ("/quit", "/exit", "/q"):
            return False
        if name == "/help":
            self.say(HELP)
        elif name == "/reset":
            self.dialogue.reset()
            self.last = None
            if self.interactive:
                self.say("Conversation reset.")
        elif name == "/sources":
            if self.last is not None:
                self.say(format_sources(self.last))
            else:
                self.say("No answer yet. The documents are:\n"
                         + format_documents(self.engine.documents))
        else:
            self.say(f"Unknown command {clean(name)}; /help lists the commands.")
        return True


def _load_history(path: Path) -> None:
    import readline

    readline.set_history_length(HISTORY_LENGTH)
    try:
        readline.read_history_file(path)
    except OSError:
        log.debug("no readable history at %s", path)


def _save_history(path: Path) -> None:
    import readline

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
    except OSError as err:
        log.debug("cannot write history to %s: %s", path, err)


def _interactive(session: Session) -> int:
    path = history_path()
    _load_history(path)
    session.say(session.banner())
    try:
        while True:
            try:
                line = input(session.prompt())
            except EOFError:
                session.say("")
                return 0
            if not session.handle(line):
                return 0
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second ^C while the history is saved ends nothing half-done
        session.say("")
        return EXIT_INTERRUPTED
    finally:
        _save_history(path)


def _piped(session: Session, stdin: TextIO) -> int:
    try:
        for line in stdin:
            if not session.handle(line):
                break
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return 1 if session.errors else 0


def run(engine: Engine, stdin: TextIO, stdout: TextIO, *, colour: bool | None = None) -> int:
    """Run the REPL until /quit, end of input or Ctrl-C; return the exit status."""
    interactive = stdin.isatty()
    if colour is None:
        colour = interactive and stdout.isatty() and wants_colour()
    session = Session(engine, stdout, interactive=interactive, colour=colour)
    return _interactive(session) if interactive else _piped(session, stdin)


def wants_colour() -> bool:
    """Honour NO_COLOR (https://no-color.org) and dumb terminals."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
