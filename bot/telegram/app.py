"""The one factory that builds the Telegram ``Application``."""

from __future__ import annotations

import logging
from pathlib import Path

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BasePersistence,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    DictPersistence,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.telegram import handlers, texts
from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.inbox import Inbox
from bot.telegram.journal import Journal
from bot.telegram.lifecycle import SHUTDOWN, Shutdown
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.polling import ALLOWED_UPDATES
from bot.telegram.settings import Settings
from bot.telegram.state import TUNING, init_bot_data
from bot.telegram.tuning import DEFAULT_TUNING, Tuning
from retrieval.engine import Engine

logger = logging.getLogger(__name__)

__all__ = ["ALLOWED_UPDATES", "build_application"]
RATE_LIMIT_RETRIES = 3


async def post_init(application: Application) -> None:
    """Publish the command menu; a failure is logged, never fatal."""
    commands = [BotCommand(name, description) for name, description in texts.COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as err:
        logger.warning("Could not publish the command menu (set_my_commands): %s", err)


# Only chat data is kept: bot data holds the engine and its thread, which are made at start.
CHAT_DATA_ONLY = PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False)
CHAT_STATE_FILE = "chats.pickle"
PERSIST_EVERY = 30.0  # seconds between writes of the chat state file (and at shutdown)


def chat_persistence(state_dir: Path) -> PicklePersistence:
    """Chat state kept in ``state_dir/chats.pickle``, written every PERSIST_EVERY seconds
    and when the bot stops."""
    state_dir.mkdir(parents=True, exist_ok=True)
    return PicklePersistence(filepath=state_dir / CHAT_STATE_FILE, store_data=CHAT_DATA_ONLY,
                             update_interval=PERSIST_EVERY)


def build_application(
    settings: Settings,
    engine: Engine,
    *,
    kb_folder: Path | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    journal: Journal | None = None,
    tuning: Tuning = DEFAULT_TUNING,
    persistence: BasePersistence | None = None,
) -> Application:
    """Wire the bot: token and API URLs from ``settings``, the engine in ``bot_data``, the
    journalled update queue, the retrying rate limiter, per-chat ordered concurrency, the
    handlers, the command menu in ``post_init`` and one error handler.

    ``journal`` defaults to one in memory (tests); ``request``/``get_updates_request``
    replace the HTTP transport (tests record requests). ``persistence`` keeps each chat's
    state (its dialogue and button payloads) across restarts: ``chat_persistence`` makes the
    file one; by default it is kept in memory only.
    """
    inbox = Inbox(journal if journal is not None else Journal(":memory:"), tuning)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(RetryingRateLimiter(tuning, max_retries=RATE_LIMIT_RETRIES))
        .post_init(post_init)
        .update_queue(inbox)
        .concurrent_updates(PerChatUpdateProcessor(inbox=inbox))
        .persistence(persistence if persistence is not None else DictPersistence(store_data=CHAT_DATA_ONLY))
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    inbox.bot = application.bot
    init_bot_data(application.bot_data, settings, engine, kb_folder)
    application.bot_data[TUNING] = tuning
    application.bot_data[SHUTDOWN] = Shutdown()
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    """Register the gate, the commands, the message and button handlers, the error handler."""
    new_message = filters.UpdateType.MESSAGE  # never edited messages
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    for name, callback in (
        ("start", handlers.start),
        ("help", handlers.help_command),
        ("sources", handlers.sources),
        ("reset", handlers.reset),
        ("ask", handlers.ask),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    application.add_handler(
        CommandHandler("reload", handlers.reload, filters=new_message, block=False))
    application.add_handler(CommandHandler("feedback", handlers.feedback_command, filters=new_message))
    application.add_handler(CommandHandler("add", handlers.add_command, filters=new_message))
    application.add_handler(CommandHandler("remove", handlers.remove, filters=new_message))
    application.add_handler(MessageHandler(new_message & filters.COMMAND,
                                           handlers.unknown_command))
    application.add_handler(MessageHandler(new_message & filters.TEXT, handlers.text_message))
    application.add_handler(MessageHandler(new_message & filters.Document.ALL,
                                           handlers.add_document_message))
    application.add_handler(MessageHandler(new_message & filters.ATTACHMENT, handlers.non_text))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.on_error)
