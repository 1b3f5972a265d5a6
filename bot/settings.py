"""Settings from the environment, and one clear line when one is missing or malformed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, RedisDsn, ValidationError, model_validator

SettingsT = TypeVar("SettingsT", bound=BaseModel)


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the environment variable."""


APP_DIR_NAME = "funding-bot"
CURATION_DB_NAME = "funding-bot.sqlite3"


def user_data_dir() -> Path:
    """Where the bot keeps its own files, made when first written: $XDG_DATA_HOME/funding-bot,
    else ~/.local/share/funding-bot (on Windows, funding-bot under %LOCALAPPDATA%)."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / APP_DIR_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_DIR_NAME


def default_curation_db() -> Path:
    """The curation journal's file when CURATION_DB is not set."""
    return user_data_dir() / CURATION_DB_NAME


class EnvironmentSettings(BaseModel):
    """Fields read from environment variables of the same name, as pydantic-settings reads
    them (the name in any case, the value as written, arguments before the environment), but
    without importing pydantic-settings, which imports asyncio: every command, `funding-bot ask`
    too, reads these settings first. The platforms' settings use pydantic-settings itself."""

    model_config = ConfigDict(
        extra="ignore", frozen=True, validate_default=True, arbitrary_types_allowed=True
    )

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        environ = {name.lower(): value for name, value in os.environ.items()}
        found = {name: environ[name] for name in cls.model_fields if name in environ}
        return {**found, **data}


class CoreSettings(EnvironmentSettings):
    """Settings every surface shares."""

    knowledge_dir: Path | None = None
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_questions: bool = True
    rate_limit_per_minute: int = Field(default=20, ge=0)
    curation_db: Path = Field(default_factory=default_curation_db)
    host: str = "0.0.0.0"
    port: int | None = Field(default=None, ge=0, le=65535)
    # Shared state for several workers; unset, each process keeps its own in memory.
    redis_url: RedisDsn | None = None
    conversation_ttl_seconds: float = Field(default=30 * 60, gt=0)


def load_settings(settings_class: type[SettingsT]) -> SettingsT:
    """Build `settings_class` from the environment or raise one readable SettingsError."""
    try:
        return settings_class()
    except ValidationError as error:
        raise SettingsError(_describe(settings_class, error)) from None


def _describe(settings_class: type[BaseModel], error: ValidationError) -> str:
    prefix = str(dict(settings_class.model_config).get("env_prefix", ""))
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        variable = (prefix + field).upper()
        if item["type"] == "missing":
            problems.append(f"{variable} is not set")
        else:
            problems.append(f"{variable} is malformed: {item['msg'].removeprefix('Value error, ')}")
    return "; ".join(problems)
