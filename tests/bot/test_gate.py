"""One access gate, before every handler: strangers and non-admins stop there."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Chat, Message, Update, User
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler

from bot.access import AccessPolicy
from bot.gate import AccessGate
from rag.service import RagService
from tests.support.bot import ADMIN, STAFF, STRANGER, TOKEN, bot_settings, replies, serving, settled
from tests.support.fake_telegram import FakeTelegram

REFUSED = "not on this bot's access list"


async def test_strangers_messages_commands_and_edits_stop_at_the_gate(
    bot: Application, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.gate")
    fake.message("Who signed the MoU with the UK?", user_id=STRANGER)
    fake.message("/help", user_id=STRANGER)
    fake.message("/sources", user_id=STRANGER)
    fake.sticker(user_id=STRANGER)
    fake.message("Who signed the MoU with the UK?", user_id=STRANGER, edited=True)
    await replies(fake, STRANGER, 4)
    await settled(fake)
    sent = fake.sent(STRANGER)
    assert [REFUSED in s["text"] for s in sent] == [True] * 4  # no answer, help or sources
    assert fake.sent(STRANGER, "sendChatAction") == []
    refusals = [r for r in caplog.records if r.getMessage().startswith("refused")]
    assert len(refusals) == 5  # the edit too: refused, silently
    assert all("from user 666 in chat 666" in r.getMessage() for r in refusals)
    assert TOKEN not in caplog.text


async def test_a_strangers_button_press_is_refused(bot: Application, fake: FakeTelegram) -> None:
    fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
    answer = (await replies(fake, STAFF))[0]
    assert "Javid" in answer["text"]
    question_id = answer["reply_markup"].split("src:")[1].split('"')[0]
    # The press names the staff member's chat, where that answer is remembered: only the
    # gate stands between the stranger and its sources or a vote.
    fake.press(f"src:{question_id}", user_id=STRANGER, chat_id=STAFF)
    fake.press(f"fb:-1:{question_id}", user_id=STRANGER, chat_id=STAFF)
    acks = await replies(fake, None, 2, "answerCallbackQuery")
    await settled(fake)
    assert [REFUSED in a.get("text", "") for a in acks] == [True, True]
    assert len(fake.sent(STAFF)) == 1 and fake.sent(STRANGER) == []


async def test_admin_commands_need_an_admin(
    bot: Application, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.gate")
    fake.message("/reindex", user_id=STAFF)
    fake.message("/stats@accord_bot", user_id=STAFF)
    fake.message("/reindex", user_id=STRANGER)
    staff = await replies(fake, STAFF, 2)
    assert all("only administrators" in s["text"] for s in staff)
    assert REFUSED in (await replies(fake, STRANGER))[0]["text"]
    assert any("refused admin command from user 7" in r.getMessage() for r in caplog.records)
    fake.message("/stats", user_id=ADMIN)
    assert "documents: 5" in (await replies(fake, ADMIN))[0]["text"]


async def test_a_refusal_that_cannot_be_sent_still_stops_the_update(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.fail("sendMessage", 400, "Bad Request: chat not found")
    fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STRANGER)
    await replies(fake, STRANGER)
    await settled(fake)
    [refusal] = fake.sent(STRANGER)  # the failed refusal, and no answer after it
    assert REFUSED in refusal["text"]


class _BrokenHandler(BaseHandler[Update, Any, None]):
    def check_update(self, update: object) -> bool:
        raise RuntimeError("a bug in a handler's filter")


async def test_the_gate_fails_closed(caplog: pytest.LogCaptureFixture) -> None:
    async def never(update: object, context: object) -> None:
        raise AssertionError("not called")

    gate = AccessGate(AccessPolicy(allowed_users=frozenset({STAFF})), [_BrokenHandler(never)])
    user = User(STAFF, "Staff", is_bot=False)
    message = Message(1, datetime.now(UTC), Chat(STAFF, "private"), from_user=user, text="hi")
    with pytest.raises(ApplicationHandlerStop):
        await gate(Update(1, message=message), None)  # type: ignore[arg-type]
    assert "access check failed" in caplog.text


async def test_a_stranger_asks_for_access_and_an_admin_approves(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(tmp_path, fake)
    async with serving(settings, service):
        fake.message("Who signed the MoU with the UK?", user_id=STRANGER)
        refusal = (await replies(fake, STRANGER, 1))[0]
        assert "666" in refusal["text"] and "acc:req" in refusal["reply_markup"]
        fake.press("acc:req", user_id=STRANGER)
        request = (await replies(fake, ADMIN, 1))[0]
        assert "666" in request["text"] and "acc:1:666" in request["reply_markup"]
        fake.press("acc:1:666", user_id=STAFF, chat_id=STAFF)  # not an admin: refused
        await settled(fake, 0.3)
        assert len(fake.sent(STRANGER)) == 1
        fake.press("acc:1:666", user_id=ADMIN, chat_id=ADMIN)
        assert "gave you access" in (await replies(fake, STRANGER, 2))[-1]["text"]
        assert "666" in (await replies(fake, ADMIN, 1, "editMessageText"))[0]["text"]
    async with serving(settings, service):  # the approval is stored
        fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STRANGER)
        assert "Javid" in (await replies(fake, STRANGER, 3))[-1]["text"]
