"""Bot throughput: the real `accord bot` process against the fake Bot API, users as threads.

The bot runs in a process of its own, as in production, so the fake server and the simulated
users do not share its interpreter lock: the figures are the bot's, not the harness's. Each
user sends a question, waits for the reply (blocking on the fake's condition, no polling),
then sends the next; latency is from the update being queued to the reply reaching the fake.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from rag.stats import percentile
from tests.support import bot as support_bot
from tests.support.bot import stop_bot
from tests.support.fake_telegram import FakeTelegram

START_TIMEOUT_S = 120.0


def process_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def start_bot(fake: FakeTelegram, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = support_bot.start_bot(
        fake,
        {
            **env,
            "TELEGRAM_BOT_TOKEN": "1:BENCH",
            "ACCORD_ALLOW_EVERYONE": "true",
            "ACCORD_RATE_LIMIT_PER_MINUTE": "100000",
        },
    )
    # The first answer proves the bot is up, with its models and index loaded.
    fake.message("warm up", user_id=1)
    try:
        fake.wait_sent(1, 1, START_TIMEOUT_S)
    except TimeoutError:
        proc.kill()
        out, _err = proc.communicate()
        raise RuntimeError(f"accord bot did not answer:\n{out.decode()[-3000:]}") from None
    return proc


def load(fake: FakeTelegram, users: int, per_user: int, questions: list[str]) -> dict[str, Any]:
    base = 10_000 * users
    latencies: list[float] = []
    failures: list[str] = []

    def user(uid: int) -> None:
        for k in range(per_user):
            pushed = time.monotonic()
            fake.message(questions[(uid + k) % len(questions)], user_id=uid)
            try:
                reply = fake.wait_sent(uid, k + 1)
            except TimeoutError as exc:
                failures.append(str(exc))
                return
            latencies.append((reply["_received"] - pushed) * 1000)

    threads = [threading.Thread(target=user, args=(base + i,)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    time.sleep(0.5)  # a duplicate would arrive now
    replies = [len(fake.sent(base + i)) for i in range(users)]
    return {
        "users": users,
        "messages": users * per_user,
        "messages_per_s": round(users * per_user / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "lost_or_duplicated": sum(abs(r - per_user) for r in replies),
    }


def run(users: list[int], per_user: int, questions: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    with FakeTelegram() as fake:
        proc = start_bot(fake, env)
        try:
            memory = {"rss_after_start_mb": process_rss_mb(proc.pid)}
            runs = [load(fake, n, per_user, questions) for n in users]
            memory["rss_after_questions_mb"] = process_rss_mb(proc.pid)
        finally:
            stop_bot(proc)
    memory["questions_answered"] = sum(r["messages"] for r in runs)
    return {"runs": runs, "memory": memory}
