"""What the bot keeps between updates.

Bot-wide: the engine, the settings, the knowledge base folder and the chat directory, in
``context.bot_data``. Per chat: a :class:`ChatState` (the chat's dialogue and the payloads
behind its inline buttons) in ``context.chat_data``. The :class:`ChatDirectory` bounds how
many chats are remembered: past the cap, the least recently used chat's ``chat_data`` is
dropped. Nothing lives in module globals.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.telegram.settings import Settings
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.models import Citation

ENGINE = "engine"
SETTINGS = "settings"
KB_FOLDER = "kb_folder"
CHATS = "chats"
RELOAD_LOCK = "reload_lock"
CHAT_STATE = "qabot"
MAX_OFFERS = 50


@dataclass(frozen=True)
class SourcesOffer:
    """Behind a "Sources" button: the reply it was attached to and the citations to reveal."""

    reply_html: str
    citations: list[Citation]


Offer = str | SourcesOffer  # a question to ask, or sources to reveal


@dataclass
class ChatState:
    """One chat's memory: its dialogue and the most recent button payloads (bounded)."""

    dialogue: Dialogue = field(default_factory=Dialogue)
    offers: OrderedDict[str, Offer] = field(default_factory=OrderedDict)
    next_offer: int = 0

    def offer(self, payload: Offer) -> str:
        """Remember ``payload`` and return the short key a button's callback data carries."""
        key = format(self.next_offer, "x")
        self.next_offer += 1
        self.offers[key] = payload
        while len(self.offers) > MAX_OFFERS:
            self.offers.popitem(last=False)
        return key

    def recall(self, key: str) -> Offer | None:
        """The payload behind ``key``, or None if it was forgotten."""
        return self.offers.get(key)


class ChatDirectory:
    """Recency order of chats; says which chats to forget past ``max_chats``."""

    def __init__(self, max_chats: int) -> None:
        self.max_chats = max_chats
        self._order: OrderedDict[int, None] = OrderedDict()

    def touch(self, chat_id: int) -> list[int]:
        """Mark ``chat_id`` as just used; return the chats that fell off the end."""
        self._order[chat_id] = None
        self._order.move_to_end(chat_id)
        evicted: list[int] = []
        while len(self._order) > self.max_chats:
            old, _ = self._order.popitem(last=False)
            evicted.append(old)
        return evicted

    def __len__(self) -> int:
        return len(self._order)


def init_bot_data(bot_data: dict[str, Any], settings: Settings, engine: Engine,
                  kb_folder: Path | None) -> None:
    """Place the bot-wide state in ``bot_data``."""
    bot_data[ENGINE] = engine
    bot_data[SETTINGS] = settings
    bot_data[KB_FOLDER] = kb_folder
    bot_data[CHATS] = ChatDirectory(settings.max_chats)
    bot_data[RELOAD_LOCK] = asyncio.Lock()


def engine_of(bot_data: dict[str, Any]) -> Engine:
    """The current engine (replaced as a whole by /reload)."""
    return bot_data[ENGINE]


def settings_of(bot_data: dict[str, Any]) -> Settings:
    """The settings the bot was started with."""
    return bot_data[SETTINGS]
