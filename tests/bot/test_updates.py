"""A malformed update is skipped and acknowledged, never a reason to stop polling."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.updates import sanitize_updates
from rag.service import RagService
from tests.support.bot import STAFF, bot_settings, replies, serving
from tests.support.fake_telegram import FakeTelegram


def test_an_unparseable_update_becomes_an_empty_one_with_its_id() -> None:
    good = {
        "update_id": 2,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}},
    }
    payload = {
        "ok": True,
        "result": [{"update_id": 1, "message": {"message_id": "x"}}, good, {"no": "id"}],
    }
    cleaned = json.loads(sanitize_updates(json.dumps(payload).encode()))
    assert cleaned["result"] == [{"update_id": 1}, good]
    assert sanitize_updates(b"not json") == b"not json"


async def test_malformed_update_is_survived(bot: Application, fake: FakeTelegram) -> None:
    fake.push({"message": {"message_id": "not-a-number", "text": "no chat, no date"}})
    fake.push({"unknown_kind": {"x": 1}})
    fake.message("/help", user_id=STAFF)
    assert (await replies(fake, STAFF))[0]["text"]


async def test_polling_survives_bot_api_errors_logged_without_tracebacks(
    service: RagService, fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("getUpdates", 502, "Bad Gateway", times=3)
    async with serving(bot_settings(tmp_path, fake), service):
        fake.message("/help", user_id=STAFF)
        assert (await replies(fake, STAFF))[0]["text"]
    polling = [r for r in caplog.records if r.name.startswith("telegram")]
    assert polling and all(r.exc_info is None and "Bad Gateway" in r.getMessage()
                           for r in polling if r.levelno >= logging.WARNING)  # fmt: skip
    assert any(r.levelno == logging.WARNING for r in polling)
