"""/funding end to end: the real discord.py client answers interactions from a fake Discord."""

from __future__ import annotations

from datetime import timedelta

from bot.discord.client import FundingDiscordClient
from handlers.service import FundingBot
from tests.bot.discord.fake_discord import (
    EPHEMERAL,
    USER_ID,
    FakeDiscord,
    Request,
    autocomplete,
    bot_message,
    button_click,
    custom_ids,
    slash_command,
)

QUESTION = "How much did Microsoft invest in OpenAI?"


def is_callback(request: Request) -> bool:
    return request.path.endswith("/callback")


async def ask(fake: FakeDiscord, question: str, *, public: bool | None = None) -> Request:
    seen = len(fake.requests)
    await fake.dispatch("INTERACTION_CREATE", slash_command(question, public=public))
    return await fake.request_number(seen)


async def test_slash_command_replies_privately_with_an_embed(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, funding_bot: FundingBot
) -> None:
    reply = await ask(fake_discord, QUESTION)

    assert is_callback(reply)
    assert reply.body["type"] == 4
    data = reply.body["data"]
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    [embed] = data["embeds"]
    assert "$13 billion" in embed["description"]
    assert [field["name"] for field in embed["fields"]] == ["Source", "Quoted sentence"]
    assert "Chosun Biz" in embed["fields"][0]["value"]
    assert embed["footer"]["text"]
    assert "fb:share:en" in custom_ids(data)


async def test_share_button_posts_the_answer_to_the_channel(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    private = (await ask(fake_discord, QUESTION)).body["data"]
    seen = len(fake_discord.requests)

    await fake_discord.dispatch(
        "INTERACTION_CREATE", button_click("fb:share:en", bot_message(private))
    )
    shared = await fake_discord.request_number(seen)

    assert is_callback(shared)
    assert shared.body["type"] == 4
    data = shared.body["data"]
    assert not int(data.get("flags") or 0) & EPHEMERAL
    assert data["embeds"][0]["description"] == private["embeds"][0]["description"]
    assert f"<@{USER_ID}>" in data["content"]
    assert data["allowed_mentions"] == {"parse": []}
    assert "fb:share:en" not in custom_ids(data)
    assert any(custom_id.startswith("fb:vote:up:") for custom_id in custom_ids(data))
