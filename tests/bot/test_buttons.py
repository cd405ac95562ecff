"""Callback data is written and read by one typed helper per button kind."""

from __future__ import annotations

import json
import re

import pytest

from bot.buttons import ShowSources, Vote, answer_keyboard, read


def _match(pattern: re.Pattern[str], data: str) -> re.Match[str]:
    match = pattern.match(data)
    assert match is not None, data
    assert len(data.encode()) <= 64  # Telegram's limit on callback data
    return match


def test_callback_data_reads_back_as_the_same_button() -> None:
    assert read(ShowSources, _match(ShowSources.PATTERN, "src:12")) == ShowSources(12)
    assert ShowSources(12).data == "src:12"
    for vote in (Vote(12, +1), Vote(7, -1)):
        assert read(Vote, _match(Vote.PATTERN, vote.data)) == vote


@pytest.mark.parametrize("data", ["src:", "src:1:2", "fb:+2:1", "fb:1", "fb:-1:x", "x:1"])
def test_other_data_matches_no_button(data: str) -> None:
    assert not ShowSources.PATTERN.match(data) and not Vote.PATTERN.match(data)


def test_keyboard_in_the_answers_language() -> None:
    markup = json.loads(json.dumps(answer_keyboard(3, "vi").to_dict()))
    row = markup["inline_keyboard"][0]
    assert [b["text"] for b in row] == ["📄 Nguồn", "👍", "👎"]
    assert [b["callback_data"] for b in row] == ["src:3", "fb:+1:3", "fb:-1:3"]
