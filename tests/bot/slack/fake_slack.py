"""A local stand-in for Slack: Web API methods, response URLs and the Socket Mode WebSocket.

It records what the bot sends so tests can assert on it; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"

POLL_SECONDS = 0.01
WAIT_LIMIT_SECONDS = 5.0


@dataclass
class FakeSlack:
    """Records Web API calls, response-URL posts and Socket Mode acknowledgements."""

    api_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    socket_messages: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _socket_ready: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def close(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"{self.base_url}/respond/{name}"

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.api_calls if name == method]

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Poll until `condition()` holds; fails the test if it never does."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT_LIMIT_SECONDS
        while not condition():
            if loop.time() > deadline:
                raise AssertionError("the fake Slack never saw what the test waited for")
            await asyncio.sleep(POLL_SECONDS)

    async def wait_for_call(self, method: str, count: int = 1) -> list[dict[str, Any]]:
        await self.wait_until(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    async def wait_for_responses(self, count: int = 1) -> list[dict[str, Any]]:
        await self.wait_until(lambda: len(self.responses) >= count)
        return [body for _, body in self.responses]

    async def push_envelope(self, envelope: dict[str, Any]) -> None:
        """Send one Socket Mode envelope to the connected client."""
        await asyncio.wait_for(self._socket_ready.wait(), WAIT_LIMIT_SECONDS)
        await self._sockets[-1].send_str(json.dumps(envelope))

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _read_params(request)
        params["_authorization"] = request.headers.get("Authorization", "")
        self.api_calls.append((method, params))
        return web.json_response(_api_reply(method, params, self.base_url))

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        self.responses.append((request.match_info["name"], await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self._socket_ready.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                self.socket_messages.append(json.loads(message.data))
        return socket


async def _read_params(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if request.content_type == "application/json":
        parsed = json.loads(raw) if raw else {}
        return dict(parsed)
    params: dict[str, Any] = dict(parse_qsl(raw))
    for key in ("blocks",):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


def _api_reply(method: str, params: dict[str, Any], base_url: str) -> dict[str, Any]:
    if method == "auth.test":
        return {
            "ok": True,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "team_id": TEAM_ID,
            "user": "funding-bot",
            "team": "Test",
            "url": "https://test.slack.com/",
        }
    if method == "apps.connections.open":
        ws_url = base_url.replace("http://", "ws://") + "/link"
        return {"ok": True, "url": ws_url}
    if method in ("chat.postMessage", "chat.postEphemeral"):
        return {"ok": True, "channel": params.get("channel"), "ts": "1700000000.000200"}
    return {"ok": False, "error": "unknown_method"}
