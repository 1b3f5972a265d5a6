"""Discord settings, read from the environment."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DiscordSettings(BaseSettings):
    """What the Discord adapter needs: the bot token (DISCORD_TOKEN)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    discord_token: SecretStr = Field(min_length=1)
