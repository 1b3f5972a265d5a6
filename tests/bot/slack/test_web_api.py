"""The bot's side of Slack's Web API: identity at start, bounded concurrency, retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.settings import SettingsError
from bot.slack.app import build_slack_app
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    SIGNING_SECRET,
    direct_message_event,
    event_callback,
    signed_headers,
    slash_command,
)

LOCAL = {"host": "127.0.0.1", "port": 0}


@dataclass
class MisbehavingSlack(FakeSlack):
    """A fake Slack that can refuse the token, answer slowly, or drop a connection."""

    auth_error: str | None = None
    post_delay: float = 0.0
    drop_first_post: bool = False
    in_flight: int = 0
    most_in_flight: int = 0

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if method == "auth.test" and self.auth_error:
            return web.json_response({"ok": False, "error": self.auth_error})
        if method != "chat.postMessage":
            return await super()._api(request)
        if self.drop_first_post:
            self.drop_first_post = False
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.post_delay)
            return await super()._api(request)
        finally:
            self.in_flight -= 1


@pytest.fixture
async def misbehaving() -> AsyncIterator[MisbehavingSlack]:
    fake = MisbehavingSlack()
    await fake.start()
    yield fake
    await fake.close()


def settings_for(api_url: str) -> SlackSettings:
    return SlackSettings(
        bot_token=SecretStr("xoxb-test-token"),
        signing_secret=SecretStr(SIGNING_SECRET),
        api_url=api_url,
    )


async def send_dm(http: aiohttp.ClientSession, server: RunningServer, number: int) -> None:
    event = direct_message_event("mistral valuation", ts=f"1700000000.{number:06d}")
    body = event_callback(event, event_id=f"EvDM{number}")
    headers = signed_headers(body, content_type="application/json")
    async with http.post(f"{server.url}/slack/events", data=body, headers=headers) as response:
        assert response.status == 200


async def test_slash_commands_are_served_while_the_web_api_is_unreachable(
    http: aiohttp.ClientSession, funding_bot: FundingBot, unused_tcp_port: int
) -> None:
    unreachable = settings_for(f"http://127.0.0.1:{unused_tcp_port}/api/")
    app = build_slack_app(funding_bot, unreachable)
    async with running_http_server(app, **LOCAL) as server:  # type: ignore[arg-type]
        body = slash_command("mistral valuation", response_url="http://127.0.0.1:9/r")
        async with http.post(
            f"{server.url}/slack/events", data=body, headers=signed_headers(body)
        ) as response:
            assert response.status == 200
            assert "5.8" in json.dumps(await response.json())
        async with http.get(f"{server.url}/healthz") as response:
            report = await response.json()
    assert report["status"] == "degraded"
    assert report["surfaces"]["slack-identity"]["state"] == "retrying"
    assert report["surfaces"]["slack-http"] == {"state": "serving"}


async def test_a_refused_token_stops_the_start_with_a_settings_error(
    funding_bot: FundingBot, misbehaving: MisbehavingSlack
) -> None:
    misbehaving.auth_error = "invalid_auth"
    app = build_slack_app(funding_bot, settings_for(misbehaving.api_url))
    with pytest.raises(
        SettingsError, match=r"SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)"
    ):
        async with running_http_server(app, **LOCAL):  # type: ignore[arg-type]
            pass


async def test_outgoing_calls_are_bounded_and_the_rest_wait_their_turn(
    http: aiohttp.ClientSession, funding_bot: FundingBot, misbehaving: MisbehavingSlack
) -> None:
    misbehaving.post_delay = 0.1
    app = build_slack_app(funding_bot, settings_for(misbehaving.api_url), max_concurrent_calls=3)
    async with running_http_server(app, **LOCAL) as server:  # type: ignore[arg-type]
        await asyncio.gather(*(send_dm(http, server, n) for n in range(12)))
        await misbehaving.wait_for_call("chat.postMessage", 12)
    assert misbehaving.most_in_flight <= 3


async def test_a_dropped_connection_is_retried(
    http: aiohttp.ClientSession, funding_bot: FundingBot, misbehaving: MisbehavingSlack
) -> None:
    misbehaving.drop_first_post = True
    app = build_slack_app(funding_bot, settings_for(misbehaving.api_url))
    async with running_http_server(app, **LOCAL) as server:  # type: ignore[arg-type]
        await send_dm(http, server, 1)
        (post,) = await misbehaving.wait_for_call("chat.postMessage")
    assert "5.8" in json.dumps(post)
