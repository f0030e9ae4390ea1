"""Run the application until it is told to stop or cannot go on.

One coroutine, :func:`serve`, starts the application, the redelivery of failed updates and
either the poller or the webhook server, logs "Bot @name ready (...)", and waits for
SIGINT/SIGTERM or a fatal error. It then stops everything in order (no pending task is left
behind) and re-raises the fatal error, if any, for the runner to report in one line.
Fatal: the token was rejected (``InvalidToken``, at start-up or mid-run) or another process
polls with the same token (``Conflict``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application

from bot.telegram.delivery import RetryingRateLimiter
from bot.telegram.inbox import Inbox
from bot.telegram.incidents import DemoteUnreadableResponses
from bot.telegram.polling import Poller
from bot.telegram.state import ENGINE_THREAD, engine_of

logger = logging.getLogger(__name__)

SHUTDOWN = "shutdown"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class Shutdown:
    """Asked for by a signal (a clean stop) or by a fatal error (kept, to be re-raised)."""

    requested: asyncio.Event = field(default_factory=asyncio.Event)
    error: BaseException | None = None

    def request(self) -> None:
        self.requested.set()

    def fail(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error
        self.requested.set()


def shutdown_of(bot_data: dict[str, Any]) -> Shutdown:
    return bot_data[SHUTDOWN]


Starter = Callable[[Application], Awaitable[None]]  # starts the webhook server, say


async def serve(application: Application, *, mode: str = "polling",
                start_webhook: Starter | None = None) -> None:
    """Run until stopped; raise the fatal error that stopped it, if any."""
    inbox = application.update_queue
    if not isinstance(inbox, Inbox):
        raise TypeError("the application must be built by bot.telegram.app.build_application")
    shutdown = shutdown_of(application.bot_data)
    restore_signals = _handle_signals(shutdown)
    demote = DemoteUnreadableResponses()
    logging.getLogger(demote.LOGGER).addFilter(demote)
    tasks: list[asyncio.Task[None]] = []
    try:
        try:
            await application.initialize()  # getMe: a rejected token fails here
        except BaseException:
            await _close_transports(application)
            raise
        try:
            if application.post_init is not None:
                await application.post_init(application)
            await application.start()
            tasks.append(asyncio.create_task(inbox.redeliver_forever(), name="qabot:redelivery"))
            inbox.release_backlog()
            if start_webhook is not None:
                await start_webhook(application)
            else:
                await application.bot.delete_webhook()
                poller = Poller(application.bot, inbox, inbox.tuning)
                tasks.append(asyncio.create_task(poller.run(), name="qabot:polling"))
            if isinstance(application.bot.rate_limiter, RetryingRateLimiter):
                application.bot.rate_limiter.incident.quiet = False
            documents = len(engine_of(application.bot_data).documents)
            logger.info("Bot @%s ready (%s), answering from %d document%s",
                        application.bot.username, mode, documents, "" if documents == 1 else "s")
            await _until_stopped(shutdown, tasks)
        finally:
            await _stop(application, inbox, tasks)
    finally:
        inbox.journal.close()
        restore_signals()
        logging.getLogger(demote.LOGGER).removeFilter(demote)
    if shutdown.error is not None:
        raise shutdown.error


async def _until_stopped(shutdown: Shutdown, tasks: list[asyncio.Task[None]]) -> None:
    waiter = asyncio.create_task(shutdown.requested.wait())
    try:
        done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
    for task in done:
        if task is not waiter and not task.cancelled() and task.exception() is not None:
            shutdown.fail(task.exception())  # the poller ended on a fatal error


async def _stop(application: Application, inbox: Inbox, tasks: list[asyncio.Task[None]]) -> None:
    """Stop fetching, answer what is queued, stop the tasks; nothing is left pending."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task  # a task's error was taken by _until_stopped
    updater = application.updater
    if updater is not None and updater.running:
        await updater.stop()
    inbox.close()  # what is queued waits in the journal: stopping takes seconds, not minutes
    if application.running:
        await application.stop()  # lets the updates being handled finish
    await application.shutdown()
    application.bot_data[ENGINE_THREAD].shutdown(wait=False)


async def _close_transports(application: Application) -> None:
    """Close the HTTP clients of an application whose initialisation failed (the library
    leaves them open then)."""
    for request in getattr(application.bot, "_request", ()):
        with contextlib.suppress(Exception):
            await request.shutdown()


def _handle_signals(shutdown: Shutdown) -> Callable[[], None]:
    """SIGINT and SIGTERM ask for a clean stop; returns a function undoing that."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for signum in STOP_SIGNALS:
        try:
            loop.add_signal_handler(signum, shutdown.request)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
            continue

    def restore() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return restore
