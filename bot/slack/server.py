"""HTTP mode: Slack's Events API, slash commands and interactivity on one path, plus /healthz.

The server is exposed to the Internet, so it defends itself: a request is checked (size,
signature, shape) before bolt sees it (`SlackRequestGuard`); a connection must send its
headers within `header_timeout`; at most `max_connections` are open at once (the rest get a
503 and are closed); and such floods are logged once per interval, not once per event.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from slack_bolt.adapter.aiohttp import to_aiohttp_response

from bot.floods import FloodLog
from bot.health import State
from bot.slack.app import SlackApp
from bot.slack.background import DRAIN_SECONDS
from bot.slack.guard import MAX_BODY_BYTES, RejectedRequestError, SlackRequestGuard

log = logging.getLogger("funding_bot.slack")
http_log = logging.getLogger("funding_bot.slack.http")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SURFACE = "slack-http"
SHUTDOWN_TIMEOUT_SECONDS = 10.0
HEADER_TIMEOUT_SECONDS = 10.0
MAX_CONNECTIONS = 1000
# File descriptors kept free for everything else (Web API calls, the journal, logs).
RESERVED_DESCRIPTORS = 64
_ACCEPT_FAILURE = "socket.accept() out of system resource"
_REFUSAL = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


@dataclass(frozen=True)
class RunningServer:
    """Where a started HTTP server listens (the real port when asked for port 0)."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The server's base URL, e.g. http://127.0.0.1:3000."""
        return f"http://{self.host}:{self.port}"


@dataclass(frozen=True)
class Limits:
    """How much a client may take: connections, time to send headers, body time and size."""

    max_connections: int = MAX_CONNECTIONS
    header_timeout: float = HEADER_TIMEOUT_SECONDS
    body_timeout: float = 10.0
    max_body_bytes: int = MAX_BODY_BYTES


def build_web_app(app: SlackApp, guard: SlackRequestGuard | None = None) -> web.Application:
    """An aiohttp application passing verified `/slack/events` requests to bolt."""
    guard = guard or SlackRequestGuard(app.signing_secret)

    async def slack_events(request: web.Request) -> web.StreamResponse:
        try:
            bolt_request = await guard.admit(request)
        except RejectedRequestError as rejection:
            return guard.reject(request, rejection)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def health(_: web.Request) -> web.StreamResponse:
        return web.json_response(app.health.report())

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.router.add_post(EVENTS_PATH, slack_events)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


class _Refuse(asyncio.Protocol):
    """A connection over the limit: a 503, then closed, without reading anything."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(_REFUSAL)
        transport.close()


@asynccontextmanager
async def running_http_server(
    app: SlackApp,
    *,
    host: str,
    port: int,
    limits: Limits | None = None,
    reuse_port: bool = False,
) -> AsyncIterator[RunningServer]:
    """Serve `app` on host:port while the context is open; stop accepting, then drain, on exit.
    `reuse_port` lets several worker processes listen on one port (SO_REUSEPORT).

    Raises SettingsError if Slack refuses the bot token.
    """
    limits = limits or Limits()
    floods = FloodLog(http_log)
    guard = SlackRequestGuard(
        app.signing_secret,
        max_body_bytes=limits.max_body_bytes,
        body_timeout=limits.body_timeout,
        floods=floods,
    )
    runner = web.AppRunner(
        build_web_app(app, guard),
        access_log=None,
        shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS,
        # aiohttp starts this timer when a connection opens and closes the connection if no
        # complete request has arrived by then: the deadline for headers, and for idling.
        keepalive_timeout=limits.header_timeout,
    )
    await runner.setup()
    loop = asyncio.get_running_loop()
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(_quiet_accept_failures(floods))
    listener: asyncio.Server | None = None
    try:
        await app.open()
        listener = await loop.create_server(
            _capped(runner, _connection_cap(limits.max_connections), floods),
            host,
            port,
            reuse_port=reuse_port or None,
        )
        server = RunningServer(*_bound_address(listener, host, port))
        app.health.set(SURFACE, State.SERVING)
        log.info("Slack HTTP mode listening on %s%s", server.url, EVENTS_PATH)
        yield server
    finally:
        deadline = loop.time() + DRAIN_SECONDS
        app.health.set(SURFACE, State.STOPPED)
        if listener is not None:
            listener.close()
        await runner.cleanup()
        await app.aclose(max(0.0, deadline - loop.time()))
        loop.set_exception_handler(previous_handler)


async def serve_http(
    app: SlackApp, *, host: str = "0.0.0.0", port: int = 3000, reuse_port: bool = False
) -> None:
    """Serve Slack over HTTP until cancelled, then shut down cleanly."""
    async with running_http_server(app, host=host, port=port, reuse_port=reuse_port):
        await asyncio.Event().wait()


def _capped(runner: web.AppRunner, cap: int, floods: FloodLog) -> Any:
    """A protocol factory keeping at most `cap` connections: at the cap, the oldest one that
    is not handling a request (a slow or idle client) makes room; if every one is busy, the
    newcomer gets a 503."""
    server = runner.server
    assert server is not None

    def protocol() -> asyncio.BaseProtocol:
        connections = server.connections
        if len(connections) >= cap:
            idle = next((c for c in connections if not _handling_a_request(c)), None)
            floods.note("connections", "connection limit reached", limit=cap, evicted=bool(idle))
            if idle is None:
                return _Refuse()
            idle.force_close()
        return server()

    return protocol


def _handling_a_request(connection: RequestHandler) -> bool:
    # aiohttp marks a connection whose request is being handled; headers still arriving or
    # an idle keep-alive connection are not.
    return bool(getattr(connection, "_request_in_progress", True))


def _connection_cap(wanted: int) -> int:
    """`wanted`, or fewer if the process may not open that many files; raises the soft limit
    of open files towards the hard one when it is lower than needed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + RESERVED_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - RESERVED_DESCRIPTORS))


def _quiet_accept_failures(floods: FloodLog) -> Any:
    """A loop exception handler logging asyncio's accept() failures once per interval
    (out of file descriptors they repeat for every connection attempt)."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith(_ACCEPT_FAILURE):
            error = context.get("exception")
            floods.note("accept", "cannot accept connections", error=str(error)[:120])
            return
        loop.default_exception_handler(context)

    return handle


def _bound_address(listener: asyncio.Server, host: str, port: int) -> tuple[str, int]:
    for sock in listener.sockets:
        address = sock.getsockname()
        if isinstance(address, tuple) and len(address) >= 2:
            return str(address[0]), int(address[1])
    return host, port
