"""Process updates concurrently across chats but in order within each chat.

With python-telegram-bot's default (one update at a time), a single slow chat — a group
held back by the flood limits, say — would hold up every other chat. Here each chat gets
its own lock: chats proceed in parallel, while one chat's messages are still answered in
the order they were sent, so follow-ups always see their chat's dialogue up to date. A chat
with more than ``max_backlog`` updates waiting (a flood) has the excess dropped, so no
chat can take every processing slot.

With an :class:`~bot.telegram.inbox.Inbox`, each update is settled there when its handling
ends (done, or to be tried again), and an update of a troubled chat that is not the chat's
oldest unanswered one is left in the journal for later (``Inbox.admit``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.telegram.inbox import Inbox

logger = logging.getLogger(__name__)


class _ChatLane:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` at once, one at a time per chat."""

    def __init__(self, max_concurrent_updates: int = 64, max_backlog: int = 8,
                 inbox: Inbox | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self.max_backlog = max_backlog
        self.inbox = inbox
        self._lanes: dict[int, _ChatLane] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        chat = update.effective_chat
        if chat is None:
            await self._handle(update, coroutine)
            return
        lane = self._lanes.setdefault(chat.id, _ChatLane())
        if lane.waiting >= self.max_backlog:
            logger.warning("Chat %s is flooding the bot; dropping update %s",
                           chat.id, update.update_id)
            _discard(coroutine)
            if self.inbox is not None:
                self.inbox.settle(update)
            return
        lane.waiting += 1
        try:
            async with lane.lock:
                await self._handle(update, coroutine)
        finally:
            lane.waiting -= 1
            if lane.waiting == 0:
                self._lanes.pop(chat.id, None)  # idle chats cost nothing

    async def _handle(self, update: Update, coroutine: Awaitable[Any]) -> None:
        inbox = self.inbox
        if inbox is None:
            await coroutine
            return
        if not inbox.admit(update):
            _discard(coroutine)
            return
        try:
            await coroutine
        except BaseException:
            inbox.interrupted(update)
            raise
        inbox.settle(update)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop a handling coroutine that will never run (without a "never awaited" warning)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
