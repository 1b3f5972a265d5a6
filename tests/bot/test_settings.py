"""CoreSettings reads the environment exactly as pydantic-settings would (without importing it)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings import CoreSettings, SettingsError, load_settings

NAMES = (
    "KNOWLEDGE_DIR",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "LOG_QUESTIONS",
    "RATE_LIMIT_PER_MINUTE",
    "CURATION_DB",
    "HOST",
    "PORT",
    "REDIS_URL",
    "CONVERSATION_TTL_SECONDS",
)


class _ReferenceBase(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)


# The same fields on pydantic-settings' own BaseSettings: the behaviour to keep.
Reference: Any = create_model(  # type: ignore[call-overload]
    "Reference",
    __base__=_ReferenceBase,
    **{name: (info.annotation, info) for name, info in CoreSettings.model_fields.items()},
)

ENVIRONMENTS: list[dict[str, str]] = [
    {},
    {
        "KNOWLEDGE_DIR": "/srv/knowledge",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
        "LOG_QUESTIONS": "false",
        "RATE_LIMIT_PER_MINUTE": "0",
        "CURATION_DB": "/tmp/j.sqlite3",
        "HOST": "127.0.0.1",
        "PORT": "3000",
        "REDIS_URL": "redis://localhost:6379/0",
        "CONVERSATION_TTL_SECONDS": "60.5",
    },
    {"log_level": "WARNING", "Port": "8080", "log_questions": "no"},
    {"LOG_QUESTIONS": "1"},
    {"LOG_LEVEL": "verbose"},
    {"LOG_LEVEL": "info"},
    {"PORT": "abc"},
    {"PORT": "70000"},
    {"PORT": ""},
    {"KNOWLEDGE_DIR": ""},
    {"RATE_LIMIT_PER_MINUTE": "-1"},
    {"RATE_LIMIT_PER_MINUTE": " 5 "},
    {"REDIS_URL": "http://localhost"},
    {"REDIS_URL": ""},
    {"LOG_QUESTIONS": "maybe", "PORT": "-1"},
    {"CONVERSATION_TTL_SECONDS": "0"},
    {"UNRELATED_SETTING": "x", "HOST": ""},
]


def _outcome(factory: Any, **arguments: Any) -> object:
    try:
        return factory(**arguments).model_dump()
    except ValidationError as error:
        return [(e["loc"], e["type"], e["msg"]) for e in error.errors()]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_environment_reads_as_pydantic_settings_reads_it(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _outcome(CoreSettings) == _outcome(Reference)
    assert _outcome(CoreSettings, port=1234, host="::1") == _outcome(
        Reference, port=1234, host="::1"
    )


def test_a_malformed_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "abc")
    with pytest.raises(SettingsError, match="PORT is malformed"):
        load_settings(CoreSettings)
