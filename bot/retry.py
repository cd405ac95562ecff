"""The retry policy for Bot API calls, on tenacity.

Flood control (``RetryAfter``) is python-telegram-bot's ``AIORateLimiter``'s job; this
layer adds retries of connection failures and 5xx. Timeouts are not retried: the request
may have arrived, and a retry would send the reply twice. Bad requests would fail again.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential

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


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter (flood control), each call wrapped in ``send_policy``."""

    def __init__(self, network_retries: int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        policy = send_policy(endpoint, self.network_retries)
        return await policy(
            super().process_request, callback, args, kwargs, endpoint, data, rate_limit_args
        )
