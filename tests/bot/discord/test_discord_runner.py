"""Running, stopping and registering the bot; its settings and invite URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.discord.runner import bot_permissions, invite_url, serve_discord, sync_commands
from bot.discord.settings import DiscordSettings
from bot.settings import SettingsError, load_settings
from handlers.service import FundingBot
from tests.bot.discord.fake_discord import (
    APPLICATION_ID,
    ASKER,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    Json,
    message_payload,
)

SETTINGS = DiscordSettings(discord_token=SecretStr("fake-token"))
README = Path(__file__).resolve().parents[3] / "README.md"


def funding_command(payload: list[Json]) -> Json:
    [command] = payload
    assert command["name"] == "funding"
    return command


async def test_sync_registers_funding_globally_with_autocomplete(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> None:
    count = await sync_commands(funding_bot, SETTINGS, guild_id=None)

    [request] = fake_discord.requests
    assert count == 1
    assert request.method == "PUT"
    assert request.path == f"/api/v10/applications/{APPLICATION_ID}/commands"
    command = funding_command(request.body)
    question, public = command["options"]
    assert (question["name"], question["type"]) == ("question", 3)
    assert question["autocomplete"] is True
    assert question["required"] is True
    assert (public["name"], public["type"]) == ("public", 5)
    assert not public.get("required")
    assert command["description_localizations"]["ko"].startswith("AI 투자")
    assert question["description_localizations"]["ko"].startswith("질문")


async def test_sync_can_target_one_guild(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> None:
    count = await sync_commands(funding_bot, SETTINGS, guild_id=GUILD_ID)

    [request] = fake_discord.requests
    assert count == 1
    assert request.path == f"/api/v10/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
    assert funding_command(request.body)["options"][0]["autocomplete"] is True


async def test_serve_discord_answers_then_stops_cleanly_when_cancelled(
    funding_bot: FundingBot, fake_discord: FakeDiscord
) -> None:
    serving = asyncio.create_task(serve_discord(funding_bot, SETTINGS))
    await fake_discord.wait_for_session(1)
    question = message_payload(
        author=ASKER,
        content="How much did Microsoft invest in OpenAI?",
        channel_id=DM_CHANNEL_ID,
        guild=False,
    )
    await fake_discord.dispatch("MESSAGE_CREATE", question)
    reply = await fake_discord.request_number(0)

    serving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await serving

    assert reply.path.endswith(f"/channels/{DM_CHANNEL_ID}/messages")
    assert fake_discord.identify is not None
    assert fake_discord.identify["token"] == "fake-token"
    assert fake_discord.identify["intents"] == 4609  # guilds, guild and DM messages only
    await asyncio.wait_for(fake_discord.gateway_closed.wait(), 5)


def test_a_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)

    with pytest.raises(SettingsError, match="DISCORD_TOKEN"):
        load_settings(DiscordSettings)


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token")

    settings = load_settings(DiscordSettings)

    assert settings.discord_token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(settings)


def test_the_invite_url_asks_for_both_scopes_and_only_the_needed_permissions() -> None:
    url = invite_url(APPLICATION_ID)

    assert "scope=bot+applications.commands" in url
    assert f"permissions={bot_permissions().value}" in url
    assert bot_permissions().value == 274877991936
    assert not bot_permissions().mention_everyone


def test_the_readme_gives_the_same_invite_url() -> None:
    text = README.read_text(encoding="utf-8")

    assert invite_url("YOUR_APPLICATION_ID") in text
    assert str(bot_permissions().value) in text
