"""Group etiquette: decide whether a message is meant for the bot, and what it asks.

In a private chat everything is meant for the bot. In a group the bot speaks only when
mentioned (``@botname``, which is stripped from the question), when someone replies to one
of its messages, or on a command (handled by the command handlers, which already accept
``/cmd@botname`` and ignore commands addressed to other bots).
"""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity


def is_private(message: Message) -> bool:
    """Whether the message was sent in a one-to-one chat with the bot."""
    return message.chat.type == Chat.PRIVATE


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    """Whether the message replies to one of the bot's own messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def mentions_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """Whether the text or caption mentions the bot (``@botname`` or a text mention)."""
    handle = f"@{bot_username}".casefold()
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    entities |= message.parse_caption_entities(
        [MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and text.casefold() == handle:
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            return True
    return False


def strip_mention(text: str, bot_username: str) -> str:
    """``text`` without ``@botname`` (any case), whitespace tidied."""
    pattern = re.compile(rf"@{re.escape(bot_username)}\b[,:]?", re.IGNORECASE)
    return " ".join(pattern.sub(" ", text).split())


def addressed_to_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """Whether the bot should respond to this message at all."""
    return (
        is_private(message)
        or is_reply_to_bot(message, bot_id)
        or mentions_bot(message, bot_username, bot_id)
    )


def question_in(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question a text message puts to the bot, or None if it is not for the bot."""
    if not message.text or not addressed_to_bot(message, bot_username, bot_id):
        return None
    return strip_mention(message.text, bot_username)


def command_argument(message: Message) -> str:
    """What follows the command in ``/cmd argument`` or ``/cmd@botname argument``."""
    parts = (message.text or "").split(maxsplit=1)
    return " ".join(parts[1].split()) if len(parts) == 2 else ""


def command_targets_bot(message: Message, bot_username: str) -> bool:
    """Whether a command message (``/x`` or ``/x@name``) is for this bot in this chat."""
    first = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    _, at, target = first.partition("@")
    if at:
        return target.casefold() == bot_username.casefold()
    return is_private(message)


def meant_for_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """Whether the bot would respond: addressed to it, or a command it accepts here."""
    if addressed_to_bot(message, bot_username, bot_id):
        return True
    first = (message.text or "").split(maxsplit=1)[0] if message.text else ""
    if not first.startswith("/"):
        return False
    _, at, target = first.partition("@")
    return not at or target.casefold() == bot_username.casefold()


def upload_requested(message: Message, bot_username: str) -> bool:
    """Whether a document is sent for the bot to add: any in a private chat; in a group,
    one with the caption ``/add`` (or ``/add@botname``)."""
    if is_private(message):
        return True
    first = (message.caption or "").split(maxsplit=1)[0] if message.caption else ""
    command, at, target = first.partition("@")
    return command.casefold() == "/add" and (not at or target.casefold() == bot_username.casefold())
