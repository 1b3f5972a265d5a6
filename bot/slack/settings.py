"""Slack settings from the environment: tokens, signing secret and the Web API address."""

from __future__ import annotations

import re

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.settings import SettingsError, load_settings

SLACK_PUBLIC_API_URL = "https://slack.com/api/"

_NO_WHITESPACE = re.compile(r"^\S+$")


def _require_prefix(value: SecretStr | None, prefix: str) -> SecretStr | None:
    if value is None:
        return None
    secret = value.get_secret_value()
    if not secret.startswith(prefix) or not _NO_WHITESPACE.match(secret):
        raise ValueError(f"expected a token starting with {prefix!r}")
    return value


class SlackSettings(BaseSettings):
    """What the Slack adapter reads from `SLACK_*` variables.

    The signing secret is needed only in HTTP mode and the app-level token only in Socket
    Mode; `load_slack_settings` checks the one the chosen mode needs.
    """

    model_config = SettingsConfigDict(env_prefix="SLACK_", extra="ignore", frozen=True)

    bot_token: SecretStr
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_url: str = SLACK_PUBLIC_API_URL

    @field_validator("bot_token")
    @classmethod
    def _bot_token_format(cls, value: SecretStr) -> SecretStr:
        checked = _require_prefix(value, "xoxb-")
        assert checked is not None
        return checked

    @field_validator("app_token")
    @classmethod
    def _app_token_format(cls, value: SecretStr | None) -> SecretStr | None:
        return _require_prefix(value, "xapp-")

    @field_validator("signing_secret")
    @classmethod
    def _signing_secret_format(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _NO_WHITESPACE.match(value.get_secret_value()):
            raise ValueError("expected the app's signing secret, without spaces")
        return value

    @field_validator("api_url")
    @classmethod
    def _api_url_format(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
            raise ValueError("expected an http(s) URL such as https://slack.com/api/")
        # slack_sdk joins method names onto the base URL, which must end with a slash.
        return value if value.endswith("/") else value + "/"

    @property
    def socket_mode(self) -> bool:
        """Socket Mode is used whenever an app-level token is configured."""
        return self.app_token is not None


def load_slack_settings(*, http: bool) -> SlackSettings:
    """Read the Slack settings for HTTP mode (`http=True`) or Socket Mode.

    Raises SettingsError with one line naming the variable that is missing or malformed.
    """
    settings = load_settings(SlackSettings)
    if http and settings.signing_secret is None:
        raise SettingsError("SLACK_SIGNING_SECRET is not set (HTTP mode needs it)")
    if not http and settings.app_token is None:
        raise SettingsError(
            "SLACK_APP_TOKEN is not set (Socket Mode needs it; use --http for HTTP mode)"
        )
    return settings
