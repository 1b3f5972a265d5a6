"""The Discord client: the /funding command tree, persistent buttons and mention replies."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from bot.discord.commands import MessagesTranslator, build_funding_command
from bot.discord.components import DYNAMIC_ITEMS, NO_PINGS, Clock
from bot.discord.mentions import answer_mention
from handlers.service import FundingBot


def discord_intents() -> discord.Intents:
    """Only what the bot uses, none of them privileged (no message content, no members)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    return intents


class FundingDiscordClient(discord.AutoShardedClient):
    """A discord.py client that answers through one FundingBot and never pings anyone.

    It is sharded (discord.py's AutoShardedClient): by default it runs as many shards as
    Discord recommends for the bot (one until it is in about 2,500 servers), all in this
    process; `shard_count` and `shard_ids` split them between processes instead, each running
    the shards listed (all of them when `shard_ids` is None). Whatever a shard must share with
    the others (rate limits, conversations) is in the bot's shared state.

    `clock` tells how old an interaction is (see `is_late`); tests give a fixed one, so that a
    slow machine cannot turn an immediate reply into a deferred one.
    """

    def __init__(
        self,
        funding: FundingBot,
        *,
        clock: Clock = discord.utils.utcnow,
        shard_count: int | None = None,
        shard_ids: Sequence[int] | None = None,
    ) -> None:
        intents = discord_intents()
        if shard_ids is None:
            super().__init__(intents=intents, allowed_mentions=NO_PINGS, shard_count=shard_count)
        else:
            super().__init__(
                intents=intents,
                allowed_mentions=NO_PINGS,
                shard_count=shard_count,
                shard_ids=list(shard_ids),
            )
        self.funding = funding
        self.clock = clock
        self.tree: app_commands.CommandTree[FundingDiscordClient] = app_commands.CommandTree(self)
        self.tree.add_command(build_funding_command())

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        await self.tree.set_translator(MessagesTranslator())

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            await answer_mention(self.funding, message, self.user.id)
