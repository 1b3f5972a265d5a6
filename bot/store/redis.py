"""`RedisState`: the `SharedState` every worker process shares, on one Redis server.

Every operation is atomic on the server (SET NX, a Lua script), so two workers never both
claim one event or both let a user past the limit. When Redis cannot be reached the store
falls back to this process's memory and logs one warning per interval: answers go on, with
the guarantees of a single process (a redelivered event may be answered twice), and Redis is
tried again after `retry_seconds`.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from handlers.state import MemoryState

log = logging.getLogger("funding_bot.store")

NAMESPACE = "funding-bot:"
# A dead or unreachable server must not hold up Slack's 3-second acknowledgement.
TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0

# A sliding window as a sorted set of use times (server clock, microseconds): drop uses
# older than the window, refuse when `limit` remain (returning the microseconds until the
# oldest leaves the window), else add this use. -1 means allowed.
_SLIDING_WINDOW = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, window - (now - tonumber(oldest[2])))
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return -1
"""

T = TypeVar("T")


class RedisState:
    """`SharedState` on redis-py's asyncio client; keys are `funding-bot:` + the caller's key,
    and every key expires."""

    def __init__(
        self,
        client: Redis,
        *,
        fallback: MemoryState | None = None,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._window = client.register_script(_SLIDING_WINDOW)
        self._fallback = fallback or MemoryState()
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._down_until = float("-inf")
        self._warned_at = float("-inf")

    @classmethod
    def from_url(cls, url: str) -> RedisState:
        """A store on the server at `url` (redis://, rediss:// or unix://), with short
        timeouts and a single retry, so an outage costs little time per request."""
        client = Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 1),
            health_check_interval=30,
        )
        return cls(client)

    async def claim(self, key: str, *, ttl: float) -> bool:
        async def remote() -> bool:
            return bool(await self._client.set(NAMESPACE + key, "1", nx=True, px=_ms(ttl)))

        return await self._either(remote, lambda: self._fallback.claim(key, ttl=ttl))

    async def hit(self, key: str, *, limit: int, window: float) -> float | None:
        async def remote() -> float | None:
            member = f"{time.time_ns()}-{secrets.token_hex(4)}"
            args: list[int | str] = [limit, max(1, round(window * 1_000_000)), member]
            waited = int(await self._window(keys=[NAMESPACE + key], args=args))
            return None if waited < 0 else waited / 1_000_000

        return await self._either(
            remote, lambda: self._fallback.hit(key, limit=limit, window=window)
        )

    async def put(self, key: str, value: str, *, ttl: float) -> None:
        async def remote() -> None:
            await self._client.set(NAMESPACE + key, value, px=_ms(ttl))

        await self._either(remote, lambda: self._fallback.put(key, value, ttl=ttl))

    async def get(self, key: str) -> str | None:
        async def remote() -> str | None:
            value = await self._client.get(NAMESPACE + key)
            return None if value is None else str(value)

        return await self._either(remote, lambda: self._fallback.get(key))

    async def aclose(self) -> None:
        await self._client.aclose()
        await self._fallback.aclose()

    async def _either(
        self, remote: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]
    ) -> T:
        """Redis when it answers; this process's memory while it does not."""
        if self._clock() >= self._down_until:
            try:
                return await remote()
            except (RedisError, OSError) as error:
                self._unreachable(error)
        return await local()

    def _unreachable(self, error: Exception) -> None:
        now = self._clock()
        self._down_until = now + self._retry_seconds
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            log.warning(
                "Redis unreachable (%s): using this process's memory, retrying every %.0f s",
                type(error).__name__,
                self._retry_seconds,
            )


def _ms(seconds: float) -> int:
    """Milliseconds for an expiry: at least 1, as Redis refuses 0."""
    return max(1, round(seconds * 1000))
