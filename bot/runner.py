"""Serving: every configured surface in one asyncio process, stopped gracefully on a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from bot.reloading import ReloadingKnowledge
from bot.settings import CoreSettings, SettingsError
from handlers.service import FundingBot

log = logging.getLogger("funding_bot.runner")

GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class Surface:
    """One platform connection: a coroutine that serves until cancelled, then closes."""

    name: str
    serve: Callable[[], Coroutine[Any, Any, None]]


def platforms_configured(environ: Mapping[str, str]) -> bool:
    """Whether any chat platform has its token set (otherwise the terminal chat runs)."""
    return bool(environ.get("SLACK_BOT_TOKEN") or environ.get("DISCORD_TOKEN"))


def configured_surfaces(
    bot: FundingBot, settings: CoreSettings, environ: Mapping[str, str]
) -> list[Surface]:
    """Slack when SLACK_BOT_TOKEN is set (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT),
    Discord when DISCORD_TOKEN is set. Raises SettingsError naming what is missing."""
    surfaces: list[Surface] = []
    slack_mode = _slack_mode(settings, environ)
    if environ.get("DISCORD_TOKEN"):
        surfaces.append(discord_surface(bot))
    if environ.get("SLACK_BOT_TOKEN") and slack_mode is None:
        problem = "SLACK_APP_TOKEN is not set (Socket Mode) and PORT is not set (HTTP mode)"
        if not surfaces:
            raise SettingsError(f"{problem}: set one")
        # A worker beside a web process (Procfile) serves Discord; the web one serves Slack.
        log.warning("Slack not started here", extra={"fields": {"reason": problem}})
    elif slack_mode is not None:
        port = settings.port or 0
        surfaces.insert(
            0, slack_surface(bot, settings, socket_mode=slack_mode == "socket", port=port)
        )
    return surfaces


def _slack_mode(settings: CoreSettings, environ: Mapping[str, str]) -> str | None:
    if not environ.get("SLACK_BOT_TOKEN"):
        return None
    if environ.get("SLACK_APP_TOKEN"):
        return "socket"
    return "http" if settings.port is not None else None


def slack_surface(
    bot: FundingBot,
    settings: CoreSettings,
    *,
    socket_mode: bool,
    port: int,
    reuse_port: bool = False,
) -> Surface:
    """Slack in Socket Mode, or in HTTP mode on `port`; raises SettingsError if not set up."""
    from bot.slack.app import build_slack_app
    from bot.slack.server import serve_http
    from bot.slack.settings import load_slack_settings
    from bot.slack.socket_mode import serve_socket_mode

    slack = load_slack_settings(http=not socket_mode)
    app = build_slack_app(bot, slack)
    if socket_mode:
        return Surface("slack-socket-mode", lambda: serve_socket_mode(app, slack))
    return Surface(
        "slack-http",
        lambda: serve_http(app, host=settings.host, port=port, reuse_port=reuse_port),
    )


def discord_surface(bot: FundingBot) -> Surface:
    """Discord with DISCORD_TOKEN; raises SettingsError if it is not set."""
    from bot.discord.runner import serve_discord
    from bot.discord.settings import DiscordSettings
    from bot.settings import load_settings

    discord_settings = load_settings(DiscordSettings)
    return Surface("discord", lambda: serve_discord(bot, discord_settings))


async def serve(
    surfaces: list[Surface],
    *,
    knowledge: ReloadingKnowledge | None = None,
    grace_seconds: float = GRACE_SECONDS,
) -> int:
    """Run every surface until SIGTERM/SIGINT (or one fails), then stop them all gracefully.

    Returns 0 after a requested stop, 1 if a surface stopped by itself.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if knowledge is not None:
        loop.add_signal_handler(signal.SIGHUP, knowledge.reload)
    tasks = [asyncio.create_task(s.serve(), name=s.name) for s in surfaces]
    watcher = asyncio.create_task(knowledge.watch()) if knowledge is not None else None
    stopping = asyncio.create_task(stop.wait())
    log.info("serving", extra={"fields": {"surfaces": [s.name for s in surfaces]}})
    done, _ = await asyncio.wait({stopping, *tasks}, return_when=asyncio.FIRST_COMPLETED)
    # A surface that ends by itself, with or without an error, is a failure: it should serve
    # until told to stop.
    failed = [task for task in done if task in tasks]
    for task in failed:
        error = None if task.cancelled() else task.exception()
        log.error("surface stopped", exc_info=error, extra={"fields": {"surface": task.get_name()}})
    log.info("shutting down", extra={"fields": {"grace_seconds": grace_seconds}})
    for task in (*tasks, stopping, *([watcher] if watcher else [])):
        task.cancel()
    _, late = await asyncio.wait(tasks, timeout=grace_seconds) if tasks else (set(), set())
    if late:
        names = [task.get_name() for task in late]
        log.warning("surfaces did not stop in time", extra={"fields": {"surfaces": names}})
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.remove_signal_handler(signum)
    return 1 if failed else 0
