"""Wiring: the gate runs before every handler; a missing token is a configuration error."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.ext import TypeHandler
from threadpoolctl import threadpool_info

from bot.app import build_application, run_bot, serve_many_small_questions
from bot.gate import AccessGate
from rag.errors import ConfigError
from rag.service import RagService
from tests.support.bot import STAFF, bot_process, bot_settings, run_bot_until_exit
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram
from tests.support.processes import free_port


def test_the_gate_is_the_only_handler_before_the_others(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    app = build_application(bot_settings(tmp_path, fake), service)
    assert min(app.handlers) == -1
    [gate] = app.handlers[-1]
    assert isinstance(gate, TypeHandler) and isinstance(gate.callback, AccessGate)
    assert set(app.handlers) == {-1, 0}


def test_without_a_token_the_bot_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        run_bot(make_settings(tmp_path, telegram_bot_token=None))


def test_the_bot_runs_numpy_on_one_blas_thread_per_call() -> None:
    limiter = serve_many_small_questions()
    try:
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas)
    finally:
        limiter.restore_original_limits()


# --- reaching Telegram at start (issue 15, item 12) ---------------------------------------


def _start_env(service: RagService, **extra: str) -> dict[str, str]:
    return {
        "ACCORD_DATA_DIR": str(service.settings.data_dir),
        "ACCORD_ALLOWED_USERS": str(STAFF),
        "ACCORD_TELEGRAM_START_ATTEMPTS": "3",
        "ACCORD_TELEGRAM_START_MAX_WAIT_S": "0.05",
        **extra,
    }


@pytest.mark.slow
def test_an_unreachable_bot_api_at_start_is_retried_then_said_in_one_message(
    service: RagService, fake: FakeTelegram
) -> None:
    nobody = f"http://127.0.0.1:{free_port()}/bot"  # nothing listens: connection refused
    run = run_bot_until_exit(fake, _start_env(service, ACCORD_TELEGRAM_BASE_URL=nobody))
    assert run.returncode == 1 and "Traceback" not in run.stdout
    assert "attempt 1 of 3" in run.stdout and "attempt 2 of 3" in run.stdout
    assert f"error: the Telegram Bot API at {nobody} could not be reached (3 attempts" in run.stdout


@pytest.mark.slow
def test_a_refused_token_is_said_at_once(service: RagService, fake: FakeTelegram) -> None:
    fake.fail("getMe", 401, "Unauthorized", times=10)
    run = run_bot_until_exit(fake, _start_env(service))
    assert run.returncode == 1 and "Traceback" not in run.stdout
    assert "error: Telegram refused TELEGRAM_BOT_TOKEN" in run.stdout
    assert len(fake.sent(method="getMe")) == 1  # a refused token is not retried


@pytest.mark.slow
def test_a_bot_api_that_fails_at_start_then_recovers_is_used(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    fake.fail("getMe", 502, "Bad Gateway", times=2)
    with bot_process(fake, _start_env(service), tmp_path / "bot.log") as log:
        fake.message("Who signed the MoU on anti-human trafficking with the UK?", user_id=STAFF)
        assert "Javid" in fake.wait_sent(STAFF, 1, timeout_s=180)["text"]
    assert len(fake.sent(method="getMe")) == 3
    assert "attempt 2 of 3" in log.read_text() and "Traceback" not in log.read_text()
