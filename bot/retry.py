"""The retry policies for Bot API calls, on tenacity.

Flood control (``RetryAfter``) is python-telegram-bot's ``AIORateLimiter``'s job; this
layer adds retries of connection failures and 5xx. Timeouts are not retried: the request
may have arrived, and a retry would send the reply twice. Bad requests would fail again.

At start, the bot's first call (``getMe``) only reads, so a timeout is retried too, with
waits long enough to ride out a network that comes up after the service (a reboot, a
proxy starting); a refused token is not retried: it would be refused again.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential, wait_random

log = logging.getLogger(__name__)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest | TimedOut)


def send_policy(endpoint: str, retries: int = 3, backoff_s: float = 0.5) -> AsyncRetrying:
    """``retries`` more attempts after the first, ``backoff_s`` x 1, 2, 4... apart."""

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.warning("Telegram %s failed (%s); retrying", endpoint, type(exc).__name__)

    return AsyncRetrying(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(retries + 1),
        wait=wait_exponential(multiplier=backoff_s),
        before_sleep=before_sleep,
        reraise=True,
    )


START_CALL = "getMe"  # what Application.initialize asks first


def is_transient_at_start(exc: BaseException) -> bool:
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def start_policy(attempts: int, max_wait_s: float) -> AsyncRetrying:
    """``attempts`` tries of the start-up call, 1, 2, 4... s apart (at most ``max_wait_s``,
    plus a little jitter), each failure logged in one line."""

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "Telegram Bot API unreachable at start (attempt %d of %d: %s: %s); retrying in %.1f s",
            state.attempt_number, attempts, type(exc).__name__, exc, wait,
        )  # fmt: skip

    return AsyncRetrying(
        retry=retry_if_exception(is_transient_at_start),
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=1, max=max_wait_s) + wait_random(0, 0.1 * max_wait_s),
        before_sleep=before_sleep,
        reraise=True,
    )


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter (flood control), each call wrapped in ``send_policy``, except the
    start-up call, which ``start_policy`` retries on its own (one policy per call, so the
    attempts it reports are the attempts made)."""

    def __init__(self, network_retries: int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        retries = 0 if endpoint == START_CALL else self.network_retries
        policy = send_policy(endpoint, retries)
        return await policy(
            super().process_request, callback, args, kwargs, endpoint, data, rate_limit_args
        )
