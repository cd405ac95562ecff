"""The single retry layer around the ``openai`` client.

Retry layers multiply (the client's own 2 retries x a tenacity loop x a caller's
loop), so the client is built with ``max_retries=0`` and every call goes through
one tenacity policy here: exponential backoff with jitter, Retry-After honoured.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import openai
from openai import OpenAI
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

from rag.errors import LLMUnavailable
from rag.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if "retry-after-ms" in headers:
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class _Wait:
    """Server's Retry-After when given (capped), else jittered exponential backoff."""

    def __init__(self, base: float, cap: float) -> None:
        self.cap = cap
        self.backoff = wait_random_exponential(multiplier=base, max=cap)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc)
        if asked is not None:
            return min(asked, self.cap)
        return float(self.backoff(state))


class RetryingOpenAI:
    """Chat and embedding calls with one retry policy; raises ``LLMUnavailable`` at the end."""

    def __init__(
        self,
        client: OpenAI,
        max_attempts: int = 4,
        max_wait_s: float = 20.0,
        base_wait_s: float = 0.5,
    ) -> None:
        self.client = client
        self.max_attempts = max_attempts
        self.wait = _Wait(base_wait_s, max_wait_s)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryingOpenAI:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "unused"
        client = OpenAI(
            api_key=key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
        return cls(client, settings.llm_max_attempts, settings.llm_max_wait_s)

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=self.wait,
            stop=stop_after_attempt(self.max_attempts),
            reraise=True,
            before_sleep=lambda s: log.warning(
                "%s failed (%s), attempt %d/%d; retrying",
                what,
                type(s.outcome.exception()).__name__ if s.outcome else "?",
                s.attempt_number,
                self.max_attempts,
            ),
        )
        try:
            return retrying(fn)
        except openai.OpenAIError as exc:
            raise LLMUnavailable(f"{what} failed: {type(exc).__name__}: {_safe(exc)}") from exc
        except ValueError as exc:  # malformed JSON bodies surface as ValueError subclasses
            raise LLMUnavailable(f"{what} returned an unreadable response") from exc

    def chat(self, model: str, messages: list[dict[str, str]], **kwargs: Any) -> str:
        def call() -> str:
            response = self.client.chat.completions.create(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                **kwargs,
            )
            choices = getattr(response, "choices", None)
            if not choices or choices[0].message is None:
                raise LLMUnavailable("chat completion returned no choices")
            return choices[0].message.content or ""

        return self._call("chat completion", call)

    def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        def call() -> list[list[float]]:
            response = self.client.embeddings.create(model=model, input=texts)
            data = sorted(response.data, key=lambda d: d.index)
            if len(data) != len(texts):
                raise LLMUnavailable(f"embeddings: asked for {len(texts)}, got {len(data)}")
            return [list(d.embedding) for d in data]

        return self._call("embedding", call)


def _safe(exc: BaseException) -> str:
    """Error text without anything that looks like a credential."""
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return " ".join("***" if w.startswith(("sk-", "Bearer")) else w for w in text.split())
