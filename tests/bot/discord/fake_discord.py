"""A local stand-in for Discord: the REST API a bot calls and the gateway it listens to.

The real discord.py client talks to it over 127.0.0.1: the gateway says HELLO, takes IDENTIFY,
sends READY and GUILD_CREATE, then whatever events a test dispatches; the REST side answers like
Discord does and records every request the bot makes, for tests to assert on.

Sharded as Discord is: each shard is a gateway connection of its own (IDENTIFY says which, of
how many), a server's events go to the shard `(server id >> 22) % shard count` and DMs to
shard 0, and `GET /gateway/bot` recommends `recommended_shards`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from aiohttp import WSMsgType, web

BOT_ID = 900000000000000001
APPLICATION_ID = BOT_ID
GUILD_ID = 900000000000000100
CHANNEL_ID = 900000000000000200
DM_CHANNEL_ID = 900000000000000300
ROLE_ID = 900000000000000400
USER_ID = 900000000000000500
OTHER_USER_ID = 900000000000000600
# A public thread in the test channel, known to the bot from GUILD_CREATE.
THREAD_ID = 900000000000000700

EPHEMERAL = 64
WAIT_LIMIT_SECONDS = 5.0
JSON = "application/json"  # discord.py accepts exactly this content type as JSON

Json = dict[str, Any]


def user(user_id: int, name: str, *, bot: bool = False) -> Json:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
    }


BOT_USER = user(BOT_ID, "funding-bot", bot=True)
ASKER = user(USER_ID, "asker")
OTHER_USER = user(OTHER_USER_ID, "bystander")


# The tests' clients read this clock, and ids are dated against it: how old an interaction
# looks to the bot is exactly the `age` a test gives, however slowly the machine runs.
FROZEN_NOW = datetime.now(UTC)


def frozen_clock() -> datetime:
    """The clock the tests' clients read: it never moves."""
    return FROZEN_NOW


def now_iso() -> str:
    return FROZEN_NOW.isoformat()


_increments = itertools.count(1)


def snowflake(age: timedelta = timedelta(0)) -> int:
    """A unique id whose timestamp is `age` before the frozen clock (ids carry their time)."""
    created = FROZEN_NOW - age
    return discord.utils.time_snowflake(created) + next(_increments) % 4096


def message_payload(
    *,
    author: Json,
    content: str = "",
    channel_id: int = CHANNEL_ID,
    guild: bool = True,
    embeds: list[Json] | None = None,
    components: list[Json] | None = None,
    flags: int = 0,
    mentions: list[Json] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
) -> Json:
    payload: Json = {
        "id": str(snowflake()),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": [str(role) for role in mention_roles or []],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
    if guild:
        payload["guild_id"] = str(GUILD_ID)
        payload["member"] = {
            "roles": [],
            "joined_at": now_iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
    return payload


def member(user_payload: Json) -> Json:
    return {
        "user": user_payload,
        "roles": [],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(discord.Permissions.all().value),
    }


def interaction_payload(
    kind: int,
    data: Json,
    *,
    message: Json | None = None,
    age: timedelta = timedelta(0),
    locale: str = "en-US",
    channel_id: int = CHANNEL_ID,
    channel_type: int = 0,
) -> Json:
    """An INTERACTION_CREATE in the test guild's channel (or thread), by ASKER; `age`
    backdates its id."""
    interaction_id = snowflake(age)
    payload: Json = {
        "id": str(interaction_id),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": channel_type,
            "name": "general",
            "guild_id": str(GUILD_ID),
        },
        "member": member(ASKER),
        "data": data,
        "locale": locale,
        "guild_locale": "en-US",
        "app_permissions": str(discord.Permissions.all().value),
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
    }
    if message is not None:
        payload["message"] = message
    return payload


def slash_command(
    question: str,
    *,
    public: bool | None = None,
    age: timedelta = timedelta(0),
    channel_id: int = CHANNEL_ID,
    channel_type: int = 0,
) -> Json:
    options: list[Json] = [{"name": "question", "type": 3, "value": question}]
    if public is not None:
        options.append({"name": "public", "type": 5, "value": public})
    data = {"id": "1", "name": "funding", "type": 1, "options": options}
    return interaction_payload(2, data, age=age, channel_id=channel_id, channel_type=channel_type)


def autocomplete(partial: str, *, locale: str = "en-US") -> Json:
    option = {"name": "question", "type": 3, "value": partial, "focused": True}
    data = {"id": "1", "name": "funding", "type": 1, "options": [option]}
    return interaction_payload(4, data, locale=locale)


def button_click(custom_id: str, message: Json) -> Json:
    return interaction_payload(3, {"custom_id": custom_id, "component_type": 2}, message=message)


def bot_message(data: Json) -> Json:
    """The message the bot posted with `data` (an interaction reply), as Discord returns it."""
    return message_payload(
        author=BOT_USER,
        content=data.get("content") or "",
        embeds=data.get("embeds"),
        components=data.get("components"),
        flags=int(data.get("flags") or 0),
    )


def custom_ids(data: Json) -> list[str]:
    return [
        button["custom_id"] for row in data.get("components") or [] for button in row["components"]
    ]


@dataclass(frozen=True)
class Request:
    """One REST request the bot made."""

    method: str
    path: str
    body: Any


@dataclass
class FakeDiscord:
    """Discord's REST API and gateway on 127.0.0.1, recording what the bot sends."""

    requests: list[Request] = field(default_factory=list)
    # The latest IDENTIFY, and every one (one per shard and session).
    identify: Json | None = None
    identifies: list[Json] = field(default_factory=list)
    base_url: str = ""
    gateway_closed: asyncio.Event = field(default_factory=asyncio.Event)
    sessions: int = 0
    # What GET /gateway/bot recommends, and how often the bot asked.
    recommended_shards: int = 1
    gateway_bot_requests: int = 0
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    # Each connected shard's gateway connection, by shard id.
    _sockets: dict[int, web.WebSocketResponse] = field(default_factory=dict)
    _shard_count: int = 1
    _sequence: int = 0
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/gateway/bot", self._gateway_bot)
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_post(f"{api}/interactions/{{id}}/{{token}}/callback", self._callback)
        app.router.add_patch(f"{api}/webhooks/{{app}}/{{token}}/messages/@original", self._message)
        app.router.add_post(f"{api}/webhooks/{{app}}/{{token}}", self._message)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._message)
        app.router.add_post(f"{api}/users/@me/channels", self._open_dm)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._commands)
        app.router.add_put(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._commands)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def close(self) -> None:
        for socket in list(self._sockets.values()):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"{self.base_url.replace('http://', 'ws://')}/gateway"

    async def wait_for_session(self, number: int) -> None:
        """Wait until the `number`-th bot session (from 1) has been identified and is ready."""
        await self._until(lambda: self.sessions >= number)

    async def request_number(self, index: int) -> Request:
        """The `index`-th request the bot made (from 0), waiting for it if need be."""
        await self._until(lambda: len(self.requests) > index)
        return self.requests[index]

    async def dispatch(self, event: str, data: Json) -> None:
        """Send one gateway event to the connected bot, on the shard Discord would use: the
        server's, or shard 0 for a DM."""
        guild_id = data.get("guild_id")
        shard = (int(guild_id) >> 22) % self._shard_count if guild_id else 0
        socket = self._sockets.get(shard)
        assert socket is not None, f"no bot is connected on shard {shard}"
        await self._send(socket, event, data)

    async def _send(self, socket: web.WebSocketResponse, event: str, data: Json) -> None:
        self._sequence += 1
        payload = {"op": 0, "t": event, "s": self._sequence, "d": data}
        await socket.send_str(json.dumps(payload))

    async def _until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT_LIMIT_SECONDS), self._changed:
            await self._changed.wait_for(condition)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.gateway_closed.clear()
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        shard: int | None = None
        async for message in socket:
            if message.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            if payload["op"] == 2:
                self.identify = payload["d"]
                self.identifies.append(payload["d"])
                shard, self._shard_count = payload["d"].get("shard") or (0, 1)
                self._sockets[shard] = socket
                await self._send(socket, "READY", self._ready_payload(shard))
                if self._on_shard(GUILD_ID, shard):
                    await self._send(socket, "GUILD_CREATE", self._guild_payload())
                self.sessions += 1
                await self._notify()
            elif payload["op"] == 1:
                await socket.send_str(json.dumps({"op": 11}))
        if shard is not None and self._sockets.get(shard) is socket:
            del self._sockets[shard]
        if not self._sockets:
            self.gateway_closed.set()
        return socket

    def _on_shard(self, guild_id: int, shard: int) -> bool:
        return (guild_id >> 22) % self._shard_count == shard

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        self.gateway_bot_requests += 1
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": limit,
            }
        )

    def _ready_payload(self, shard: int) -> Json:
        guilds = [GUILD_ID] if self._on_shard(GUILD_ID, shard) else []
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(guild), "unavailable": True} for guild in guilds],
            "session_id": f"fake-session-{shard}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APPLICATION_ID), "flags": 0},
            "shard": [shard, self._shard_count],
        }

    def _guild_payload(self) -> Json:
        everyone = {
            "id": str(GUILD_ID),
            "name": "@everyone",
            "permissions": str(discord.Permissions.general().value),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
        }
        channel = {
            "id": str(CHANNEL_ID),
            "type": 0,
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "guild_id": str(GUILD_ID),
        }
        thread = {
            "id": str(THREAD_ID),
            "type": 11,
            "name": "funding talk",
            "guild_id": str(GUILD_ID),
            "parent_id": str(CHANNEL_ID),
            "owner_id": str(USER_ID),
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 2,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": now_iso(),
                "locked": False,
            },
        }
        return {
            "id": str(GUILD_ID),
            "name": "Test guild",
            "unavailable": False,
            "owner_id": str(USER_ID),
            "member_count": 1,
            "members": [member(BOT_USER)],
            "channels": [channel],
            "threads": [thread],
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "large": False,
            "premium_tier": 0,
            "preferred_locale": "en-US",
        }

    async def _me(self, request: web.Request) -> web.Response:
        return _json(BOT_USER)

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APPLICATION_ID),
                "name": "funding-bot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": ASKER,
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _record(self, request: web.Request) -> Any:
        body = await request.json() if request.can_read_body else None
        self.requests.append(Request(request.method, request.path, body))
        await self._notify()
        return body

    async def _callback(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        kind = body["type"]
        data = body.get("data") or {}
        interaction: Json = {
            "id": request.match_info["id"],
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
        }
        resource: Json = {"type": kind}
        if kind == 4:
            message = bot_message(data)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return _json({"interaction": interaction, "resource": resource})

    async def _message(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        return _json(bot_message(body or {}))

    async def _open_dm(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        recipient = user(int(body["recipient_id"]), "asker")
        return _json({"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [recipient]})

    async def _commands(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        ids = {"application_id": str(APPLICATION_ID), "version": "1"}
        registered = [{**command, **ids, "id": str(snowflake())} for command in body]
        return _json(registered)


def _json(payload: Any) -> web.Response:
    return web.Response(body=json.dumps(payload).encode(), content_type=JSON)
