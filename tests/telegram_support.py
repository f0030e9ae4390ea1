"""Offline helpers for the Telegram tests: a transport that records requests, and updates.

The transport follows python-telegram-bot's own tests (tests/auxil/networking.py): a
``BaseRequest`` subclass whose ``do_request`` answers from canned JSON instead of the network.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

TOKEN = "123456789:" + "A1b2C3d4E5" * 4  # well-formed, fake
BOT_ID = 123456789
BOT_USERNAME = "qabot_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "QA Bot", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}
ALICE = {"id": 1001, "is_bot": False, "first_name": "Alice"}
BOB = {"id": 1002, "is_bot": False, "first_name": "Bob"}
GROUP = {"id": -100500, "type": "supergroup", "title": "Readers"}


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


@dataclass
class Call:
    """One Bot API call the bot made."""

    method: str
    params: dict[str, Any]


Responder = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]] | None]


class RecordingRequest(BaseRequest):
    """Answers Bot API calls with canned JSON and records them, in order."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.calls: list[Call] = []
        self.responder = responder  # may override a method's answer (errors, flood waits)
        self._message_ids = itertools.count(5000)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append(Call(api_method, params))
        if self.responder is not None:
            custom = self.responder(api_method, params)
            if custom is not None:
                status, body = custom
                return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText"):
            chat_id = params.get("chat_id", 0)
            chat = ({"id": chat_id, "type": "private", "first_name": "X"} if chat_id > 0
                    else {"id": chat_id, "type": "supergroup", "title": "G"})
            message_id = params.get("message_id") or next(self._message_ids)
            return {"message_id": message_id, "date": 0, "chat": chat, "from": BOT_USER,
                    "text": params.get("text", "")}
        if method == "getUpdates":
            return []
        return True

    # Queries used by the tests.
    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call to ``method``."""
        return [c.params for c in self.calls if c.method == method]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """Text of every message sent (to ``chat_id`` if given)."""
        return [p["text"] for p in self.sent()
                if chat_id is None or p["chat_id"] == chat_id]

    def clear(self) -> None:
        self.calls.clear()


class UpdateFactory:
    """Builds real ``Update`` objects (through ``Update.de_json``) with increasing ids."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def message(self, text: str | None, *, user: dict[str, Any] = ALICE,
                chat: dict[str, Any] | None = None, reply_to_bot: bool = False,
                entities: list[dict[str, Any]] | None = None,
                edited: bool = False, **extra: Any) -> Update:
        chat = chat or private_chat(user)
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": 1700000000,
                                   "chat": chat, "from": user, **extra}
        if text is not None:
            message["text"] = text
            message["entities"] = entities if entities is not None else _entities(text)
        if reply_to_bot:
            message["reply_to_message"] = {"message_id": 4999, "date": 1700000000, "chat": chat,
                                           "from": BOT_USER, "text": "an earlier answer"}
        key = "edited_message" if edited else "message"
        if edited:
            message["edit_date"] = 1700000100
        return Update.de_json({"update_id": next(self._update_ids), key: message}, self.bot)

    def callback(self, data: str, *, message_id: int, user: dict[str, Any] = ALICE,
                 chat: dict[str, Any] | None = None, text: str = "an answer",
                 html: str | None = None) -> Update:
        """A button pressed under a message: ``html`` is the message as the bot sent it
        (Telegram gives it back as text and entities), else plain ``text``."""
        chat = chat or private_chat(user)
        text, entities = html_to_entities(html) if html is not None else (text, [])
        query = {"id": str(next(self._update_ids)), "from": user, "chat_instance": "ci",
                 "data": data, "message": {"message_id": message_id, "date": 1700000000,
                                           "chat": chat, "from": BOT_USER, "text": text,
                                           "entities": entities}}
        return Update.de_json({"update_id": next(self._update_ids), "callback_query": query},
                              self.bot)

    def inline_callback(self, data: str, *, user: dict[str, Any] = ALICE) -> Update:
        """A button pressed on an inline message: no ``message``, so no chat."""
        query = {"id": str(next(self._update_ids)), "from": user, "chat_instance": "ci",
                 "data": data, "inline_message_id": "AAAAAQ"}
        return Update.de_json({"update_id": next(self._update_ids), "callback_query": query},
                              self.bot)


class _EntityParser(HTMLParser):
    """Telegram's reading of our HTML: text, and b/i/blockquote as entities (UTF-16 offsets)."""

    KINDS: ClassVar[dict[str, str]] = {"b": "bold", "i": "italic", "blockquote": "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.open: list[tuple[str, int]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, _utf16(self.text)))

    def handle_endtag(self, tag: str) -> None:
        name, start = self.open.pop()
        self.entities.append({"type": self.KINDS[name], "offset": start,
                              "length": _utf16(self.text) - start})

    def handle_data(self, data: str) -> None:
        self.text += data


def html_to_entities(html: str) -> tuple[str, list[dict[str, Any]]]:
    """The text and entities Telegram keeps of a message sent as ``html``."""
    parser = _EntityParser()
    parser.feed(html)
    parser.close()
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


def _entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would attach: a leading bot command and @mentions (ASCII only)."""
    entities: list[dict[str, Any]] = []
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        entities.append({"type": "bot_command", "offset": 0, "length": length})
    position = 0
    for word in text.split(" "):
        if word.startswith("@") and len(word) > 1:
            handle = word.rstrip(",:?!.")
            entities.append({"type": "mention", "offset": _utf16(text[:position]),
                             "length": _utf16(handle)})
        position += len(word) + 1
    return entities


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


TAG = re.compile(r"</?(b|i|blockquote)>")
ENTITY_OR_TEXT = re.compile(r"(?:[^&<>]|&(?:amp|lt|gt|quot|#x27);)*", re.S)


def assert_safe_html(text: str) -> None:
    """Only our own balanced tags, and every ``&`` starts an entity."""
    for tag in ("b", "i", "blockquote"):
        assert text.count(f"<{tag}>") == text.count(f"</{tag}>"), text
    assert ENTITY_OR_TEXT.fullmatch(TAG.sub("", text)), text


def write_documents(folder: Path, documents: dict[str, str]) -> Path:
    """Write ``{stem: text}`` as .txt documents (the first line is the title)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in documents.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return folder


FRUIT_DOCUMENTS = {
    "apples": "Apples & Orchards <b>guide</b>\n"
              "Apples are grown in orchards around Almaty.\n"
              "The apple festival in Almaty is held every September.\n",
    "bananas": "Bananas\n"
               "Bananas are grown on plantations in Ecuador.\n"
               "Banana plantations in Ecuador export fruit all year.\n",
}
