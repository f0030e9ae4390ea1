"""The qabot command line: the parser, logging set-up, and errors turned into exit statuses.

Every error a user can cause is one line on stderr and status 2; failed scripted turns
are status 1; nothing prints a traceback unless ``--debug`` is given. The commands
themselves live in :mod:`bot.commands`; heavy modules (the engine, telegram) are imported
only by the command that needs them, to keep ``qabot ask`` quick to start.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import traceback

from bot import __version__, commands
from knowledge.errors import QabotError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

# Document parsers that log their repairs of a damaged file ("EOF marker not found"): the file
# is reported once, in our words, by `qabot build`; their own lines only with --debug.
QUIET_LIBRARIES = ("pypdf",)

EPILOG = """\
examples:
  qabot chat                                  talk about the bundled documents
  qabot ask "When was the third SPD?" --json  one answer, as JSON
  qabot test tests/conversations/             run scripted conversations
  qabot build --kb ~/my-kb                    build the fact store of your own documents
  qabot export --yaml --kb ~/my-kb | less     read what was extracted, as YAML
  qabot sources --kb ~/my-kb                  what was read, and what was skipped and why
  qabot feedback --kb ~/my-kb                 what people asked that the bot could not answer

Every command takes --kb DIR (default: $QABOT_KB, else the bundled documents).
Exit status: 0 ok, 1 failed scripted turns, 2 bad input, 130 interrupted."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are a single line on stderr."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _common() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--kb", metavar="DIR",
        help="knowledge base folder of .txt/.md/.html/.pdf/.docx documents "
             "(default: $QABOT_KB, else the bundled documents)",
    )
    # SUPPRESS keeps `qabot --debug CMD` from being reset by the subcommand's default.
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="log diagnostics and show tracebacks on errors")
    return common


def _add_telegram_options(parser: argparse.ArgumentParser) -> None:
    try:
        from bot.telegram.options import add_arguments
    except ModuleNotFoundError as err:
        if err.name not in ("bot.telegram.options", "bot.telegram"):
            raise
        return
    add_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="qabot",
        description="Ask questions about a folder of documents: in a terminal, "
                    "from scripts, or in a Telegram chat.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"qabot {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="log diagnostics and show tracebacks on errors")
    parser.set_defaults(handler=commands.chat)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND",
                                parser_class=Parser)
    common = [_common()]

    chat = sub.add_parser("chat", parents=common, help="interactive chat (the default)",
                          description="Chat with the bot. With piped input, prints only "
                                      "the answers, one block per line of input.")
    chat.set_defaults(handler=commands.chat)

    ask = sub.add_parser("ask", parents=common, help="answer one question",
                         description="Answer one question and exit.")
    ask.add_argument("question", nargs="+", metavar="QUESTION",
                     help="the question (quote it, or give it as several words)")
    ask.add_argument("--json", action="store_true", help="print the Answer model as JSON")
    ask.add_argument("--explain", action="store_true",
                     help="also print what each stage decided and why (to standard error)")
    ask.set_defaults(handler=commands.ask)

    test = sub.add_parser(
        "test", parents=common, help="run scripted conversations",
        description="Run scripted conversations (YAML files, or folders of them). "
                    "Prints each failing turn, then 'N passed, N failed'. "
                    "Exit 1 if a turn failed, 2 if a file is malformed.")
    test.add_argument("paths", nargs="+", metavar="PATH", help="a .yaml file or a folder")
    test.add_argument("--json", action="store_true",
                      help="print one JSON object per turn, one per line")
    test.set_defaults(handler=commands.test)

    build = sub.add_parser(
        "build", parents=common, help="build and save the fact store; print counts",
        description="Build the fact store of a knowledge base and print what was found.")
    build.add_argument("--out", metavar="FILE",
                       help="where to write the store (default: the knowledge base's own "
                            "store file; the bundled documents are built in memory)")
    build.add_argument("--strict", action="store_true",
                       help="exit 2 if any file was skipped (unreadable, encrypted, corrupt, "
                            "empty or not a document), e.g. in CI")
    build.set_defaults(handler=commands.build)

    export = sub.add_parser(
        "export", parents=common, help="write the fact store as readable YAML, for review",
        description="Write the knowledge base's facts as YAML (to standard output, or --out FILE). "
                    "Commands load the SQLite store; this file is for reading.")
    export.add_argument("--yaml", action="store_true", default=True,
                        help="YAML, the one readable format (the default)")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=commands.export)
    sources = sub.add_parser(
        "sources", parents=common, help="list the documents read and the files skipped",
        description="List the documents of the knowledge base with their passage counts, "
                    "and the files that were skipped, with the reason for each.")
    sources.set_defaults(handler=commands.sources)

    feedback = sub.add_parser(
        "feedback", parents=common, help="summarize what people asked that the bot could not answer",
        description="Summarize the feedback log (.qabot/feedback.jsonl): the most frequent unanswered "
                    "questions and answers marked 👎, grouped by their words.")
    feedback.add_argument("--limit", type=int, default=20, metavar="N", help="show the N largest groups")
    feedback.set_defaults(handler=commands.feedback)

    facts = sub.add_parser("facts", parents=common, help="list extracted facts with sources",
                           description="List the facts extracted from the documents.")
    facts.add_argument("--kind", choices=commands.FACT_KINDS,
                       help="only facts of this kind (default: all)")
    facts.set_defaults(handler=commands.facts)

    telegram = sub.add_parser("telegram", parents=common, help="run the Telegram bot",
                              description="Run the Telegram bot (see docs/telegram.md). "
                                          "The token comes from $TELEGRAM_BOT_TOKEN.")
    _add_telegram_options(telegram)
    telegram.set_defaults(handler=commands.telegram)
    return parser


class OneLineErrors(logging.Filter):
    """Turn a record's traceback into its last line, "Class: message", on the record's line.

    Without --debug no log line carries a traceback, ours or a library's (python-telegram-bot
    logs one for every unreadable Bot API response, such as a proxy's HTML 502 page).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            error = record.exc_info[1]
            message = record.getMessage()
            if error is not None:
                message = f"{message} ({type(error).__name__}: {error})"
            record.msg, record.args = " ".join(message.split()), None
            record.exc_info, record.exc_text = None, None
        return True


class QuietLibraries(logging.Filter):
    """Let other libraries' records through from WARNING up only: --log-level INFO means
    qabot's own INFO lines, not every library's (--debug shows everything)."""

    OWN = ("bot", "retrieval", "knowledge", "__main__")

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".")[0] in self.OWN


def _log_level(args: argparse.Namespace) -> int:
    """--log-level, else $QABOT_LOG_LEVEL, else the command's default (WARNING but for
    ``qabot telegram``); raise QabotError for an unknown level name."""
    name = getattr(args, "log_level", None) or os.environ.get("QABOT_LOG_LEVEL", "").strip()
    name = name or getattr(args, "default_log_level", "WARNING")
    level = logging.getLevelName(name.upper())
    if not isinstance(level, int):
        raise QabotError(f"QABOT_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, "
                         f"got {name!r}")
    return level


def _configure_logging(debug: bool, level: int = logging.WARNING) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if not debug:
        handler.addFilter(OneLineErrors())
        handler.addFilter(QuietLibraries())
    logging.basicConfig(
        level=logging.DEBUG if debug else level,
        format="qabot: %(levelname)s: %(message)s" if not debug
        else "%(asctime)s %(name)s %(levelname)s: %(message)s",
        handlers=[handler],
    )
    logging.getLogger().setLevel(logging.DEBUG if debug else level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.ERROR)


def _tolerate_encoding_errors() -> None:
    """Never crash on a byte the terminal cannot show or a non-UTF-8 byte piped in."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                log.debug("cannot reconfigure %r", stream)


def _error(message: str) -> None:
    print(f"qabot: error: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    """After a closed pipe (`qabot ask ... | head -c1`), drop further output quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _print_traceback() -> None:
    """The current traceback on stderr, with the Telegram token (if any) blanked out."""
    text = traceback.format_exc()
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if token:
        text = re.sub(re.escape(token), "[REDACTED]", text, flags=re.IGNORECASE)
    sys.stderr.write(text)


def main(argv: list[str] | None = None) -> int:
    """The ``qabot`` console script; returns the exit status."""
    # pydantic looks for plugins among every installed package's entry points on its first
    # model (tens of milliseconds of a cold `qabot ask`); qabot uses none. Whoever needs one
    # sets the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    debug = bool(getattr(args, "debug", False))
    try:
        level = _log_level(args)
    except QabotError as err:
        _error(str(err))
        return EXIT_USAGE
    _configure_logging(debug, level)
    _tolerate_encoding_errors()
    try:
        return args.handler(args)
    except QabotError as err:
        if debug:
            _print_traceback()
        _error(str(err))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FAILED
    except Exception as err:  # the last edge: no traceback reaches a user without --debug
        if debug:
            _print_traceback()
        _error(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return EXIT_INTERNAL
