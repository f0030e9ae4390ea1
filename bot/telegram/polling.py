"""Long polling of getUpdates, in place of the library's Updater loop.

Each batch is handed to the :class:`~bot.telegram.inbox.Inbox`, which journals it, before
the next getUpdates call confirms it to Telegram (the offset moves on only then). Polling
waits while the inbox is full. A rejected token (``InvalidToken``) or another poller on the
same token (``Conflict``) ends polling by raising; any other failure is retried with
back-off, and logged once per incident.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.telegram.inbox import Inbox
from bot.telegram.incidents import Incident
from bot.telegram.tuning import Tuning

logger = logging.getLogger(__name__)

# Edited messages and channel posts are not asked for, and ignored if they come anyway.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
FATAL_POLLING_ERRORS = (InvalidToken, Conflict)
MAX_BATCH = 100  # the most getUpdates returns at once


class Poller:
    """Fetch updates into the inbox until cancelled or a fatal error."""

    def __init__(self, bot: Bot, inbox: Inbox, tuning: Tuning,
                 allowed_updates: Sequence[str] = ALLOWED_UPDATES) -> None:
        self.bot = bot
        self.inbox = inbox
        self.tuning = tuning
        self.allowed_updates = list(allowed_updates)
        self.incident = Incident(logger, "Polling Telegram for updates")

    async def run(self) -> None:
        """Poll forever; raise ``InvalidToken`` or ``Conflict`` when polling cannot go on."""
        offset: int | None = None  # Telegram keeps what was not confirmed
        failures = 0
        while True:
            await self.inbox.wait_for_room()
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=self.tuning.poll_timeout,
                    limit=min(MAX_BATCH, self.inbox.room()),
                    allowed_updates=self.allowed_updates)
            except FATAL_POLLING_ERRORS:
                raise
            except TelegramError as err:
                failures += 1
                delay = self._delay(err, failures)
                self.incident.failed(err, f"retrying in {delay:.1f} s")
                await asyncio.sleep(delay)
                continue
            failures = 0
            self.incident.succeeded()
            if updates:
                await self.inbox.accept(updates)  # journalled before the offset moves on
                offset = updates[-1].update_id + 1

    def _delay(self, error: TelegramError, failures: int) -> float:
        if isinstance(error, RetryAfter):
            return error.retry_after.total_seconds() if hasattr(
                error.retry_after, "total_seconds") else float(error.retry_after)
        return self.tuning.poll_backoff.delay(failures, random.random())
