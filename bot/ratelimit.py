"""Per-user sliding-window rate limit: one user's flood must not slow the others."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, user_id: int) -> bool:
        now = self.clock()
        hits = self._hits[user_id]
        while hits and now - hits[0] >= 60.0:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return False
        hits.append(now)
        return True

    def retry_in(self, user_id: int) -> int:
        hits = self._hits.get(user_id)
        if not hits:
            return 0
        return max(1, int(60.0 - (self.clock() - hits[0])) + 1)
