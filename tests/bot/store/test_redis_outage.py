"""Redis unreachable: the bot keeps answering on this process's memory, and says so once."""

from __future__ import annotations

import logging
import time

import pytest

from bot.store.redis import RedisState
from tests.redis_server import free_port


async def test_an_unreachable_redis_falls_back_to_memory_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = RedisState.from_url(f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="funding_bot.store"):
        claims = [await state.claim("slack:event:T1:E1", ttl=60) for _ in range(2)]
        hits = [await state.hit("rate:slack:U1", limit=1, window=60) for _ in range(2)]
        await state.put("answer:a", "kept", ttl=60)
        kept = await state.get("answer:a")
    elapsed = time.monotonic() - started
    await state.aclose()

    assert claims == [True, False]
    assert hits[0] is None
    assert hits[1] is not None
    assert kept == "kept"
    warnings = [r.getMessage() for r in caplog.records if r.name == "funding_bot.store"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Redis unreachable (ConnectionError)")
    assert elapsed < 2.0
