"""A durable journal of the updates the bot has received and not yet answered (SQLite).

An update is written here, and committed to disk, before Telegram is told it was received
(before the getUpdates offset moves past it, or before the webhook request is answered).
It is marked done once it has been answered, or given up. After a crash, the updates
still pending are answered first. Done rows are kept a while (``KEEP_DONE``) so that an
update Telegram sends again (the last batch before a crash, which was journalled but not
yet confirmed) is recognised and not answered twice. An update id seen before but with
other contents is a new update: Telegram may restart its ids after a quiet week.

Durability: recording is committed with ``synchronous=FULL`` (on disk before Telegram is
told); marking done with ``NORMAL``, which survives a crash of the process but may be lost
with the machine's power, costing at worst a duplicate answer. So answering 30 messages a
second does not cost 30 disk flushes a second on the event loop.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from telegram import Update

from knowledge.errors import ConfigError

logger = logging.getLogger(__name__)

KEEP_DONE = 1000  # done updates remembered, to recognise one delivered twice
SCHEMA = """
CREATE TABLE IF NOT EXISTS updates (
    update_id INTEGER PRIMARY KEY,
    chat_id INTEGER,
    payload TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    tries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS pending_by_chat ON updates (done, chat_id, update_id);
"""

Pending = tuple[int, int | None, dict[str, Any]]  # update id, chat id, the update as JSON


def journal_path(state_dir: Path, bot_id: str) -> Path:
    """Where the journal of the bot with id ``bot_id`` lives (one file per bot)."""
    return state_dir / f"telegram-{bot_id}.sqlite3"


def chat_of(update: Update) -> int | None:
    """The chat an update belongs to, if any."""
    chat = update.effective_chat
    return chat.id if chat is not None else None


class Journal:
    """The update journal; every write is committed with ``synchronous=FULL``."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        try:
            if isinstance(path, Path):
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise ConfigError(f"cannot open the update journal {path}: {err} "
                              "(set --state-dir or QABOT_STATE_DIR to a writable folder)") from err

    def record(self, updates: Iterable[Update]) -> list[Update]:
        """Write ``updates`` durably; return those not seen before, in order."""
        fresh: list[Update] = []
        with self._transaction(durable=True):
            for update in updates:
                payload = update.to_json()
                row = self._db.execute("SELECT payload FROM updates WHERE update_id = ?",
                                       (update.update_id,)).fetchone()
                if row is not None and row[0] == payload:
                    continue  # sent again: already journalled, maybe already answered
                self._db.execute(
                    "INSERT OR REPLACE INTO updates (update_id, chat_id, payload) VALUES (?, ?, ?)",
                    (update.update_id, chat_of(update), payload))
                fresh.append(update)
            if fresh:
                self._db.execute("DELETE FROM updates WHERE done = 1 AND update_id < ?",
                                 (fresh[-1].update_id - KEEP_DONE,))
        return fresh

    def finish(self, update_id: int) -> None:
        """Mark an update answered (or given up)."""
        with self._transaction():
            self._db.execute("UPDATE updates SET done = 1 WHERE update_id = ?", (update_id,))

    def attempt(self, update_id: int) -> int:
        """Count one more failed attempt at an update; return the count."""
        with self._transaction():
            self._db.execute("UPDATE updates SET tries = tries + 1 WHERE update_id = ?",
                             (update_id,))
            row = self._db.execute("SELECT tries FROM updates WHERE update_id = ?",
                                   (update_id,)).fetchone()
        return int(row[0]) if row else 0

    def pending(self) -> list[Pending]:
        """Every update not yet done, oldest first."""
        rows = self._db.execute(
            "SELECT update_id, chat_id, payload FROM updates WHERE done = 0 ORDER BY update_id")
        return [(update_id, chat_id, json.loads(payload)) for update_id, chat_id, payload in rows]

    def oldest_pending(self, chat_id: int | None) -> Pending | None:
        """The chat's oldest update not yet done."""
        row = self._db.execute(
            "SELECT update_id, chat_id, payload FROM updates WHERE done = 0 AND chat_id IS ? "
            "ORDER BY update_id LIMIT 1", (chat_id,)).fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    def count_pending(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM updates WHERE done = 0").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self, *, durable: bool = False) -> Iterator[None]:
        """One transaction; ``durable``: flushed to disk when it commits."""
        self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
