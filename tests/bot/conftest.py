"""The fake Bot API server, and the bot polling it with the session's indexed service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from rag.service import RagService
from tests.support.bot import bot_settings, serving
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture
async def bot(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> AsyncIterator[Application]:
    async with serving(bot_settings(tmp_path, fake, rate_limit_per_minute=30), service) as app:
        yield app
