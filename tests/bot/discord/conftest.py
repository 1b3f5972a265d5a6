"""Fixtures: the real discord.py client, wired to the real core, against a fake Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
import yarl

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.discord.client import FundingDiscordClient
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.discord.support import RecordingJournal, client_for, running


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def journal() -> RecordingJournal:
    return RecordingJournal()


@pytest.fixture
def funding_bot(knowledge: KnowledgeBase, journal: RecordingJournal) -> FundingBot:
    return bootstrap(knowledge=StaticKnowledge(knowledge), journal=journal)


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )
    yield fake
    await fake.close()


@pytest.fixture
async def discord_client(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> AsyncIterator[FundingDiscordClient]:
    client = client_for(funding_bot)
    async with running(client, fake_discord):
        yield client
