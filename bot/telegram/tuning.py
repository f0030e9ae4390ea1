"""The bot's timings and bounds in one place: defaults for production, shorter ones in tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off with jitter: ``first`` seconds, doubling, at most ``most``."""

    first: float
    most: float

    def delay(self, failures: int, jitter: float) -> float:
        """The wait after the ``failures``-th failure in a row (1-based); ``jitter`` in [0, 1)
        spreads it over 50-100% of the nominal delay, so retrying clients do not march in step."""
        nominal = min(self.most, self.first * 2 ** max(0, failures - 1))
        return nominal * (0.5 + jitter / 2)


@dataclass(frozen=True)
class Tuning:
    """How patient the bot is, and how far it runs ahead."""

    send_tries: int = 3  # tries per Bot API call on 5xx, connection errors and time-outs
    send_backoff: Backoff = Backoff(first=0.5, most=4.0)
    poll_timeout: float = 30.0  # long-polling wait of getUpdates, seconds
    poll_backoff: Backoff = Backoff(first=1.0, most=30.0)
    redeliver_backoff: Backoff = Backoff(first=2.0, most=60.0)  # an update whose reply failed
    redeliver_tries: int = 30  # then it is given up, with a warning (about half an hour)
    max_ahead: int = 100  # updates journalled but not yet answered before polling waits
    typing_delay: float = 0.5  # show "typing…" only for answers slower than this
    overall_max_rate: float = 30.0  # Bot API calls per second (Telegram's broadcast limit)


DEFAULT_TUNING = Tuning()
