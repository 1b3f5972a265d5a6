"""A per-user sliding-window rate limit, the same on every surface."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from handlers.models import Asker

WINDOW_SECONDS = 60.0
MAX_TRACKED_USERS = 100_000


class SlidingWindowLimiter:
    """Allows `per_minute` questions in any 60 seconds per user; 0 means no limit."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._asked: dict[tuple[str, str], deque[float]] = {}

    def retry_after(self, asker: Asker) -> float | None:
        """Record a question; None if allowed, else the seconds until the next one is."""
        if self._per_minute <= 0:
            return None
        now = self._clock()
        key = (asker.platform, asker.user_id)
        times = self._asked.get(key)
        if times is None:
            if len(self._asked) >= MAX_TRACKED_USERS:
                self._forget_idle(now)
            times = self._asked[key] = deque()
        while times and now - times[0] >= WINDOW_SECONDS:
            times.popleft()
        if len(times) >= self._per_minute:
            return WINDOW_SECONDS - (now - times[0])
        times.append(now)
        return None

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, t in self._asked.items() if not t or now - t[-1] >= WINDOW_SECONDS]
        for key in idle:
            del self._asked[key]
