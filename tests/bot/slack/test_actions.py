from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.bootstrap import bootstrap
from bot.slack.app import build_slack_app
from bot.slack.blocks import (
    HELPFUL_ACTION,
    NOT_HELPFUL_ACTION,
    QUOTE_ACTION,
    SHARE_ACTION,
    SUGGESTION_ACTION_PREFIX,
)
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from bot.slack.text import mrkdwn_safe
from handlers.messages import messages_for
from handlers.models import Answer, Asker
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    USER_ID,
    all_texts,
    block_actions,
    buttons_starting_with,
    find_button,
    section_texts,
    signed_headers,
    slash_command,
)


class RecordingJournal:
    """A QuestionJournal that keeps what it is told, for the feedback tests."""

    def __init__(self) -> None:
        self.feedback: list[tuple[tuple[str, ...], bool, Asker]] = []

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        pass

    def record_feedback(self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker) -> None:
        self.feedback.append((fact_ids, helpful, asker))


async def post(http: aiohttp.ClientSession, server: RunningServer, body: str) -> Any:
    response = await http.post(
        f"{server.url}/slack/events", data=body, headers=signed_headers(body)
    )
    assert response.status == 200
    text = await response.text()
    return await response.json() if text else None


async def private_reply(
    http: aiohttp.ClientSession, server: RunningServer, fake: FakeSlack, question: str
) -> list[dict[str, Any]]:
    reply = await post(http, server, slash_command(question, response_url=fake.response_url()))
    blocks: list[dict[str, Any]] = reply["blocks"]
    return blocks


async def click(
    http: aiohttp.ClientSession,
    server: RunningServer,
    button: dict[str, Any],
    *,
    response_url: str,
    **container: Any,
) -> None:
    action = {key: button[key] for key in ("action_id", "value", "text")}
    action["type"] = "button"
    assert await post(
        http, server, block_actions(action, response_url=response_url, **container)
    ) in (
        None,
        "",
    )


async def test_share_posts_the_answer_publicly_naming_the_sharer(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    blocks = await private_reply(http, slack_server, fake_slack, answered.question)
    share = find_button(blocks, SHARE_ACTION)
    await click(http, slack_server, share, response_url=fake_slack.response_url("share"))
    [shared] = await fake_slack.wait_for_responses()
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert f"<@{USER_ID}>" in all_texts(shared["blocks"])
    assert mrkdwn_safe(answered.text) in section_texts(shared["blocks"])
    assert SHARE_ACTION not in all_texts(shared["blocks"])


async def test_share_still_works_after_a_restart(
    http: aiohttp.ClientSession,
    funding_bot: FundingBot,
    slack_settings: SlackSettings,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    blocks = await private_reply(http, slack_server, fake_slack, answered.question)
    share = find_button(blocks, SHARE_ACTION)
    restarted = build_slack_app(funding_bot, slack_settings)
    async with running_http_server(restarted, host="127.0.0.1", port=0) as server:
        await click(http, server, share, response_url=fake_slack.response_url("share"))
        [shared] = await fake_slack.wait_for_responses()
    assert mrkdwn_safe(answered.text) in section_texts(shared["blocks"])


async def test_a_suggestion_in_a_private_reply_is_replaced_by_its_answer(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    funding_bot: FundingBot,
    unanswered: Answer,
) -> None:
    blocks = await private_reply(http, slack_server, fake_slack, unanswered.question)
    suggestion = buttons_starting_with(blocks, SUGGESTION_ACTION_PREFIX)[0]
    await click(http, slack_server, suggestion, response_url=fake_slack.response_url("pick"))
    [reply] = await fake_slack.wait_for_responses()
    expected = funding_bot.answer_fact(unanswered.suggestions[0].fact_id, unanswered.language)
    assert expected is not None
    assert reply["replace_original"] is True
    assert section_texts(reply["blocks"])[0] == mrkdwn_safe(expected.text)
    find_button(reply["blocks"], SHARE_ACTION)


async def test_a_suggestion_in_a_thread_is_answered_in_that_thread(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    funding_bot: FundingBot,
    unanswered: Answer,
) -> None:
    blocks = await private_reply(http, slack_server, fake_slack, unanswered.question)
    suggestion = buttons_starting_with(blocks, SUGGESTION_ACTION_PREFIX)[1]
    message = {"type": "message", "ts": "500.100", "thread_ts": "500.000", "blocks": blocks}
    await click(
        http,
        slack_server,
        suggestion,
        response_url=fake_slack.response_url("pick"),
        ephemeral=False,
        message=message,
    )
    [post_message] = await fake_slack.wait_for_call("chat.postMessage")
    expected = funding_bot.answer_fact(unanswered.suggestions[1].fact_id, unanswered.language)
    assert expected is not None
    assert post_message["channel"] == CHANNEL_ID
    assert post_message["thread_ts"] == "500.000"
    assert section_texts(post_message["blocks"])[0] == mrkdwn_safe(expected.text)


@pytest.fixture
async def journaled_server(
    slack_settings: SlackSettings,
) -> AsyncIterator[tuple[RunningServer, RecordingJournal]]:
    journal = RecordingJournal()
    app = build_slack_app(bootstrap(journal=journal), slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        yield server, journal


async def test_feedback_buttons_record_and_thank(
    http: aiohttp.ClientSession,
    journaled_server: tuple[RunningServer, RecordingJournal],
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    server, journal = journaled_server
    blocks = await private_reply(http, server, fake_slack, answered.question)
    for action_id in (HELPFUL_ACTION, NOT_HELPFUL_ACTION):
        button = find_button(blocks, action_id)
        await click(http, server, button, response_url=fake_slack.response_url(action_id))
    replies = await fake_slack.wait_for_responses(2)
    asker = Asker(platform="slack", user_id=USER_ID)
    assert sorted(journal.feedback, key=lambda entry: entry[1]) == [
        (answered.fact_ids, False, asker),
        (answered.fact_ids, True, asker),
    ]
    thanks = messages_for(answered.language).feedback_thanks
    for reply in replies:
        assert reply["text"] == thanks
        assert reply["response_type"] == "ephemeral"
        assert reply["replace_original"] is False


async def test_quote_button_shows_the_source_sentence_privately(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    blocks = await private_reply(http, slack_server, fake_slack, answered.question)
    await click(
        http,
        slack_server,
        find_button(blocks, QUOTE_ACTION),
        response_url=fake_slack.response_url("quote"),
    )
    [reply] = await fake_slack.wait_for_responses()
    assert reply["response_type"] == "ephemeral"
    quote = mrkdwn_safe(answered.sources[0].quote)
    assert any(quote in text for text in section_texts(reply["blocks"]))


async def test_a_button_with_a_tampered_value_is_acknowledged_and_ignored(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    for action_id in (SHARE_ACTION, QUOTE_ACTION, HELPFUL_ACTION, f"{SUGGESTION_ACTION_PREFIX}0"):
        button = {"action_id": action_id, "value": "{not json", "text": {"type": "plain_text"}}
        await click(http, slack_server, button, response_url=fake_slack.response_url())
    assert fake_slack.responses == []
