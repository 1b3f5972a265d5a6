import asyncio
import contextlib
import json
import socket
import time
from typing import Any

import aiohttp
import pytest

from bot.slack.app import build_slack_app
from bot.slack.blocks import SHARE_ACTION, fallback_text
from bot.slack.server import RunningServer, running_http_server, serve_http
from bot.slack.settings import SlackSettings
from bot.slack.text import mrkdwn_safe
from handlers.messages import messages_for
from handlers.models import Answer, Asker, Language
from handlers.rendering import plain_text
from handlers.service import FundingBot
from tests.bot.slack.broken import broken_bot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    all_texts,
    find_button,
    section_texts,
    signed_headers,
    slash_command,
)


async def post_command(
    http: aiohttp.ClientSession, server: RunningServer, body: str, **signing: Any
) -> aiohttp.ClientResponse:
    response = await http.post(
        f"{server.url}/slack/events", data=body, headers=signed_headers(body, **signing)
    )
    await response.read()
    return response


async def test_slash_command_answers_privately_with_blocks(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    body = slash_command(answered.question, response_url=fake_slack.response_url())
    response = await post_command(http, slack_server, body)
    assert response.status == 200
    reply = await response.json()
    assert reply["response_type"] == "ephemeral"
    assert section_texts(reply["blocks"])[0] == mrkdwn_safe(answered.text)
    find_button(reply["blocks"], SHARE_ACTION)
    assert reply["text"] == fallback_text(plain_text(answered))
    assert answered.sources[0].outlet in reply["text"]


async def test_bare_command_and_help_show_usage_and_topics(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    for text in ("", "help", "  "):
        response = await post_command(
            http, slack_server, slash_command(text, response_url=fake_slack.response_url())
        )
        blocks = (await response.json())["blocks"]
        assert "/funding" in section_texts(blocks)[0]
        assert len(section_texts(blocks)) >= 2


async def test_sources_lists_the_sources(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    response = await post_command(
        http, slack_server, slash_command("sources", response_url=fake_slack.response_url())
    )
    texts = all_texts((await response.json())["blocks"])
    assert messages_for("en").sources_intro in texts
    assert answered.sources[0].outlet in texts


async def test_a_bad_signature_is_refused(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    body = slash_command("anything", response_url=fake_slack.response_url())
    wrong_secret = await post_command(http, slack_server, body, secret="not-the-secret")
    assert wrong_secret.status == 401
    headers = signed_headers(body)
    tampered = await http.post(
        f"{slack_server.url}/slack/events", data=body + "&x=1", headers=headers
    )
    assert tampered.status == 401
    unsigned = await http.post(f"{slack_server.url}/slack/events", data=body)
    assert unsigned.status == 401
    # Only the identity lookup made at start: nothing for the refused requests.
    assert [method for method, _ in fake_slack.api_calls] == ["auth.test"]


async def test_a_stale_timestamp_is_refused(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    body = slash_command("anything", response_url=fake_slack.response_url())
    stale = await post_command(http, slack_server, body, timestamp=int(time.time()) - 600)
    assert stale.status == 401


async def test_health_check(http: aiohttp.ClientSession, slack_server: RunningServer) -> None:
    response = await http.get(f"{slack_server.url}/healthz")
    assert response.status == 200
    assert await response.json() == {
        "status": "ok",
        "surfaces": {"slack-http": {"state": "serving"}, "slack-identity": {"state": "serving"}},
    }


async def test_a_failure_while_answering_gets_an_apology_and_serving_goes_on(
    http: aiohttp.ClientSession, slack_settings: SlackSettings, fake_slack: FakeSlack
) -> None:
    app = build_slack_app(broken_bot(), slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        cases: tuple[tuple[str, Language], ...] = (
            ("how much did anyone invest?", "en"),
            ("오픈AI 투자 금액은?", "ko"),
        )
        for text, language in cases:
            body = slash_command(text, response_url=fake_slack.response_url())
            response = await post_command(http, server, body)
            assert response.status == 200
            reply = await response.json()
            assert section_texts(reply["blocks"]) == [messages_for(language).apology]
        health = await http.get(f"{server.url}/healthz")
        assert health.status == 200


async def test_slack_url_verification_challenge_is_answered(
    http: aiohttp.ClientSession, slack_server: RunningServer
) -> None:
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "c-123"})
    response = await http.post(
        f"{slack_server.url}/slack/events",
        data=body,
        headers=signed_headers(body, content_type="application/json"),
    )
    assert response.status == 200
    assert await response.json() == {"challenge": "c-123"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_serve_http_runs_until_cancelled_then_stops_listening(
    http: aiohttp.ClientSession, funding_bot: FundingBot, slack_settings: SlackSettings
) -> None:
    port = free_port()
    serving = asyncio.create_task(
        serve_http(build_slack_app(funding_bot, slack_settings), host="127.0.0.1", port=port)
    )
    url = f"http://127.0.0.1:{port}/healthz"
    for _ in range(500):
        with contextlib.suppress(aiohttp.ClientConnectionError):
            async with http.get(url) as response:
                if response.status == 200:
                    break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("serve_http never answered /healthz")
    serving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await serving
    with pytest.raises(aiohttp.ClientConnectionError):
        await http.get(url)


async def test_a_korean_question_gets_korean_answer_and_labels(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    funding_bot: FundingBot,
    answered: Answer,
) -> None:
    korean = funding_bot.answer_fact(
        answered.fact_ids[0], "ko", asker=Asker(platform="slack", user_id="expected")
    )
    assert korean is not None
    body = slash_command(korean.question, response_url=fake_slack.response_url())
    reply = await (await post_command(http, slack_server, body)).json()
    assert section_texts(reply["blocks"])[0] == mrkdwn_safe(korean.text)
    assert find_button(reply["blocks"], SHARE_ACTION)["text"]["text"] == (
        messages_for("ko").share_button
    )
