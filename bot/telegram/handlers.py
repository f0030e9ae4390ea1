"""Thin async handlers: read the update, call one service, reply."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import feedback
from bot.telegram import texts
from bot.telegram.addressing import (
    addressed_to_bot,
    command_argument,
    command_targets_bot,
    is_private,
    meant_for_bot,
    question_in,
    upload_requested,
)
from bot.telegram.curation import apply_change, fetch_document
from bot.telegram.delivery import worth_redelivering
from bot.telegram.inbox import Inbox
from bot.telegram.kb_changes import add_document, find_document, remove_document
from bot.telegram.lifecycle import shutdown_of
from bot.telegram.render_html import format_lines
from bot.telegram.replies import (
    ASK_PREFIX,
    DISLIKE_PREFIX,
    LIKE_PREFIX,
    SOURCES_PREFIX,
    acknowledge,
    chat_state,
    cited,
    note_feedback,
    question_keyboard,
    reveal_sources,
    send_answer,
    send_html,
)
from bot.telegram.state import (
    ENGINE,
    FEEDBACK_LOG,
    KB_FOLDER,
    RELOAD_LOCK,
    FeedbackOffer,
    SourcesOffer,
    engine_of,
    settings_of,
)
from bot.telegram.uploads import UploadRefused
from knowledge.errors import KnowledgeBaseError
from retrieval.engine import Engine

logger = logging.getLogger(__name__)


def _reply_to(message: Message) -> int | None:
    """Quote the asker's message in groups, where several people talk; not in private."""
    return None if is_private(message) else message.message_id


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from no chat (a button on an inline message) or from chats outside
    QABOT_ALLOWED_CHATS, refusing politely if addressed."""
    chat = update.effective_chat
    if chat is None:
        if update.callback_query:
            await update.callback_query.answer(texts.NOT_IN_A_CHAT, show_alert=True)
        logger.info("Ignored update %s: it comes from no chat", update.update_id)
        raise ApplicationHandlerStop
    if settings_of(context.bot_data).chat_allowed(chat.id):
        return
    if update.callback_query:
        await update.callback_query.answer(texts.REFUSAL, show_alert=True)
    elif update.message and meant_for_bot(update.message, context.bot.username, context.bot.id):
        await update.message.reply_html(texts.REFUSAL)
    logger.info("Refused update %s from chat %s (not allowed)", update.update_id, chat.id)
    context.application.drop_chat_data(chat.id)  # the persistence made it an entry: keep none
    raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and offer a few example questions as buttons."""
    message = update.effective_message
    examples = engine_of(context.bot_data).example_questions()[:4]
    markup = question_keyboard(chat_state(context, message.chat_id), examples)
    user = update.effective_user
    await send_html(context, message.chat_id, texts.greeting(user and user.first_name, examples),
                    markup=markup)


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return settings_of(context.bot_data).is_admin(user and user.id)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to talk to the bot (and, to an administrator, the commands for them)."""
    help_html = texts.help_text(context.bot.username, admin=_is_admin(update, context))
    await update.effective_message.reply_html(help_html)


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the documents the bot answers from (to administrators, with the names /remove takes)."""
    documents = engine_of(context.bot_data).kb.documents
    named = _is_admin(update, context) and context.bot_data[KB_FOLDER] is not None
    lines = [f"• {d.title} ({d.path})" if named and d.sha256 else f"• {d.title}"
             for d in documents] or [texts.NO_DOCUMENTS]
    for chunk in format_lines(["The documents I answer from:", *lines]):
        await update.effective_message.reply_html(chunk)


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget this chat's dialogue."""
    message = update.effective_message
    chat_state(context, message.chat_id).dialogue.reset()
    await message.reply_html(texts.RESET_DONE)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask, in any chat."""
    message = update.effective_message
    question = command_argument(message)
    if not question:
        examples = engine_of(context.bot_data).example_questions()
        await message.reply_html(texts.ask_usage(examples))
        return
    await send_answer(context, message.chat_id, question, reply_to=_reply_to(message))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message meant for the bot; in groups, ignore the rest."""
    message = update.effective_message
    question = question_in(message, context.bot.username, context.bot.id)
    if question is None:
        return
    if not question:
        await message.reply_html(texts.help_text(context.bot.username))
        return
    await send_answer(context, message.chat_id, question, reply_to=_reply_to(message))


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say politely that only text is understood (in groups only when addressed)."""
    message = update.effective_message
    if addressed_to_bot(message, context.bot.username, context.bot.id):
        await message.reply_html(texts.NON_TEXT, do_quote=not is_private(message))


def _curation_refusal(update: Update, context: ContextTypes.DEFAULT_TYPE, not_admin: str) -> str | None:
    """Why the sender may not change the knowledge base here, or None if they may."""
    if not _is_admin(update, context):
        return not_admin
    return texts.NO_FOLDER if context.bot_data[KB_FOLDER] is None else None


async def add_document_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add the document an administrator sends (in a group, with the caption /add) to the
    folder, rebuild and say what was learned; anyone else is refused, nothing written."""
    message = update.effective_message
    if not upload_requested(message, context.bot.username):
        await non_text(update, context)
        return
    folder, refusal = context.bot_data[KB_FOLDER], _curation_refusal(update, context, texts.NOT_ADMIN_ADD)
    if refusal:
        await message.reply_html(refusal)
        return
    try:
        name, data = await fetch_document(message)
        learned = await apply_change(context, lambda: add_document(
            folder, name, data, engine_of(context.bot_data).kb.documents))
    except UploadRefused as err:
        await message.reply_html(texts.upload_refused(str(err)))
        return
    except KnowledgeBaseError as err:
        logger.warning("Adding a document failed: %s", err)
        await message.reply_html(texts.change_failed(str(err)))
        return
    logger.info("Document %s added by user %s", learned.path, update.effective_user.id)
    await message.reply_html(texts.learned(
        learned.path, learned.title, learned.passages, learned.facts,
        len(learned.engine.documents), replaced=learned.replaced))


async def add_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to add a document (/add is a caption, not a command of its own)."""
    refusal = _curation_refusal(update, context, texts.NOT_ADMIN_ADD)
    await update.effective_message.reply_html(refusal or texts.ADD_USAGE)


async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove a document of the folder by path or id, rebuild and swap (administrators only)."""
    message = update.effective_message
    folder, name = context.bot_data[KB_FOLDER], command_argument(message)
    refusal = _curation_refusal(update, context, texts.NOT_ADMIN_REMOVE)
    if refusal or not name:
        await message.reply_html(refusal or texts.REMOVE_USAGE)
        return
    doc = find_document(folder, name, engine_of(context.bot_data).kb.documents)
    if doc is None:
        await message.reply_html(texts.unknown_document(name))
        return
    try:
        learned = await apply_change(context, lambda: remove_document(folder, doc))
    except KnowledgeBaseError as err:
        logger.warning("Removing %s failed: %s", doc.path, err)
        await message.reply_html(texts.change_failed(str(err)))
        return
    logger.info("Document %s removed by user %s", doc.path, update.effective_user.id)
    await message.reply_html(texts.removed(doc.path, doc.title, len(learned.engine.documents)))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help for a command the bot does not have (if it was meant for the bot)."""
    message = update.effective_message
    if command_targets_bot(message, context.bot.username):
        await message.reply_html(texts.UNKNOWN_COMMAND)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask a suggested question, reveal an answer's sources, or take a 👍 / 👎."""
    query = update.callback_query
    data = query.data or ""
    chat_id = update.effective_chat.id
    offer = chat_state(context, chat_id).recall(data.partition(":")[2])
    if data.startswith((LIKE_PREFIX, DISLIKE_PREFIX)) and isinstance(offer, FeedbackOffer):
        await verdict(context, query, offer, liked=data.startswith(LIKE_PREFIX), chat_id=chat_id)
        return
    citations = cited(context, offer) if isinstance(offer, SourcesOffer) else []
    if (offer is None or not data.startswith((ASK_PREFIX, SOURCES_PREFIX))
            or (isinstance(offer, SourcesOffer) and not citations)):
        await acknowledge(query, texts.EXPIRED_BUTTON)
        return
    await acknowledge(query)
    if isinstance(offer, str):
        await send_answer(context, chat_id, offer, echo=True)
    elif isinstance(query.message, Message):
        await reveal_sources(context, chat_id, query.message, citations)


async def verdict(context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, offer: FeedbackOffer, *,
                  liked: bool, chat_id: int) -> None:
    """Thank the user; a 👎 goes to the feedback log with the answer it was given."""
    if not liked:
        reply = query.message.text if isinstance(query.message, Message) and query.message.text else ""
        note_feedback(context, "disliked", offer.question, reply, chat_id)
    await acknowledge(query, texts.THANKS_LIKE if liked else texts.THANKS_DISLIKE)


async def feedback_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show administrators the feedback log's summary: the most frequent unanswered questions."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_html(texts.NOT_ADMIN_FEEDBACK)
        return
    path = context.bot_data[FEEDBACK_LOG]
    records, unreadable = await asyncio.to_thread(feedback.read_records, path)
    lines = feedback.format_summary(feedback.summarize(records, 15), len(records), unreadable)
    await message.reply_html(texts.feedback_summary(lines))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rebuild the knowledge base in a thread and swap the engine (administrators only)."""
    message = update.effective_message
    user = update.effective_user
    if not _is_admin(update, context):
        await message.reply_html(texts.NOT_ADMIN)
        return
    lock: asyncio.Lock = context.bot_data[RELOAD_LOCK]
    if lock.locked():
        await message.reply_html(texts.RELOAD_BUSY)
        return
    async with lock:
        try:
            engine = await asyncio.to_thread(Engine.from_folder, context.bot_data[KB_FOLDER])
        except KnowledgeBaseError as err:
            logger.warning("Reload requested by user %s failed: %s", user.id, err)
            await message.reply_html(texts.reload_failed(str(err)))
            return
        context.bot_data[ENGINE] = engine  # one assignment: handlers see the old or the new
    logger.info("Knowledge base reloaded by user %s: %d documents",
                user.id, len(engine.documents))
    await message.reply_html(texts.reloaded(len(engine.documents)))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error in one line at the right level (with the traceback under --debug);
    a failure worth another try has the update handled again later (no apology: the answer
    is on its way); a rejected token stops the bot; otherwise apologise once to the user."""
    error = context.error
    if isinstance(error, InvalidToken):
        shutdown_of(context.bot_data).fail(error)
        return
    if isinstance(error, Forbidden):
        logger.info("Telegram refused delivery (the user blocked the bot or left): %s", error)
        return
    inbox = context.application.update_queue
    if isinstance(update, Update) and isinstance(inbox, Inbox) and worth_redelivering(error):
        inbox.failed(update, error)  # logged when it is rescheduled
        return
    if isinstance(error, RetryAfter | NetworkError) and not isinstance(error, BadRequest):
        logger.warning("Telegram unreachable or rate limiting, carrying on: %s", error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    where = (f"while handling update {update_id}" if update_id is not None
             else "outside any update (polling or a background task)")
    logger.error("Error %s: %s: %s", where, type(error).__name__, error,
                 exc_info=error if logger.isEnabledFor(logging.DEBUG) else None)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.APOLOGY)
        except TelegramError as err:
            logger.warning("Could not send the apology for update %s: %s", update_id, err)
