"""HTTP mode: Slack's Events API, slash commands and interactivity on one path, plus /healthz."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from bot.slack.app import SlackApp

log = logging.getLogger("funding_bot.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SHUTDOWN_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class RunningServer:
    """Where a started HTTP server listens (the real port when asked for port 0)."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The server's base URL, e.g. http://127.0.0.1:3000."""
        return f"http://{self.host}:{self.port}"


def build_web_app(app: SlackApp) -> web.Application:
    """An aiohttp application passing `/slack/events` to bolt, which verifies signatures."""

    async def slack_events(request: web.Request) -> web.StreamResponse:
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(_: web.Request) -> web.StreamResponse:
        return web.json_response({"status": "ok"})

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


@asynccontextmanager
async def running_http_server(
    app: SlackApp, *, host: str, port: int, reuse_port: bool = False
) -> AsyncIterator[RunningServer]:
    """Serve `app` on host:port while the context is open; stop accepting, then drain, on exit.
    `reuse_port` lets several worker processes listen on one port (SO_REUSEPORT)."""
    runner = web.AppRunner(
        build_web_app(app), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None)
        await site.start()
        server = RunningServer(*_bound_address(runner, host, port))
        log.info("Slack HTTP mode listening on %s%s", server.url, EVENTS_PATH)
        yield server
    finally:
        await runner.cleanup()
        await app.aclose()


async def serve_http(
    app: SlackApp, *, host: str = "0.0.0.0", port: int = 3000, reuse_port: bool = False
) -> None:
    """Serve Slack over HTTP until cancelled, then shut down cleanly."""
    async with running_http_server(app, host=host, port=port, reuse_port=reuse_port):
        await asyncio.Event().wait()


def _bound_address(runner: web.AppRunner, host: str, port: int) -> tuple[str, int]:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return str(address[0]), int(address[1])
    return host, port
