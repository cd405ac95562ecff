"""The /reindex report in the chat: a few lines and the whole report as a file, built off
the event loop, whatever the size of the refresh (issue 15, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.report import FILE_NAME, HEAD_LINES, report_messages
from rag.models import IndexReport
from rag.service import RagService
from tests.support.bot import ADMIN, STAFF, bot_settings, replies, serving, settled
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram

SKIPPED = 3_000  # the case: the old splitter froze every chat for 45 s on it


@pytest.mark.slow
async def test_a_huge_report_is_summarised_and_other_chats_are_answered_meanwhile(
    seeds_copy: Path, fake: FakeTelegram, tmp_path: Path
) -> None:
    service = RagService.from_settings(make_settings(tmp_path / "data", seeds_dir=seeds_copy))
    service.refresh()
    empty = seeds_copy / "incoming"
    empty.mkdir()
    for i in range(SKIPPED):
        (empty / f"draft-{i:05d}.txt").write_text("")  # no article text: each one skipped
    async with serving(bot_settings(tmp_path, fake), service):
        fake.message("/reindex", user_id=ADMIN)
        await replies(fake, ADMIN, 1)  # "Refreshing the index…"
        fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
        answered = (await replies(fake, STAFF, 1))[0]
        await replies(fake, None, 1, method="sendDocument")
        await settled(fake)
    to_admin = fake.sent(ADMIN)
    assert len(to_admin) <= 3  # "Refreshing…", then the counts and the first lines
    assert answered["_received"] < to_admin[-1]["_received"]  # answered during the refresh
    assert f"skipped {SKIPPED}" in to_admin[1]["text"]
    assert f"{SKIPPED - HEAD_LINES} more lines" in to_admin[-1]["text"]
    [document] = fake.sent(ADMIN, method="sendDocument")
    assert document["document_name"] == FILE_NAME
    full = document["document"].decode()
    assert all(f"draft-{i:05d}.txt" in full for i in range(SKIPPED))


@pytest.mark.parametrize("skipped", [3_000, 10_000])
def test_the_chat_gets_counts_and_a_bounded_head_the_file_gets_every_line(skipped: int) -> None:
    report = IndexReport(
        unchanged=["a.txt"], skipped=[(f"d/{i:05d}.txt", "no article text") for i in range(skipped)]
    )
    shown = report_messages(report, "fr")
    assert len(shown.messages) == 1 and f"skipped {skipped}" in shown.messages[0]
    assert f"et {skipped - HEAD_LINES} lignes de plus" in shown.messages[0]
    assert shown.attachment is not None
    assert shown.attachment.decode().count("no article text") == skipped


def test_a_small_report_is_one_message_without_a_file() -> None:
    shown = report_messages(IndexReport(added=["a.txt", "b.txt"], unchanged=["c.txt"]), "en")
    assert shown.attachment is None and len(shown.messages) == 1
    assert "added: a.txt" in shown.messages[0] and "added: b.txt" in shown.messages[0]
