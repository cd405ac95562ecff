"""The command menu (setMyCommands): every user's in each pack's language, and the admins'
own, with /reindex and /stats, scoped to their private chats, so no one else is shown
commands they would be refused."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from rag.lang.messages import t as text
from rag.lang.pack import packs

log = logging.getLogger(__name__)
PUBLIC = ("help", "ask", "sources", "reset", "lang")
ADMIN = ("reindex", "stats")


def menu(names: Iterable[str], language: str | None) -> list[BotCommand]:
    return [BotCommand(name, text(f"cmd_{name}", language)) for name in names]


async def publish_commands(bot: Bot, admins: Iterable[int]) -> None:
    """Best effort: a menu Telegram refuses (an admin who never opened the bot) is logged and
    skipped; the commands work without it."""
    languages: list[str | None] = [None, *sorted(packs().languages)]
    for language in languages:
        await _set(bot, menu(PUBLIC, language), None, language)
        for admin in sorted(admins):
            await _set(bot, menu(PUBLIC + ADMIN, language), admin, language)


async def _set(
    bot: Bot, commands: list[BotCommand], chat: int | None, language: str | None
) -> None:
    try:
        await bot.set_my_commands(
            commands,
            scope=BotCommandScopeChat(chat) if chat is not None else None,
            language_code=language,
        )
    except TelegramError as exc:
        log.warning("could not set the command menu for chat %s: %s", chat, exc)
