"""Test doubles for the core's ports, and running a client against the fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import discord

from bot.discord.client import FundingDiscordClient
from handlers.models import Answer, Asker
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from tests.bot.discord.fake_discord import FakeDiscord, frozen_clock


@dataclass
class RecordingJournal:
    """Keeps what the core journals (the QuestionJournal port), for tests to read."""

    answers: list[tuple[Answer, Asker]] = field(default_factory=list)
    feedback: list[tuple[tuple[str, ...], bool, Asker]] = field(default_factory=list)

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        self.answers.append((answer, asker))

    def record_feedback(self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker) -> None:
        self.feedback.append((fact_ids, helpful, asker))


@dataclass
class FailingOnce:
    """Knowledge (the KnowledgeSource port) whose store fails on the first read only."""

    base: KnowledgeBase
    failures: int = 1

    def current(self) -> KnowledgeBase:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("knowledge store unavailable")
        return self.base


def client_for(funding: FundingBot) -> FundingDiscordClient:
    """The real client, reading the fake's frozen clock to tell how old an interaction is."""
    return FundingDiscordClient(funding, clock=frozen_clock)


@contextlib.asynccontextmanager
async def running(
    client: discord.Client, fake: FakeDiscord, *, shards: int = 1
) -> AsyncIterator[None]:
    """The client connected to the fake (each of its `shards`) until the block ends, then
    closed."""
    session = fake.sessions + shards
    task = asyncio.create_task(client.start("fake-token"))
    try:
        await fake.wait_for_session(session)
        yield
    finally:
        await client.close()
        await task
