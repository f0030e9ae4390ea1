"""Changing the knowledge base from the chat: fetch a sent document, then apply a change.

A document is fetched through the Bot API (``getFile``, then the file URL built from the
configured base file URL), its size checked against the cap before and after the download.
A change (``bot.telegram.kb_changes``) runs in a thread under the lock /reload takes, so
two rebuilds never overlap; the new engine replaces the old in one assignment, so every
handler sees the old knowledge base or the new one, never half of each.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Message
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram import uploads
from bot.telegram.kb_changes import Learned
from bot.telegram.state import ENGINE, RELOAD_LOCK

logger = logging.getLogger(__name__)


async def fetch_document(message: Message) -> tuple[str, bytes]:
    """The safe file name and the bytes of the document in ``message`` (UploadRefused if not)."""
    document = message.document
    if document is None:
        raise uploads.UploadRefused("there is no file in that message")
    name = uploads.safe_name(document.file_name)
    uploads.check_size(document.file_size)  # before downloading anything
    try:
        file = await document.get_file()
        uploads.check_size(file.file_size)
        data = bytes(await file.download_as_bytearray())
    except BadRequest as err:  # "file is too big", an expired file id...
        raise uploads.UploadRefused(f"Telegram would not give me the file ({err.message})") from err
    uploads.check_size(len(data))
    await asyncio.to_thread(uploads.check_content, name, data)
    return name, data


async def apply_change(context: ContextTypes.DEFAULT_TYPE, change: Callable[[], Learned]) -> Learned:
    """Run ``change`` in a thread under the reload lock and swap in the engine it built."""
    lock: asyncio.Lock = context.bot_data[RELOAD_LOCK]
    async with lock:
        learned = await asyncio.to_thread(change)
        context.bot_data[ENGINE] = learned.engine  # one assignment: the old or the new
    return learned
