"""What staff see when they ask, follow up, open sources, vote and administer."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.store import BotStore
from rag.errors import RefreshRefused
from rag.models import Answer, IndexReport
from rag.service import RagService
from tests.support.answers import StubService, answer, citation
from tests.support.bot import ADMIN, GROUP, STAFF, bot_settings, replies, serving, settled
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram


def labels(message: dict[str, object]) -> list[str]:
    markup = json.loads(str(message["reply_markup"]))
    return [button["text"] for row in markup["inline_keyboard"] for button in row]


def keyboard(message: dict[str, object]) -> list[str]:
    markup = json.loads(str(message["reply_markup"]))
    return [button["callback_data"] for button in markup["inline_keyboard"][0]]


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
        assert [data.split(":")[0] for data in keyboard(sent)] == ["src", "fb", "fb"]
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

    sources_button, up, _down = keyboard(second)
    fake.press(up, user_id=STAFF)
    acks = await replies(fake, None, 1, "answerCallbackQuery")
    assert "Thanks" in acks[-1].get("text", "")
    rows = (
        sqlite3.connect(tmp_path / "state" / "bot.sqlite3")
        .execute("SELECT v.vote, q.question FROM votes v JOIN questions q ON q.id = v.question_id")
        .fetchall()
    )
    assert rows == [(1, "And who signed it?")]

    fake.press(sources_button, user_id=STAFF)
    sources = (await replies(fake, STAFF, 4))[-1]
    assert "<blockquote>" in sources["text"] and sources["text"] == quoted["text"]


async def test_buttons_of_forgotten_or_unknown_answers(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.press("src:999", user_id=STAFF)
    fake.press("fb:-1:999", user_id=STAFF)
    fake.press("old-format:1", user_id=STAFF)
    acks = await replies(fake, None, 3, "answerCallbackQuery")
    assert sorted(a.get("text", "") for a in acks) == [
        "",
        "This answer is too old; ask again.",
        "This answer is too old; ask again.",
    ]
    await settled(fake)
    assert fake.sent(STAFF) == []


async def test_sources_before_any_answer(bot: Application, fake: FakeTelegram) -> None:
    fake.message("/sources", user_id=STAFF)
    assert "no answer with sources" in (await replies(fake, STAFF))[0]["text"]


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
    await settled(fake)
    assert len(fake.sent(STAFF)) == 1


def long_answer(question: str) -> Answer:
    """Far longer than one Telegram message, with article HTML, and slow enough that the
    user should see "typing…"."""
    time.sleep(0.5)
    sentence = "Les deux parties <b>coopèrent</b> & échangent des informations. "
    source = citation(1, title="T <x>", language="fr", passage=sentence * 40)
    text = " ".join(f"{sentence.strip()} [1]" for _ in range(120))
    return answer(text, question=question, language="fr", citations=[source])


async def test_long_answers_are_split_safely(fake: FakeTelegram, tmp_path: Path) -> None:
    async with serving(bot_settings(tmp_path, fake), StubService(long_answer)):
        fake.message("Quels accords ?", user_id=STAFF)
        await asyncio.sleep(0.1)
        sent = await replies(fake, STAFF, 3)
        for message in sent:
            assert len(message["text"]) <= 4096
            assert "<b>coopèrent</b>" not in message["text"]  # article HTML is escaped
            assert message["text"].count("[1]") == message["text"].count("[")
        assert "reply_markup" in sent[-1] and "reply_markup" not in sent[0]
        assert fake.sent(STAFF, method="sendChatAction")[0]["action"] == "typing"


async def test_answers_to_different_users_overlap(fake: FakeTelegram, tmp_path: Path) -> None:
    """Nothing in the bot serialises messages: four answers of 0.4 s each, asked at once, are
    all sent within about one answer's time, not four."""

    def slow(question: str) -> Answer:
        time.sleep(0.4)
        return answer("Done [1].", question=question, citations=[citation(1)])

    users = [STAFF, STAFF + 1000, STAFF + 2000, STAFF + 3000]
    settings = bot_settings(tmp_path, fake, allowed_users=users)
    async with serving(settings, StubService(slow)):
        started = time.monotonic()
        for user in users:
            fake.message("Which MoU?", user_id=user)
        for user in users:
            await replies(fake, user, 1)
        assert time.monotonic() - started < 1.2


async def test_a_restart_mid_conversation_keeps_buttons_and_follow_ups(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(tmp_path, fake)
    async with serving(settings, service):
        fake.message("Which MoU did Vietnam and the UK sign on November 21?", user_id=STAFF)
        first = (await replies(fake, STAFF, 1))[-1]
    async with serving(settings, service):  # a new process would read the same store
        sources_button, up, _down = keyboard(first)
        fake.press(up, user_id=STAFF)
        fake.press(sources_button, user_id=STAFF)
        acks = await replies(fake, None, 2, "answerCallbackQuery")
        assert "too old" not in str(acks)
        fake.message("And who signed it?", user_id=STAFF)
        sent = await replies(fake, STAFF, 3)
        assert "<blockquote>" in sent[1]["text"] and "Sajid Javid" in sent[2]["text"]
        edits = await replies(fake, STAFF, 1, "editMessageReplyMarkup")
        assert "👍 1" in labels(edits[0])


async def test_one_vote_per_person_changeable_with_an_optional_why(
    bot: Application, fake: FakeTelegram, tmp_path: Path
) -> None:
    fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
    _sources, up, down = keyboard((await replies(fake, STAFF, 1))[-1])
    for data in (up, up, down):
        fake.press(data, user_id=STAFF)
        await settled(fake, 0.2)
    marks = [labels(e) for e in fake.sent(STAFF, "editMessageReplyMarkup")]
    assert "👍 1" in marks[0] and "👎 1" in marks[-1] and "👍 1" not in marks[-1]
    prompt = (await replies(fake, STAFF, 2))[-1]
    assert "What was wrong" in prompt["text"] and "force_reply" in prompt["reply_markup"]
    fake.message("The date is wrong", user_id=STAFF, reply_to=prompt["_message_id"])
    assert "comment was saved" in (await replies(fake, STAFF, 3))[-1]["text"]
    fake.message("/stats", user_id=ADMIN)
    assert "👍 0 / 👎 1" in (await replies(fake, ADMIN, 1))[-1]["text"]
    [item] = BotStore(tmp_path / "state" / "bot.sqlite3").feedback()
    assert (item.vote, item.comment) == (-1, "The date is wrong")


async def test_group_members_follow_up_on_their_own_questions(
    bot: Application, fake: FakeTelegram
) -> None:
    other = STAFF + 1
    mention = [{"type": "mention", "offset": 0, "length": 11}]
    fake.message("@accord_bot Which MoU did Vietnam and the UK sign on November 21?",
                 user_id=STAFF, chat_id=GROUP, chat_type="supergroup", entities=mention)  # fmt: skip
    await replies(fake, GROUP, 1)
    fake.message("@accord_bot What did Vietnam agree with Cambodia?",
                 user_id=other, chat_id=GROUP, chat_type="supergroup", entities=mention)  # fmt: skip
    await replies(fake, GROUP, 2)
    fake.message("@accord_bot And who signed it?",
                 user_id=STAFF, chat_id=GROUP, chat_type="supergroup", entities=mention)  # fmt: skip
    assert "Sajid Javid" in (await replies(fake, GROUP, 3))[-1]["text"]


async def test_sources_after_a_refusal_says_there_are_none(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    def refuse(question: str) -> Answer:
        return answer("I could not find this in the articles.", question=question, abstained=True)

    async with serving(bot_settings(tmp_path, fake), StubService(refuse)):
        fake.message("What is the weather?", user_id=STAFF)
        await replies(fake, STAFF, 1)
        fake.message("/sources", user_id=STAFF)
        assert "quoted no passages" in (await replies(fake, STAFF, 2))[-1]["text"]


async def test_a_second_reindex_while_one_runs_is_told_so(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    def slow_refresh() -> IndexReport:
        time.sleep(1.0)
        return IndexReport(unchanged=["a.txt"])

    service = StubService(lambda q: answer("x", question=q), refresh=slow_refresh)
    async with serving(bot_settings(tmp_path, fake), service):
        fake.message("/reindex", user_id=ADMIN)
        await replies(fake, ADMIN, 1)
        fake.message("/reindex", user_id=ADMIN)
        sent = await replies(fake, ADMIN, 3)
        assert "already running" in sent[1]["text"] and "unchanged 1" in sent[2]["text"]


async def test_a_refused_reindex_says_why_without_a_traceback(
    fake: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def refused() -> IndexReport:
        raise RefreshRefused("this refresh would remove 5 of 6 indexed articles")

    service = StubService(lambda q: answer("x", question=q), refresh=refused)
    async with serving(bot_settings(tmp_path, fake), service):
        fake.message("/reindex", user_id=ADMIN)
        sent = await replies(fake, ADMIN, 2)
    assert "refused and nothing was changed: this refresh would remove 5" in sent[1]["text"]
    assert not [r for r in caplog.records if r.exc_info]


async def test_captions_unknown_commands_lang_and_reset(
    bot: Application, fake: FakeTelegram
) -> None:
    fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF,
                 caption=True)  # fmt: skip
    assert "[1]" in (await replies(fake, STAFF, 1))[-1]["text"]
    fake.message("/frobnicate", user_id=STAFF)
    assert "/help" in (await replies(fake, STAFF, 2))[-1]["text"]
    fake.message("/lang fr", user_id=STAFF)
    assert "en français" in (await replies(fake, STAFF, 3))[-1]["text"]
    fake.message("/lang xx", user_id=STAFF)
    assert "/lang en" in (await replies(fake, STAFF, 4))[-1]["text"]
    fake.message("/reset", user_id=STAFF)
    assert "nouvelle conversation" in (await replies(fake, STAFF, 5))[-1]["text"]
    # With the MoU question still in the conversation, "Et quand ?" would be answered (21
    # November); after /reset it has nothing to lean on.
    fake.message("Et quand ?", user_id=STAFF)
    assert "Je n'ai pas trouvé" in (await replies(fake, STAFF, 6))[-1]["text"]


async def test_the_rate_limit_notice_replies_to_the_question_it_delays(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    service = StubService(lambda q: answer("Done [1].", question=q, citations=[citation(1)]))
    async with serving(bot_settings(tmp_path, fake, rate_limit_per_minute=1), service):
        fake.message("First?", user_id=STAFF)
        await replies(fake, STAFF, 1)
        asked = fake.message("Second?", user_id=STAFF)
        notice = (await replies(fake, STAFF, 2))[-1]
        assert ("wait" in notice["text"] and "reply_to_message_id" in str(notice)) or asked
        assert "reply_parameters" in notice or "reply_to_message_id" in notice


# --- metadata shown by the bot (issue 15, item 4) ---------------------------------------

FORGED_LANGUAGE = '<a href="https://evil.example">en</a><b>'


@pytest.fixture
def forged_metadata_service(seeds_copy: Path, tmp_path: Path) -> RagService:
    """The seeds plus two articles whose metadata carries markup: a ``language:`` in front
    matter (a link and an unclosed bold), and one in a sidecar (a line break and a tag)."""
    (seeds_copy / "forged.txt").write_text(
        f"---\nlanguage: '{FORGED_LANGUAGE}'\n---\nVietnam and Laos sign a drug control plan\n\n"
        "Vietnam and Laos signed a plan on drug control cooperation in Vientiane on Monday.\n"
    )
    (seeds_copy / "sidecar.txt").write_text(
        "Vietnam and Thailand meet on migration\n\n"
        "Vietnam and Thailand held talks on illegal migration in Bangkok on Tuesday.\n"
    )
    (seeds_copy / "sidecar.txt.meta.yaml").write_text(
        'language: "fr\\n<i>Admins: send your token to @helpdesk"\n'
    )
    service = RagService.from_settings(make_settings(tmp_path / "data", seeds_dir=seeds_copy))
    service.refresh()
    return service


async def test_metadata_in_help_and_start_is_escaped_balanced_html(
    forged_metadata_service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    """Forged ``language:`` values never reach /help and /start as markup: ingest refuses a
    value that is not a language code, and what the bot shows is escaped besides (an index
    written before that check, see tests/bot/test_formatting.py)."""
    async with serving(bot_settings(tmp_path, fake), forged_metadata_service):
        for n, command in enumerate(("/help", "/start"), start=1):
            fake.message(command, user_id=STAFF)
            await replies(fake, STAFF, n)
    tried = fake.tried(STAFF)
    assert [m.get("_rejected") for m in tried] == [[], []]  # Telegram accepted both
    for sent in tried:
        assert sent["parse_mode"] == "HTML"
        assert "evil.example" not in sent["text"] and "Admins" not in sent["text"]


async def test_a_question_in_a_language_without_a_pack_is_told_the_languages_spoken(
    bot: Application, fake: FakeTelegram
) -> None:
    """Issue 15, item 14: a Russian question from a Vietnamese client got "not found" in
    Vietnamese; it now reads which languages are spoken, in each of them."""
    fake.message(
        "Кто подписал меморандум о борьбе с торговлей людьми?", user_id=STAFF, language="vi"
    )
    said = (await replies(fake, STAFF))[0]["text"]
    assert said.startswith("Your question seems to be in Russian.")
    assert "Tôi chỉ trả lời câu hỏi bằng Tiếng Anh, Tiếng Pháp hoặc Tiếng Việt." in said
    assert "không tìm thấy" not in said
