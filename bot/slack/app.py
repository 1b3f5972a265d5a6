"""The bolt AsyncApp of the funding bot: settings, listeners and duplicate-event filtering."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.health import Health
from bot.slack.background import DRAIN_SECONDS, BackgroundTasks
from bot.slack.blocks import (
    HELPFUL_ACTION,
    NOT_HELPFUL_ACTION,
    QUOTE_ACTION,
    SHARE_ACTION,
    SUGGESTION_ACTION_PREFIX,
)
from bot.slack.identity import SlackIdentity
from bot.slack.listeners import SlackListeners
from bot.slack.settings import SlackSettings
from handlers.ports import SharedState

if TYPE_CHECKING:
    from handlers.service import FundingBot

log = logging.getLogger("funding_bot.slack")

SLASH_COMMAND = "/funding"
# Slack redelivers an unanswered event up to three times within about five minutes.
EVENT_TTL_SECONDS = 60 * 60.0
WEB_API_TIMEOUT_SECONDS = 10
# Web API calls in flight at once; the rest wait their turn (aiohttp's connection pool).
MAX_CONCURRENT_WEB_API_CALLS = 20
# bolt copies the root logger's level onto its loggers unless given a base logger; this one
# has none of its own, so bolt's loggers follow `slack_bolt` (quiet unless LOG_LEVEL=DEBUG).
BOLT_LOGGER = logging.getLogger("slack_bolt.funding_bot")


class SlackApp(AsyncApp):
    """A bolt AsyncApp that also owns its identity, its outgoing connections and the replies
    still being sent after their ack."""

    def __init__(
        self,
        *,
        background: BackgroundTasks,
        health: Health,
        identity: SlackIdentity,
        signing_secret: str,
        max_concurrent_calls: int = MAX_CONCURRENT_WEB_API_CALLS,
        **options: Any,
    ) -> None:
        # bolt accepts an AsyncAuthorize instance as is, though its annotation says callable.
        super().__init__(signing_secret=signing_secret, authorize=identity, **options)  # type: ignore[arg-type]
        self.background = background
        self.health = health
        self.identity = identity
        self.signing_secret = signing_secret
        self._max_concurrent_calls = max_concurrent_calls
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        """Open the bounded connection pool and resolve the bot's identity (in the background
        if Slack is unreachable). Raises SettingsError if Slack refuses the token."""
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._max_concurrent_calls)
            self._session = aiohttp.ClientSession(connector=connector)
            # bolt gives every request's client this session, so every call shares the pool.
            self.client.session = self._session
        await self.identity.start()

    async def aclose(self, grace_seconds: float = DRAIN_SECONDS) -> None:
        """Let replies in flight finish (up to `grace_seconds`); called when serving stops."""
        await self.background.drain(grace_seconds)
        await self.identity.close()
        if self._session is not None:
            self.client.session = None
            await self._session.close()
            self._session = None


def build_slack_app(
    bot: FundingBot,
    settings: SlackSettings,
    *,
    health: Health | None = None,
    max_concurrent_calls: int = MAX_CONCURRENT_WEB_API_CALLS,
) -> SlackApp:
    """The Slack app answering `/funding`, mentions, direct messages and its own buttons.

    Its Web API client talks to `settings.api_url` with the bot token, at most
    `max_concurrent_calls` calls at a time, and retries when Slack rate-limits or a
    connection fails. `health` receives the identity's state (for /healthz).
    """
    background = BackgroundTasks()
    health = health or Health()
    client = build_web_client(settings)
    app = SlackApp(
        background=background,
        health=health,
        identity=SlackIdentity(client, settings.bot_token.get_secret_value(), health),
        max_concurrent_calls=max_concurrent_calls,
        name="funding-bot",
        client=client,
        logger=BOLT_LOGGER,
        signing_secret=_signing_secret(settings),
        # Listeners ack before returning and leave slow work to `background`, so bolt need
        # not run them detached (which would poll for the ack every 10 ms per request).
        process_before_response=True,
        # Every HTTP request reaches bolt through the server's guard, which has checked its
        # signature and timestamp on the raw bytes (bot/slack/guard.py); Socket Mode requests
        # are not signed. Checking again here would only cost time.
        request_verification_enabled=False,
    )
    app.use(SkipRepeatedEvents(bot.state))
    _register(app, SlackListeners(bot, background, bot.state))
    return app


def build_web_client(settings: SlackSettings) -> AsyncWebClient:
    """A Web API client for `settings.api_url` that waits and retries when rate-limited
    (honouring Retry-After) or when a connection fails. It carries no token: requests get
    theirs from `SlackIdentity` (bolt would otherwise skip the token with a warning)."""
    client = AsyncWebClient(base_url=settings.api_url, timeout=WEB_API_TIMEOUT_SECONDS)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(AsyncConnectionErrorRetryHandler(max_retry_count=2))
    return client


class SkipRepeatedEvents(AsyncMiddleware):
    """Global middleware: acknowledge a redelivered event (same event_id) without answering.

    Slack redelivers an event it thinks went unanswered (`X-Slack-Retry-Num`); bolt would
    dispatch it again. The first worker to claim `slack:event:{team}:{event_id}` in the shared
    state answers it: once across workers, and again after a restart, with Redis.
    """

    def __init__(self, state: SharedState, *, ttl: float = EVENT_TTL_SECONDS) -> None:
        self._state = state
        self._ttl = ttl

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt passes it by this name
    ) -> BoltResponse | None:
        event_id = req.body.get("event_id")
        if isinstance(event_id, str):
            team = req.body.get("team_id") or req.context.team_id or "unknown"
            if not await self._state.claim(f"slack:event:{team}:{event_id}", ttl=self._ttl):
                log.info("ignoring a repeated delivery of Slack event %s", event_id)
                return BoltResponse(status=200, body="")
        return await next()


def _register(app: SlackApp, listeners: SlackListeners) -> None:
    app.command(SLASH_COMMAND)(listeners.on_command)
    app.event("app_mention")(listeners.on_app_mention)
    app.event("message")(listeners.on_message)
    app.action(SHARE_ACTION)(listeners.on_share)
    app.action(QUOTE_ACTION)(listeners.on_quote)
    app.action(HELPFUL_ACTION)(listeners.on_feedback)
    app.action(NOT_HELPFUL_ACTION)(listeners.on_feedback)
    app.action(re.compile(rf"^{SUGGESTION_ACTION_PREFIX}\d+$"))(listeners.on_suggestion)


def _signing_secret(settings: SlackSettings) -> str:
    if settings.signing_secret is not None:
        return settings.signing_secret.get_secret_value()
    # Socket Mode needs no secret; an unguessable one keeps any HTTP request from verifying.
    return secrets.token_hex(32)
