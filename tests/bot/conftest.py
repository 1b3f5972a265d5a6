"""Fixtures every adapter test may use."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.slack.fake_slack import FakeSlack


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """A local fake Slack Web API (and Socket Mode endpoint), recording what the bot sends."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()
