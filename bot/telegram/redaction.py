"""Keep the bot token out of every log line.

The Bot API puts the token in every request URL, and both the HTTP client (``httpx`` logs
each request URL at INFO) and python-telegram-bot (``telegram.Bot`` logs its base URL at
DEBUG) would print it. We quieten the HTTP client loggers and, as a second line of defence,
attach a filter to the root logger's handlers that replaces any secret with ``[REDACTED]``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[REDACTED]"
NOISY_HTTP_LOGGERS = ("httpx", "httpcore")


class RedactingFilter(logging.Filter):
    """Rewrite a record so that none of ``secrets`` survives in its message or traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets: list[str] = []
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Also redact ``secret`` from now on."""
        if secret and secret not in self.secrets:
            self.secrets = sorted([*self.secrets, secret], key=len, reverse=True)
            alternatives = "|".join(re.escape(s) for s in self.secrets)
            self._pattern = re.compile(alternatives, re.IGNORECASE)  # error texts get re-cased

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced, in any letter case."""
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install(secrets: Iterable[str]) -> RedactingFilter:
    """Quieten the HTTP client loggers and redact ``secrets`` on every root handler.

    Call after logging is configured (the CLI entry point does that) and before the bot is
    built. Records reach handlers only through the root logger here, so filtering there covers
    every library's logger, whatever its name.
    """
    for name in NOISY_HTTP_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)
    redactor = RedactingFilter(secrets)
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None and redactor not in handler.filters:
            handler.addFilter(redactor)
    return redactor


def uninstall(redactor: RedactingFilter) -> None:
    """Remove a filter added by :func:`install` (tests and repeated runs)."""
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None:
            handler.removeFilter(redactor)
