"""Per-user rate limit: one user's flood does not slow the others."""

from __future__ import annotations

from pathlib import Path

from bot.ratelimit import RateLimiter
from rag.service import RagService
from tests.support.bot import ADMIN, STAFF, bot_settings, replies, serving
from tests.support.fake_telegram import FakeTelegram


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.allow(1) and limiter.allow(1) and not limiter.allow(1)
    assert limiter.allow(2)
    assert 1 <= limiter.retry_in(1) <= 61
    now[0] = 60.0
    assert limiter.allow(1)


async def test_rate_limit_per_user(service: RagService, fake: FakeTelegram, tmp_path: Path) -> None:
    async with serving(bot_settings(tmp_path, fake, rate_limit_per_minute=2), service):
        for _ in range(3):
            fake.message("Who signed the MoU with the UK?", user_id=STAFF)
        sent = await replies(fake, STAFF, 3)
        assert sum("asking a lot" in s["text"] for s in sent) == 1
        fake.message("/help", user_id=ADMIN)  # another user is not affected
        assert (await replies(fake, ADMIN))[0]["text"]


async def test_a_flood_from_one_user_does_not_starve_another(
    service: RagService, fake: FakeTelegram, tmp_path: Path
) -> None:
    settings = bot_settings(tmp_path, fake, rate_limit_per_minute=5, allowed_users=[STAFF, 8])
    async with serving(settings, service):
        for _ in range(30):
            fake.message("Who signed the MoU with the UK?", user_id=STAFF)
        fake.message("Qui a coprésidé le premier dialogue sur la migration ?", user_id=8)
        assert "[1]" in (await replies(fake, 8))[0]["text"]
        flood = await replies(fake, STAFF, 30)
        assert sum("asking a lot" in m["text"] for m in flood) == 25
