"""Who the bot is on Slack (auth.test), resolved once at start, retried in the background.

bolt's default single-team authorization calls auth.test inside a request until it first
succeeds, so an unreachable Web API made every request fail. Here requests are authorized
from what is known (the token always is); the bot's own ids arrive when auth.test answers.
A token Slack refuses is a settings error: fatal at start, with one line naming it.
"""

from __future__ import annotations

import asyncio
import logging
import random

import aiohttp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.health import Health, State
from bot.settings import SettingsError

log = logging.getLogger("funding_bot.slack")

IDENTITY = "slack-identity"
FIRST_ATTEMPT_SECONDS = 3.0
MAX_BACKOFF_SECONDS = 60.0
# auth.test errors that mean the token itself is wrong: retrying cannot help.
REFUSED_TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


def backoff_seconds(attempt: int, *, cap: float = MAX_BACKOFF_SECONDS) -> float:
    """1, 2, 4, ... seconds up to `cap`, with jitter so that restarts do not synchronise."""
    base: float = min(cap, 2.0**attempt)
    return base * random.uniform(0.5, 1.0)


class SlackIdentity(AsyncAuthorize):
    """bolt's `authorize`: the bot token always, the bot's user and bot ids once known."""

    def __init__(self, client: AsyncWebClient, token: str, health: Health) -> None:
        self._client = client
        self._token = token
        self._health = health
        self.bot_user_id: str | None = None
        self.bot_id: str | None = None
        self._retrying: asyncio.Task[None] | None = None

    async def __call__(
        self,
        *,
        context: AsyncBoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult | None:
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=self._token,
            bot_user_id=self.bot_user_id,
            bot_id=self.bot_id,
            user_id=user_id,
        )

    async def start(self, first_attempt_seconds: float = FIRST_ATTEMPT_SECONDS) -> None:
        """Try auth.test once (briefly); if Slack is unreachable, keep trying in the background.

        Raises SettingsError when Slack refuses the token.
        """
        self._health.set(IDENTITY, State.STARTING)
        try:
            async with asyncio.timeout(first_attempt_seconds):
                await self._resolve()
            return
        except SettingsError:
            raise
        except (TimeoutError, SlackApiError, aiohttp.ClientError, OSError) as error:
            self._unresolved(error, attempt=0)
        self._retrying = asyncio.create_task(self._retry(), name=IDENTITY)

    async def close(self) -> None:
        """Stop retrying (when serving stops)."""
        if self._retrying is not None:
            self._retrying.cancel()
            await asyncio.gather(self._retrying, return_exceptions=True)
            self._retrying = None

    async def _retry(self) -> None:
        attempt = 1
        while True:
            await asyncio.sleep(backoff_seconds(attempt))
            try:
                await self._resolve()
                return
            except SettingsError as error:
                # The token was revoked meanwhile: say so loudly, keep the process up.
                self._health.set(IDENTITY, State.STOPPED, str(error))
                log.error("Slack refused the bot token", extra={"fields": {"error": str(error)}})
                return
            except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as error:
                self._unresolved(error, attempt=attempt)
            attempt += 1

    async def _resolve(self) -> None:
        try:
            response = await self._client.auth_test(token=self._token)
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in REFUSED_TOKEN_ERRORS:
                raise SettingsError(f"SLACK_BOT_TOKEN was refused by Slack ({code})") from None
            raise
        self.bot_user_id = _string(response.get("user_id"))
        self.bot_id = _string(response.get("bot_id"))
        self._health.set(IDENTITY, State.SERVING)
        log.info("Slack identity resolved", extra={"fields": {"bot_user_id": self.bot_user_id}})

    def _unresolved(self, error: BaseException, *, attempt: int) -> None:
        reason = _short(error)
        self._health.set(IDENTITY, State.RETRYING, reason)
        log.warning(
            "Slack Web API unreachable; serving without the bot's identity, retrying",
            extra={"fields": {"attempt": attempt, "error": reason}},
        )


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:200]
