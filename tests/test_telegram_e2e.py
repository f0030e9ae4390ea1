"""End to end: ``qabot telegram`` as a process, against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import ProxyHandler, Request, build_opener

import pytest
from fake_bot_api import (
    BAD_GATEWAY_PAGE,
    CONFLICT,
    DEADLINE,
    MALFORMED_JSON,
    METHODS,
    UNAUTHORIZED,
    FakeBotApi,
    Hang,
    Status,
)
from telegram_support import (
    ALICE,
    BOB,
    BOT_USER,
    FRUIT_DOCUMENTS,
    TOKEN,
    private_chat,
    write_documents,
)

from bot.telegram.render_html import format_html
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine


def _environment(base_url: str, state_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base_url,
               QABOT_STATE_DIR=str(state_dir),
               NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", PYTHONUNBUFFERED="1")
    for name in ("QABOT_ALLOWED_CHATS", "QABOT_ADMINS", "QABOT_KB", "QABOT_LOG_LEVEL"):
        env.pop(name, None)
    return env


def _expected(kb: Path, *questions: str) -> list[str]:
    """The replies (first chunks) the real engine gives to ``questions`` asked in one chat."""
    engine, dialogue = Engine.from_folder(kb), Dialogue()
    return [format_html(engine.answer(q, dialogue))[0] for q in questions]


def _text(api: FakeBotApi, user: dict[str, Any], text: str) -> int:
    entities = ([{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
                if text.startswith("/") else [])
    return api.push({"message": {"message_id": api._next_update + 10, "date": int(time.time()),
                                 "chat": private_chat(user), "from": user, "text": text,
                                 "entities": entities}})


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def test_two_interleaved_chats_against_a_fake_bot_api(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path) -> None:
    api, base_url = bot_api
    kb = write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--debug", "telegram", "--kb", str(kb)],
        env=_environment(base_url, tmp_path / "state"), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        api.wait_for(lambda: any(m == "getUpdates" for m, _ in api.calls), "polling to start")
        _text(api, ALICE, "/start")
        _text(api, ALICE, "Where are apples grown?")
        _text(api, BOB, "Where are bananas grown?")
        _text(api, ALICE, "When is the apple festival?")
        _text(api, BOB, "What do banana plantations export?")
        api.wait_for(lambda: len(api.sent()) == 5, "five replies")

        alice = [p["text"] for p in api.sent() if p["chat_id"] == ALICE["id"]]
        bob = [p["text"] for p in api.sent() if p["chat_id"] == BOB["id"]]
        assert "Alice" in alice[0]
        assert alice[1:] == _expected(kb, "Where are apples grown?", "When is the apple festival?")
        assert bob == _expected(kb, "Where are bananas grown?", "What do banana plantations export?")
        assert all(p["parse_mode"] == "HTML" for p in api.sent())
        # Whether "typing…" shows depends on how fast this machine answers (``Tuning.typing_delay``;
        # tested with a set delay in test_telegram_bot.py): if it does, it is typing, in these chats.
        assert all(p["action"] == "typing" and p["chat_id"] in (ALICE["id"], BOB["id"])
                   for p in api.sent("sendChatAction"))

        answer, sources = next(  # the first found answer, and its Sources button
            (p, button["callback_data"]) for p in api.sent()
            for row in (p.get("reply_markup") or {}).get("inline_keyboard", []) for button in row
            if button["callback_data"].startswith("src:"))
        presser = BOB if answer["chat_id"] == BOB["id"] else ALICE
        api.push({"callback_query": {
            "id": "cq1", "from": presser, "chat_instance": "ci", "data": sources,
            "message": {"message_id": 102, "date": int(time.time()),
                        "chat": private_chat(presser),
                        "from": BOT_USER, "text": "answer"}}})
        api.wait_for(lambda: bool(api.sent("editMessageText")), "the sources to be revealed")
        assert "<blockquote>" in api.sent("editMessageText")[0]["text"]
        assert api.sent("answerCallbackQuery")
        assert api.sent("setMyCommands")
    finally:
        stdout, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert {method for method, _ in api.calls} <= METHODS
    secret = TOKEN.partition(":")[2]
    assert "telegram" in stderr.lower()  # --debug: the library's debug lines were logged...
    assert TOKEN not in stderr and secret not in stderr  # ...without the token
    assert secret not in stdout


@pytest.mark.parametrize("debug", [False, True], ids=["normal", "debug"])
def test_unreadable_bot_api_responses_log_one_line_unless_debugging(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path, debug: bool) -> None:
    api, base_url = bot_api
    api.fail("getUpdates", BAD_GATEWAY_PAGE)
    api.fail("getUpdates", MALFORMED_JSON)
    kb = write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *(["--debug"] if debug else []), "telegram", "--kb", str(kb)],
        env=_environment(base_url, tmp_path / "state"), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        api.wait_for(lambda: len(api.sent("getUpdates")) > 2, "polling to get past the faults")
        _text(api, ALICE, "Where are apples grown?")
        api.wait_for(lambda: bool(api.sent()), "the answer")
    finally:
        _, stderr = _stop(process)
    assert process.returncode == 0, stderr
    if debug:
        assert stderr.count("Traceback") >= 2
        return
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    assert all(line.startswith("qabot: ") for line in lines), stderr
    assert any("502 Bad Gateway" in line and "WARNING" in line for line in lines), stderr
    assert len([line for line in lines if "WARNING" in line]) == 1, stderr  # one incident
    assert not [line for line in lines if "ERROR" in line], stderr
    assert any("works again after 2 failed attempts" in line for line in lines), stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(url: str, payload: dict[str, Any], secret: str) -> int:
    request = Request(url, data=json.dumps(payload).encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
    opener = build_opener(ProxyHandler({}))  # never a proxy for 127.0.0.1
    try:
        with opener.open(request, timeout=DEADLINE) as response:
            return response.status
    except HTTPError as err:
        err.close()
        return err.code


def test_webhook_mode_receives_updates_with_the_secret_token(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path) -> None:
    api, base_url = bot_api
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--debug", "telegram", "--kb",
         str(write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)),
         "--webhook-url", "https://bot.example.org/hook", "--listen", "127.0.0.1",
         "--port", str(port)],
        env=_environment(base_url, tmp_path / "state"), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        api.wait_for(lambda: bool(api.sent("setWebhook")), "the webhook to be set")
        [webhook] = api.sent("setWebhook")
        assert webhook["url"] == "https://bot.example.org/hook"
        secret = webhook["secret_token"]
        assert len(secret) >= 32
        message = {"message_id": 1, "date": int(time.time()), "chat": private_chat(ALICE),
                   "from": ALICE, "text": "Where are bananas grown?"}
        deadline = time.monotonic() + DEADLINE
        while True:  # the webhook server starts listening just after setWebhook
            try:
                status = _post(hook, {"update_id": 1, "message": message}, "wrong-secret")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert status == 403
        assert _post(hook, {"update_id": 2, "message": message}, secret) == 200
        api.wait_for(lambda: bool(api.sent()), "the answer")
        assert [p["chat_id"] for p in api.sent()] == [ALICE["id"]]
        assert [p["text"] for p in api.sent()] == _expected(
            tmp_path / "kb", "Where are bananas grown?")
    finally:
        _, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert "setWebhook" in stderr  # --debug logs the call...
    assert secret not in stderr and TOKEN.partition(":")[2] not in stderr  # ...not secrets


def test_a_token_rejected_by_telegram_is_a_clear_error(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path) -> None:
    api, base_url = bot_api
    env = _environment(base_url, tmp_path / "state")
    env["TELEGRAM_BOT_TOKEN"] = "42:" + "Z" * 35  # well-formed, but not the fake API's token
    result = subprocess.run([sys.executable, "-m", "bot", "telegram"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "qabot: error: TELEGRAM_BOT_TOKEN was rejected by Telegram; check it with @BotFather"]
    assert [method for method, _ in api.calls] == ["getMe"]


def test_an_unreachable_bot_api_at_start_is_a_clear_error(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    result = subprocess.run(
        [sys.executable, "-m", "bot", "telegram"], env=_environment(f"http://127.0.0.1:{port}/bot", tmp_path / "state"),
        cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"qabot: error: cannot reach the Telegram Bot API at "
                           f"http://127.0.0.1:{port}/bot")
    assert TOKEN.partition(":")[2] not in line


def _start(tmp_path: Path, base_url: str, *args: str) -> subprocess.Popen[str]:
    kb = write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram", "--kb", str(kb), *args],
        env=_environment(base_url, tmp_path / "state"), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


NOISE = ("Traceback", "Event loop is closed", "Task was destroyed", "never awaited")


@pytest.mark.parametrize(("fault", "message"), [
    (UNAUTHORIZED, "qabot: error: TELEGRAM_BOT_TOKEN was rejected by Telegram; "
                   "check it with @BotFather"),
    (CONFLICT, "qabot: error: another process is getting this bot's updates (Conflict: "
               "terminated by other getUpdates request); run one qabot telegram per token, "
               "and no webhook beside polling"),
], ids=["401-mid-run", "409-another-poller"])
def test_a_fatal_error_mid_run_ends_the_process_in_one_line(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path, fault: Status, message: str) -> None:
    api, base_url = bot_api
    process = _start(tmp_path, base_url)
    try:
        api.wait_for(lambda: len(api.sent("getUpdates")) >= 2, "polling to run")
        api.fail("getUpdates", fault, times=None)
        _, stderr = process.communicate(timeout=DEADLINE)  # it exits by itself
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 2, stderr
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("qabot: INFO: Bot @qabot_test_bot ready (polling)"), stderr
    assert lines[1:] == [message], stderr
    assert not any(noise in stderr for noise in NOISE), stderr


def test_the_ready_line_is_logged_unless_the_level_says_otherwise(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path) -> None:
    api, base_url = bot_api
    process = _start(tmp_path, base_url, "--log-level", "warning")
    try:
        api.wait_for(lambda: len(api.sent("getUpdates")) >= 2, "polling to run")
    finally:
        _, stderr = _stop(process)
    assert process.returncode == 0, stderr
    assert stderr == ""  # ready, but told to say only what goes wrong


@pytest.mark.slow
def test_a_killed_bot_answers_its_backlog_after_a_restart(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path) -> None:
    """kill -9 while answers cannot be sent (sendMessage hangs): every update Telegram was
    told the bot received (the getUpdates offset moved past it) is answered by the next
    process, once."""
    api, base_url = bot_api
    users = [{"id": 3000 + n, "is_bot": False, "first_name": f"U{n}"} for n in range(60)]
    api.fail("sendMessage", Hang(DEADLINE), times=None)
    first = _start(tmp_path, base_url)
    try:
        for start in range(0, len(users), 20):  # in rounds, so that offsets move on between
            batch = users[start:start + 20]
            for user in batch:
                _text(api, user, "Where are apples grown?")
            api.wait_for(lambda batch=batch: {u["id"] for u in batch}
                         <= {p["chat_id"] for p in api.sent()}, "the round's answers to be on their way")
        api.wait_for(lambda: api.confirmed > 40, "Telegram to be told of two rounds")
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=DEADLINE)
    assert not api.delivered()  # and Telegram will not send the first 40 again
    api.mend()
    second = _start(tmp_path, base_url)
    try:
        api.wait_for(lambda: len({p["chat_id"] for p in api.delivered()}) == len(users),
                     "every chat's answer")
    finally:
        _, stderr = _stop(second)
    assert second.returncode == 0, stderr
    assert "left unanswered by the last run" in stderr
    [answer] = _expected(tmp_path / "kb", "Where are apples grown?")
    assert [p["text"] for p in api.delivered()] == [answer] * len(users)  # each one once
