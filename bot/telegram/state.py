"""What the bot keeps between updates.

Bot-wide: the engine, the settings, the knowledge base folder and the chat directory, in
``context.bot_data``, with the thread the engine answers in and the table of cited
sentences. Per chat: a :class:`ChatState` (the chat's dialogue and the payloads behind its
inline buttons) in ``context.chat_data``. Button payloads are small: a suggested question,
or the ids of the cited sentences in the bot-wide :class:`CitationTable`; they are bounded
in number and in bytes per chat. The :class:`ChatDirectory` bounds how many chats are
remembered: past the cap, the least recently used chat's ``chat_data`` is dropped. Nothing
lives in module globals.
"""

from __future__ import annotations

import asyncio
import secrets
from array import array
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.feedback import feedback_path
from bot.telegram.settings import Settings
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.models import Citation

ENGINE = "engine"
SETTINGS = "settings"
KB_FOLDER = "kb_folder"
CHATS = "chats"
RELOAD_LOCK = "reload_lock"
TUNING = "tuning"
ENGINE_THREAD = "engine_thread"
CITATIONS = "citations"
FEEDBACK_LOG = "feedback_log"
CHAT_STATE = "qabot"
MAX_OFFERS = 50
MAX_OFFER_BYTES = 4096  # per chat, as counted by offer_size
MAX_CITATIONS = 20_000  # distinct cited sentences remembered bot-wide


@dataclass(frozen=True, slots=True)
class SourcesOffer:
    """Behind a "Sources" button: the ids of the citations to reveal (a CitationTable's)."""

    citation_ids: array[int]  # unsigned 32-bit: 4 bytes an id, not a Python int each
    table: int = 0  # the CitationTable's ``epoch``: ids from another process's table mean nothing


@dataclass(frozen=True, slots=True)
class FeedbackOffer:
    """Behind the 👍 / 👎 buttons of an answer: the question it answered (cut short)."""

    question: str


Offer = str | SourcesOffer | FeedbackOffer  # a question to ask, sources to reveal, or a verdict to take
MAX_FEEDBACK_QUESTION = 300  # characters of the question kept behind 👍 / 👎


def offer_size(offer: Offer) -> int:
    """What an offer costs in a chat's budget: its bytes, plus a fixed overhead."""
    if isinstance(offer, str):
        payload = len(offer.encode())
    elif isinstance(offer, FeedbackOffer):
        payload = len(offer.question.encode())
    else:
        payload = offer.citation_ids.itemsize * len(offer.citation_ids)
    return 32 + payload


class CitationTable:
    """Each distinct citation once, bot-wide, under a small id (least recently cited
    forgotten past ``limit``); chats keep the ids."""

    def __init__(self, limit: int = MAX_CITATIONS) -> None:
        self.limit = limit
        self._ids: OrderedDict[tuple[str, str, str], int] = OrderedDict()
        self._by_id: dict[int, Citation] = {}
        self._next = 0
        # A chat's payloads outlive the process (persistence); this table does not.
        self.epoch = secrets.randbits(31) + 1

    def add(self, citation: Citation) -> int:
        """The id of ``citation``, given it now if it is new."""
        key = (citation.document, citation.title, citation.quote)
        known = self._ids.get(key)
        if known is not None:
            self._ids.move_to_end(key)
            return known
        citation_id, self._next = self._next, self._next + 1
        self._ids[key] = citation_id
        self._by_id[citation_id] = citation
        while len(self._ids) > self.limit:
            _, old = self._ids.popitem(last=False)
            del self._by_id[old]
        return citation_id

    def get(self, citation_id: int) -> Citation | None:
        """The citation behind ``citation_id``, or None if it was forgotten."""
        return self._by_id.get(citation_id)

    def __len__(self) -> int:
        return len(self._ids)


@dataclass
class ChatState:
    """One chat's memory: its dialogue and the most recent button payloads (bounded)."""

    dialogue: Dialogue = field(default_factory=Dialogue)
    offers: OrderedDict[str, Offer] = field(default_factory=OrderedDict)
    next_offer: int = 0
    offer_bytes: int = 0

    def offer(self, payload: Offer) -> str:
        """Remember ``payload`` and return the short key a button's callback data carries;
        the oldest payloads are forgotten past MAX_OFFERS or MAX_OFFER_BYTES."""
        key = format(self.next_offer, "x")
        self.next_offer += 1
        self.offers[key] = payload
        self.offer_bytes += offer_size(payload)
        while len(self.offers) > MAX_OFFERS or (
                self.offer_bytes > MAX_OFFER_BYTES and len(self.offers) > 1):
            _, old = self.offers.popitem(last=False)
            self.offer_bytes -= offer_size(old)
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
    bot_data[CITATIONS] = CitationTable()
    bot_data[FEEDBACK_LOG] = feedback_path(kb_folder, settings.state_dir)
    # One thread answers, so the event loop stays free meanwhile (to show "typing…" for a
    # slow answer) and the engine is never used by two threads at once.
    bot_data[ENGINE_THREAD] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qabot-engine")


def engine_of(bot_data: dict[str, Any]) -> Engine:
    """The current engine (replaced as a whole by /reload)."""
    return bot_data[ENGINE]


def settings_of(bot_data: dict[str, Any]) -> Settings:
    """The settings the bot was started with."""
    return bot_data[SETTINGS]


def citations_of(bot_data: dict[str, Any]) -> CitationTable:
    """The bot-wide table of cited sentences behind the Sources buttons."""
    return bot_data[CITATIONS]
