"""End to end: ``qabot telegram`` as a process, against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qsl
from urllib.request import ProxyHandler, Request, build_opener

import pytest
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

METHODS = {"getMe", "getUpdates", "sendMessage", "setMyCommands", "sendChatAction",
           "answerCallbackQuery", "editMessageText", "deleteWebhook", "setWebhook"}
LONG_POLL_SLICE = 0.2  # the fake server answers an empty getUpdates after this long
DEADLINE = 30.0  # seconds any single wait may take before the test fails


class FakeBotApi:
    """Just enough of the Bot API, recording every call; updates are queued by the test."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.paths: list[str] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 100
        self._changed = threading.Condition()
        self.poll_faults: list[tuple[int, bytes]] = []  # raw answers to the next getUpdates

    def push(self, payload: dict[str, Any]) -> int:
        with self._changed:
            update_id = self._next_update
            self._next_update += 1
            self._updates.append({"update_id": update_id, **payload})
            self._changed.notify_all()
            return update_id

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        with self._changed:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what}; calls: {self.calls}")
                self._changed.wait(min(remaining, 0.1))

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        with self._changed:
            return [params for name, params in self.calls if name == method]

    def handle(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any] | bytes]:
        method = path.rsplit("/", 1)[-1]
        with self._changed:
            self.paths.append(path)
            self.calls.append((method, params))
            self._changed.notify_all()
            if method == "getUpdates" and self.poll_faults:
                return self.poll_faults.pop(0)
        if not path.startswith(f"/bot{TOKEN}/"):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method not in METHODS:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._poll(params)}
        if method in ("sendMessage", "editMessageText"):
            with self._changed:
                message_id = params.get("message_id") or self._next_message
                self._next_message += 1
            chat_id = int(params["chat_id"])
            return 200, {"ok": True, "result": {
                "message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private", "first_name": "X"},
                "text": params.get("text", "")}}
        return 200, {"ok": True, "result": True}

    def _poll(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), LONG_POLL_SLICE)
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                self._changed.wait(timeout)
            return list(self._updates)


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


@pytest.fixture
def bot_api() -> Iterator[tuple[FakeBotApi, str]]:
    api = FakeBotApi()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            params = _params(self.rfile.read(length), self.headers.get("Content-Type", ""))
            status, payload = api.handle(self.path, params)
            raw = isinstance(payload, bytes)
            body = payload if raw else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if raw else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield api, f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _environment(base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base_url,
               NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", PYTHONUNBUFFERED="1")
    for name in ("QABOT_ALLOWED_CHATS", "QABOT_ADMINS", "QABOT_KB"):
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
        env=_environment(base_url), cwd=tmp_path,
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
        assert len(api.sent("sendChatAction")) == 4

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


BAD_GATEWAY_PAGE = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                    b"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")


@pytest.mark.parametrize("debug", [False, True], ids=["normal", "debug"])
def test_unreadable_bot_api_responses_log_one_line_unless_debugging(
        bot_api: tuple[FakeBotApi, str], tmp_path: Path, debug: bool) -> None:
    api, base_url = bot_api
    api.poll_faults = [(502, BAD_GATEWAY_PAGE), (200, b'{"ok": tru')]
    kb = write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *(["--debug"] if debug else []), "telegram", "--kb", str(kb)],
        env=_environment(base_url), cwd=tmp_path,
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
    assert any("ERROR: Error outside any update" in line
               and "TelegramError: Invalid server response" in line for line in lines), stderr


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
        env=_environment(base_url), cwd=tmp_path,
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
    env = _environment(base_url)
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
        [sys.executable, "-m", "bot", "telegram"], env=_environment(f"http://127.0.0.1:{port}/bot"),
        cwd=tmp_path, capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"qabot: error: cannot reach the Telegram Bot API at "
                           f"http://127.0.0.1:{port}/bot")
    assert TOKEN.partition(":")[2] not in line
