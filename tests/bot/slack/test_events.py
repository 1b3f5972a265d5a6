from typing import Any

import aiohttp
import pytest

from bot.slack.app import build_slack_app
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from bot.slack.text import mrkdwn_safe
from handlers.messages import messages_for
from handlers.models import Answer
from handlers.service import FundingBot
from tests.bot.slack.broken import broken_bot
from tests.bot.slack.fake_slack import BOT_ID, BOT_USER_ID, FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    all_texts,
    direct_message_event,
    event_callback,
    mention_event,
    section_texts,
    signed_headers,
)


async def deliver(
    http: aiohttp.ClientSession,
    server: RunningServer,
    event: dict[str, Any],
    *,
    event_id: str,
    retry: int | None = None,
) -> None:
    body = event_callback(event, event_id=event_id)
    headers = signed_headers(body, content_type="application/json")
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    response = await http.post(f"{server.url}/slack/events", data=body, headers=headers)
    assert response.status == 200


@pytest.fixture
async def served_app(funding_bot: FundingBot, slack_settings: SlackSettings) -> Any:
    app = build_slack_app(funding_bot, slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        yield app, server


async def test_mention_is_answered_in_a_thread_on_that_message(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack, answered: Answer
) -> None:
    _, server = served_app
    await deliver(http, server, mention_event(answered.question, ts="111.222"), event_id="Ev1")
    [post] = await fake_slack.wait_for_call("chat.postMessage")
    assert post["channel"] == CHANNEL_ID
    assert post["thread_ts"] == "111.222"
    assert section_texts(post["blocks"])[0] == mrkdwn_safe(answered.text)
    assert post["_authorization"] == "Bearer xoxb-test-token"


async def test_mention_inside_a_thread_replies_in_that_thread(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack, answered: Answer
) -> None:
    _, server = served_app
    event = mention_event(answered.question, ts="111.999", thread_ts="111.000")
    await deliver(http, server, event, event_id="Ev2")
    [post] = await fake_slack.wait_for_call("chat.postMessage")
    assert post["thread_ts"] == "111.000"


async def test_direct_message_gets_a_direct_reply(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack, answered: Answer
) -> None:
    _, server = served_app
    await deliver(http, server, direct_message_event(answered.question), event_id="Ev3")
    [post] = await fake_slack.wait_for_call("chat.postMessage")
    assert post["channel"] == DM_CHANNEL_ID
    assert "thread_ts" not in post
    assert section_texts(post["blocks"])[0] == mrkdwn_safe(answered.text)


async def test_a_retried_event_is_answered_once(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack, answered: Answer
) -> None:
    app, server = served_app
    event = mention_event(answered.question, ts="222.333")
    await deliver(http, server, event, event_id="EvRetry")
    await deliver(http, server, event, event_id="EvRetry", retry=1)
    await deliver(http, server, event, event_id="EvRetry", retry=2)
    await app.background.drain()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(
    "event",
    [
        direct_message_event("hello", bot_id="BOTHER01", subtype="bot_message"),
        direct_message_event("hello", bot_id="BOTHER01"),
        direct_message_event("hello", user=BOT_USER_ID, bot_id=BOT_ID),
        direct_message_event("edited", subtype="message_changed"),
        mention_event("hello", bot_id="BOTHER01"),
        {**direct_message_event("in a channel"), "channel_type": "channel", "channel": CHANNEL_ID},
    ],
)
async def test_bots_and_non_questions_are_ignored(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack, event: dict[str, Any]
) -> None:
    app, server = served_app
    await deliver(http, server, event, event_id="EvBot")
    await app.background.drain()
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_broadcast_mentions_are_never_echoed_live(
    http: aiohttp.ClientSession, served_app: Any, fake_slack: FakeSlack
) -> None:
    _, server = served_app
    hostile = "<!channel> <!here> <!everyone> <!subteam^S1|@team> @here how much is <!channel>?"
    await deliver(http, server, mention_event(hostile), event_id="Ev4")
    [post] = await fake_slack.wait_for_call("chat.postMessage")
    posted = post["text"] + all_texts(post["blocks"])
    assert "<!" not in posted
    for word in ("@channel", "@here", "@everyone", "@team"):
        assert word not in posted.lower()


async def test_a_failure_while_answering_a_mention_posts_an_apology(
    http: aiohttp.ClientSession, slack_settings: SlackSettings, fake_slack: FakeSlack
) -> None:
    app = build_slack_app(broken_bot(), slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        await deliver(http, server, mention_event("how much?"), event_id="Ev5")
        await deliver(http, server, direct_message_event("and now?"), event_id="Ev6")
        posts = await fake_slack.wait_for_call("chat.postMessage", count=2)
    for post in posts:
        assert post["text"] == messages_for("en").apology
