"""Settings of the Telegram front end, read once from the environment and validated."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from knowledge.errors import ConfigError

TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to start; the token is kept out of ``repr``."""

    token: str = field(repr=False)
    base_url: str = TELEGRAM_BASE_URL
    base_file_url: str = TELEGRAM_BASE_FILE_URL
    allowed_chats: frozenset[int] | None = None  # None: every chat may use the bot
    admins: frozenset[int] = frozenset()
    max_chats: int = 1000
    state_dir: Path = Path(".")  # where the update journal lives

    @property
    def bot_id(self) -> str:
        """The bot's numeric id, the token's first half (not a secret)."""
        return self.token.partition(":")[0]

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never reach a log line: the token and its secret half."""
        return (self.token, self.token.partition(":")[2])

    def chat_allowed(self, chat_id: int) -> bool:
        """Whether the chat may use the bot."""
        return self.allowed_chats is None or chat_id in self.allowed_chats

    def is_admin(self, user_id: int | None) -> bool:
        """Whether the user may run administrative commands such as /reload."""
        return user_id is not None and user_id in self.admins

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, max_chats: int = 1000,
                 state_dir: str | Path | None = None) -> Settings:
        """Read and validate TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, QABOT_ALLOWED_CHATS,
        QABOT_ADMINS and QABOT_STATE_DIR (``state_dir``, from --state-dir, wins); raise
        ConfigError with one clear line on bad values."""
        token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather")
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed; expected <digits>:<secret> as given by @BotFather"
            )
        base_url, base_file_url = _api_urls(environ.get("TELEGRAM_API_BASE_URL", "").strip())
        return cls(
            token=token,
            base_url=base_url,
            base_file_url=base_file_url,
            allowed_chats=_id_set(environ, "QABOT_ALLOWED_CHATS"),
            admins=_id_set(environ, "QABOT_ADMINS") or frozenset(),
            max_chats=max_chats,
            state_dir=state_dir_from(environ, state_dir),
        )


def state_dir_from(environ: Mapping[str, str], given: str | Path | None) -> Path:
    """--state-dir, else $QABOT_STATE_DIR, else $XDG_STATE_HOME/qabot, else
    ~/.local/state/qabot (the REPL keeps its history there too)."""
    chosen = given or environ.get("QABOT_STATE_DIR", "").strip()
    if chosen:
        return Path(os.path.expanduser(str(chosen)))
    xdg = environ.get("XDG_STATE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".local" / "state") / "qabot"


def _api_urls(value: str) -> tuple[str, str]:
    """The Bot API base URL and file URL for TELEGRAM_API_BASE_URL (empty: Telegram's own)."""
    if not value:
        return TELEGRAM_BASE_URL, TELEGRAM_BASE_FILE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"TELEGRAM_API_BASE_URL must be an http(s) URL such as "
            f"http://127.0.0.1:8081/bot, got {value!r}"
        )
    root = value.rstrip("/")
    root = root.removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def _id_set(environ: Mapping[str, str], name: str) -> frozenset[int] | None:
    """Comma-separated integer ids from ``environ[name]``; None when unset or empty."""
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    ids: set[int] = set()
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            ids.add(int(item))
        except ValueError:
            raise ConfigError(
                f"{name} must be comma-separated numeric ids, got {item!r}"
            ) from None
    return frozenset(ids)
