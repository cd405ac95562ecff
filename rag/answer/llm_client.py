"""The single retry layer around the ``openai`` client, bounded by one deadline per call.

Retry layers multiply (the client's own 2 retries x a tenacity loop x a caller's
loop), so the client is built with ``max_retries=0`` and every call goes through
one tenacity policy here. Time is bounded once, per call: each attempt may use what is
left of the deadline and no more, and a wait that would end past it is not started.
A timeout is not retried: the server is still busy with the abandoned request, and
sending the whole prompt again would only queue a second copy behind it. Rate limits
(429), server errors (5xx) and refused connections are retried, Retry-After honoured.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import openai
from openai import OpenAI
from tenacity import RetryCallState, Retrying, retry_if_exception
from tenacity.wait import wait_random_exponential

from rag.errors import LLMUnavailable
from rag.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}
MIN_ATTEMPT_S = 0.5  # an attempt with less time than this left is not worth sending

FailureKind = Literal["unreachable", "timeout", "rate_limited"]

__all__ = ["Completion", "LLMFailure", "LLMUnavailable", "RetryingOpenAI"]


class LLMFailure(LLMUnavailable):
    """The call failed for good; ``kind`` says why, so the user's note can say it too."""

    def __init__(self, message: str, kind: FailureKind) -> None:
        super().__init__(message)
        self.kind: FailureKind = kind


@dataclass(frozen=True)
class Completion:
    """A chat reply and why generation stopped ("stop", "length", ...; "" when not given)."""

    text: str
    finish_reason: str = ""


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError):  # a subclass of APIConnectionError
        return False
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS
    return False


def failure_kind(exc: BaseException) -> FailureKind:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIStatusError) and exc.status_code == 429:
        return "rate_limited"
    return "unreachable"


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


class _Stop:
    """Stop after ``attempts``, or when the next attempt could not start in time."""

    def __init__(self, attempts: int, deadline: float) -> None:
        self.attempts = attempts
        self.deadline = deadline

    def __call__(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self.attempts:
            return True
        starts_at = time.monotonic() + state.upcoming_sleep
        return starts_at + MIN_ATTEMPT_S > self.deadline


class RetryingOpenAI:
    """Chat and embedding calls with one retry policy and one deadline per call.

    Raises ``LLMFailure`` (an ``LLMUnavailable``) when the call cannot succeed in time.
    """

    def __init__(
        self,
        client: OpenAI,
        max_attempts: int = 4,
        max_wait_s: float = 20.0,
        base_wait_s: float = 0.5,
        deadline_s: float = 60.0,
    ) -> None:
        self.client = client
        self.max_attempts = max_attempts
        self.deadline_s = deadline_s
        self.wait = _Wait(base_wait_s, max_wait_s)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryingOpenAI:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "unused"
        client = OpenAI(
            api_key=key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_deadline_s,  # each attempt passes what is left of the deadline
            max_retries=0,
        )
        return cls(
            client,
            settings.llm_max_attempts,
            settings.llm_max_wait_s,
            deadline_s=settings.llm_deadline_s,
        )

    def _call(self, what: str, fn: Callable[[float], T], deadline_s: float | None) -> T:
        """``fn(seconds_left)`` under the policy; raises ``LLMFailure`` at the end."""
        deadline = time.monotonic() + (deadline_s or self.deadline_s)
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=self.wait,
            stop=_Stop(self.max_attempts, deadline),
            reraise=True,
            before_sleep=lambda s: log.warning(
                "%s failed (%s), attempt %d/%d; retrying in %.1fs",
                what,
                type(s.outcome.exception()).__name__ if s.outcome else "?",
                s.attempt_number,
                self.max_attempts,
                s.upcoming_sleep,
            ),
        )
        try:
            return retrying(lambda: fn(max(0.05, deadline - time.monotonic())))
        except openai.OpenAIError as exc:
            raise LLMFailure(
                f"{what} failed: {type(exc).__name__}: {_safe(exc)}", failure_kind(exc)
            ) from exc
        except ValueError as exc:  # malformed JSON bodies surface as ValueError subclasses
            raise LLMFailure(f"{what} returned an unreadable response", "unreachable") from exc

    def complete(
        self,
        model: str,
        messages: list[dict[str, str]],
        deadline_s: float | None = None,
        **kwargs: Any,
    ) -> Completion:
        """One chat completion within ``deadline_s`` (default: the client's deadline)."""

        def call(seconds_left: float) -> Completion:
            response = self.client.chat.completions.create(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                timeout=seconds_left,
                **kwargs,
            )
            choices = getattr(response, "choices", None)
            if not choices or choices[0].message is None:
                raise LLMFailure("chat completion returned no choices", "unreachable")
            choice = choices[0]
            return Completion(choice.message.content or "", str(choice.finish_reason or ""))

        return self._call("chat completion", call, deadline_s)

    def chat(self, model: str, messages: list[dict[str, str]], **kwargs: Any) -> str:
        """The reply's text only (callers that do not care why generation stopped)."""
        return self.complete(model, messages, **kwargs).text

    def embed(self, model: str, texts: list[str]) -> list[list[float]]:
        def call(seconds_left: float) -> list[list[float]]:
            response = self.client.embeddings.create(model=model, input=texts, timeout=seconds_left)
            data = sorted(response.data, key=lambda d: d.index)
            if len(data) != len(texts):
                raise LLMFailure(
                    f"embeddings: asked for {len(texts)}, got {len(data)}", "unreachable"
                )
            return [list(d.embedding) for d in data]

        return self._call("embedding", call, None)


def _safe(exc: BaseException) -> str:
    """Error text without anything that looks like a credential."""
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return " ".join("***" if w.startswith(("sk-", "Bearer")) else w for w in text.split())
