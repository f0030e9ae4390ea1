"""The application's update queue, made durable: at-least-once handling of every update.

:class:`Inbox` replaces python-telegram-bot's in-memory ``update_queue``:

- ``accept`` writes updates to the :class:`~bot.telegram.journal.Journal` (committed to
  disk) before they are queued, so before the poller moves the getUpdates offset on, and
  before the webhook server answers Telegram's POST;
- it waits while ``Tuning.max_ahead`` updates are journalled but unanswered, which bounds
  how far polling runs ahead of answering (and slows a webhook down);
- an update is marked done when its handling ends, unless the error handler reported a
  failure worth another try (:func:`~bot.telegram.delivery.worth_redelivering`): then it
  stays in the journal and is handled again after a back-off. Until it succeeds (or is
  given up), its chat is *troubled*: the chat's later updates wait in the journal and are
  handled one by one, oldest first, so a chat's answers keep their order;
- at start-up, the updates a previous run left unanswered are queued first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
from collections.abc import Sequence
from typing import Any

from telegram import Bot, Update

from bot.telegram.journal import Journal, chat_of
from bot.telegram.tuning import Tuning

logger = logging.getLogger(__name__)

ChatKey = int | None  # updates from no chat (a button on an inline message) share one key


class Inbox(asyncio.Queue):  # type: ignore[type-arg]
    """A journalled update queue with redelivery in each chat's order."""

    def __init__(self, journal: Journal, tuning: Tuning) -> None:
        super().__init__()
        self.journal = journal
        self.tuning = tuning
        self.bot: Bot | None = None  # set by the factory; rebuilds journalled updates
        self.closing = False
        self._in_flight: set[int] = set()
        self._failed: dict[int, BaseException] = {}
        self._troubled: dict[ChatKey, float] = {}  # chat → loop time of its next try (inf: trying)
        self._unfinished = journal.count_pending()
        self._room = asyncio.Event()
        self._wake = asyncio.Event()

    # Receiving ------------------------------------------------------------------------
    async def put(self, item: object) -> None:
        """Queue ``item``; an update is journalled first (the webhook server puts here)."""
        if isinstance(item, Update):
            await self.accept([item])
        else:
            await super().put(item)  # the application's stop signal

    def room(self) -> int:
        """How many more updates may be accepted before the bound is reached."""
        return max(0, self.tuning.max_ahead - self._unfinished)

    async def wait_for_room(self) -> None:
        while not self.room():
            self._room.clear()
            await self._room.wait()

    async def accept(self, updates: Sequence[Update]) -> None:
        """Journal ``updates`` durably, then queue those not seen before."""
        await self.wait_for_room()
        fresh = self.journal.record(updates)
        self._unfinished += len(fresh)
        for update in fresh:
            self._enqueue(update)

    def release_backlog(self) -> int:
        """Queue the updates a previous run left unanswered, oldest first; return how many."""
        backlog = [p for p in self.journal.pending() if p[0] not in self._in_flight]
        for update_id, _, payload in backlog:
            self._enqueue_journalled(update_id, payload)
        if backlog:
            logger.info("Answering %d update%s left unanswered by the last run", len(backlog),
                        "" if len(backlog) == 1 else "s")
        return len(backlog)

    # Handling (called by the update processor and the error handler) --------------------
    def admit(self, update: Update) -> bool:
        """Whether to handle ``update`` now; False: it waits in the journal behind an older
        update of its troubled chat."""
        chat = chat_of(update)
        if chat not in self._troubled:
            return True
        oldest = self.journal.oldest_pending(chat)
        if oldest is None or oldest[0] == update.update_id:
            return True
        self._in_flight.discard(update.update_id)
        return False

    def failed(self, update: Update, error: BaseException) -> None:
        """Note that handling ``update`` failed in a way worth another try."""
        self._failed[update.update_id] = error

    def interrupted(self, update: Update) -> None:
        """Handling was cancelled (shutdown): the update stays in the journal for next time."""
        self._in_flight.discard(update.update_id)
        self._failed.pop(update.update_id, None)

    def settle(self, update: Update) -> None:
        """Handling ended: mark the update done, or schedule another try."""
        update_id, chat = update.update_id, chat_of(update)
        self._in_flight.discard(update_id)
        error = self._failed.pop(update_id, None)
        if error is not None:
            tries = self.journal.attempt(update_id)
            if tries < self.tuning.redeliver_tries:
                delay = self.tuning.redeliver_backoff.delay(tries, random.random())
                self._troubled[chat] = asyncio.get_running_loop().time() + delay
                self._wake.set()
                logger.debug("Update %s failed (%s: %s); trying again in %.1f s", update_id,
                             type(error).__name__, error, delay)
                return
            logger.warning("Gave up update %s after %d tries; last error %s: %s",
                           update_id, tries, type(error).__name__, error)
        self.journal.finish(update_id)
        self._unfinished -= 1
        self._room.set()
        if chat in self._troubled:
            self._release_next(chat)

    # Redelivery -------------------------------------------------------------------------
    async def redeliver_forever(self) -> None:
        """Hand each troubled chat's oldest update over again when its back-off is over."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            for chat, due in list(self._troubled.items()):
                if due <= now:
                    self._release_next(chat)
            upcoming = [due for due in self._troubled.values() if due != math.inf]
            self._wake.clear()
            timeout = max(0.0, min(upcoming) - now) if upcoming else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def close(self) -> int:
        """Queue nothing more, and take back what is queued but not yet being handled: the
        application is stopping. It all stays in the journal, for the next start. Returns
        how many updates were set aside."""
        self.closing = True
        set_aside = 0
        while not self.empty():
            item = self.get_nowait()
            self.task_done()
            if isinstance(item, Update):
                self.interrupted(item)
                set_aside += 1
            else:
                self.put_nowait(item)  # not ours (a stop signal): leave it for its reader
                break
        if set_aside:
            logger.info("%d update%s set aside for the next start", set_aside,
                        "" if set_aside == 1 else "s")
        return set_aside

    def _release_next(self, chat: ChatKey) -> None:
        oldest = self.journal.oldest_pending(chat)
        if oldest is None:
            del self._troubled[chat]
            return
        self._troubled[chat] = math.inf
        if oldest[0] not in self._in_flight and not self._enqueue_journalled(*oldest[::2]):
            self._release_next(chat)  # that one was given up: the next, if any

    def _enqueue_journalled(self, update_id: int, payload: dict[str, Any]) -> bool:
        """Queue an update read back from the journal; one that no longer reads as an update
        (written by another version, say) is given up rather than stopping the bot."""
        try:
            update = Update.de_json(payload, self.bot)
        except Exception as err:  # the journal's contents, not ours to trust blindly
            logger.warning("Gave up journalled update %s: it cannot be read back (%s: %s)",
                           update_id, type(err).__name__, err)
            self.journal.finish(update_id)
            self._unfinished -= 1
            return False
        self._enqueue(update)
        return True

    def _enqueue(self, update: Update) -> None:
        if self.closing:
            return
        self._in_flight.add(update.update_id)
        self.put_nowait(update)
