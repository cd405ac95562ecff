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
from tests.support.bot import bot_settings
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram


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
