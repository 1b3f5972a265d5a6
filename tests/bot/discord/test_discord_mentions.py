"""@funding-bot in a channel and plain DMs: replies that never ping anyone."""

from __future__ import annotations

import asyncio

import pytest

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.discord.client import FundingDiscordClient
from bot.discord.mentions import strip_mention
from handlers.messages import messages_for
from knowledge.base import KnowledgeBase
from tests.bot.discord.fake_discord import (
    ASKER,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    OTHER_USER,
    OTHER_USER_ID,
    ROLE_ID,
    FakeDiscord,
    Json,
    Request,
    message_payload,
    user,
)
from tests.bot.discord.support import FailingOnce, RecordingJournal, client_for, running

QUESTION = "How much did Microsoft invest in OpenAI?"


def dm(content: str) -> Json:
    return message_payload(author=ASKER, content=content, channel_id=DM_CHANNEL_ID, guild=False)


def pings_nobody(allowed_mentions: Json) -> bool:
    """Discord parses nothing, lists no user or role, and does not ping the replied-to author."""
    return (
        allowed_mentions["parse"] == []
        and not allowed_mentions.get("users")
        and not allowed_mentions.get("roles")
        and not allowed_mentions.get("replied_user")
    )


async def first_reply(fake: FakeDiscord, *messages: Json) -> Request:
    seen = len(fake.requests)
    for message in messages:
        await fake.dispatch("MESSAGE_CREATE", message)
    return await fake.request_number(seen)


async def test_a_mention_gets_a_reply_that_pings_nobody(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, journal: RecordingJournal
) -> None:
    content = f"<@{BOT_ID}> @everyone @here <@&{ROLE_ID}> <@{OTHER_USER_ID}> {QUESTION}"
    question = message_payload(
        author=ASKER,
        content=content,
        mentions=[BOT_USER, OTHER_USER],
        mention_roles=[ROLE_ID],
        mention_everyone=True,
    )

    reply = await first_reply(fake_discord, question)

    assert reply.method == "POST"
    assert reply.path.endswith(f"/channels/{CHANNEL_ID}/messages")
    assert pings_nobody(reply.body["allowed_mentions"])
    assert str(reply.body["message_reference"]["message_id"]) == question["id"]
    assert "$13 billion" in reply.body["embeds"][0]["description"]
    [(answer, asker)] = journal.answers
    assert f"<@{BOT_ID}>" not in answer.question
    assert asker.platform == "discord"


async def test_the_bot_ignores_itself_other_bots_and_unaddressed_messages(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    own = message_payload(author=BOT_USER, content=f"<@{BOT_ID}> {QUESTION}", mentions=[BOT_USER])
    other_bot = user(OTHER_USER_ID + 1, "other-bot", bot=True)
    from_bot = message_payload(author=other_bot, content=f"<@{BOT_ID}> hi", mentions=[BOT_USER])
    unaddressed = message_payload(author=ASKER, content=QUESTION)
    everyone = message_payload(author=ASKER, content=f"@everyone {QUESTION}", mention_everyone=True)
    in_dm = dm(QUESTION)

    reply = await first_reply(fake_discord, own, from_bot, unaddressed, everyone, in_dm)

    assert reply.path.endswith(f"/channels/{DM_CHANNEL_ID}/messages")
    assert str(reply.body["message_reference"]["message_id"]) == in_dm["id"]


async def test_a_dm_needs_no_mention_and_is_answered_in_its_language(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    reply = await first_reply(fake_discord, dm("마이크로소프트는 오픈AI에 얼마를 투자했나요?"))

    [embed] = reply.body["embeds"]
    assert embed["fields"][0]["name"] == "출처"
    assert "130억달러" in embed["description"]
    assert pings_nobody(reply.body["allowed_mentions"])
    assert reply.body["components"], "an answer carries feedback buttons"


async def test_an_empty_mention_gets_guidance(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    mention = message_payload(author=ASKER, content=f"<@!{BOT_ID}>", mentions=[BOT_USER])

    reply = await first_reply(fake_discord, mention)

    assert reply.body["embeds"][0]["description"].startswith("Ask me about AI funding")


async def test_a_failure_gets_an_apology_that_pings_nobody(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(bootstrap(knowledge=FailingOnce(knowledge)))
    async with running(client, fake_discord):
        apology = await first_reply(fake_discord, dm("오픈AI 기업가치는?"))
        answer = await first_reply(fake_discord, dm(QUESTION))

    assert apology.body["content"] == messages_for("ko").apology
    assert pings_nobody(apology.body["allowed_mentions"])
    assert "knowledge store unavailable" in caplog.text  # the error is logged
    assert "$13 billion" in answer.body["embeds"][0]["description"]


def test_strip_mention_removes_only_the_bots_own_mentions() -> None:
    text = f"<@{BOT_ID}> what about <@{OTHER_USER_ID}>? <@!{BOT_ID}>"

    assert strip_mention(text, BOT_ID) == f"what about <@{OTHER_USER_ID}>?"


async def test_a_rate_limited_asker_is_told_once_and_privately(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord
) -> None:
    funding = bootstrap(knowledge=StaticKnowledge(knowledge), rate_limit_per_minute=1)
    mention = f"<@{BOT_ID}> {QUESTION}"
    async with running(client_for(funding), fake_discord):
        seen = len(fake_discord.requests)
        for _ in range(4):
            await fake_discord.dispatch(
                "MESSAGE_CREATE",
                message_payload(author=ASKER, content=mention, mentions=[BOT_USER]),
            )
        await fake_discord.request_number(seen + 2)
        await asyncio.sleep(0.3)
        sent = fake_discord.requests[seen:]

    paths = sorted(request.path for request in sent)
    assert paths == sorted(
        [
            f"/api/v10/channels/{CHANNEL_ID}/messages",
            "/api/v10/users/@me/channels",
            f"/api/v10/channels/{DM_CHANNEL_ID}/messages",
        ]
    )
    [private] = [r for r in sent if r.path == f"/api/v10/channels/{DM_CHANNEL_ID}/messages"]
    assert private.body["content"] == messages_for("en").rate_limited.format(seconds=60)
    assert pings_nobody(private.body["allowed_mentions"])
