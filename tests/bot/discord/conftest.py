"""Fixtures: the real discord.py client, wired to the real core, against a fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import discord
import pytest
import yarl

from bot.discord.client import FundingDiscordClient, build_discord_client
from handlers.models import Answer, Asker
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.bot.discord.fake_discord import FakeDiscord


@dataclass(frozen=True)
class LoadedKnowledge:
    """The real knowledge base, loaded once (the KnowledgeSource port)."""

    base: KnowledgeBase

    def current(self) -> KnowledgeBase:
        return self.base


@dataclass
class RecordingJournal:
    """Keeps what the core journals (the QuestionJournal port), for tests to read."""

    answers: list[tuple[Answer, Asker]] = field(default_factory=list)
    feedback: list[tuple[tuple[str, ...], bool, Asker]] = field(default_factory=list)

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        self.answers.append((answer, asker))

    def record_feedback(self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker) -> None:
        self.feedback.append((fact_ids, helpful, asker))


@pytest.fixture(scope="session")
def knowledge() -> LoadedKnowledge:
    return LoadedKnowledge(load_knowledge())


@pytest.fixture
def journal() -> RecordingJournal:
    return RecordingJournal()


@pytest.fixture
def funding_bot(knowledge: LoadedKnowledge, journal: RecordingJournal) -> FundingBot:
    return FundingBot(knowledge, journal=journal)


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


@contextlib.asynccontextmanager
async def running(client: discord.Client, fake: FakeDiscord) -> AsyncIterator[None]:
    """The client connected to the fake until the block ends, then closed."""
    task = asyncio.create_task(client.start("fake-token"))
    try:
        await fake.wait_until_ready()
        yield
    finally:
        await client.close()
        await task


@pytest.fixture
async def discord_client(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> AsyncIterator[FundingDiscordClient]:
    client = build_discord_client(funding_bot)
    async with running(client, fake_discord):
        yield client
