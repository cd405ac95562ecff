"""The real python-telegram-bot Application against a local fake Bot API server."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import build_application
from rag.answer.conversation import Conversation
from rag.index.store import Filters
from rag.models import Answer, Citation, IndexReport
from rag.service import CorpusInfo, RagService
from tests.conftest import make_settings
from tests.support.fake_telegram import FakeTelegram

ADMIN, STAFF, STRANGER, GROUP = 42, 7, 666, -100123
TOKEN = "123456:TEST-TOKEN-abcdef"


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


def bot_settings(tmp_path: Path, fake: FakeTelegram, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_base_url": fake.base_url,
        "allowed_users": [STAFF],
        "allowed_chats": [GROUP],
        "admin_users": [ADMIN],
        **overrides,
    }
    return make_settings(tmp_path, **values)


async def running(app: Application) -> None:
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()


async def stopped(app: Application) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


@pytest.fixture
async def bot(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> AsyncIterator[Application]:
    app = build_application(bot_settings(tmp_path, fake, rate_limit_per_minute=30), service)
    await running(app)
    yield app
    await stopped(app)


async def replies(
    fake: FakeTelegram, chat_id: int, count: int = 1, method: str = "sendMessage"
) -> list[dict[str, Any]]:
    """Wait (without blocking the event loop or its worker threads) for ``count`` calls."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = fake.sent(chat_id, method)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(
        f"expected {count} {method} to {chat_id}, got {fake.sent(chat_id, method)}"
    )


async def test_questions_in_three_languages_get_cited_answers(
    bot: Application, fake: FakeTelegram
) -> None:
    for question, label in (
        ("Who signed the MoU on anti-human trafficking between Vietnam and the UK?", "Sources:"),
        ("Avec qui le ministre Luong Tam Quang s'est-il entretenu au téléphone ?", "Sources:"),
        ("Bộ trưởng Tô Lâm hội đàm trực tuyến với ai của Campuchia?", "Nguồn:"),
    ):
        before = len(fake.sent(STAFF))
        fake.message(question, user_id=STAFF)
        sent = (await replies(fake, STAFF, before + 1))[-1]
        assert "[1]" in sent["text"] and f"<b>{label}</b>" in sent["text"]
        assert sent["parse_mode"] == "HTML"
        keyboard = json.loads(sent["reply_markup"])["inline_keyboard"][0]
        assert [b["callback_data"].split(":")[0] for b in keyboard] == ["src", "fb", "fb"]
    # answers here take well under TYPING_AFTER_S, so no "typing…" was needed


async def test_follow_up_sources_and_feedback(
    bot: Application, fake: FakeTelegram, tmp_path: Path
) -> None:
    fake.message("Which MoU did Vietnam and the UK sign on November 21?", user_id=STAFF)
    await replies(fake, STAFF, 1)
    fake.message("And who signed it?", user_id=STAFF)
    second = (await replies(fake, STAFF, 2))[-1]
    assert "Sajid Javid" in second["text"]

    fake.message("/sources", user_id=STAFF)
    quoted = (await replies(fake, STAFF, 3))[-1]
    assert "<blockquote>" in quoted["text"] and "003_4ce31369f94a498f.txt" in quoted["text"]

    qid = json.loads(second["reply_markup"])["inline_keyboard"][0][1]["callback_data"].split(":")[
        -1
    ]
    fake.press(f"fb:+1:{qid}", user_id=STAFF)
    acks = await replies_any(fake, "answerCallbackQuery")
    assert "Thanks" in acks[-1].get("text", "")
    rows = (
        sqlite3.connect(tmp_path / "state" / "bot.sqlite3")
        .execute("SELECT vote, question, answer FROM feedback")
        .fetchall()
    )
    assert rows == [(1, "And who signed it?", rows[0][2])] and "Javid" in rows[0][2]

    fake.press(f"src:{qid}", user_id=STAFF)
    sources = (await replies(fake, STAFF, 4))[-1]
    assert "<blockquote>" in sources["text"]


async def replies_any(fake: FakeTelegram, method: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = fake.sent(method=method)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {method}")


async def test_group_messages_need_a_mention_reply_or_ask(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.message(
        "Who signed the MoU with the UK?", user_id=STAFF, chat_id=GROUP, chat_type="supergroup"
    )
    fake.message(
        "@accord_bot Who signed the MoU on anti-human trafficking with the UK?",
        user_id=STAFF, chat_id=GROUP, chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": 11}],
    )  # fmt: skip
    first = await replies(fake, GROUP, 1)
    assert "Javid" in first[0]["text"]
    fake.message(
        "Qui a coprésidé le premier dialogue ?",
        user_id=STAFF,
        chat_id=GROUP,
        chat_type="supergroup",
        reply_to_bot=True,
    )
    fake.message(
        "/ask Where was the first migration dialogue held?",
        user_id=STAFF,
        chat_id=GROUP,
        chat_type="supergroup",
    )
    await replies(fake, GROUP, 3)
    await asyncio.sleep(1.0)
    assert len(fake.sent(GROUP)) == 3  # the unaddressed message got no reply


async def test_access_control(
    bot: Application, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    fake.message("Who signed the MoU?", user_id=STRANGER)
    refusal = await replies(fake, STRANGER)
    assert "not on this bot's access list" in refusal[0]["text"]
    fake.message("/reindex", user_id=STAFF)
    assert "only administrators" in (await replies(fake, STAFF))[0]["text"]
    fake.press("src:1", user_id=STRANGER)
    await asyncio.sleep(0.5)
    assert any("refused admin command from user 7" in r.message for r in caplog.records)
    assert any("refused question from user 666" in r.message for r in caplog.records)
    assert TOKEN not in caplog.text


async def test_admin_reindex_and_stats(bot: Application, fake: FakeTelegram) -> None:
    fake.message("/reindex", user_id=ADMIN)
    sent = await replies(fake, ADMIN, 2)
    assert "unchanged 5" in sent[1]["text"]
    fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=ADMIN)
    await replies(fake, ADMIN, 3)
    fake.message("/stats", user_id=ADMIN)
    stats = (await replies(fake, ADMIN, 4))[-1]["text"]
    assert "documents: 5" in stats and "questions served: 1" in stats and "p95" in stats


async def test_help_in_the_users_language(bot: Application, fake: FakeTelegram) -> None:
    fake.message("/start", user_id=STAFF, language="fr")
    help_text = (await replies(fake, STAFF))[0]["text"]
    assert (
        "Je réponds" in help_text
        and "5 articles" in help_text
        and "2022-08-15 – 2024-10" in help_text
    )


async def test_stickers_empty_and_long_questions_get_clear_replies(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.sticker(user_id=STAFF)
    assert "only read text" in (await replies(fake, STAFF, 1))[0]["text"]
    fake.message("?!", user_id=STAFF)
    assert "Please ask a question" in (await replies(fake, STAFF, 2))[1]["text"]
    fake.message("Who signed the MoU with the UK? " * 200, user_id=STAFF)
    assert "too long" in (await replies(fake, STAFF, 3))[2]["text"]


async def test_edited_messages_are_not_answered_again(bot: Application, fake: FakeTelegram) -> None:
    fake.message("Who signed the MoU with the UK?", user_id=STAFF, edited=True)
    fake.message("/help", user_id=STAFF)
    await replies(fake, STAFF, 1)
    await asyncio.sleep(0.5)
    assert len(fake.sent(STAFF)) == 1


async def test_malformed_update_is_survived(bot: Application, fake: FakeTelegram) -> None:
    fake.push({"message": {"message_id": "not-a-number", "text": "no chat, no date"}})
    fake.push({"unknown_kind": {"x": 1}})
    fake.message("/help", user_id=STAFF)
    assert (await replies(fake, STAFF))[0]["text"]


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


async def test_rate_limit_per_user(service: RagService, fake: FakeTelegram, tmp_path: Path) -> None:
    app = build_application(bot_settings(tmp_path, fake, rate_limit_per_minute=2), service)
    await running(app)
    try:
        for _ in range(3):
            fake.message("Who signed the MoU with the UK?", user_id=STAFF)
        sent = await replies(fake, STAFF, 3)
        assert sum("asking a lot" in s["text"] for s in sent) == 1
        fake.message("/help", user_id=ADMIN)  # another user is not affected
        assert (await replies(fake, ADMIN))[0]["text"]
    finally:
        await stopped(app)


class LongAnswerService:
    """An AccordService whose answer is far longer than one Telegram message."""

    def __init__(self) -> None:
        sentence = "Les deux parties <b>coopèrent</b> & échangent des informations. "
        passage = sentence * 40
        self.citation = Citation(n=1, doc_id="d", chunk_id="d#0", source_file="d.txt", title="T <x>",
                                 date="2024-10", language="fr", passage=passage, score=1.0)  # fmt: skip
        self.text = " ".join(f"{sentence.strip()} [1]" for _ in range(120))

    def ask(
        self,
        question: str,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        language_hint: str | None = None,
    ) -> Answer:
        time.sleep(0.5)  # slow enough that the user should see "typing…"
        return Answer(question=question, language="fr", answer=self.text, abstained=False,
                      citations=[self.citation], backend="test", timings_ms={"total": 1.0})  # fmt: skip

    def refresh(self, full: bool = False, force: bool = False) -> IndexReport:
        return IndexReport()

    def corpus(self) -> CorpusInfo:
        return CorpusInfo(documents=1, chunks=1)


async def test_long_answers_are_split_safely(fake: FakeTelegram, tmp_path: Path) -> None:
    app = build_application(bot_settings(tmp_path, fake), LongAnswerService())
    await running(app)
    try:
        fake.message("Quels accords ?", user_id=STAFF)
        await asyncio.sleep(0.1)
        sent = await replies(fake, STAFF, 3)
        for message in sent:
            assert len(message["text"]) <= 4096
            assert "<b>coopèrent</b>" not in message["text"]  # article HTML is escaped
            assert message["text"].count("[1]") == message["text"].count("[")
        assert "reply_markup" in sent[-1] and "reply_markup" not in sent[0]
        assert fake.sent(STAFF, method="sendChatAction")[0]["action"] == "typing"
    finally:
        await stopped(app)
