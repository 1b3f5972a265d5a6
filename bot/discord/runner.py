"""Running the Discord bot, registering its commands, and the invite URL."""

from __future__ import annotations

import asyncio

import discord

from bot.discord.client import FundingDiscordClient
from bot.discord.settings import DiscordSettings
from bot.health import Health, State
from bot.settings import SettingsError
from handlers.service import FundingBot

INVITE_SCOPES = ("bot", "applications.commands")
SURFACE = "discord"


def bot_permissions() -> discord.Permissions:
    """What the bot needs in a channel to reply to mentions with embeds, threads included."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
    )


def invite_url(application_id: int | str) -> str:
    """The URL that adds the bot to a server, with its scopes and permissions."""
    return discord.utils.oauth_url(
        application_id, permissions=bot_permissions(), scopes=INVITE_SCOPES
    )


async def serve_discord(
    bot: FundingBot, settings: DiscordSettings, *, health: Health | None = None
) -> None:
    """Serve Discord until cancelled (discord.py reconnects by itself), then close cleanly.

    Raises SettingsError if Discord refuses the token; other failures (Discord unreachable)
    propagate for the runner to retry.
    """
    client = FundingDiscordClient(
        bot, shard_count=settings.discord_shard_count, shard_ids=settings.discord_shard_ids
    )
    ready = asyncio.create_task(_report_ready(client, health or Health()))
    try:
        async with client:
            await client.start(settings.discord_token.get_secret_value())
    except discord.LoginFailure:
        raise SettingsError("DISCORD_TOKEN was refused by Discord") from None
    finally:
        ready.cancel()


async def _report_ready(client: FundingDiscordClient, health: Health) -> None:
    await client.wait_until_ready()
    health.set(SURFACE, State.SERVING)


async def sync_commands(bot: FundingBot, settings: DiscordSettings, *, guild_id: int | None) -> int:
    """Register /funding globally, or in one guild (immediate, for testing); returns the count."""
    client = FundingDiscordClient(bot)
    async with client:
        await client.login(settings.discord_token.get_secret_value())
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return len(synced)
