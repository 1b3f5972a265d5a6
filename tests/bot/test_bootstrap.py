"""The composition root picks the shared state from REDIS_URL."""

from __future__ import annotations

import pytest

from bot.bootstrap import shared_state
from bot.settings import CoreSettings, SettingsError, load_settings
from bot.store.redis import RedisState
from handlers.state import MemoryState


def test_without_redis_url_state_is_this_process_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(shared_state(load_settings(CoreSettings)), MemoryState)


async def test_with_redis_url_state_is_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/2")
    state = shared_state(load_settings(CoreSettings))
    assert isinstance(state, RedisState)
    await state.aclose()


def test_a_malformed_redis_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "localhost:6379")
    with pytest.raises(SettingsError, match=r"^REDIS_URL is malformed: "):
        load_settings(CoreSettings)


def test_conversation_ttl_must_be_positive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERSATION_TTL_SECONDS", "0")
    with pytest.raises(SettingsError, match=r"^CONVERSATION_TTL_SECONDS is malformed: "):
        load_settings(CoreSettings)
