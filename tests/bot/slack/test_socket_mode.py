import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.settings import SettingsError
from bot.slack.app import build_slack_app
from bot.slack.settings import SlackSettings
from bot.slack.socket_mode import serve_socket_mode
from bot.slack.text import mrkdwn_safe
from handlers.models import Answer
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    event_callback,
    mention_event,
    section_texts,
    slash_command,
)


def envelope(kind: str, payload: dict[str, Any], envelope_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "envelope_id": envelope_id,
        "type": kind,
        "payload": payload,
        "accepts_response_payload": kind != "events_api",
        **extra,
    }


async def test_socket_mode_end_to_end(
    funding_bot: FundingBot,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    app = build_slack_app(funding_bot, slack_settings)
    serving = asyncio.create_task(serve_socket_mode(app, slack_settings))

    command = dict(
        parse_qsl(slash_command(answered.question, response_url=fake_slack.response_url()))
    )
    await fake_slack.push_envelope(envelope("slash_commands", command, "env-command"))
    await fake_slack.wait_until(lambda: len(fake_slack.socket_messages) >= 1)
    [ack] = fake_slack.socket_messages
    assert ack["envelope_id"] == "env-command"
    assert ack["payload"]["response_type"] == "ephemeral"
    assert section_texts(ack["payload"]["blocks"])[0] == mrkdwn_safe(answered.text)

    mention = json.loads(event_callback(mention_event(answered.question, ts="9.1"), event_id="EvS"))
    await fake_slack.push_envelope(envelope("events_api", mention, "env-event"))
    await fake_slack.push_envelope(
        envelope("events_api", mention, "env-retry", retry_attempt=1, retry_reason="timeout")
    )
    [post] = await fake_slack.wait_for_call("chat.postMessage")
    assert post["channel"] == CHANNEL_ID
    assert post["thread_ts"] == "9.1"
    await fake_slack.wait_until(lambda: len(fake_slack.socket_messages) >= 3)
    assert {m["envelope_id"] for m in fake_slack.socket_messages} == {
        "env-command",
        "env-event",
        "env-retry",
    }

    serving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await serving
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    [connections_open] = fake_slack.calls_to("apps.connections.open")
    assert connections_open["_authorization"] == "Bearer xapp-1-test-token"


async def test_socket_mode_needs_an_app_token(
    funding_bot: FundingBot, slack_settings: SlackSettings
) -> None:
    settings = slack_settings.model_copy(update={"app_token": None})
    with pytest.raises(SettingsError, match="SLACK_APP_TOKEN"):
        await serve_socket_mode(build_slack_app(funding_bot, settings), settings)
