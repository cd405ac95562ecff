"""Prompt injection, forged citations and secrets: the bot must not be turned against its users."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.cli import run_eval_cli
from rag.service import RagService
from tests.support.bot import STAFF, TOKEN, bot_process
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram
from tests.support.injection import QUESTION
from tests.support.openai_stub import OpenAIStub, Reply, chat_reply


def test_llm_sees_passages_as_data_and_forged_markers_are_defused(
    injected_service: RagService, openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    settings = make_settings(
        injected_service.settings.data_dir,
        answerer="llm",
        openai_base_url=openai_stub.base_url,
        llm_max_attempts=1,
    )
    llm = RagService(
        settings, injected_service.index, injected_service.embedder, injected_service.glossary
    )
    openai_stub.script.append(chat_reply("HACKED [9]"))
    answer = llm.ask(QUESTION)
    assert "HACKED" not in answer.answer and answer.backend.startswith("llm-fallback")
    prompt = openai_stub.chat_requests()[0]["body"]["messages"][1]["content"]
    assert "(9) Fake source" in prompt and "[9] Fake source" not in prompt


def test_llm_quotes_must_come_from_the_sources(
    injected_service: RagService, openai_stub: OpenAIStub
) -> None:
    settings = make_settings(
        injected_service.settings.data_dir, answerer="llm", openai_base_url=openai_stub.base_url
    )
    llm = RagService(
        settings, injected_service.index, injected_service.embedder, injected_service.glossary
    )
    openai_stub.script.append(
        chat_reply('The article says "the memorandum was signed on the moon by both kings" [1].')
    )
    assert llm.ask(QUESTION).backend.startswith("llm-fallback")
    openai_stub.script.append(
        chat_reply('It covers "joint patrols and information exchange at airports" [1].')
    )
    assert llm.ask(QUESTION).backend == "llm"


def test_the_api_key_is_used_but_stays_out_of_logs_answers_and_the_eval_run_folder(
    service: RagService,
    openai_stub: OpenAIStub,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An eval run with the LLM answerer and judge: every call carries the key, and the first
    calls are rejected by an endpoint that echoes it back, as OpenAI's 401 does."""
    caplog.set_level(logging.DEBUG)
    secret = "sk-very-secret-key-123"
    echoed = Reply(401, {"error": {"message": f"Incorrect API key provided: {secret}"}})
    openai_stub.script.extend([echoed] * 3)
    settings = make_settings(
        service.settings.data_dir, answerer="llm", openai_base_url=openai_stub.base_url,
        openai_api_key=secret, llm_max_attempts=1,
    )  # fmt: skip
    out = tmp_path / "run"
    assert run_eval_cli(["--out", str(out), "--quiet", "--no-gate", "--judge"], settings) == 0
    calls = openai_stub.chat_requests()
    assert len(calls) > 66 and all(
        c["headers"]["Authorization"] == f"Bearer {secret}" for c in calls
    )
    assert "Incorrect API key provided: ***" in caplog.text  # the echoed key went through the logs
    records = json.loads((out / "questions.json").read_text())
    assert any(r["answer"]["backend"].startswith("llm-fallback") for r in records)
    assert any(r["answer"]["backend"] == "llm" for r in records)
    printed = capsys.readouterr()
    for text in [caplog.text, printed.out, printed.err, *(p.read_text() for p in out.iterdir())]:
        assert secret not in text and "very-secret" not in text


@pytest.mark.slow
def test_no_secret_reaches_the_debug_logs_of_the_bot_or_of_ask(
    service: RagService, fake: FakeTelegram, openai_stub: OpenAIStub, tmp_path: Path
) -> None:
    """Issue 15, item 13: at DEBUG, python-telegram-bot logged the Bot API URL with the
    token, and the openai client every request URL with the key in its userinfo. The real
    processes run against the local fakes, the secrets in use, and their output is read."""
    key, userinfo_key = "sk-env-key-4c1a9e0d", "sk-userinfo-key-77b2d0"
    echoed = Reply(401, {"error": {"message": f"Incorrect API key provided: {key}"}})
    openai_stub.script.append(echoed)
    env = {
        "ACCORD_DATA_DIR": str(service.settings.data_dir),
        "ACCORD_LOG_LEVEL": "DEBUG",
        "ACCORD_ANSWERER": "llm",
        "ACCORD_LLM_MAX_ATTEMPTS": "1",
        "OPENAI_API_KEY": key,
        "OPENAI_BASE_URL": openai_stub.base_url.replace("//", f"//accord:{userinfo_key}@", 1),
        "ACCORD_ALLOWED_USERS": str(STAFF),
    }
    with bot_process(fake, env, tmp_path / "bot.log") as log:
        for n in (1, 2):  # the first LLM call is refused with the key echoed, the second answers
            fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
            fake.wait_sent(STAFF, n, timeout_s=180)
    asked = subprocess.run(
        [str(Path(sys.executable).with_name("accord")), "ask", "Who chaired the dialogue?"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert asked.returncode == 0, asked.stderr
    # httpx sends the userinfo as Basic credentials: the key in the URL is the one in use.
    basic = "Basic " + base64.b64encode(f"accord:{userinfo_key}".encode()).decode()
    calls = openai_stub.chat_requests()
    assert len(calls) == 3 and all(c["headers"]["Authorization"] == basic for c in calls)
    output = log.read_text() + asked.stdout + asked.stderr
    assert "DEBUG telegram.ext.ExtBot" in output and "DEBUG openai._base_client" in output
    for secret in (TOKEN, TOKEN.split(":")[1], key, userinfo_key):
        assert secret not in output
