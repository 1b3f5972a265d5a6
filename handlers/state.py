"""The in-memory `SharedState`: one process's state, bounded in entries and bytes."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

DEFAULT_MAX_KEYS = 100_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class MemoryState:
    """`SharedState` for a single worker: values and counters expire, and the least recently
    used keys go first once `max_keys` or `max_bytes` (of stored values) is reached."""

    def __init__(
        self,
        *,
        max_keys: int = DEFAULT_MAX_KEYS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_keys = max_keys
        self._max_bytes = max_bytes
        self._clock = clock
        self._values: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._bytes = 0
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    async def claim(self, key: str, *, ttl: float) -> bool:
        if self._live(key) is not None:
            return False
        self._store(key, "1", ttl)
        return True

    async def hit(self, key: str, *, limit: int, window: float) -> float | None:
        now = self._clock()
        times = self._hits.pop(key, None) or deque()
        while times and now - times[0] >= window:
            times.popleft()
        self._hits[key] = times
        while len(self._hits) > self._max_keys:
            self._hits.popitem(last=False)
        if len(times) >= limit:
            return window - (now - times[0])
        times.append(now)
        return None

    async def put(self, key: str, value: str, *, ttl: float) -> None:
        self._store(key, value, ttl)

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def aclose(self) -> None:
        self._values.clear()
        self._hits.clear()
        self._bytes = 0

    def _live(self, key: str) -> str | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            self._drop(key)
            return None
        self._values.move_to_end(key)
        return value

    def _store(self, key: str, value: str, ttl: float) -> None:
        self._drop(key)
        size = len(value)
        if size > self._max_bytes:
            return
        self._values[key] = (self._clock() + ttl, value)
        self._bytes += size
        while len(self._values) > self._max_keys or self._bytes > self._max_bytes:
            oldest = next(iter(self._values))
            self._drop(oldest)

    def _drop(self, key: str) -> None:
        entry = self._values.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[1])
