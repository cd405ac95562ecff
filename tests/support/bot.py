"""Running the real python-telegram-bot Application against the fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO, Any

from telegram.ext import Application

from bot.app import build_application
from rag.service import AccordService
from rag.settings import Settings
from tests.support.config import make_settings
from tests.support.fake_telegram import FakeTelegram

ADMIN, STAFF, STRANGER, GROUP = 42, 7, 666, -100123
TOKEN = "123456:TEST-TOKEN-abcdef"


def bot_settings(tmp_path: Path, fake: FakeTelegram, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_base_url": fake.base_url,
        "allowed_users": [STAFF],
        "allowed_chats": [GROUP],
        "admin_users": [ADMIN],
        **overrides,
    }
    return make_settings(tmp_path, **values)


async def running(app: Application) -> None:
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()


async def stopped(app: Application) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


@asynccontextmanager
async def serving(settings: Settings, service: AccordService) -> AsyncIterator[Application]:
    """The bot polling the fake server for the duration of the block."""
    app = build_application(settings, service)
    await running(app)
    try:
        yield app
    finally:
        await stopped(app)


async def replies(
    fake: FakeTelegram, chat_id: int | None, count: int = 1, method: str = "sendMessage"
) -> list[dict[str, Any]]:
    """Wait (without blocking the event loop or its worker threads) for ``count`` calls;
    ``chat_id`` None counts calls that name no chat, such as answerCallbackQuery."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = fake.sent(chat_id, method)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(
        f"expected {count} {method} to {chat_id}, got {fake.sent(chat_id, method)}"
    )


async def settled(fake: FakeTelegram, quiet_s: float = 0.5) -> None:
    """Wait until the bot has made no Bot API call for ``quiet_s``: whatever an update was
    going to cause has been sent."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        before = len(fake.calls)
        await asyncio.sleep(quiet_s)
        if len(fake.calls) == before:
            return
    raise AssertionError("the bot kept calling the Bot API")


# --- the real `accord bot` process ----------------------------------------------------


def start_bot(
    fake: FakeTelegram, env: dict[str, str], output: IO[bytes] | int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """`accord bot` in a process of its own, polling ``fake``; stdout and stderr together go
    to ``output``. ``env`` is added to this process's environment."""
    accord = Path(sys.executable).with_name("accord")
    bot_env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "ACCORD_TELEGRAM_BASE_URL": fake.base_url,
        **env,
    }
    return subprocess.Popen(
        [str(accord), "bot"], env=bot_env, stdout=output, stderr=subprocess.STDOUT
    )


def stop_bot(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def run_bot_until_exit(
    fake: FakeTelegram, env: dict[str, str], within_s: float = 180
) -> subprocess.CompletedProcess[str]:
    """`accord bot` run to its end (one that cannot start); its output, merged."""
    proc = start_bot(fake, env)
    try:
        out, _ = proc.communicate(timeout=within_s)
    except subprocess.TimeoutExpired:
        stop_bot(proc)
        raise AssertionError(f"accord bot did not exit within {within_s:.0f} s") from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), "")


@contextmanager
def bot_process(fake: FakeTelegram, env: dict[str, str], log: Path) -> Iterator[Path]:
    """`accord bot` running for the block; yields the file its output is written to."""
    with log.open("wb") as output:
        proc = start_bot(fake, env, output)
        try:
            yield log
        finally:
            stop_bot(proc)
