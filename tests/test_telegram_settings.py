"""Settings, options and start-up failures of ``qabot telegram``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from telegram_support import TOKEN

from bot.telegram.options import add_arguments
from bot.telegram.settings import Settings
from knowledge.errors import ConfigError


def test_settings_from_environment() -> None:
    settings = Settings.from_env({
        "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "QABOT_ALLOWED_CHATS": "1001, -100500,",
        "QABOT_ADMINS": "1001",
    }, max_chats=7)
    assert settings.token == TOKEN
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.allowed_chats == {1001, -100500}
    assert settings.chat_allowed(-100500) and not settings.chat_allowed(1002)
    assert settings.is_admin(1001) and not settings.is_admin(1002) and not settings.is_admin(None)
    assert settings.max_chats == 7
    assert TOKEN not in repr(settings)


def test_defaults_are_telegrams_servers_and_everyone_allowed() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.base_url == "https://api.telegram.org/bot"
    assert settings.base_file_url == "https://api.telegram.org/file/bot"
    assert settings.chat_allowed(42) and not settings.admins


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "   "}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "12345"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": "abc:" + "x" * 35}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"},
         "TELEGRAM_API_BASE_URL must be"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "QABOT_ALLOWED_CHATS": "12,abc"},
         "QABOT_ALLOWED_CHATS must be comma-separated numeric ids, got 'abc'"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "QABOT_ADMINS": "@alice"}, "QABOT_ADMINS must be"),
    ],
    ids=["missing", "blank", "short", "non-numeric-id", "base-url", "allowed-chats", "admins"],
)
def test_bad_settings_are_one_clear_line(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(environ)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert "x" * 35 not in str(caught.value)  # a malformed token is not echoed


def test_options_parse_and_validate() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([])
    assert args.webhook_url is None and args.max_chats == 1000
    args = parser.parse_args(["--webhook-url", "https://bot.example.org/hook", "--listen",
                              "0.0.0.0", "--port", "8443", "--secret-token", "s3cret_-",
                              "--max-chats", "10"])
    assert (args.webhook_url, args.listen, args.port, args.secret_token, args.max_chats) == (
        "https://bot.example.org/hook", "0.0.0.0", 8443, "s3cret_-", 10)
    for bad in (["--port", "70000"], ["--max-chats", "0"], ["--webhook-url", "bot.org"],
                ["--secret-token", "has space"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)


def test_options_module_does_not_import_telegram() -> None:
    code = ("import sys, bot.telegram, bot.telegram.options, bot.telegram.settings; "
            "sys.exit('telegram' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _qabot_telegram(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "telegram"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("token", ["", "not-a-token"], ids=["missing", "malformed"])
def test_cli_exits_2_with_one_line_for_a_bad_token(
        token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "QABOT_"))}
    env["TELEGRAM_BOT_TOKEN"] = token
    result = _qabot_telegram(env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in result.stderr


def test_log_level_option_and_environment(
        cli: Any, clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args([]).default_log_level == "INFO"  # a service says that it runs
    assert parser.parse_args(["--log-level", "warning"]).log_level == "WARNING"
    with pytest.raises(SystemExit):
        parser.parse_args(["--log-level", "loud"])
    assert "--log-level: expected one of DEBUG" in capsys.readouterr().err
    monkeypatch.setenv("QABOT_LOG_LEVEL", "loud")
    result = cli("ask", "When was the third SPD?")
    assert result.code == 2
    assert result.err == ("qabot: error: QABOT_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR "
                          "or CRITICAL, got 'loud'\n")
