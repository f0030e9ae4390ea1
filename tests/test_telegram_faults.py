"""The bot under faults, in-process against the fake Bot API on 127.0.0.1 (tests/fake_bot_api.py).

The real application runs in the test's event loop (``lifecycle.serve``) over real HTTP, with
short back-offs (``FAST``) so that faults clear quickly. Every wait is for a condition, with a
generous deadline: nothing depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import (
    BAD_GATEWAY_PAGE,
    CONFLICT,
    DEADLINE,
    DROP,
    MALFORMED_JSON,
    SERVER_ERROR,
    UNAUTHORIZED,
    FakeBotApi,
    Fault,
    Hang,
    too_many_requests,
)
from telegram.error import Conflict, InvalidToken
from telegram.ext import Application
from telegram.request import HTTPXRequest
from telegram_support import FRUIT_DOCUMENTS, TOKEN, write_documents

from bot.telegram.app import build_application
from bot.telegram.journal import Journal
from bot.telegram.lifecycle import serve, shutdown_of
from bot.telegram.render_html import format_html
from bot.telegram.settings import Settings
from bot.telegram.tuning import Backoff, Tuning
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

FAST = Tuning(
    send_backoff=Backoff(first=0.01, most=0.05),
    poll_timeout=0.2,
    poll_backoff=Backoff(first=0.01, most=0.05),
    redeliver_backoff=Backoff(first=0.02, most=0.2),
    redeliver_tries=1000,
)
CLIENT_TIMEOUT = 5.0  # seconds the bot's HTTP client waits: a busy loopback server is no fault
SHORT_TIMEOUT = 0.3  # in the time-out tests, where the fake API hangs for longer
TIME_OUT = Hang(SHORT_TIMEOUT * 5)


def user(number: int) -> dict[str, Any]:
    return {"id": 2000 + number, "is_bot": False, "first_name": f"User{number}"}


@dataclass
class LiveBot:
    """A bot running in this event loop against the fake Bot API."""

    api: FakeBotApi
    application: Application
    task: asyncio.Task[None]

    async def stop(self) -> None:
        """Stop as on SIGTERM; re-raise what ended the bot, if it was not the stop. A bot
        that does not stop within ``DEADLINE`` fails the test instead of hanging it."""
        shutdown_of(self.application.bot_data).request()
        await asyncio.wait_for(self.task, DEADLINE)


Start = Callable[..., Awaitable[LiveBot]]


@pytest.fixture
async def start_bot(bot_api: tuple[FakeBotApi, str], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Start]:
    """Start the real bot against the fake API (as many times as asked, one journal)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    api, base_url = bot_api
    kb = write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)
    bots: list[LiveBot] = []

    async def start(folder: Path | None = kb, tuning: Tuning = FAST,
                    client_timeout: float = CLIENT_TIMEOUT) -> LiveBot:
        settings = Settings(token=TOKEN, base_url=base_url,
                            base_file_url=base_url.replace("/bot", "/file/bot"))
        application = build_application(
            settings, Engine.from_folder(folder), kb_folder=folder,
            request=HTTPXRequest(connection_pool_size=16, read_timeout=client_timeout,
                                 connect_timeout=client_timeout, pool_timeout=30.0),
            get_updates_request=HTTPXRequest(read_timeout=client_timeout,
                                             connect_timeout=client_timeout),
            journal=Journal(tmp_path / "state" / "journal.sqlite3"), tuning=tuning)
        polls = api.count("getUpdates")
        bot = LiveBot(api, application, asyncio.create_task(serve(application)))
        bots.append(bot)
        await api.until(lambda: api.count("getUpdates") > polls or bot.task.done(),
                        "polling to start")
        return bot

    yield start
    for bot in bots:
        if not bot.task.done():
            shutdown_of(bot.application.bot_data).request()
        with contextlib.suppress(InvalidToken, Conflict):
            await asyncio.wait_for(bot.task, DEADLINE)


def replies_by_chat(api: FakeBotApi, *, once: bool = True) -> dict[int, list[str]]:
    """Each chat's delivered replies, in order; ``once=False`` drops a reply repeated right
    after itself (after a time-out the bot cannot know it was delivered, and sends again)."""
    chats: dict[int, list[str]] = {}
    for params in api.delivered():
        replies = chats.setdefault(int(params["chat_id"]), [])
        if once or not replies or replies[-1] != params["text"]:
            replies.append(params["text"])
    return chats


def expected(folder: Path | None, *questions: str) -> list[str]:
    """The replies (first chunks) the real engine gives to ``questions`` in one chat."""
    return answers(Engine.from_folder(folder), *questions)


def answers(engine: Engine, *questions: str) -> list[str]:
    dialogue = Dialogue()
    return [format_html(engine.answer(q, dialogue))[0] for q in questions]


QUESTIONS = ("Where are apples grown?", "When is the apple festival?")
SEND_FAULTS = [
    pytest.param(SERVER_ERROR, CLIENT_TIMEOUT, id="500"),
    pytest.param(BAD_GATEWAY_PAGE, CLIENT_TIMEOUT, id="502-html"),
    pytest.param(MALFORMED_JSON, CLIENT_TIMEOUT, id="malformed-json"),
    pytest.param(DROP, CLIENT_TIMEOUT, id="dropped-connection"),
    pytest.param(TIME_OUT, SHORT_TIMEOUT, id="time-out"),
]


@pytest.mark.parametrize(("fault", "client_timeout"), SEND_FAULTS)
async def test_every_answer_arrives_once_sendmessage_recovers(
        start_bot: Start, tmp_path: Path, fault: Fault, client_timeout: float) -> None:
    """Issue 11's "10 of 10": sendMessage fails for longer than a call's retries last;
    every answer arrives when it recovers, each chat's in order."""
    bot = await start_bot(client_timeout=client_timeout)
    api = bot.api
    api.fail("sendMessage", fault, times=None)
    for number in range(5):
        for question in QUESTIONS:
            api.text(user(number), question)
    # Each of the 5 chats' first answers has been tried past its 3 tries, and redelivered.
    await api.until(lambda: api.count("sendMessage") >= 5 * FAST.send_tries + 5,
                    "answers to be retried beyond one call's tries")
    api.mend("sendMessage")
    await api.until(lambda: len(api.delivered()) >= 10, "all 10 answers")
    await bot.stop()
    wanted = expected(tmp_path / "kb", *QUESTIONS)
    assert replies_by_chat(api, once=fault is not TIME_OUT) == {
        user(n)["id"]: wanted for n in range(5)}


POLL_FAULTS = [
    pytest.param(SERVER_ERROR, 3, CLIENT_TIMEOUT, id="500"),
    pytest.param(BAD_GATEWAY_PAGE, 3, CLIENT_TIMEOUT, id="502-html"),
    pytest.param(MALFORMED_JSON, 3, CLIENT_TIMEOUT, id="malformed-json"),
    pytest.param(DROP, 3, CLIENT_TIMEOUT, id="dropped-connection"),
    pytest.param(TIME_OUT, 2, SHORT_TIMEOUT, id="time-out"),
    pytest.param(too_many_requests(1), 1, CLIENT_TIMEOUT, id="429"),  # waits the 1 s asked for
]


@pytest.mark.parametrize(("fault", "times", "client_timeout"), POLL_FAULTS)
async def test_polling_recovers_from_faults_and_logs_once(
        start_bot: Start, tmp_path: Path, fault: Fault, times: int, client_timeout: float,
        caplog: pytest.LogCaptureFixture) -> None:
    bot = await start_bot(client_timeout=client_timeout)
    api = bot.api
    with caplog.at_level(logging.INFO):
        api.fail("getUpdates", fault, times=times)
        await api.until(lambda: not api.faults_left("getUpdates"), "the faults to be served")
        for number in range(3):
            api.text(user(number), QUESTIONS[0])
        await api.until(lambda: len(api.delivered()) >= 3, "three answers")
        await bot.stop()
    assert replies_by_chat(api, once=fault is not TIME_OUT) == {
        user(n)["id"]: expected(tmp_path / "kb", QUESTIONS[0]) for n in range(3)}
    polling = [r for r in caplog.records if r.name == "bot.telegram.polling"]
    assert [r.levelname for r in polling] == ["WARNING", "INFO"]  # once per incident
    assert f"works again after {times} failed attempt" in polling[-1].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_flood_wait_on_sendmessage_is_waited_out(start_bot: Start, tmp_path: Path) -> None:
    bot = await start_bot()
    api = bot.api
    api.fail("sendMessage", too_many_requests(1), times=1)
    api.text(user(1), QUESTIONS[0])
    await api.until(lambda: len(api.delivered()) >= 1, "the answer")
    await bot.stop()
    assert replies_by_chat(api) == {user(1)["id"]: expected(tmp_path / "kb", QUESTIONS[0])}


@pytest.mark.parametrize(("fault", "error"), [(UNAUTHORIZED, InvalidToken), (CONFLICT, Conflict)],
                         ids=["401", "409"])
async def test_a_revoked_token_or_another_poller_stops_the_bot(
        start_bot: Start, fault: Fault, error: type[Exception]) -> None:
    bot = await start_bot()
    bot.api.fail("getUpdates", fault, times=None)
    with pytest.raises(error):
        await asyncio.wait_for(bot.task, DEADLINE)


async def test_a_revoked_token_seen_when_sending_stops_the_bot(start_bot: Start) -> None:
    bot = await start_bot()
    bot.api.fail("sendMessage", UNAUTHORIZED, times=None)
    bot.api.text(user(1), QUESTIONS[0])
    with pytest.raises(InvalidToken):
        await asyncio.wait_for(bot.task, DEADLINE)


async def test_a_restart_answers_what_was_journalled_but_not_answered(
        start_bot: Start, tmp_path: Path) -> None:
    """Stop the bot while its answers cannot be sent: the updates were confirmed to Telegram
    (the offset moved on), yet the next run answers every one of them, first."""
    first = await start_bot()
    api = first.api
    api.fail("sendMessage", SERVER_ERROR, times=None)
    ids = [api.text(user(n), QUESTIONS[0]) for n in range(20)]
    await api.until(lambda: api.count("sendMessage") >= 20 * FAST.send_tries,
                    "every answer to fail")
    await api.until(lambda: api.confirmed > ids[-1], "Telegram to be told all were received")
    await first.stop()
    assert not api.delivered()
    api.mend()
    await start_bot()
    await api.until(lambda: len(api.delivered()) >= 20, "the backlog to be answered")
    [wanted] = expected(tmp_path / "kb", QUESTIONS[0])
    assert replies_by_chat(api) == {user(n)["id"]: [wanted] for n in range(20)}


async def test_polling_stops_running_ahead_of_answering(start_bot: Start) -> None:
    bot = await start_bot(tuning=Tuning(**{**FAST.__dict__, "max_ahead": 5}))
    api = bot.api
    api.fail("sendMessage", SERVER_ERROR, times=None)
    for n in range(12):
        api.text(user(n), QUESTIONS[0])

    def chats_tried() -> int:
        return len({params["chat_id"] for params in api.sent()})

    await api.until(lambda: chats_tried() >= 5, "five updates to be taken")
    await api.until(lambda: api.count("sendMessage") >= 5 * FAST.send_tries * 3,
                    "their answers to fail a while")
    assert chats_tried() == 5  # no more were taken meanwhile
    assert api.confirmed <= 6
    api.mend()
    await api.until(lambda: len(api.delivered()) >= 12, "every answer")
    await bot.stop()
    assert sorted(replies_by_chat(api)) == [user(n)["id"] for n in range(12)]


LOAD_CONVERSATIONS = (
    ("When was the third SPD?", "Where was it held?", "And the fourth?"),
    ("Tell me about the first SPD", "and the second?", "What about the fifth one?"),
)


@pytest.mark.slow
async def test_two_hundred_chats_three_turns_each_keep_their_follow_ups(start_bot: Start) -> None:
    """200 chats × 3 turns at once, through the rate limiter (raised, to keep the test short):
    every chat gets its own three answers, in order, follow-ups resolved in its dialogue."""
    bot = await start_bot(folder=None, tuning=Tuning(**{**FAST.__dict__, "overall_max_rate": 300}))
    api = bot.api
    for turn in range(3):
        for number in range(200):
            api.text(user(number), LOAD_CONVERSATIONS[number % 2][turn])
    await api.until(lambda: len(api.delivered()) >= 600, "600 answers")
    await bot.stop()
    engine = Engine.from_folder(None)
    wanted = [answers(engine, *conversation) for conversation in LOAD_CONVERSATIONS]
    assert replies_by_chat(api) == {user(n)["id"]: wanted[n % 2] for n in range(200)}
    assert not api.sent("sendChatAction")
