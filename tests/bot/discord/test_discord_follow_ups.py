"""Follow-ups through the real discord.py client against the fake Discord: a conversation is a
DM or a thread as a whole, else one user's mentions and /funding in one channel; the reply
answers the message it follows up; context expires; "2" picks an option of a "which one?"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import StaticKnowledge
from bot.discord.client import FundingDiscordClient
from handlers.messages import messages_for
from handlers.service import FundingBot
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase
from tests.bot.discord.fake_discord import (
    ASKER,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    OTHER_USER,
    THREAD_ID,
    FakeDiscord,
    Json,
    Request,
    message_payload,
    slash_command,
)
from tests.bot.discord.support import client_for, running

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
CHOSUN = "Chosun Biz (Jeon Hyo-jin), 2024-09-02"
DECLINED = messages_for("en").not_found


class Clock:
    """A monotonic clock the test moves by hand: expiry without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord, clock: Clock
) -> AsyncIterator[FundingDiscordClient]:
    state = MemoryState(clock=clock)
    funding = FundingBot(StaticKnowledge(knowledge), state=state, context_ttl=TTL)
    client = client_for(funding)
    async with running(client, fake_discord):
        yield client


def mention(text: str, *, author: Json = ASKER, channel_id: int = CHANNEL_ID) -> Json:
    return message_payload(
        author=author, content=f"<@{BOT_ID}> {text}", mentions=[BOT_USER], channel_id=channel_id
    )


def dm(text: str) -> Json:
    return message_payload(author=ASKER, content=text, channel_id=DM_CHANNEL_ID, guild=False)


async def reply_to(fake: FakeDiscord, message: Json) -> Request:
    """Send `message`; the bot's one reply to it."""
    seen = len(fake.requests)
    await fake.dispatch("MESSAGE_CREATE", message)
    reply = await fake.request_number(seen)
    assert str(reply.body["message_reference"]["message_id"]) == message["id"]
    return reply


def description(reply: Request) -> str:
    text: str = reply.body["embeds"][0]["description"]
    return text


def declined(reply: Request) -> bool:
    """ "My sources don't cover that" and suggestions, nothing from another conversation."""
    return (
        description(reply).splitlines()[0] == DECLINED
        and bool(reply.body["components"])
        and "2.75" not in str(reply.body["embeds"])
    )


async def test_a_mention_follow_up_is_answered_in_reply_to_it(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    total = await reply_to(fake_discord, mention(TOTAL))
    march = await reply_to(fake_discord, mention("and in March?"))
    who = await reply_to(fake_discord, mention("who reported that?"))

    assert march.path.endswith(f"/channels/{CHANNEL_ID}/messages")
    assert description(total) == TOTAL_ANSWER
    assert description(march) == MARCH_ANSWER
    assert description(who) == MARCH_ANSWER
    [source, _quote] = who.body["embeds"][0]["fields"]
    assert source["name"] == "Source"
    assert source["value"].startswith(CHOSUN)


async def test_another_user_in_the_channel_does_not_continue_the_conversation(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    await reply_to(fake_discord, mention(TOTAL))
    other = await reply_to(fake_discord, mention("and in March?", author=OTHER_USER))
    own = await reply_to(fake_discord, mention("and in March?"))

    assert declined(other)
    assert description(own) == MARCH_ANSWER


async def test_a_dm_follow_up_is_answered_from_context(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    await reply_to(fake_discord, dm(TOTAL))
    march = await reply_to(fake_discord, dm("and in March?"))

    assert march.path.endswith(f"/channels/{DM_CHANNEL_ID}/messages")
    assert description(march) == MARCH_ANSWER


async def test_a_thread_is_one_conversation_for_mentions_and_funding(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    await reply_to(fake_discord, mention(TOTAL, channel_id=THREAD_ID))
    # Everyone in the thread follows its conversation, by mention or by /funding.
    march = await reply_to(
        fake_discord, mention("and in March?", author=OTHER_USER, channel_id=THREAD_ID)
    )
    seen = len(fake_discord.requests)
    await fake_discord.dispatch(
        "INTERACTION_CREATE",
        slash_command("who reported that?", channel_id=THREAD_ID, channel_type=11),
    )
    who = (await fake_discord.request_number(seen)).body["data"]

    assert march.path.endswith(f"/channels/{THREAD_ID}/messages")
    assert description(march) == MARCH_ANSWER
    assert who["embeds"][0]["description"] == MARCH_ANSWER


async def test_a_mention_and_funding_in_one_channel_share_the_askers_context(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    await reply_to(fake_discord, mention(TOTAL))
    seen = len(fake_discord.requests)
    await fake_discord.dispatch("INTERACTION_CREATE", slash_command("and in March?"))
    march = (await fake_discord.request_number(seen)).body["data"]

    assert march["embeds"][0]["description"] == MARCH_ANSWER


async def test_context_expires_after_the_conversation_ttl(
    client: FundingDiscordClient, fake_discord: FakeDiscord, clock: Clock
) -> None:
    await reply_to(fake_discord, mention(TOTAL))
    clock.now += TTL + 1
    expired = await reply_to(fake_discord, mention("and in March?"))

    assert declined(expired)


async def test_an_option_of_which_one_is_picked_by_its_number(
    client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    clarify = await reply_to(fake_discord, dm("valuation?"))
    picked = await reply_to(fake_discord, dm("2"))

    labels = [b["label"] for row in clarify.body["components"] for b in row["components"]]
    assert labels == [
        "1. What is Mistral worth after its June round?",
        "2. What could OpenAI be valued at after the new funding?",
    ]
    assert description(picked).startswith(
        "According to The Wall Street Journal, OpenAI is negotiating new funding that could "
        "value it at more than $100 billion"
    )
    assert (
        "Wall Street Journal (WSJ) (2024-08-29)" in picked.body["embeds"][0]["fields"][0]["value"]
    )
