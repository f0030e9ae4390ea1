"""Command-line options of ``qabot telegram``. Imports nothing from the telegram library."""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

DEFAULT_MAX_CHATS = 1000
DEFAULT_LISTEN = "127.0.0.1"
DEFAULT_PORT = 8443
DEFAULT_LOG_LEVEL = "INFO"  # a service says that it runs; the other commands stay quiet
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _port(value: str) -> int:
    number = _positive_int(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (1-65535), got {value!r}")
    return number


def _webhook_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"expected an https:// URL, got {value!r}")
    return value


def _secret_token(value: str) -> str:
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    if not 1 <= len(value) <= 256 or not set(value) <= allowed:
        raise argparse.ArgumentTypeError("the secret token is 1-256 characters of A-Z a-z 0-9 _ -")
    return value


def log_level(value: str) -> str:
    """A logging level name, any case (the type of --log-level, and QABOT_LOG_LEVEL's check)."""
    name = value.strip().upper()
    if name not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(
            f"expected one of {', '.join(LOG_LEVELS)} (any case), got {value!r}")
    return name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the Telegram front end's options to ``parser`` (the ``telegram`` subcommand)."""
    parser.set_defaults(default_log_level=DEFAULT_LOG_LEVEL)
    parser.add_argument(
        "--log-level", type=log_level, default=None, metavar="LEVEL",
        help=f"how much qabot logs: {', '.join(LOG_LEVELS)} (default: $QABOT_LOG_LEVEL, "
             f"else {DEFAULT_LOG_LEVEL}); other libraries log warnings and errors only, "
             "and tracebacks need --debug")
    parser.add_argument(
        "--state-dir", default=None, metavar="DIR",
        help="folder of the update journal, which lets a restart answer what a crash left "
             "unanswered (default: $QABOT_STATE_DIR, else ~/.local/state/qabot)")
    parser.add_argument(
        "--max-chats", type=_positive_int, default=DEFAULT_MAX_CHATS, metavar="N",
        help=f"remember the dialogue of at most N chats, least recently used "
             f"forgotten first (default {DEFAULT_MAX_CHATS})")
    hook = parser.add_argument_group("webhook mode (default: long polling)")
    hook.add_argument(
        "--webhook-url", type=_webhook_url, default=None, metavar="URL",
        help="public HTTPS URL Telegram posts updates to; enables webhook mode")
    hook.add_argument(
        "--listen", default=DEFAULT_LISTEN, metavar="ADDRESS",
        help=f"address the webhook server binds (default {DEFAULT_LISTEN}; 0.0.0.0 in Docker)")
    hook.add_argument(
        "--port", type=_port, default=DEFAULT_PORT,
        help=f"port the webhook server binds (default {DEFAULT_PORT})")
    hook.add_argument(
        "--url-path", default=None, metavar="PATH",
        help="path the webhook server answers on (default: the path of --webhook-url)")
    hook.add_argument(
        "--secret-token", type=_secret_token, default=None, metavar="TOKEN",
        help="secret Telegram sends with every webhook call (default: random at each start)")
