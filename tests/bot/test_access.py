from bot.access import AccessPolicy
from bot.ratelimit import RateLimiter


def test_policy() -> None:
    policy = AccessPolicy(frozenset({1}), frozenset({-5}), frozenset({9}))
    assert policy.can_ask(1, 1) and policy.can_ask(9, 9) and policy.can_ask(2, -5)
    assert not policy.can_ask(2, 2) and not policy.can_ask(None, -5)
    assert policy.is_admin(9) and not policy.is_admin(1)
    assert AccessPolicy().closed and not AccessPolicy(allow_everyone=True).closed
    assert AccessPolicy(allow_everyone=True).can_ask(123, 123)


def test_rate_limiter_window() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.allow(1) and limiter.allow(1) and not limiter.allow(1)
    assert limiter.allow(2)
    assert 1 <= limiter.retry_in(1) <= 61
    now[0] = 60.0
    assert limiter.allow(1)
