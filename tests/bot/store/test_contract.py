"""The `SharedState` contract, held by `MemoryState` and by `RedisState` on a real Redis.

Every test runs against both; `peer` is a second handle on the same state (another worker's
connection for Redis, the same object in memory).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from bot.store.redis import NAMESPACE, RedisState
from handlers.ports import SharedState
from handlers.state import MemoryState

SHORT = 0.3  # seconds: expiries and windows short enough to wait out


@dataclass(frozen=True)
class Handles:
    state: SharedState
    peer: SharedState


@pytest.fixture(params=["memory", "redis"])
async def handles(request: pytest.FixtureRequest) -> AsyncIterator[Handles]:
    if request.param == "memory":
        memory = MemoryState()
        yield Handles(memory, memory)
        await memory.aclose()
        return
    url: str = request.getfixturevalue("redis_url")
    raw = Redis.from_url(url)
    await raw.flushdb()
    await raw.aclose()
    state, peer = RedisState.from_url(url), RedisState.from_url(url)
    yield Handles(state, peer)
    await state.aclose()
    await peer.aclose()


async def test_the_first_claim_wins_and_later_ones_lose(handles: Handles) -> None:
    assert await handles.state.claim("event:E1", ttl=60) is True
    assert await handles.peer.claim("event:E1", ttl=60) is False
    assert await handles.state.claim("event:E1", ttl=60) is False
    assert await handles.peer.claim("event:E2", ttl=60) is True


async def test_a_claim_is_free_again_once_it_expires(handles: Handles) -> None:
    assert await handles.state.claim("event:E1", ttl=SHORT) is True
    await asyncio.sleep(SHORT + 0.1)
    assert await handles.peer.claim("event:E1", ttl=SHORT) is True


async def test_concurrent_claims_have_exactly_one_winner(handles: Handles) -> None:
    claims = [
        (handles.state if i % 2 else handles.peer).claim("event:E1", ttl=60) for i in range(20)
    ]
    assert sorted(await asyncio.gather(*claims)) == [False] * 19 + [True]


async def test_hits_within_the_limit_pass_and_the_next_waits(handles: Handles) -> None:
    results = [await handles.state.hit("rate:U1", limit=3, window=60) for _ in range(3)]
    assert results == [None, None, None]
    waited = await handles.peer.hit("rate:U1", limit=3, window=60)
    assert waited is not None
    assert 59 < waited <= 60


async def test_limits_are_per_key(handles: Handles) -> None:
    assert await handles.state.hit("rate:U1", limit=1, window=60) is None
    assert await handles.state.hit("rate:U2", limit=1, window=60) is None
    assert await handles.peer.hit("rate:U1", limit=1, window=60) is not None


async def test_the_window_slides_and_refused_hits_are_not_counted(handles: Handles) -> None:
    assert await handles.state.hit("rate:U1", limit=1, window=SHORT) is None
    for _ in range(3):
        waited = await handles.peer.hit("rate:U1", limit=1, window=SHORT)
        assert waited is not None
        assert 0 < waited <= SHORT
    await asyncio.sleep(SHORT + 0.1)
    assert await handles.state.hit("rate:U1", limit=1, window=SHORT) is None


async def test_concurrent_hits_from_two_workers_let_exactly_the_limit_pass(
    handles: Handles,
) -> None:
    hits = [
        (handles.state if i % 2 else handles.peer).hit("rate:U1", limit=5, window=60)
        for i in range(12)
    ]
    results = await asyncio.gather(*hits)
    assert sum(result is None for result in results) == 5


async def test_a_value_put_is_got_by_any_worker_until_it_expires(handles: Handles) -> None:
    await handles.state.put("conversation:slack:T1:C1:1.2", "앤트로픽 | anthropic", ttl=SHORT)
    assert await handles.peer.get("conversation:slack:T1:C1:1.2") == "앤트로픽 | anthropic"
    await asyncio.sleep(SHORT + 0.1)
    assert await handles.peer.get("conversation:slack:T1:C1:1.2") is None


async def test_put_replaces_and_absent_keys_are_none(handles: Handles) -> None:
    assert await handles.state.get("answer:nothing") is None
    await handles.state.put("answer:a", "first", ttl=60)
    await handles.peer.put("answer:a", "second", ttl=60)
    assert await handles.state.get("answer:a") == "second"


async def test_redis_keys_are_namespaced_and_all_expire(redis_url: str) -> None:
    raw = Redis.from_url(redis_url, decode_responses=True)
    await raw.flushdb()
    state = RedisState.from_url(redis_url)
    await state.claim("slack:event:T1:E1", ttl=60)
    await state.hit("rate:slack:U1", limit=5, window=60)
    await state.put("answer:a", "x", ttl=60)
    keys = sorted(await raw.keys("*"))
    ttls = [await raw.pttl(key) for key in keys]
    await state.aclose()
    await raw.aclose()
    assert keys == [NAMESPACE + key for key in ("answer:a", "rate:slack:U1", "slack:event:T1:E1")]
    assert all(0 < ttl <= 60_000 for ttl in ttls)
