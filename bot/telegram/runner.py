"""``qabot telegram``: read the settings, build the engine and the bot, poll or serve a webhook."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from bot.telegram import redaction
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.options import DEFAULT_MAX_CHATS
from bot.telegram.settings import Settings
from knowledge.errors import ConfigError
from retrieval.engine import Engine

logger = logging.getLogger(__name__)

BOOTSTRAP_RETRIES = 3  # a few seconds of patience with the network at start-up


def run(args: argparse.Namespace, kb_folder: Path | None) -> int:
    """Run the bot until interrupted; return the exit status.

    Raises ConfigError for a missing, malformed or rejected token and KnowledgeBaseError
    for an unusable knowledge base; the CLI turns both into one line and exit status 2.
    """
    # Opt in to python-telegram-bot's future timedelta API: otherwise every flood-wait
    # (RetryAfter) emits a deprecation warning. Nothing in qabot reads retry_after itself.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    settings = Settings.from_env(
        os.environ, max_chats=getattr(args, "max_chats", DEFAULT_MAX_CHATS))
    redactor = redaction.install(settings.secrets)
    try:
        engine = Engine.from_folder(kb_folder)
        application = build_application(settings, engine, kb_folder=kb_folder)
        quiet_start = _BootstrapFailureFilter()
        logging.getLogger("telegram.ext").addFilter(quiet_start)
        try:
            _serve(application, args, redactor)
        except InvalidToken as err:
            raise ConfigError("TELEGRAM_BOT_TOKEN was rejected by Telegram; "
                              "check it with @BotFather") from err
        except NetworkError as err:
            if isinstance(err, BadRequest):
                raise
            # Once running, network errors are retried forever; only start-up gets here.
            raise ConfigError(
                f"cannot reach the Telegram Bot API at {settings.base_url}: "
                f"{redactor.redact(str(err))} (check the network and TELEGRAM_API_BASE_URL)"
            ) from err
        finally:
            logging.getLogger("telegram.ext").removeFilter(quiet_start)
    finally:
        redaction.uninstall(redactor)
    return 0


class _BootstrapFailureFilter(logging.Filter):
    """Drop the library's traceback for a failed start: run() reports it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR
                    and record.getMessage().startswith("Network Retry Loop (Bootstrap"))


def _serve(application: Application, args: argparse.Namespace,
           redactor: redaction.RedactingFilter) -> None:
    webhook_url = getattr(args, "webhook_url", None)
    if not webhook_url:
        logger.info("Starting in polling mode")
        application.run_polling(allowed_updates=ALLOWED_UPDATES,
                                bootstrap_retries=BOOTSTRAP_RETRIES)
        return
    url_path = args.url_path if args.url_path is not None else urlsplit(webhook_url).path
    secret = args.secret_token or secrets.token_urlsafe(32)
    redactor.add(secret)
    logger.info("Starting in webhook mode on %s:%d/%s", args.listen, args.port,
                url_path.lstrip("/"))
    application.run_webhook(
        listen=args.listen,
        port=args.port,
        url_path=url_path.lstrip("/"),
        webhook_url=webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
        bootstrap_retries=BOOTSTRAP_RETRIES,
    )
