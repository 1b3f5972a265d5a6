"""Sharding: the real discord.py AutoShardedClient, one gateway connection per shard."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from bot.discord.client import FundingDiscordClient
from bot.discord.runner import serve_discord
from bot.discord.settings import DiscordSettings
from bot.settings import SettingsError, load_settings
from handlers.service import FundingBot
from tests.bot.discord.fake_discord import (
    ASKER,
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    Json,
    Request,
    message_payload,
)
from tests.bot.discord.support import client_for, running

QUESTION = "How much did Microsoft invest in OpenAI?"
# The test server's events go to shard (GUILD_ID >> 22) % 2 = 1; DMs always to shard 0.
GUILD_SHARD = 1


def mention() -> Json:
    return message_payload(author=ASKER, content=f"<@{BOT_ID}> {QUESTION}", mentions=[BOT_USER])


def dm() -> Json:
    return message_payload(author=ASKER, content=QUESTION, channel_id=DM_CHANNEL_ID, guild=False)


async def replies_to(fake: FakeDiscord, *messages: Json) -> list[Request]:
    seen = len(fake.requests)
    for message in messages:
        await fake.dispatch("MESSAGE_CREATE", message)
    return [await fake.request_number(seen + index) for index in range(len(messages))]


async def no_identify_wait(
    self: FundingDiscordClient, shard_id: int | None, *, initial: bool = False
) -> None:
    """Discord takes one IDENTIFY per 5 s, so discord.py waits 5 s before each shard after
    the first; the fake takes them at once."""


async def test_one_process_runs_the_shards_discord_recommends_and_answers_on_each(
    funding_bot: FundingBot, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_discord.recommended_shards = 2
    monkeypatch.setattr(FundingDiscordClient, "before_identify_hook", no_identify_wait)
    client = client_for(funding_bot)

    async with running(client, fake_discord, shards=2):
        await client.wait_until_ready()
        # Each shard reads its own connection: the replies may come in either order.
        replies = {reply.path: reply for reply in await replies_to(fake_discord, mention(), dm())}
        guild = client.get_guild(GUILD_ID)

        assert fake_discord.gateway_bot_requests == 1
        assert sorted(identify["shard"] for identify in fake_discord.identifies) == [
            [0, 2],
            [1, 2],
        ]
        assert client.shard_count == 2
        assert sorted(client.shards) == [0, 1]
        assert guild is not None
        assert guild.shard_id == GUILD_SHARD

    in_server = replies[f"/api/v10/channels/{CHANNEL_ID}/messages"]
    direct = replies[f"/api/v10/channels/{DM_CHANNEL_ID}/messages"]
    assert "$13 billion" in in_server.body["embeds"][0]["description"]
    assert "$13 billion" in direct.body["embeds"][0]["description"]


async def test_a_small_bot_is_one_shard(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    [identify] = fake_discord.identifies

    assert identify["shard"] == [0, 1]
    assert discord_client.shard_count == 1


async def test_a_process_runs_only_the_shards_its_settings_name(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> None:
    settings = DiscordSettings(
        discord_token=SecretStr("fake-token"),
        discord_shard_count=2,
        discord_shard_ids=(GUILD_SHARD,),
    )
    serving = asyncio.create_task(serve_discord(funding_bot, settings))
    try:
        await fake_discord.wait_for_session(1)
        [reply] = await replies_to(fake_discord, mention())
    finally:
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving

    [identify] = fake_discord.identifies
    assert identify["shard"] == [GUILD_SHARD, 2]
    # The count is given: nothing to ask Discord.
    assert fake_discord.gateway_bot_requests == 0
    assert reply.path == f"/api/v10/channels/{CHANNEL_ID}/messages"


def test_the_shards_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token")
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "4")
    monkeypatch.setenv("DISCORD_SHARD_IDS", "0, 2")

    settings = load_settings(DiscordSettings)

    assert settings.discord_shard_count == 4
    assert settings.discord_shard_ids == (0, 2)


def test_without_shard_settings_discord_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token")
    monkeypatch.delenv("DISCORD_SHARD_COUNT", raising=False)
    monkeypatch.delenv("DISCORD_SHARD_IDS", raising=False)

    settings = load_settings(DiscordSettings)

    assert (settings.discord_shard_count, settings.discord_shard_ids) == (None, None)


@pytest.mark.parametrize(
    ("count", "ids", "problem"),
    [
        (None, "1", "DISCORD_SHARD_IDS is malformed: needs DISCORD_SHARD_COUNT"),
        ("2", "2", "DISCORD_SHARD_IDS is malformed: expected distinct shard ids from 0 to 1"),
        ("2", "1,1", "DISCORD_SHARD_IDS is malformed: expected distinct shard ids from 0 to 1"),
        ("2", "one", "DISCORD_SHARD_IDS is malformed"),
        ("0", None, "DISCORD_SHARD_COUNT is malformed"),
    ],
)
def test_malformed_shard_settings_name_the_variable(
    count: str | None, ids: str | None, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token")
    for name, value in (("DISCORD_SHARD_COUNT", count), ("DISCORD_SHARD_IDS", ids)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError, match=problem):
        load_settings(DiscordSettings)
