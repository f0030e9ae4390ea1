"""Process updates concurrently across chats but in order within each chat.

With python-telegram-bot's default (one update at a time), a single slow chat — a group
held back by the flood limits, say — would hold up every other chat. Here each chat gets
its own lock: chats proceed in parallel, while one chat's messages are still answered in
the order they were sent, so follow-ups always see their chat's dialogue up to date. A chat
with more than ``max_backlog`` updates waiting (a flood) has the excess dropped, so no
chat can take every processing slot.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)


class _ChatLane:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` at once, one at a time per chat."""

    def __init__(self, max_concurrent_updates: int = 64, max_backlog: int = 8) -> None:
        super().__init__(max_concurrent_updates)
        self.max_backlog = max_backlog
        self._lanes: dict[int, _ChatLane] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lane = self._lanes.setdefault(chat.id, _ChatLane())
        if lane.waiting >= self.max_backlog:
            logger.warning("Chat %s is flooding the bot; dropping update %s",
                           chat.id, getattr(update, "update_id", None))
            if inspect.iscoroutine(coroutine):
                coroutine.close()
            return
        lane.waiting += 1
        try:
            async with lane.lock:
                await coroutine
        finally:
            lane.waiting -= 1
            if lane.waiting == 0:
                self._lanes.pop(chat.id, None)  # idle chats cost nothing

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
