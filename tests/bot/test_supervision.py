"""`funding-bot run` with Slack and Discord when one of them fails: the other keeps serving."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
from aiohttp import web

from bot.bootstrap import bootstrap
from bot.health import Health
from bot.runner import configured_surfaces, serve
from bot.settings import CoreSettings, SettingsError
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import SIGNING_SECRET, signed_headers, slash_command


@pytest.fixture
async def refusing_discord() -> AsyncIterator[str]:
    """A Discord REST API that refuses every token (HTTP 401 on /users/@me)."""

    async def refuse(_: web.Request) -> web.Response:
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", refuse)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/api/v10"
    await runner.cleanup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "DISCORD_TOKEN": "fake-token",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return env


async def health_of(http: aiohttp.ClientSession, url: str) -> dict[str, object]:
    for _ in range(500):
        try:
            async with http.get(f"{url}/healthz") as response:
                report: dict[str, object] = await response.json()
                surfaces = report["surfaces"]
                assert isinstance(surfaces, dict)
                if surfaces.get("discord", {}).get("state") == "retrying":
                    return report
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.02)
    raise AssertionError("/healthz never reported Discord as retrying")


async def test_an_unreachable_discord_is_retried_while_slack_keeps_serving(
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    unused_tcp_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    env = environment(fake_slack, monkeypatch)
    # Nothing listens there: every attempt to reach Discord fails at once.
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{unused_tcp_port}/api/v10")
    port = free_port()
    settings = CoreSettings(host="127.0.0.1", port=port)
    health = Health()
    surfaces = configured_surfaces(bootstrap(), settings, env, health)
    url = f"http://127.0.0.1:{port}"
    with caplog.at_level(logging.INFO):
        serving = asyncio.create_task(serve(surfaces, health=health, grace_seconds=1))
        async with aiohttp.ClientSession() as http:
            report = await health_of(http, url)
            body = slash_command("mistral valuation", response_url=fake_slack.response_url())
            async with http.post(
                f"{url}/slack/events", data=body, headers=signed_headers(body)
            ) as response:
                assert response.status == 200
                assert "5.8" in await response.text()
        os.kill(os.getpid(), signal.SIGTERM)
        assert await asyncio.wait_for(serving, 10) == 0
    assert report["status"] == "degraded"
    surfaces_report = report["surfaces"]
    assert isinstance(surfaces_report, dict)
    assert surfaces_report["slack-http"] == {"state": "serving"}
    retries = [r for r in caplog.records if r.getMessage() == "surface failed; retrying"]
    assert retries
    for record in retries:
        assert record.exc_info is None
        assert record.__dict__["fields"]["surface"] == "discord"


async def test_a_refused_discord_token_is_fatal_and_stops_slack_too(
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    refusing_discord: str,
    unused_tcp_port: int,
) -> None:
    env = environment(fake_slack, monkeypatch)
    monkeypatch.setattr(discord.http.Route, "BASE", refusing_discord)
    settings = CoreSettings(host="127.0.0.1", port=unused_tcp_port)
    health = Health()
    surfaces = configured_surfaces(bootstrap(), settings, env, health)
    with pytest.raises(SettingsError, match="DISCORD_TOKEN was refused by Discord"):
        await asyncio.wait_for(serve(surfaces, health=health, grace_seconds=1), 10)
    assert health.report()["surfaces"] == {
        "discord": {"state": "stopped", "detail": "refused settings"},
        "slack-http": {"state": "stopped"},
        "slack-identity": {"state": "serving"},
    }
