"""Follow-ups through the real bolt app against the fake Slack: what a conversation is on
Slack (a thread, a DM, one user's /funding in one channel), that context never crosses users,
that it expires, and that "2" picks an option of a "which one?"."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.bootstrap import StaticKnowledge
from bot.slack.app import build_slack_app
from bot.slack.blocks import SUGGESTION_ACTION_PREFIX
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from bot.slack.text import mrkdwn_safe
from handlers.messages import messages_for
from handlers.service import FundingBot
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    USER_ID,
    buttons_starting_with,
    direct_message_event,
    event_callback,
    mention_event,
    section_texts,
    signed_headers,
    slash_command,
)

OTHER_USER_ID = "UOTHER02"
TTL = 60.0

TOTAL = "How much has Amazon invested in Anthropic in total?"
TOTAL_ANSWER = (
    "Including earlier money, Amazon has invested $4 billion (about 5.35 trillion won) in "
    "Anthropic in total; $2.75 billion of it was added in March 2024 through AWS."
)
MARCH_ANSWER = (
    "In March 2024 Amazon invested an additional $2.75 billion (about 3.6977 trillion won) in "
    "Anthropic through its cloud subsidiary Amazon Web Services (AWS)."
)
CHOSUN = "Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02"
MISTRAL_OPTION = "What is Mistral worth after its June round?"
OPENAI_OPTION = "What could OpenAI be valued at after the new funding?"
OPENAI_ANSWER_START = (
    "According to The Wall Street Journal, OpenAI is negotiating new funding that could value "
    "it at more than $100 billion"
)
WSJ = "Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02, citing The Wall Street Journal (WSJ)"
DECLINED = messages_for("en").not_found


class Clock:
    """A monotonic clock the test moves by hand: expiry without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Slack:
    """The served app and the fake Slack: deliver an event, get the bot's post back."""

    http: aiohttp.ClientSession
    server: RunningServer
    fake: FakeSlack
    clock: Clock
    _ids: Callable[[], int] = itertools.count(1).__next__

    async def post_for(self, event: dict[str, Any]) -> dict[str, Any]:
        """Deliver `event` and wait for the one chat.postMessage it causes."""
        seen = len(self.fake.calls_to("chat.postMessage"))
        body = event_callback(event, event_id=f"EvFollow{self._ids()}")
        headers = signed_headers(body, content_type="application/json")
        response = await self.http.post(
            f"{self.server.url}/slack/events", data=body, headers=headers
        )
        assert response.status == 200
        posts = await self.fake.wait_for_call("chat.postMessage", count=seen + 1)
        assert len(posts) == seen + 1, "one event, one reply"
        return posts[-1]

    async def command(self, question: str, *, user: str = USER_ID) -> dict[str, Any]:
        """`/funding question` by `user`: the private reply in the acknowledgement."""
        body = slash_command(question, response_url=self.fake.response_url(), user_id=user)
        response = await self.http.post(
            f"{self.server.url}/slack/events", data=body, headers=signed_headers(body)
        )
        assert response.status == 200
        reply: dict[str, Any] = await response.json()
        return reply


def first_text(message: dict[str, Any]) -> str:
    return section_texts(message["blocks"])[0]


def declined(message: dict[str, Any]) -> bool:
    """ "My sources don't cover that", suggestions, and no figure from the other conversation."""
    return (
        first_text(message).splitlines()[0] == DECLINED
        and bool(buttons_starting_with(message["blocks"], SUGGESTION_ACTION_PREFIX))
        and "2.75" not in str(message["blocks"])
    )


def context_texts(message: dict[str, Any]) -> list[str]:
    return [
        element["text"]
        for block in message["blocks"]
        if block["type"] == "context"
        for element in block["elements"]
    ]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def conversing_bot(slack_knowledge: KnowledgeBase, clock: Clock) -> FundingBot:
    """The real core with a short conversation TTL, on a clock the test moves."""
    state = MemoryState(clock=clock)
    return FundingBot(StaticKnowledge(slack_knowledge), state=state, context_ttl=TTL)


@pytest.fixture
async def slack(
    conversing_bot: FundingBot,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    http: aiohttp.ClientSession,
    clock: Clock,
) -> AsyncIterator[Slack]:
    app = build_slack_app(conversing_bot, slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        yield Slack(http, server, fake_slack, clock)
        await app.background.drain()


async def test_a_thread_of_three_messages_is_one_conversation(slack: Slack) -> None:
    first = await slack.post_for(mention_event(TOTAL, ts="500.001"))
    march = await slack.post_for(mention_event("and in March?", ts="500.002", thread_ts="500.001"))
    who = await slack.post_for(
        mention_event("who reported that?", ts="500.003", thread_ts="500.001")
    )

    # The mention starts a thread on itself; the follow-ups are answered in that thread.
    assert [p["channel"] for p in (first, march, who)] == [CHANNEL_ID] * 3
    assert [p["thread_ts"] for p in (first, march, who)] == ["500.001"] * 3
    assert first_text(first) == mrkdwn_safe(TOTAL_ANSWER)
    assert first_text(march) == mrkdwn_safe(MARCH_ANSWER)
    # "that" is the March statement: its source, and the same statement again.
    assert first_text(who) == mrkdwn_safe(MARCH_ANSWER)
    assert context_texts(who) == [CHOSUN]


async def test_a_direct_message_follow_up_is_answered_from_context(slack: Slack) -> None:
    total = await slack.post_for(direct_message_event(TOTAL, ts="600.001"))
    march = await slack.post_for(direct_message_event("and in March?", ts="600.002"))

    assert first_text(total) == mrkdwn_safe(TOTAL_ANSWER)
    assert march["channel"] == DM_CHANNEL_ID
    assert "thread_ts" not in march  # a direct reply, as to any DM
    assert first_text(march) == mrkdwn_safe(MARCH_ANSWER)


async def test_two_users_in_one_channel_do_not_share_context(slack: Slack) -> None:
    await slack.post_for(mention_event(TOTAL, ts="700.001"))
    # The other user mentions the bot in the same channel: a thread, and a conversation, of
    # their own, with nothing to follow up on.
    other = await slack.post_for(mention_event("and in March?", ts="700.002", user=OTHER_USER_ID))
    own = await slack.post_for(mention_event("and in March?", ts="700.003", thread_ts="700.001"))

    assert other["thread_ts"] == "700.002"
    assert declined(other)
    assert first_text(own) == mrkdwn_safe(MARCH_ANSWER)


async def test_two_users_slash_commands_in_one_channel_do_not_share_context(slack: Slack) -> None:
    total = await slack.command(TOTAL)
    other = await slack.command("and in March?", user=OTHER_USER_ID)
    own = await slack.command("and in March?")

    assert first_text(total) == mrkdwn_safe(TOTAL_ANSWER)
    assert declined(other)
    assert first_text(own) == mrkdwn_safe(MARCH_ANSWER)
    assert own["response_type"] == "ephemeral"


async def test_context_expires_after_the_conversation_ttl(slack: Slack) -> None:
    await slack.post_for(mention_event(TOTAL, ts="800.001"))
    slack.clock.now += TTL - 1
    kept = await slack.post_for(mention_event("and in March?", ts="800.002", thread_ts="800.001"))
    slack.clock.now += TTL + 1
    expired = await slack.post_for(
        mention_event("and in March?", ts="800.003", thread_ts="800.001")
    )

    # The TTL counts from the conversation's last message, not its first.
    assert first_text(kept) == mrkdwn_safe(MARCH_ANSWER)
    assert expired["thread_ts"] == "800.001"
    assert declined(expired)


async def test_an_option_of_which_one_is_picked_by_its_number(slack: Slack) -> None:
    clarify = await slack.post_for(mention_event("valuation?", ts="900.001"))
    picked = await slack.post_for(mention_event("2", ts="900.002", thread_ts="900.001"))

    options = buttons_starting_with(clarify["blocks"], SUGGESTION_ACTION_PREFIX)
    assert [b["text"]["text"] for b in options] == [f"1. {MISTRAL_OPTION}", f"2. {OPENAI_OPTION}"]
    assert picked["thread_ts"] == "900.001"
    assert first_text(picked).startswith(mrkdwn_safe(OPENAI_ANSWER_START))
    assert context_texts(picked) == [WSJ + " (2024-08-29)"]
