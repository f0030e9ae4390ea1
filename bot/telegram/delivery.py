"""Every Bot API call the bot makes passes through here: rate limiting and bounded retries.

The library's ``AIORateLimiter`` keeps under Telegram's limits and retries a flood wait
(429). :class:`RetryingRateLimiter` adds the retries of a call that failed on the way:
an HTTP 5xx, a dropped or refused connection, a time-out, an unreadable response. It tries
``Tuning.send_tries`` times with exponential back-off and jitter, then lets the error
propagate (the update is then redelivered later, see :mod:`bot.telegram.inbox`).

A retry can duplicate a message: after a time-out, a dropped connection or a 5xx, Telegram
may have delivered the message although the bot never heard so. That is the price of not
losing it. Errors that say the request itself is wrong (400, 403, 401, 409) are not retried.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter

from bot.telegram.incidents import Incident
from bot.telegram.tuning import Tuning

logger = logging.getLogger(__name__)

# Errors that say the request is wrong or refused: trying again gives the same answer.
FINAL_ERRORS: tuple[type[TelegramError], ...] = (
    BadRequest, Forbidden, InvalidToken, Conflict, ChatMigrated, EndPointNotFound, RetryAfter)


def worth_retrying(error: BaseException) -> bool:
    """Whether a failed call may succeed if simply made again: 5xx, connection errors,
    time-outs (all ``NetworkError``) and unreadable responses (a bare ``TelegramError``)."""
    if isinstance(error, FINAL_ERRORS):
        return False
    return isinstance(error, NetworkError) or type(error) is TelegramError


def worth_redelivering(error: BaseException) -> bool:
    """Whether an update whose handling failed with ``error`` should be handled again later:
    the retryable errors, and a flood wait that outlasted the rate limiter's retries."""
    return worth_retrying(error) or isinstance(error, RetryAfter)


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that also retries transient failures, a bounded number of times."""

    def __init__(self, tuning: Tuning, *, max_retries: int) -> None:
        super().__init__(max_retries=max_retries, overall_max_rate=tuning.overall_max_rate)
        self.tuning = tuning
        # Quiet until the bot is ready: a failed start is reported in one line by the runner.
        self.incident = Incident(logger, "Calling the Bot API", quiet=True)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        tries = max(1, self.tuning.send_tries)
        for attempt in range(1, tries):
            try:
                result = await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args)
            except TelegramError as err:
                if not worth_retrying(err):
                    raise
                delay = self.tuning.send_backoff.delay(attempt, random.random())
                self.incident.failed(err, f"{endpoint} tried {attempt} of {tries} times, "
                                          f"again in {delay:.1f} s")
                await asyncio.sleep(delay)
                continue
            self.incident.succeeded()
            return result
        result = await super().process_request(  # the last try: its error propagates
            callback, args, kwargs, endpoint, data, rate_limit_args)
        self.incident.succeeded()
        return result
