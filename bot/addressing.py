"""Which messages are meant for the bot: all of a private chat, and in a group a mention of
the bot or a reply to one of its messages. The answering handler and the access gate
(which must not refuse chatter that was never meant for the bot) read it from here.
"""

from __future__ import annotations

from telegram import Message
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import filters


class _AddressedToBot(filters.MessageFilter):
    __slots__ = ()

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply and reply.from_user and reply.from_user.id == bot.id:
            return True
        username = (bot.username or "").lower()
        mentions = [
            *message.parse_entities([MessageEntityType.MENTION]).values(),
            *message.parse_caption_entities([MessageEntityType.MENTION]).values(),  # photos
        ]
        return bool(username) and any(m.lower() == f"@{username}" for m in mentions)


ADDRESSED = _AddressedToBot(name="ADDRESSED")
# A new message the bot would answer: a command, or text meant for it.
EXPECTS_REPLY = filters.UpdateType.MESSAGE & (filters.COMMAND | ADDRESSED)
