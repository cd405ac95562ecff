"""In a group the bot answers only what is meant for it: a mention, a reply to it, /ask."""

from __future__ import annotations

from telegram.ext import Application

from tests.support.bot import GROUP, STAFF, STRANGER, replies, settled
from tests.support.fake_telegram import FakeTelegram


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
    await settled(fake)
    assert len(fake.sent(GROUP)) == 3  # the unaddressed message got no reply


async def test_strangers_chatter_in_a_group_is_not_refused_aloud(
    bot: Application, fake: FakeTelegram
) -> None:
    other_group = -100999
    fake.message("hello all", user_id=STRANGER, chat_id=other_group, chat_type="supergroup")
    fake.message(
        "@accord_bot who signed?",
        user_id=STRANGER, chat_id=other_group, chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": 11}],
    )  # fmt: skip
    refusals = await replies(fake, other_group, 1)
    await settled(fake)
    assert len(fake.sent(other_group)) == 1 and "access list" in refusals[0]["text"]


async def test_a_photo_whose_caption_mentions_the_bot_is_answered_in_a_group(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.message("@accord_bot Who signed the MoU on anti-human trafficking with the UK?",
                 user_id=STAFF, chat_id=GROUP, chat_type="supergroup", caption=True,
                 entities=[{"type": "mention", "offset": 0, "length": 11}])  # fmt: skip
    assert "Javid" in (await replies(fake, GROUP))[0]["text"]
