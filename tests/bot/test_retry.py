"""Bot API calls: flood control honoured, connection errors and 5xx retried, timeouts not."""

from __future__ import annotations

import time

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.retry import is_transient, send_policy
from tests.support.bot import STAFF, replies
from tests.support.fake_telegram import FakeTelegram


def test_only_connection_errors_and_5xx_are_transient() -> None:
    assert is_transient(NetworkError("Bad Gateway"))
    for final in (TimedOut(), BadRequest("chat not found"), Forbidden("blocked"), RetryAfter(1)):
        assert not is_transient(final)


async def test_policy_retries_transient_errors_then_gives_up() -> None:
    calls: list[type[Exception]] = []

    async def send(error: Exception) -> str:
        calls.append(type(error))
        raise error

    with pytest.raises(NetworkError):
        await send_policy("sendMessage", retries=2, backoff_s=0.0)(send, NetworkError("down"))
    assert calls == [NetworkError] * 3
    calls.clear()
    with pytest.raises(TimedOut):
        await send_policy("sendMessage", retries=2, backoff_s=0.0)(send, TimedOut())
    assert calls == [TimedOut]  # the reply may have arrived: never sent twice


async def test_flood_control_retry_after_is_honoured(bot: Application, fake: FakeTelegram) -> None:
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    fake.message("/help", user_id=STAFF)
    sent = await replies(fake, STAFF, 2)  # the refused attempt and the successful retry
    assert sent[0]["text"] == sent[1]["text"]
    assert time.monotonic() - started >= 1.0


async def test_server_errors_when_sending_are_retried(bot: Application, fake: FakeTelegram) -> None:
    fake.fail("sendMessage", 502, "Bad Gateway", times=2)
    fake.message("/help", user_id=STAFF)
    sent = await replies(fake, STAFF, 3)
    assert len({s["text"] for s in sent}) == 1
