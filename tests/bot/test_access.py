from bot.access import AccessPolicy


def test_policy() -> None:
    policy = AccessPolicy(frozenset({1}), frozenset({-5}), frozenset({9}))
    assert policy.can_ask(1, 1) and policy.can_ask(9, 9) and policy.can_ask(2, -5)
    assert not policy.can_ask(2, 2) and not policy.can_ask(None, -5)
    assert policy.is_admin(9) and not policy.is_admin(1)
    assert AccessPolicy().closed and not AccessPolicy(allow_everyone=True).closed
    assert AccessPolicy(allow_everyone=True).can_ask(123, 123)
