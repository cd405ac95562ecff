"""Errors are answered in one place: the reason for an AccordError, a generic apology for a bug."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NoReturn

import pytest
from telegram.ext import Application

from rag.errors import IndexUnavailable
from rag.index.refresh import refresh_lock
from rag.service import RagService
from tests.support.answers import StubService
from tests.support.bot import ADMIN, STAFF, bot_settings, replies, serving
from tests.support.fake_telegram import FakeTelegram


def failing(error: Exception) -> StubService:
    """A service whose questions and refreshes raise ``error``."""

    def fail(*_args: object) -> NoReturn:
        raise error

    return StubService(ask=fail, refresh=fail)


def _handler_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.errors"]


async def test_a_refused_reindex_says_why(
    bot: Application, fake: FakeTelegram, service: RagService
) -> None:
    with refresh_lock(service.settings.state_dir):
        fake.message("/reindex", user_id=ADMIN)
        sent = await replies(fake, ADMIN, 2)
    assert "another index refresh is running" in sent[1]["text"]
    assert "something went wrong" not in sent[1]["text"]


async def test_an_outage_is_explained_in_the_users_language_and_logged_in_one_line(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outage = failing(IndexUnavailable("Chroma server unreachable: ConnectError"))
    async with serving(bot_settings(tmp_path, fake), outage):
        fake.message("Qui a signé le protocole ?", user_id=STAFF, language="fr")
        sent = await replies(fake, STAFF)
    assert "temporairement indisponible" in sent[0]["text"]
    [record] = _handler_records(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "IndexUnavailable: Chroma server unreachable" in record.getMessage()


async def test_a_bug_gets_an_apology_and_a_logged_traceback(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving(bot_settings(tmp_path, fake), failing(KeyError("date_sort"))):
        fake.message("/reindex", user_id=ADMIN, language="vi")
        sent = await replies(fake, ADMIN, 2)
    assert sent[1]["text"] == "Xin lỗi, đã có lỗi khi trả lời. Vui lòng thử lại sau ít phút."
    [record] = _handler_records(caplog)
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "date_sort" not in sent[1]["text"]
