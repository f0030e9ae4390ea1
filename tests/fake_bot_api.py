"""A fake Bot API on 127.0.0.1 (standard library HTTP server in a thread), with fault injection.

Just enough of the Bot API for qabot: it records every call, serves queued updates to
getUpdates (long polling in short slices, confirming by offset as Telegram does) and answers
sendMessage with a message. Files offered with ``api.offer_file`` are served as Telegram
serves them: ``getFile`` gives a ``file_path``, and a GET of ``/file/bot<token>/<file_path>``
the bytes (each download is recorded in ``api.downloads``). Faults are injected per method:

- ``api.fail(method, fault, times=N)``: the next N calls get ``fault``; ``times=None``
  keeps failing until ``api.mend(method)``;
- a fault is ``Status(code, body)`` (an HTTP status with a JSON or raw body: 5xx, 429 with
  ``retry_after``, 401, 409, malformed JSON...), ``Hang(seconds)`` (answer too late: a
  time-out) or ``DROP`` (close the connection without answering).

Tests wait for what the bot did with ``wait_for`` (threads) or ``until`` (asyncio): each
wait has a generous deadline and checks a condition, so no assertion depends on timing.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from telegram_support import BOT_USER, TOKEN, private_chat

METHODS = {"getMe", "getUpdates", "sendMessage", "setMyCommands", "sendChatAction",
           "answerCallbackQuery", "editMessageText", "editMessageReplyMarkup",
           "deleteWebhook", "setWebhook", "getFile"}
LONG_POLL_SLICE = 0.2  # the server answers an empty getUpdates after this long
DEADLINE = 30.0  # seconds any single wait may take before the test fails


@dataclass(frozen=True)
class Status:
    """Answer with this HTTP status and body (a dict is sent as JSON, bytes as they are)."""

    code: int
    body: dict[str, Any] | bytes | None = None

    def payload(self) -> dict[str, Any] | bytes:
        if self.body is not None:
            return self.body
        return {"ok": False, "error_code": self.code, "description": f"Error {self.code}"}


@dataclass(frozen=True)
class Hang:
    """Answer only after ``seconds``: longer than the client waits, a time-out."""

    seconds: float


@dataclass(frozen=True)
class Drop:
    """Close the connection without answering."""


DROP = Drop()
Fault = Status | Hang | Drop

SERVER_ERROR = Status(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
BAD_GATEWAY_PAGE = Status(502, b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                               b"<body><center><h1>502 Bad Gateway</h1></center></body></html>\r\n")
MALFORMED_JSON = Status(200, b'{"ok": tru')
UNAUTHORIZED = Status(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
CONFLICT = Status(409, {"ok": False, "error_code": 409, "description":
                        "Conflict: terminated by other getUpdates request"})


def too_many_requests(retry_after: int = 1) -> Status:
    return Status(429, {"ok": False, "error_code": 429,
                        "description": f"Too Many Requests: retry after {retry_after}",
                        "parameters": {"retry_after": retry_after}})


class FakeBotApi:
    """The Bot API's state: queued updates, recorded calls, injected faults."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.paths: list[str] = []
        self.confirmed = 0  # updates below this id were confirmed by an offset
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 100
        self._delivered: list[dict[str, Any]] = []
        self._faults: dict[str, list[Fault | tuple[Fault]]] = {}
        self._changed = threading.Condition()
        self.closing = threading.Event()
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []  # the file paths downloaded, in order
        self.unsized: set[str] = set()

    # What the test does -----------------------------------------------------------------
    def push(self, payload: dict[str, Any]) -> int:
        """Queue an update (``{"message": ...}``); return its id."""
        with self._changed:
            update_id = self._next_update
            self._next_update += 1
            self._updates.append({"update_id": update_id, **payload})
            self._changed.notify_all()
            return update_id

    def text(self, user: dict[str, Any], text: str) -> int:
        """Queue a private text message from ``user``."""
        entities = ([{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
                    if text.startswith("/") else [])
        return self.push({"message": {
            "message_id": self._next_update + 10, "date": int(time.time()),
            "chat": private_chat(user), "from": user, "text": text, "entities": entities}})

    def offer_file(self, file_id: str, data: bytes, *, state_size: bool = True) -> None:
        """Serve ``data`` as the file ``file_id`` (getFile, then the download); getFile states
        its size unless ``state_size`` is false (Telegram may leave it out)."""
        with self._changed:
            self.files[file_id] = data
            if not state_size:
                self.unsized.add(file_id)

    def download(self, path: str) -> bytes | None:
        """The bytes behind a file URL's path, or None if there is no such file."""
        prefix = f"/file/bot{TOKEN}/documents/"
        path = unquote(path)  # python-telegram-bot quotes the URL's path (the token's ":")
        with self._changed:
            self.downloads.append(path)
            self._changed.notify_all()
            return self.files.get(path.removeprefix(prefix)) if path.startswith(prefix) else None

    def fail(self, method: str, fault: Fault, times: int | None = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``fault`` (None: until mended)."""
        with self._changed:
            queue = self._faults.setdefault(method, [])
            queue.extend([fault] * times if times is not None else [(fault,)])

    def mend(self, method: str | None = None) -> None:
        """Stop injecting faults into ``method`` (every method if None)."""
        with self._changed:
            if method is None:
                self._faults.clear()
            else:
                self._faults.pop(method, None)

    def faults_left(self, method: str) -> int:
        """How many injected faults ``method`` has still to serve."""
        with self._changed:
            return len(self._faults.get(method, []))

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        with self._changed:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what}; calls: {self.calls[-20:]}")
                self._changed.wait(min(remaining, 0.1))

    async def until(self, condition: Callable[[], bool], what: str) -> None:
        """``wait_for`` for a test running the bot in its own event loop."""
        deadline = time.monotonic() + DEADLINE
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; calls: {self.calls[-20:]}")
            await asyncio.sleep(0.02)

    # What the bot did ------------------------------------------------------------------
    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call to ``method`` (failed ones included)."""
        with self._changed:
            return [params for name, params in self.calls if name == method]

    def delivered(self) -> list[dict[str, Any]]:
        """Parameters of every sendMessage that was answered with success."""
        with self._changed:
            return list(self._delivered)

    def count(self, method: str) -> int:
        with self._changed:
            return sum(1 for name, _ in self.calls if name == method)

    # Serving ---------------------------------------------------------------------------
    def handle(self, path: str, params: dict[str, Any]) -> Fault | tuple[int, dict[str, Any]]:
        method = path.rsplit("/", 1)[-1]
        with self._changed:
            self.paths.append(path)
            self.calls.append((method, params))
            self._changed.notify_all()
            fault = self._next_fault(method)
        if fault is not None:
            return fault
        if not path.startswith(f"/bot{TOKEN}/"):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method not in METHODS:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._poll(params)}
        if method == "getFile":
            return self._file(str(params.get("file_id", "")))
        if method in ("sendMessage", "editMessageText"):
            with self._changed:
                message_id = params.get("message_id") or self._next_message
                self._next_message += 1
                if method == "sendMessage":
                    self._delivered.append(params)
                self._changed.notify_all()
            chat_id = int(params["chat_id"])
            return 200, {"ok": True, "result": {
                "message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private", "first_name": "X"},
                "text": params.get("text", "")}}
        return 200, {"ok": True, "result": True}

    def _file(self, file_id: str) -> tuple[int, dict[str, Any]]:
        with self._changed:
            data = self.files.get(file_id)
        if data is None:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
        result = {"file_id": file_id, "file_unique_id": f"u{file_id}",
                  "file_path": f"documents/{file_id}"}
        if file_id not in self.unsized:
            result["file_size"] = len(data)
        return 200, {"ok": True, "result": result}

    def _next_fault(self, method: str) -> Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        head = queue[0]
        if isinstance(head, tuple):  # until mended
            return head[0]
        queue.pop(0)
        return head

    def _poll(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), LONG_POLL_SLICE)
        with self._changed:
            if offset:
                self.confirmed = max(self.confirmed, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= self.confirmed]
            if not self._updates and timeout:
                self._changed.wait(timeout)
            return list(self._updates[:limit])


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


def serve(api: FakeBotApi) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve ``api`` on a free port of 127.0.0.1, in a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            params = _params(self.rfile.read(length), self.headers.get("Content-Type", ""))
            answer = api.handle(self.path, params)
            if isinstance(answer, Drop):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if isinstance(answer, Hang):
                api.closing.wait(answer.seconds)
                answer = SERVER_ERROR
            if isinstance(answer, Status):
                status, payload = answer.code, answer.payload()
            else:
                status, payload = answer
            raw = isinstance(payload, bytes)
            body = payload if raw else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if raw else "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up waiting (a time-out fault)
                self.close_connection = True

        def do_GET(self) -> None:
            data = api.download(self.path)
            body = data if data is not None else b"Not Found"
            self.send_response(200 if data is not None else 404)
            self.send_header("Content-Type", "application/octet-stream")
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
    return server, thread


@contextmanager
def running() -> Iterator[tuple[FakeBotApi, str]]:
    """A running fake Bot API and its base URL (``http://127.0.0.1:PORT/bot``); the
    ``bot_api`` fixture of conftest.py."""
    api = FakeBotApi()
    server, thread = serve(api)
    try:
        yield api, f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        api.closing.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
