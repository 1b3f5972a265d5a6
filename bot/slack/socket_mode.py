"""Socket Mode: Slack pushes events over a WebSocket, so no public URL is needed."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.health import State
from bot.settings import SettingsError
from bot.slack.app import SlackApp
from bot.slack.settings import SlackSettings

log = logging.getLogger("funding_bot.slack")

SURFACE = "slack-socket-mode"


async def serve_socket_mode(app: SlackApp, settings: SlackSettings) -> None:
    """Connect to Slack with the app-level token and serve until cancelled, then disconnect."""
    if settings.app_token is None:
        raise SettingsError("SLACK_APP_TOKEN is not set (Socket Mode needs it)")
    handler = AsyncSocketModeHandler(app, app_token=settings.app_token.get_secret_value())
    try:
        await app.open()
        # slack_bolt leaves the handler's connect/close unannotated.
        await handler.connect_async()  # type: ignore[no-untyped-call]
        app.health.set(SURFACE, State.SERVING)
        log.info("Slack Socket Mode connected")
        await asyncio.Event().wait()
    finally:
        app.health.set(SURFACE, State.STOPPED)
        await handler.close_async()  # type: ignore[no-untyped-call]
        await app.aclose()
        log.info("Slack Socket Mode closed")
