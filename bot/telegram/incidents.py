"""Log a run of failures once: a warning when it starts, a line when it clears.

A network outage makes every call fail, but the log should say so once per incident, not
once per call: the first failure is a WARNING, the next ones DEBUG, and the first success
afterwards INFO with how many calls failed.
"""

from __future__ import annotations

import logging


class Incident:
    """The failures in a row of one activity (polling, sending)."""

    def __init__(self, logger: logging.Logger, activity: str, *, quiet: bool = False) -> None:
        self.logger = logger
        self.activity = activity
        self.failures = 0
        self.quiet = quiet  # everything at DEBUG (at start-up, which reports failure itself)

    def failed(self, error: BaseException, retry: str) -> None:
        """Note one failure; only the first of a run is a warning."""
        self.failures += 1
        level = logging.WARNING if self.failures == 1 and not self.quiet else logging.DEBUG
        self.logger.log(level, "%s failed (%s: %s); %s", self.activity,
                        type(error).__name__, error, retry)

    def succeeded(self) -> None:
        """Note a success; it ends the incident, if there was one."""
        if self.failures:
            self.logger.info("%s works again after %d failed attempt%s", self.activity,
                             self.failures, "" if self.failures == 1 else "s")
            self.failures = 0


class DemoteUnreadableResponses(logging.Filter):
    """python-telegram-bot logs an ERROR, with a traceback, for every unreadable response (a
    proxy's HTML error page, cut-off JSON). The failed call is reported once per incident
    instead, so that record becomes DEBUG (seen with --debug only)."""

    LOGGER = "telegram.request.BaseRequest"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Can not load invalid JSON data"):
            record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return True
