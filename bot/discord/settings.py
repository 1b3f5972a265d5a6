"""Discord settings, read from the environment."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class DiscordSettings(BaseSettings):
    """What the Discord adapter needs: the bot token (DISCORD_TOKEN), and, to split the
    bot's shards between processes, how many there are (DISCORD_SHARD_COUNT) and which ones
    this process runs (DISCORD_SHARD_IDS, e.g. `0,1`). Without them one process runs as many
    shards as Discord recommends."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    discord_token: SecretStr = Field(min_length=1)
    discord_shard_count: int | None = Field(default=None, ge=1)
    # Comma-separated in the environment, not JSON.
    discord_shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",")) if value.strip() else None
        return value

    @field_validator("discord_shard_ids")
    @classmethod
    def _within_the_count(
        cls, ids: tuple[int, ...] | None, info: ValidationInfo
    ) -> tuple[int, ...] | None:
        if ids is None:
            return None
        count = info.data.get("discord_shard_count")
        if count is None:
            raise ValueError("needs DISCORD_SHARD_COUNT, the number of shards in all")
        if len(set(ids)) != len(ids) or not all(0 <= shard < count for shard in ids):
            raise ValueError(f"expected distinct shard ids from 0 to {count - 1}, e.g. 0,1")
        return ids
