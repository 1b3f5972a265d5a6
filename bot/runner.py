"""Serving: every configured surface in one asyncio process, stopped gracefully on a signal."""

from __future__ import annotations

import asyncio
import logging
import random
import signal
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.health import Health, State
from bot.settings import CoreSettings, SettingsError

if TYPE_CHECKING:
    # Types only. Each platform's client (slack_bolt, aiohttp, discord.py) is imported by
    # the surface that serves it, so a process imports only what it serves.
    from bot.reloading import ReloadingKnowledge
    from handlers.service import FundingBot

log = logging.getLogger("funding_bot.runner")

GRACE_SECONDS = 30.0
# Closing connections after the grace period for replies in flight.
CLOSE_MARGIN_SECONDS = 5.0
MAX_RETRY_SECONDS = 60.0
# A surface that served this long before failing starts its backoff afresh.
HEALTHY_RUN_SECONDS = 60.0


@dataclass(frozen=True)
class Surface:
    """One platform connection: a coroutine that serves until cancelled, then closes."""

    name: str
    serve: Callable[[], Coroutine[Any, Any, None]]


def platforms_configured(environ: Mapping[str, str]) -> bool:
    """Whether any chat platform has its token set (otherwise the terminal chat runs)."""
    return bool(environ.get("SLACK_BOT_TOKEN") or environ.get("DISCORD_TOKEN"))


def configured_surfaces(
    bot: FundingBot,
    settings: CoreSettings,
    environ: Mapping[str, str],
    health: Health | None = None,
) -> list[Surface]:
    """Slack when SLACK_BOT_TOKEN is set (Socket Mode with SLACK_APP_TOKEN, else HTTP on PORT),
    Discord when DISCORD_TOKEN is set. Raises SettingsError naming what is missing."""
    surfaces: list[Surface] = []
    slack_mode = _slack_mode(settings, environ)
    if environ.get("DISCORD_TOKEN"):
        surfaces.append(discord_surface(bot, health))
    if environ.get("SLACK_BOT_TOKEN") and slack_mode is None:
        problem = "SLACK_APP_TOKEN is not set (Socket Mode) and PORT is not set (HTTP mode)"
        if not surfaces:
            raise SettingsError(f"{problem}: set one")
        # A worker beside a web process (Procfile) serves Discord; the web one serves Slack.
        log.warning("Slack not started here", extra={"fields": {"reason": problem}})
    elif slack_mode is not None:
        port = settings.port or 0
        surfaces.insert(
            0,
            slack_surface(
                bot, settings, socket_mode=slack_mode == "socket", port=port, health=health
            ),
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
    health: Health | None = None,
    reuse_port: bool = False,
) -> Surface:
    """Slack in Socket Mode, or in HTTP mode on `port`; raises SettingsError if not set up."""
    from bot.slack.app import build_slack_app
    from bot.slack.server import serve_http
    from bot.slack.settings import load_slack_settings
    from bot.slack.socket_mode import serve_socket_mode

    slack = load_slack_settings(http=not socket_mode)
    app = build_slack_app(bot, slack, health=health)
    if socket_mode:
        return Surface("slack-socket-mode", lambda: serve_socket_mode(app, slack))
    return Surface(
        "slack-http",
        lambda: serve_http(app, host=settings.host, port=port, reuse_port=reuse_port),
    )


def discord_surface(bot: FundingBot, health: Health | None = None) -> Surface:
    """Discord with DISCORD_TOKEN; raises SettingsError if it is not set."""
    from bot.discord.runner import serve_discord
    from bot.discord.settings import DiscordSettings
    from bot.settings import load_settings

    discord_settings = load_settings(DiscordSettings)
    return Surface("discord", lambda: serve_discord(bot, discord_settings, health=health))


async def serve(
    surfaces: list[Surface],
    *,
    knowledge: ReloadingKnowledge | None = None,
    grace_seconds: float = GRACE_SECONDS,
    health: Health | None = None,
) -> int:
    """Run every surface until SIGTERM/SIGINT, then stop them all gracefully.

    A surface that fails is restarted with backoff while the others keep serving. Returns 0
    after a requested stop; raises SettingsError (a refused token) after stopping the rest.
    """
    health = health or Health()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if knowledge is not None:
        loop.add_signal_handler(signal.SIGHUP, knowledge.request_reload)
    tasks = [asyncio.create_task(supervise(s, health), name=s.name) for s in surfaces]
    watcher = asyncio.create_task(knowledge.watch()) if knowledge is not None else None
    stopping = asyncio.create_task(stop.wait())
    log.info("serving", extra={"fields": {"surfaces": [s.name for s in surfaces]}})
    done, _ = await asyncio.wait({stopping, *tasks}, return_when=asyncio.FIRST_COMPLETED)
    fatal = next((t.exception() for t in done if t in tasks and not t.cancelled()), None)
    log.info("shutting down", extra={"fields": {"grace_seconds": grace_seconds}})
    for task in (*tasks, stopping, *([watcher] if watcher else [])):
        task.cancel()
    wait = grace_seconds + CLOSE_MARGIN_SECONDS
    _, late = await asyncio.wait(tasks, timeout=wait) if tasks else (set(), set())
    if late:
        names = [task.get_name() for task in late]
        log.warning("surfaces did not stop in time", extra={"fields": {"surfaces": names}})
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.remove_signal_handler(signum)
    if fatal is not None:
        raise fatal
    return 0


async def supervise(surface: Surface, health: Health) -> None:
    """Serve `surface`, restarting it with backoff when it fails: one log line per attempt,
    no traceback. A SettingsError (a refused token) is fatal and propagates."""
    attempt = 0
    loop = asyncio.get_running_loop()
    while True:
        health.set(surface.name, State.STARTING)
        started = loop.time()
        try:
            await surface.serve()
            reason = "stopped by itself"
        except SettingsError:
            health.set(surface.name, State.STOPPED, "refused settings")
            raise
        except Exception as error:
            reason = _short(error)
        if loop.time() - started > HEALTHY_RUN_SECONDS:
            attempt = 0
        attempt += 1
        delay = backoff_seconds(attempt - 1, cap=MAX_RETRY_SECONDS)
        health.set(surface.name, State.RETRYING, reason)
        log.warning(
            "surface failed; retrying",
            extra={
                "fields": {
                    "surface": surface.name,
                    "attempt": attempt,
                    "retry_in_s": round(delay, 1),
                    "error": reason,
                }
            },
        )
        await asyncio.sleep(delay)


def backoff_seconds(attempt: int, *, cap: float) -> float:
    """1, 2, 4, ... seconds up to `cap`, with jitter."""
    return float(min(cap, 2.0**attempt) * random.uniform(0.5, 1.0))


def _short(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:200]
