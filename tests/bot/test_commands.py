"""The command menu: admin commands only in admins' chats, every menu in each language."""

from __future__ import annotations

import json

from telegram import Bot

from bot.commands import publish_commands
from tests.support.bot import ADMIN, TOKEN
from tests.support.fake_telegram import FakeTelegram


async def test_admins_alone_see_admin_commands_in_each_language(fake: FakeTelegram) -> None:
    fake.fail("setMyCommands", 400, "Bad Request: chat not found")  # the first is refused
    async with Bot(TOKEN, base_url=fake.base_url) as bot:
        await publish_commands(bot, [ADMIN])
    calls = fake.sent(None, "setMyCommands")
    menus = {
        (json.loads(c["scope"])["chat_id"] if "scope" in c else None, c.get("language_code")): [
            command["command"] for command in json.loads(c["commands"])
        ]
        for c in calls[1:]
    }
    assert len(calls) == 8  # the refused one is skipped, not fatal
    assert menus[(ADMIN, "fr")] == ["help", "ask", "sources", "reset", "lang", "reindex", "stats"]
    assert menus[(None, "vi")] == ["help", "ask", "sources", "reset", "lang"]
    french = json.loads(next(c for c in calls if c.get("language_code") == "fr")["commands"])
    assert french[0]["description"].startswith("Ce que je sais")
