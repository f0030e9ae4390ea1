"""Sending answers: one engine call (in the engine's thread), "typing…" only if it is slow,
HTML chunks and their buttons.

If sending fails in a way worth another try, the chat's dialogue is put back as it was
before the question, so that handling the update again gives the same answer.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from array import array

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import feedback
from bot.feedback import FeedbackKind
from bot.telegram import texts
from bot.telegram.delivery import worth_redelivering
from bot.telegram.render_html import MAX_MESSAGE, format_html, format_quotes, pack
from bot.telegram.state import (
    CHAT_STATE,
    CHATS,
    ENGINE_THREAD,
    FEEDBACK_LOG,
    MAX_FEEDBACK_QUESTION,
    TUNING,
    ChatState,
    FeedbackOffer,
    SourcesOffer,
    citations_of,
    engine_of,
)
from retrieval.dialogue import Dialogue
from retrieval.models import Answer, Citation

logger = logging.getLogger(__name__)

ASK_PREFIX = "ask:"
SOURCES_PREFIX = "src:"
LIKE_PREFIX = "fb+:"
DISLIKE_PREFIX = "fb-:"
MAX_BUTTON_LABEL = 60


def chat_state(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> ChatState:
    """This chat's state from ``chat_data``, marking the chat as recently used and
    forgetting the least recently used chats past the cap."""
    for old in context.bot_data[CHATS].touch(chat_id):
        context.application.drop_chat_data(old)  # and from the persistence, at its next write
    state = context.chat_data.get(CHAT_STATE) if context.chat_data is not None else None
    if not isinstance(state, ChatState):
        state = ChatState()
        if context.chat_data is not None:
            context.chat_data[CHAT_STATE] = state
    return state


def question_keyboard(state: ChatState, questions: list[str]) -> InlineKeyboardMarkup | None:
    """One button per question; pressing it asks that question."""
    rows = [
        [InlineKeyboardButton(_label(q), callback_data=ASK_PREFIX + state.offer(q))]
        for q in questions if q.strip()
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def acknowledge(query: CallbackQuery, alert: str | None = None) -> None:
    """Answer a button press (with an alert if given). An update handled again, after a
    failure, has its press answered already: Telegram then refuses, which costs nothing."""
    try:
        await query.answer(alert, show_alert=alert is not None)
    except BadRequest as err:
        logger.debug("Could not answer the button press %s: %s", query.id, err)


async def send_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show "typing…"; a failure here is cosmetic and must not cost the answer."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except Forbidden:
        raise
    except TelegramError as err:
        logger.debug("Typing action failed in chat %s: %s", chat_id, err)


async def compute_answer(context: ContextTypes.DEFAULT_TYPE, chat_id: int, question: str,
                         dialogue: Dialogue) -> Answer:
    """The engine's answer, computed in its thread; "typing…" is shown only if it takes
    longer than ``Tuning.typing_delay`` (most answers take a millisecond, and each action
    costs a rate-limited request)."""
    engine = engine_of(context.bot_data)
    loop = asyncio.get_running_loop()
    pending = loop.run_in_executor(context.bot_data[ENGINE_THREAD], engine.answer,
                                   question, dialogue)
    done, _ = await asyncio.wait({pending}, timeout=context.bot_data[TUNING].typing_delay)
    if not done:
        await send_typing(context, chat_id)
    return await pending


async def send_answer(context: ContextTypes.DEFAULT_TYPE, chat_id: int, question: str, *,
                      reply_to: int | None = None, echo: bool = False) -> None:
    """Answer ``question`` in the chat with its own dialogue; the last chunk carries the
    buttons (Sources, or suggestions when the bot does not know)."""
    state = chat_state(context, chat_id)
    before = copy.deepcopy(state.dialogue)
    answer = await compute_answer(context, chat_id, question, state.dialogue)
    chunks = format_html(answer, heading=texts.asked(question) if echo else None)
    markup = _answer_keyboard(context, state, question, answer) if chunks else None
    try:
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await context.bot.send_message(
                chat_id, chunk,
                reply_markup=markup if last else None,
                reply_parameters=_quote(reply_to) if index == 0 else None,
            )
    except TelegramError as err:
        if worth_redelivering(err):
            state.dialogue = before  # the update will be handled again: the same answer
        raise
    if not answer.found:  # what a curator should look at: logged once it was delivered
        note_feedback(context, "unanswered", question, answer.text, chat_id)


async def send_html(context: ContextTypes.DEFAULT_TYPE, chat_id: int, html: str, *,
                    reply_to: int | None = None,
                    markup: InlineKeyboardMarkup | None = None) -> None:
    """Send one short HTML message (fixed wording, already escaped)."""
    await context.bot.send_message(chat_id, html, reply_markup=markup,
                                   reply_parameters=_quote(reply_to))


def cited(context: ContextTypes.DEFAULT_TYPE, offer: SourcesOffer) -> list[Citation]:
    """The citations behind a Sources button (none if they were all forgotten)."""
    table = citations_of(context.bot_data)
    if offer.table != table.epoch:
        return []  # made before a restart: the ids name nothing now
    return [c for c in (table.get(i) for i in offer.citation_ids) if c is not None]


async def reveal_sources(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message: Message,
                         citations: list[Citation]) -> None:
    """Show the quoted sentences: in the answer itself if they fit, else in new messages."""
    quotes = format_quotes(citations)
    combined = pack([message.text_html, *quotes]) if message.text else []
    if len(combined) == 1:
        await context.bot.edit_message_text(combined[0], chat_id=chat_id,
                                            message_id=message.message_id, reply_markup=None)
        return
    await context.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message.message_id,
                                                reply_markup=None)
    for chunk in pack(quotes, limit=MAX_MESSAGE):
        await context.bot.send_message(chat_id, chunk,
                                       reply_parameters=_quote(message.message_id))


def _answer_keyboard(context: ContextTypes.DEFAULT_TYPE, state: ChatState, question: str,
                     answer: Answer) -> InlineKeyboardMarkup | None:
    """Sources (or suggested questions when the bot does not know), then 👍 / 👎."""
    rows: list[list[InlineKeyboardButton]] = []
    if answer.found and answer.citations:
        table = citations_of(context.bot_data)
        offer = SourcesOffer(array("I", [table.add(c) for c in answer.citations]), table.epoch)
        rows.append([InlineKeyboardButton(texts.SOURCES_BUTTON, callback_data=SOURCES_PREFIX + state.offer(offer))])
    suggested = question_keyboard(state, answer.suggestions) if not answer.found else None
    if suggested is not None:
        rows += [list(row) for row in suggested.inline_keyboard]
    key = state.offer(FeedbackOffer(question[:MAX_FEEDBACK_QUESTION]))
    rows.append([InlineKeyboardButton(texts.LIKE_BUTTON, callback_data=LIKE_PREFIX + key),
                 InlineKeyboardButton(texts.DISLIKE_BUTTON, callback_data=DISLIKE_PREFIX + key)])
    return InlineKeyboardMarkup(rows)


def note_feedback(context: ContextTypes.DEFAULT_TYPE, kind: FeedbackKind, question: str, reply: str,
                  chat_id: int) -> None:
    """Append to the feedback log (``bot.feedback``), if the bot keeps one."""
    path = context.bot_data.get(FEEDBACK_LOG)
    if path is not None:
        feedback.record(path, kind, question, reply, chat=chat_id)


def _quote(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


def _label(question: str) -> str:
    question = " ".join(question.split())
    return question if len(question) <= MAX_BUTTON_LABEL else question[:MAX_BUTTON_LABEL - 1] + "…"
