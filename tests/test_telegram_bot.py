"""The Telegram bot driven through the real Application.process_update, offline."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram.error import TelegramError
from telegram.ext import Application
from telegram_support import (
    ALICE,
    BOB,
    BOT_USERNAME,
    FRUIT_DOCUMENTS,
    GROUP,
    TOKEN,
    RecordingRequest,
    UpdateFactory,
    assert_safe_html,
    write_documents,
)

from bot.feedback import feedback_path, read_records
from bot.telegram.addressing import strip_mention
from bot.telegram.app import CHAT_STATE_FILE, build_application, chat_persistence
from bot.telegram.render_html import format_html, format_quotes
from bot.telegram.settings import Settings
from bot.telegram.state import (
    CHAT_STATE,
    CITATIONS,
    ENGINE,
    MAX_OFFER_BYTES,
    MAX_OFFERS,
    TUNING,
    ChatState,
    CitationTable,
    FeedbackOffer,
    SourcesOffer,
    offer_size,
)
from bot.telegram.tuning import Backoff, Tuning
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.models import Answer, Citation

MakeApp = Callable[..., Awaitable[Application]]
FAST = Tuning(send_backoff=Backoff(first=0.001, most=0.005))  # retries without waiting


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)


@pytest.fixture
def transport() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def make_app(kb: Path, transport: RecordingRequest,
                   monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[MakeApp]:
    """Build, initialize and start the real application on the recording transport."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # as the runner does
    apps: list[Application] = []

    async def factory(folder: Path | None = kb, **settings: Any) -> Application:
        app = build_application(Settings(token=TOKEN, **settings), Engine.from_folder(folder),
                                kb_folder=folder, request=transport,
                                get_updates_request=RecordingRequest(), tuning=FAST)
        await app.initialize()
        await app.start()
        apps.append(app)
        transport.clear()
        return app

    yield factory
    for app in apps:
        await app.stop()
        await app.shutdown()


@pytest.fixture
async def app(make_app: MakeApp) -> Application:
    return await make_app()


@pytest.fixture
def updates(app: Application) -> UpdateFactory:
    return UpdateFactory(app.bot)


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for a non-blocking handler to finish its work."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def expected(app: Application, *questions: str) -> list[str]:
    """What the bot should send (first chunk) for these questions asked in one chat,
    computed from the real engine with one fresh dialogue: the contract is the transport's,
    the answers are the engine's."""
    engine, dialogue = app.bot_data[ENGINE], Dialogue()
    return [format_html(engine.answer(q, dialogue))[0] for q in questions]


def all_buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", [])
            for b in row]


def buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    """The buttons of a message but its 👍 / 👎."""
    return [(label, data) for label, data in all_buttons(params) if not data.startswith("fb")]


def feedback_buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    return [(label, data) for label, data in all_buttons(params) if data.startswith("fb")]


# Conversation ---------------------------------------------------------------------------


async def test_start_greets_with_example_questions_as_buttons(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    app = await make_app(folder=None)  # the bundled documents have example questions
    await app.process_update(UpdateFactory(app.bot).message("/start"))
    [greeting] = transport.sent()
    assert greeting["chat_id"] == ALICE["id"] and greeting["parse_mode"] == "HTML"
    assert "Alice" in greeting["text"]
    offered = buttons(greeting)
    assert offered and all(data.startswith("ask:") for _, data in offered)
    assert [label for label, _ in offered] == app.bot_data[ENGINE].example_questions()[:4]


async def test_example_button_asks_that_question(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    app = await make_app(folder=None)
    updates = UpdateFactory(app.bot)
    await app.process_update(updates.message("/start"))
    label, data = buttons(transport.sent()[0])[0]
    transport.clear()
    await app.process_update(updates.callback(data, message_id=5000))
    assert [c.method for c in transport.calls][:2] == ["answerCallbackQuery", "sendMessage"]
    [reply] = transport.sent()
    engine = app.bot_data[ENGINE]
    question = engine.example_questions()[0]
    assert label == question
    assert reply["text"] == format_html(engine.answer(question, Dialogue()),
                                        heading=f"❓ <b>{html.escape(question)}</b>")[0]


async def test_a_button_pressed_long_ago_still_asks_its_question(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    """An update handled again after a failure answers its button press a second time;
    Telegram refuses that ("query is too old"), and the question is still answered."""
    app = await make_app(folder=None)
    updates = UpdateFactory(app.bot)
    await app.process_update(updates.message("/start"))
    _, data = buttons(transport.sent()[0])[0]
    transport.clear()
    transport.responder = failing("answerCallbackQuery", 400,
                                  "Bad Request: query is too old and response timeout expired")
    await app.process_update(updates.callback(data, message_id=5000))
    [reply] = transport.sent()
    assert reply["text"].startswith("❓")


async def test_text_message_gets_a_quick_answer_without_typing_and_a_sources_button(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    assert [c.method for c in transport.calls] == ["sendMessage"]  # one request per answer
    [reply] = transport.sent()
    assert reply["parse_mode"] == "HTML"
    assert [reply["text"]] == expected(app, "Where are bananas grown?")
    assert "<i>Source: Bananas</i>" in reply["text"]
    assert "reply_parameters" not in reply  # no quoting in a private chat
    [(label, data)] = buttons(reply)
    assert label == "Sources" and data.startswith("src:")


async def test_a_slow_answer_shows_typing_first(
        app: Application, updates: UpdateFactory, transport: RecordingRequest,
        monkeypatch: pytest.MonkeyPatch) -> None:
    typing_seen = threading.Event()
    engine = app.bot_data[ENGINE]
    quick = engine.answer

    def slow(question: str, dialogue: Dialogue | None = None) -> Answer:
        typing_seen.wait(timeout=30)  # slow until the bot has shown that it is typing
        return quick(question, dialogue)

    def respond(method: str, params: dict[str, Any]) -> None:
        if method == "sendChatAction":
            typing_seen.set()

    monkeypatch.setattr(engine, "answer", slow)
    app.bot_data[TUNING] = dataclasses.replace(FAST, typing_delay=0.01)
    transport.responder = respond
    await app.process_update(updates.message("Where are bananas grown?"))
    assert [c.method for c in transport.calls] == ["sendChatAction", "sendMessage"]
    assert transport.sent("sendChatAction")[0]["action"] == "typing"
    assert transport.texts() == expected(app, "Where are bananas grown?")


async def test_button_payloads_are_small_and_bounded_per_chat(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    for _ in range(MAX_OFFERS + 5):
        await app.process_update(updates.message("Where are bananas grown?"))
    state = app.chat_data[ALICE["id"]][CHAT_STATE]
    assert 1 < len(state.offers) <= MAX_OFFERS
    assert state.offer_bytes <= MAX_OFFER_BYTES
    assert state.offer_bytes == sum(offer_size(o) for o in state.offers.values())
    assert all(isinstance(o, SourcesOffer | FeedbackOffer) for o in state.offers.values())  # ids, no quotes
    assert len(app.bot_data[CITATIONS]) == 1  # the same sentence, stored once for every chat
    [(_, data)] = buttons(transport.sent()[-1])  # the latest button still works
    transport.clear()
    [answer_html] = expected(app, "Where are bananas grown?")
    await app.process_update(updates.callback(data, message_id=5000, html=answer_html))
    assert "<blockquote>" in transport.sent("editMessageText")[0]["text"]


def test_offers_are_bounded_in_bytes_oldest_forgotten_first() -> None:
    state = ChatState()
    keys = [state.offer("x" * 1000 + str(n)) for n in range(10)]
    assert state.offer_bytes <= MAX_OFFER_BYTES
    assert state.recall(keys[-1]) == "x" * 1000 + "9"
    assert state.recall(keys[0]) is None


async def test_a_sources_button_whose_citations_were_forgotten_has_expired(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    [(_, data)] = buttons(transport.sent()[0])
    app.bot_data[CITATIONS] = CitationTable()  # as after a long while, or many documents
    transport.clear()
    await app.process_update(updates.callback(data, message_id=5000))
    [alert] = transport.sent("answerCallbackQuery")
    assert alert["show_alert"] is True and "expired" in alert["text"]


async def test_sources_button_reveals_quotes_by_editing_the_answer(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    [(_, data)] = buttons(transport.sent()[0])
    answer_html = transport.sent()[0]["text"]
    transport.clear()
    await app.process_update(updates.callback(data, message_id=5000, html=answer_html))
    assert [c.method for c in transport.calls] == ["answerCallbackQuery", "editMessageText"]
    [edit] = transport.sent("editMessageText")
    assert edit["message_id"] == 5000 and edit["parse_mode"] == "HTML"
    citations = app.bot_data[ENGINE].answer("Where are bananas grown?", Dialogue()).citations
    assert edit["text"] == "\n\n".join(expected(app, "Where are bananas grown?")
                                        + format_quotes(citations))
    assert not all_buttons(edit)


async def test_expired_button_gets_a_polite_alert(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.callback("src:ffff", message_id=1))
    [answer] = transport.sent("answerCallbackQuery")
    assert answer["show_alert"] is True and "expired" in answer["text"]
    assert not transport.sent()


async def test_question_and_document_text_are_escaped(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    question = "Apples & orchards <b>guide</b>: where?"
    await app.process_update(updates.message(question))
    await app.process_update(updates.message("/sources"))
    answer, sources = transport.texts()
    assert answer == expected(app, question)[0]
    assert "Apples &amp; Orchards &lt;b&gt;guide&lt;/b&gt;" in sources
    for text in (answer, sources):
        assert_safe_html(text)
    for _, data in buttons(transport.sent()[0]):
        await app.process_update(updates.callback(data, message_id=5000))
    for params in transport.sent() + transport.sent("editMessageText"):
        assert_safe_html(params["text"])


async def test_button_question_is_echoed_escaped(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("/start"))  # creates this chat's state
    key = app.chat_data[ALICE["id"]][CHAT_STATE].offer("Are <b>apples</b> & pears grown?")
    await app.process_update(updates.callback(f"ask:{key}", message_id=7))
    reply = transport.sent()[-1]["text"]
    assert reply.startswith("❓ <b>Are &lt;b&gt;apples&lt;/b&gt; &amp; pears grown?</b>")
    assert_safe_html(reply)


async def test_long_answer_is_split_under_the_limit(
        make_app: MakeApp, kb: Path, transport: RecordingRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # One enormous sentence, replied in full: the answer cannot fit in one message. (The
    # reader itself replies with a window of the sentence; an answer this long is the
    # Telegram layer's to split whoever wrote it.)
    clause = "zucchini is a summer squash harvested young & tender in <Almaty>, "
    sentence = clause * 150 + "and that is all."
    (kb / "zucchini.txt").write_text(f"Zucchini\n{sentence}\n", encoding="utf-8")
    app = await make_app()
    whole = Answer(text=sentence, found=True, confidence=0.9,
                   citations=[Citation(document="zucchini", title="Zucchini", quote=sentence)])
    monkeypatch.setattr(Engine, "answer", lambda self, question, dialogue=None, trace=None: whole)
    await app.process_update(UpdateFactory(app.bot).message("zucchini squash harvested tender"))
    chunks = transport.sent()
    assert len(chunks) >= 2
    for params in chunks:
        assert len(params["text"]) <= 4096
        assert_safe_html(params["text"])
    assert [bool(buttons(p)) for p in chunks] == [False] * (len(chunks) - 1) + [True]


async def test_help_sources_and_unknown_command(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("/help"))
    await app.process_update(updates.message("/sources"))
    await app.process_update(updates.message("/frobnicate"))
    help_text, sources, unknown = transport.texts()
    assert "/ask" in help_text and f"@{BOT_USERNAME}" in help_text
    assert "• Bananas" in sources
    assert "/help" in unknown


async def test_ask_without_question_explains_usage(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("/ask"))
    [usage] = transport.texts()
    assert usage.startswith("Please put your question after the command")


# Dialogue state per chat -----------------------------------------------------------------


async def test_two_chats_keep_separate_dialogues_and_replies(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are apples grown?", user=ALICE))
    await app.process_update(updates.message("Where are bananas grown?", user=BOB))
    await app.process_update(updates.message("When is the apple festival?", user=ALICE))
    await app.process_update(updates.message("What do banana plantations export?", user=BOB))
    alice, bob = transport.texts(ALICE["id"]), transport.texts(BOB["id"])
    assert alice == expected(app, "Where are apples grown?", "When is the apple festival?")
    assert bob == expected(app, "Where are bananas grown?", "What do banana plantations export?")
    alice_state = app.chat_data[ALICE["id"]][CHAT_STATE]
    bob_state = app.chat_data[BOB["id"]][CHAT_STATE]
    assert alice_state.dialogue is not bob_state.dialogue


async def test_reset_forgets_only_this_chats_dialogue(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are apples grown?", user=ALICE))
    await app.process_update(updates.message("Where are bananas grown?", user=BOB))
    app.chat_data[ALICE["id"]][CHAT_STATE].dialogue.series = "apples"
    app.chat_data[BOB["id"]][CHAT_STATE].dialogue.series = "bananas"
    await app.process_update(updates.message("/reset", user=ALICE))
    assert app.chat_data[ALICE["id"]][CHAT_STATE].dialogue.series is None
    assert app.chat_data[BOB["id"]][CHAT_STATE].dialogue.series == "bananas"
    assert "forgotten" in transport.texts(ALICE["id"])[-1]


async def test_least_recently_used_chats_are_forgotten_past_the_cap(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    app = await make_app(max_chats=2)
    updates = UpdateFactory(app.bot)
    carol = {"id": 1003, "is_bot": False, "first_name": "Carol"}
    for user in (ALICE, BOB, ALICE, carol):
        await app.process_update(updates.message("Where are apples grown?", user=user))
    assert set(app.chat_data) == {ALICE["id"], carol["id"]}
    assert len(transport.sent()) == 4


# Groups ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "answered"),
    [
        ("Where are bananas grown?", {}, False),
        (f"@{BOT_USERNAME} where are bananas grown?", {}, True),
        (f"Hey @{BOT_USERNAME}, where are bananas grown?", {}, True),
        ("@someone_else where are bananas grown?", {}, False),
        ("Where are bananas grown?", {"reply_to_bot": True}, True),
        ("/ask Where are bananas grown?", {}, True),
        (f"/ask@{BOT_USERNAME} Where are bananas grown?", {}, True),
        ("/ask@other_bot Where are bananas grown?", {}, False),
        ("/frobnicate", {}, False),
    ],
    ids=["plain", "mention", "mention-inside", "other-mention", "reply-to-bot", "ask",
         "ask-at-us", "ask-at-other-bot", "unknown-command-for-all"],
)
async def test_group_etiquette(app: Application, updates: UpdateFactory,
                               transport: RecordingRequest, text: str,
                               kwargs: dict[str, Any], answered: bool) -> None:
    update = updates.message(text, chat=GROUP, **kwargs)
    await app.process_update(update)
    sent = transport.sent()
    assert bool(sent) is answered
    if answered:
        assert sent[0]["chat_id"] == GROUP["id"]
        asked = text.split(maxsplit=1)[1] if text.startswith("/") else strip_mention(
            text, BOT_USERNAME)
        assert sent[0]["text"] == expected(app, asked)[0]
        assert sent[0]["reply_parameters"]["message_id"] == update.message.message_id


async def test_command_addressed_to_us_works_in_groups(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message(f"/help@{BOT_USERNAME}", chat=GROUP))
    await app.process_update(updates.message("/help@other_bot", chat=GROUP))
    assert len(transport.texts(GROUP["id"])) == 1


async def test_mention_is_stripped_from_the_question() -> None:
    assert strip_mention(f"@{BOT_USERNAME.upper()}, where is it?", BOT_USERNAME) == "where is it?"
    assert strip_mention(f"and @{BOT_USERNAME}2 too", BOT_USERNAME) == f"and @{BOT_USERNAME}2 too"


# Other kinds of messages -----------------------------------------------------------------

STICKER = {"sticker": {"file_id": "s", "file_unique_id": "su", "type": "regular",
                       "width": 512, "height": 512, "is_animated": False, "is_video": False}}
VOICE = {"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 2}}
PHOTO = {"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 90, "height": 90}]}


@pytest.mark.parametrize("media", [STICKER, VOICE, PHOTO], ids=["sticker", "voice", "photo"])
async def test_non_text_gets_a_polite_note_in_private(
        app: Application, updates: UpdateFactory, transport: RecordingRequest,
        media: dict[str, Any]) -> None:
    await app.process_update(updates.message(None, **media))
    [note] = transport.texts()
    assert "only read text" in note


async def test_non_text_in_group_is_ignored_unless_replying_to_bot(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message(None, chat=GROUP, **STICKER))
    assert not transport.sent()
    await app.process_update(updates.message(None, chat=GROUP, reply_to_bot=True, **STICKER))
    assert len(transport.sent()) == 1


async def test_edited_messages_are_ignored(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    await app.process_update(updates.message("Where are apples grown?", edited=True))
    await app.process_update(updates.message("/ask Where are apples grown?", edited=True))
    assert not transport.calls


# Access control --------------------------------------------------------------------------


async def test_allowlist_refuses_other_chats_politely(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    app = await make_app(allowed_chats=frozenset({ALICE["id"]}))
    updates = UpdateFactory(app.bot)
    await app.process_update(updates.message("Where are apples grown?", user=BOB))
    [refusal] = transport.sent()
    assert refusal["chat_id"] == BOB["id"] and "not available" in refusal["text"]
    assert not transport.sent("sendChatAction")  # the engine was not consulted
    assert BOB["id"] not in app.chat_data
    transport.clear()
    await app.process_update(updates.message("chatter", chat=GROUP))  # not addressed: silence
    await app.process_update(updates.callback("ask:0", message_id=3, user=BOB))
    assert not transport.sent()
    assert transport.sent("answerCallbackQuery")[0]["show_alert"] is True
    transport.clear()
    await app.process_update(updates.message("Where are apples grown?", user=ALICE))
    assert transport.texts(ALICE["id"]) == expected(app, "Where are apples grown?")


@pytest.mark.parametrize("allowed_chats", [None, frozenset({ALICE["id"]})],
                         ids=["no-allowlist", "allowlist"])
async def test_button_on_an_inline_message_is_answered_politely(
        make_app: MakeApp, transport: RecordingRequest, caplog: pytest.LogCaptureFixture,
        allowed_chats: frozenset[int] | None) -> None:
    app = await make_app(allowed_chats=allowed_chats)
    update = UpdateFactory(app.bot).inline_callback("ask:0")
    assert update.effective_chat is None
    with caplog.at_level(logging.INFO):
        await app.process_update(update)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    [answer] = transport.sent("answerCallbackQuery")
    assert answer["show_alert"] is True and "in a chat" in answer["text"]
    assert not transport.sent() and not transport.sent("sendChatAction")


async def test_reload_is_refused_to_non_admins(
        make_app: MakeApp, transport: RecordingRequest) -> None:
    app = await make_app(admins=frozenset({ALICE["id"]}))
    engine = app.bot_data[ENGINE]
    await app.process_update(UpdateFactory(app.bot).message("/reload", user=BOB))
    await until(lambda: bool(transport.sent()))
    assert "only the bot's administrators" in transport.texts()[0]
    assert app.bot_data[ENGINE] is engine


async def test_reload_swaps_the_engine_for_admins(
        make_app: MakeApp, kb: Path, transport: RecordingRequest) -> None:
    app = await make_app(admins=frozenset({ALICE["id"]}))
    updates = UpdateFactory(app.bot)
    old = app.bot_data[ENGINE]
    (kb / "cherries.txt").write_text("Cherries\nCherries ripen in June in Turkey.\n",
                                     encoding="utf-8")
    await app.process_update(updates.message("/reload", user=ALICE))
    await until(lambda: bool(transport.sent()))
    assert transport.texts()[0] == "Knowledge base reloaded: 3 documents."
    assert app.bot_data[ENGINE] is not old
    transport.clear()
    assert ("cherries", "Cherries") in app.bot_data[ENGINE].documents
    await app.process_update(updates.message("When do cherries ripen?", user=ALICE))
    assert transport.texts() == expected(app, "When do cherries ripen?")


async def test_failed_reload_keeps_the_old_engine(
        make_app: MakeApp, kb: Path, transport: RecordingRequest) -> None:
    app = await make_app(admins=frozenset({ALICE["id"]}))
    old = app.bot_data[ENGINE]
    for document in kb.glob("*.txt"):
        document.unlink()
    await app.process_update(UpdateFactory(app.bot).message("/reload", user=ALICE))
    await until(lambda: bool(transport.sent()))
    assert transport.texts()[0].startswith("Reload failed")
    assert app.bot_data[ENGINE] is old


# Failures --------------------------------------------------------------------------------


def failing(method: str, status: int, description: str, times: int = 1,
            parameters: dict[str, Any] | None = None) -> Callable[..., Any]:
    """A responder that fails ``method`` the first ``times`` calls."""
    remaining = [times]

    def respond(api_method: str, params: dict[str, Any]) -> Any:
        if api_method != method or remaining[0] == 0:
            return None
        remaining[0] -= 1
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return status, body

    return respond


async def test_blocked_by_user_is_logged_quietly(
        app: Application, updates: UpdateFactory, transport: RecordingRequest,
        caplog: pytest.LogCaptureFixture) -> None:
    transport.responder = failing("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with caplog.at_level(logging.INFO):
        await app.process_update(updates.message("Where are apples grown?"))
    [record] = [r for r in caplog.records if r.name.startswith("bot.telegram")]
    assert record.levelno == logging.INFO and "blocked" in record.getMessage()
    assert len(transport.sent()) == 1  # no apology to someone who blocked us


@pytest.mark.parametrize(("level", "traceback"), [(logging.INFO, False), (logging.DEBUG, True)],
                         ids=["normal", "debug"])
async def test_handler_error_is_one_line_with_update_id_and_apologised_for(
        app: Application, updates: UpdateFactory, transport: RecordingRequest,
        caplog: pytest.LogCaptureFixture, level: int, traceback: bool) -> None:
    transport.responder = failing("sendMessage", 400, "Bad Request: can't parse entities")
    update = updates.message("Where are apples grown?")
    with caplog.at_level(level):
        await app.process_update(update)
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert f"update {update.update_id}: BadRequest: " in error.getMessage()
    assert "\n" not in error.getMessage()
    assert (error.exc_info is not None) is traceback  # the traceback only under --debug
    assert transport.texts()[-1].startswith("Sorry, something went wrong")


async def test_error_outside_an_update_is_one_line(
        app: Application, transport: RecordingRequest, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):  # as getUpdates fails on malformed JSON, say
        await app.process_error(None, TelegramError("Invalid server response"))
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage() == ("Error outside any update (polling or a background task): "
                                  "TelegramError: Invalid server response")
    assert error.exc_info is None
    assert not transport.calls  # nobody to apologise to


async def test_a_failed_send_is_retried_and_logged_once(
        app: Application, updates: UpdateFactory, transport: RecordingRequest,
        caplog: pytest.LogCaptureFixture) -> None:
    app.bot.rate_limiter.incident.quiet = False  # as once the bot is ready
    transport.responder = failing("sendMessage", 502, "Bad Gateway", times=2)
    with caplog.at_level(logging.INFO):
        await app.process_update(updates.message("Where are apples grown?"))
        await app.process_update(updates.message("Where are bananas grown?"))
    assert [r.levelname for r in caplog.records if r.name.startswith("bot.")] == [
        "WARNING", "INFO"]  # failed (once per incident), works again
    assert transport.texts()[-2:] == expected(app, "Where are apples grown?",
                                              "Where are bananas grown?")


async def test_flood_wait_is_retried_by_the_rate_limiter(
        app: Application, updates: UpdateFactory, transport: RecordingRequest) -> None:
    transport.responder = failing("sendMessage", 429, "Too Many Requests: retry after 1",
                                  parameters={"retry_after": 1})
    await app.process_update(updates.message("Where are apples grown?"))
    assert transport.texts() == expected(app, "Where are apples grown?") * 2


async def test_set_my_commands_failure_in_post_init_is_not_fatal(
        app: Application, transport: RecordingRequest, caplog: pytest.LogCaptureFixture) -> None:
    transport.responder = failing("setMyCommands", 500, "Internal Server Error", times=3)
    with caplog.at_level(logging.INFO):
        await app.post_init(app)
    assert any(r.levelno == logging.WARNING and "set_my_commands" in r.getMessage()
               for r in caplog.records)
    transport.responder = None
    await app.post_init(app)
    [commands] = transport.sent("setMyCommands")[-1:]
    assert {c["command"] for c in commands["commands"]} >= {"start", "help", "ask", "sources",
                                                            "reset"}


# Feedback -------------------------------------------------------------------------------

async def test_every_answer_has_thumbs_and_an_unanswered_question_is_logged(
        app: Application, updates: UpdateFactory, transport: RecordingRequest, kb: Path) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    await app.process_update(updates.message("Who painted the Mona Lisa?"))
    for params in transport.sent():
        assert [label for label, _ in feedback_buttons(params)] == ["👍", "👎"]
    records, _ = read_records(feedback_path(kb))
    assert [(r.kind, r.question, r.chat) for r in records] == [("unanswered", "Who painted the Mona Lisa?",
                                                                ALICE["id"])]


async def test_a_thumbs_down_logs_the_question_with_its_answer_and_thanks(
        app: Application, updates: UpdateFactory, transport: RecordingRequest, kb: Path) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    answer = transport.sent()[0]
    _, down = feedback_buttons(answer)[1]
    transport.clear()
    await app.process_update(updates.callback(down, message_id=5000, html=answer["text"]))
    [thanks] = transport.sent("answerCallbackQuery")
    assert "noted" in thanks["text"]
    [record] = read_records(feedback_path(kb))[0]
    assert record.kind == "disliked" and record.question == "Where are bananas grown?"
    assert "Bananas" in record.reply


async def test_a_thumbs_up_is_thanked_and_not_logged(
        app: Application, updates: UpdateFactory, transport: RecordingRequest, kb: Path) -> None:
    await app.process_update(updates.message("Where are bananas grown?"))
    up = feedback_buttons(transport.sent()[0])[0][1]
    transport.clear()
    await app.process_update(updates.callback(up, message_id=5000))
    assert "Glad" in transport.sent("answerCallbackQuery")[0]["text"]
    assert read_records(feedback_path(kb)) == ([], 0)


async def test_feedback_summary_is_for_admins_only(
        make_app: MakeApp, transport: RecordingRequest, kb: Path) -> None:
    app = await make_app(admins=frozenset({ALICE["id"]}))
    updates = UpdateFactory(app.bot)
    for question in ("Who painted the Mona Lisa?", "who painted the mona lisa", "Is there parking?"):
        await app.process_update(updates.message(question, user=BOB))
    transport.clear()
    await app.process_update(updates.message("/feedback", user=BOB))
    assert "only the bot's administrators" in transport.texts()[0]
    transport.clear()
    await app.process_update(updates.message("/feedback"))
    [summary] = transport.texts()
    assert "3 recorded question(s)" in summary and "2×" in summary


# Persistence ----------------------------------------------------------------------------

async def test_a_conversation_and_its_buttons_survive_a_restart(
        kb: Path, transport: RecordingRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")

    async def started() -> Application:
        app = build_application(Settings(token=TOKEN), Engine.from_folder(kb), kb_folder=kb, request=transport,
                                get_updates_request=RecordingRequest(), tuning=FAST,
                                persistence=chat_persistence(tmp_path / "state"))
        await app.initialize()
        await app.start()
        return app

    first = await started()
    updates = UpdateFactory(first.bot)
    await first.process_update(updates.message("Where are apples grown?"))
    sources = buttons(transport.sent()[-1])[0][1]
    await first.stop()
    await first.shutdown()  # writes the chat state file
    assert (tmp_path / "state" / CHAT_STATE_FILE).is_file()

    second = await started()
    try:
        transport.clear()
        await second.process_update(UpdateFactory(second.bot).message("When is the festival held there?"))
        engine, dialogue = second.bot_data[ENGINE], Dialogue()
        engine.answer("Where are apples grown?", dialogue)
        assert transport.texts() == [format_html(engine.answer("When is the festival held there?", dialogue))[0]]
        assert "September" in transport.texts()[0]
        transport.clear()
        await second.process_update(UpdateFactory(second.bot).callback(sources, message_id=5000))
        [alert] = transport.sent("answerCallbackQuery")  # ids of the old process's table: expired, not wrong
        assert alert["show_alert"] is True and "expired" in alert["text"]
    finally:
        await second.stop()
        await second.shutdown()
