"""The bolt AsyncApp of the funding bot: settings, listeners and duplicate-event filtering."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.background import BackgroundTasks
from bot.slack.blocks import (
    HELPFUL_ACTION,
    NOT_HELPFUL_ACTION,
    QUOTE_ACTION,
    SHARE_ACTION,
    SUGGESTION_ACTION_PREFIX,
)
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


class SlackApp(AsyncApp):
    """A bolt AsyncApp that also owns the replies still being sent after their ack."""

    def __init__(self, *, background: BackgroundTasks, **options: Any) -> None:
        super().__init__(**options)
        self.background = background

    async def aclose(self, grace_seconds: float = 5.0) -> None:
        """Let replies in flight finish (up to `grace_seconds`); called when serving stops."""
        await self.background.drain(grace_seconds)


def build_slack_app(
    bot: FundingBot, settings: SlackSettings, *, client: AsyncWebClient | None = None
) -> SlackApp:
    """The Slack app answering `/funding`, mentions, direct messages and its own buttons.

    `client` replaces the Web API client (tests point one at a local fake); by default it
    talks to `settings.api_url` with the bot token and retries when Slack rate-limits.
    """
    background = BackgroundTasks()
    app = SlackApp(
        background=background,
        name="funding-bot",
        client=client or build_web_client(settings),
        signing_secret=_signing_secret(settings),
        # Listeners ack before returning and leave slow work to `background`, so bolt need
        # not run them detached (which would poll for the ack every 10 ms per request).
        process_before_response=True,
    )
    app.use(SkipRepeatedEvents(bot.state))
    _register(app, SlackListeners(bot, background, bot.state))
    return app


def build_web_client(settings: SlackSettings) -> AsyncWebClient:
    """A Web API client for `settings.api_url` that waits and retries when rate-limited."""
    client = AsyncWebClient(
        token=settings.bot_token.get_secret_value(),
        base_url=settings.api_url,
        timeout=WEB_API_TIMEOUT_SECONDS,
    )
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
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
