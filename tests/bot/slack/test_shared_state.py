"""Slack workers sharing one state: events answered once, one rate limit, one conversation.

Two real bolt apps (two "workers") share a MemoryState here; the two-worker test does the
same with processes and Redis.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import aiohttp
import pytest

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.slack.app import build_slack_app
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from handlers.messages import messages_for
from handlers.models import Answer
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase
from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    USER_ID,
    direct_message_event,
    event_callback,
    mention_event,
    signed_headers,
    slash_command,
)

SEED_TTL = 0.3


async def post(http: aiohttp.ClientSession, server: RunningServer, body: str, **kw: Any) -> str:
    headers = signed_headers(body, **kw)
    async with http.post(f"{server.url}/slack/events", data=body, headers=headers) as response:
        assert response.status == 200
        return await response.text()


async def deliver(
    http: aiohttp.ClientSession, server: RunningServer, event: dict[str, Any], event_id: str
) -> None:
    body = event_callback(event, event_id=event_id)
    await post(http, server, body, content_type="application/json")


@pytest.fixture
def state() -> MemoryState:
    return MemoryState()


@pytest.fixture
async def workers(
    slack_knowledge: KnowledgeBase, slack_settings: SlackSettings, state: MemoryState
) -> AsyncIterator[list[RunningServer]]:
    """Two apps, each with its own bot (limit: 1 question a minute), on one shared state."""
    async with AsyncExitStack() as stack:
        servers = []
        for _ in range(2):
            bot = bootstrap(
                knowledge=StaticKnowledge(slack_knowledge), state=state, rate_limit_per_minute=1
            )
            app = build_slack_app(bot, slack_settings)
            servers.append(
                await stack.enter_async_context(running_http_server(app, host="127.0.0.1", port=0))
            )
        yield servers


async def test_one_event_delivered_to_two_workers_is_answered_once(
    http: aiohttp.ClientSession,
    workers: list[RunningServer],
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    event = mention_event(answered.question, ts="700.001")
    for server in workers:
        await deliver(http, server, event, "EvTwice")
    await fake_slack.wait_for_call("chat.postMessage")
    await asyncio.sleep(0.2)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_the_rate_limit_holds_across_workers(
    http: aiohttp.ClientSession, workers: list[RunningServer], fake_slack: FakeSlack
) -> None:
    replies = []
    for server, question in zip(workers, ("mistral valuation", "openai valuation"), strict=True):
        body = slash_command(question, response_url=fake_slack.response_url())
        replies.append(await post(http, server, body))
    assert "5.8" in replies[0]
    assert messages_for("en").rate_limited.format(seconds=60) in replies[1]


@pytest.mark.parametrize(
    ("event", "conversation"),
    [
        (mention_event("q", ts="800.001"), f"slack:{TEAM_ID}:{CHANNEL_ID}:800.001"),
        (
            mention_event("q", ts="800.002", thread_ts="800.000"),
            f"slack:{TEAM_ID}:{CHANNEL_ID}:800.000",
        ),
        (direct_message_event("q", ts="800.003"), f"slack:{TEAM_ID}:{DM_CHANNEL_ID}"),
    ],
)
async def test_a_message_continues_its_conversation_in_the_shared_state(
    http: aiohttp.ClientSession,
    workers: list[RunningServer],
    fake_slack: FakeSlack,
    state: MemoryState,
    answered: Answer,
    event: dict[str, Any],
    conversation: str,
) -> None:
    key = f"conversation:{conversation}"
    await state.put(key, "seed", ttl=SEED_TTL)
    event["text"] = event["text"].replace("q", answered.question)
    await deliver(http, workers[1], event, "EvConversation")
    await fake_slack.wait_for_call("chat.postMessage")
    await asyncio.sleep(SEED_TTL + 0.1)
    # The worker read the context under exactly this key and kept it for the next turn.
    assert await state.get(key) is not None


async def test_a_slash_command_continues_the_askers_own_conversation(
    http: aiohttp.ClientSession,
    workers: list[RunningServer],
    fake_slack: FakeSlack,
    state: MemoryState,
    answered: Answer,
) -> None:
    key = f"conversation:slack:{TEAM_ID}:{CHANNEL_ID}:{USER_ID}"
    await state.put(key, "seed", ttl=SEED_TTL)
    await post(
        http, workers[0], slash_command(answered.question, response_url=fake_slack.response_url())
    )
    await asyncio.sleep(SEED_TTL + 0.1)
    assert await state.get(key) is not None
