"""``qabot telegram``: read the settings, build the engine and the bot, poll or serve a webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError
from telegram.ext import Application

from bot.telegram import redaction
from bot.telegram.app import ALLOWED_UPDATES, build_application, chat_persistence
from bot.telegram.journal import Journal, journal_path
from bot.telegram.lifecycle import serve
from bot.telegram.options import DEFAULT_MAX_CHATS
from bot.telegram.settings import Settings
from knowledge.errors import ConfigError
from retrieval.engine import Engine
from retrieval.vocabulary import english_words

logger = logging.getLogger(__name__)

BOOTSTRAP_RETRIES = 3  # a few seconds of patience with the network at start-up (webhook)


def run(args: argparse.Namespace, kb_folder: Path | None) -> int:
    """Run the bot until interrupted; return the exit status.

    Raises ConfigError for a missing, malformed or rejected token (at start-up or mid-run),
    another process polling with the same token, an unusable state folder or an unreachable
    Bot API at start-up, and KnowledgeBaseError for an unusable knowledge base; the CLI turns
    each into one line and exit status 2.
    """
    # Opt in to python-telegram-bot's future timedelta API: otherwise every flood-wait
    # (RetryAfter) emits a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    settings = Settings.from_env(
        os.environ, max_chats=getattr(args, "max_chats", DEFAULT_MAX_CHATS),
        state_dir=getattr(args, "state_dir", None))
    redactor = redaction.install(settings.secrets)
    try:
        engine = Engine.from_folder(kb_folder)
        english_words()  # the typo check's word list read now, not on some user's first unknown word
        journal = Journal(journal_path(settings.state_dir, settings.bot_id))
        application = build_application(settings, engine, kb_folder=kb_folder, journal=journal,
                                        persistence=chat_persistence(settings.state_dir))
        quiet_start = _BootstrapFailureFilter()
        logging.getLogger("telegram.ext").addFilter(quiet_start)
        try:
            asyncio.run(_serve(application, args, redactor))
        except InvalidToken as err:
            raise ConfigError("TELEGRAM_BOT_TOKEN was rejected by Telegram; "
                              "check it with @BotFather") from err
        except sqlite3.Error as err:
            raise ConfigError(f"cannot write the update journal {journal.path}: {err}") from err
        except Conflict as err:
            raise ConfigError(
                f"another process is getting this bot's updates ({err}); "
                "run one qabot telegram per token, and no webhook beside polling") from err
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


async def _serve(application: Application, args: argparse.Namespace,
                 redactor: redaction.RedactingFilter) -> None:
    webhook_url = getattr(args, "webhook_url", None)
    if not webhook_url:
        logger.debug("Starting in polling mode")
        await serve(application, mode="polling")
        return
    url_path = (args.url_path if args.url_path is not None else urlsplit(webhook_url).path)
    url_path = url_path.lstrip("/")
    secret = args.secret_token or secrets.token_urlsafe(32)
    redactor.add(secret)

    async def start_webhook(app: Application) -> None:
        await app.updater.start_webhook(
            listen=args.listen, port=args.port, url_path=url_path, webhook_url=webhook_url,
            secret_token=secret, allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=BOOTSTRAP_RETRIES)

    await serve(application, mode=f"webhook on {args.listen}:{args.port}/{url_path}",
                start_webhook=start_webhook)
