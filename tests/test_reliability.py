"""Faults survived and bad input handled, with the real components on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.answer.citations import cited_numbers, clean_citations
from rag.cli import main
from rag.service import QuestionError, RagService
from tests.support.bot import STAFF, bot_settings, replies, serving
from tests.support.chroma_server import free_port, start_chroma, stop
from tests.support.fake_telegram import FakeTelegram
from tests.support.openai_stub import OpenAIStub

# --- the index ----------------------------------------------------------------------


@pytest.mark.chroma_server
@pytest.mark.slow
async def test_chroma_server_outage_then_recovery_without_restart(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    port, path = free_port(), tmp_path / "chroma"
    server = start_chroma(path, port)
    settings = bot_settings(
        tmp_path, fake, chroma_host="127.0.0.1", chroma_port=port, reload_check_s=0.0
    )
    service = RagService.from_settings(settings)
    service.refresh()
    try:
        async with serving(settings, service):
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "Javid" in (await replies(fake, STAFF, 1))[0]["text"]
            stop(server)
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "temporarily unavailable" in (await replies(fake, STAFF, 2))[1]["text"]
            server = start_chroma(path, port)
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            assert "Javid" in (await replies(fake, STAFF, 3))[2]["text"]
    finally:
        stop(server)


def test_corrupt_index_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chroma = tmp_path / "chroma"
    chroma.mkdir()
    (chroma / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ACCORD_LOG_LEVEL", "WARNING")
    assert main(["ask", "Who signed the MoU?"]) == 1
    err = capsys.readouterr().err
    assert "accord index --full" in err and "Traceback" not in err


# --- Telegram -------------------------------------------------------------------------


# --- bad questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Who signed\x00 the MoU\x07 with the UK?\u202e",
        "<b>Who</b> signed the **MoU** with the [UK](http://x)?",
        "Who signed bản ghi nhớ với Anh про торговлю людьми?",
        "🇻🇳🤝🇬🇧 MoU?",
    ],
)
def test_odd_questions_are_answered_or_refused(service: RagService, question: str) -> None:
    answer = service.ask(question)
    assert "\x00" not in answer.question and "\u202e" not in answer.question
    assert answer.abstained or answer.citations


@pytest.mark.parametrize("question", ["🙂🙂🙂", "\x00\x01", " \n\t ", "a" * 20000])
def test_hopeless_questions_get_a_clear_refusal(service: RagService, question: str) -> None:
    with pytest.raises(QuestionError):
        service.ask(question)


@given(
    st.text(alphabet=st.sampled_from("ab [1],2]3[0 [12, 4][99]"), max_size=80),
    st.sets(st.integers(1, 5)),
)
def test_cleaned_citations_only_point_at_valid_passages(text: str, valid: set[int]) -> None:
    cleaned = clean_citations(text, valid)
    assert set(cited_numbers(cleaned)) <= valid
    assert set(cited_numbers(text)) & valid <= set(cited_numbers(cleaned))


# --- soak -------------------------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.soak
@pytest.mark.slow
async def test_soak_chats_with_a_flaky_llm(
    service: RagService,
    fake: FakeTelegram,
    openai_stub: OpenAIStub,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """20 chats x N questions (ACCORD_SOAK_QUESTIONS, 5 in CI, 50 for the full soak)."""
    per_chat = int(os.environ.get("ACCORD_SOAK_QUESTIONS", "5"))
    openai_stub.failure_rate = 0.10
    settings = bot_settings(
        tmp_path, fake, allow_everyone=True, rate_limit_per_minute=10_000, answerer="llm",
        openai_base_url=openai_stub.base_url, openai_api_key="sk-soak", llm_max_attempts=2,
        llm_max_wait_s=0.05,
    )  # fmt: skip
    llm_service = RagService(settings, service.index, service.embedder, service.glossary)
    questions = [
        "Who signed the MoU on anti-human trafficking with the UK?",
        "Qui a coprésidé le premier dialogue sur la migration ?",
        "Bộ trưởng Tô Lâm hội đàm trực tuyến với ai của Campuchia?",
    ]
    caplog.set_level(logging.WARNING)

    async def chat(uid: int) -> None:
        for k in range(per_chat):
            fake.message(questions[(uid + k) % 3], user_id=uid)
            await replies(fake, uid, k + 1)

    async with serving(settings, llm_service):
        await chat(5000)  # warm up before measuring memory
        baseline = _rss_mb()
        await asyncio.gather(*(chat(6000 + i) for i in range(20)))
        growth = (_rss_mb() - baseline) / baseline
    await asyncio.sleep(0.2)
    for uid in range(6000, 6020):
        answers = fake.sent(uid)
        assert len(answers) == per_chat  # each question answered exactly once
        assert all("[1]" in a["text"] for a in answers)
    assert not [r for r in caplog.records if r.name == "bot.errors"]  # no error reached a user
    print(
        f"soak: {20 * per_chat} questions, {len(openai_stub.chat_requests())} LLM calls, memory growth {growth:.1%}"
    )
    assert growth < 0.10
    assert len(openai_stub.chat_requests()) >= 20 * per_chat
