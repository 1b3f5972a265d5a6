"""A user over the rate limit gets a polite reply on Slack, through the real bolt app."""

from __future__ import annotations

import aiohttp

from bot.bootstrap import bootstrap
from bot.slack.app import build_slack_app
from bot.slack.server import running_http_server
from bot.slack.settings import SlackSettings
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import signed_headers, slash_command


async def test_the_second_question_in_a_minute_is_politely_refused(
    fake_slack: FakeSlack, slack_settings: SlackSettings, http: aiohttp.ClientSession
) -> None:
    bot = bootstrap(rate_limit_per_minute=1)
    app = build_slack_app(bot, slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        replies = []
        for question in ("mistral valuation", "openai valuation"):
            body = slash_command(question, response_url=fake_slack.response_url())
            url = f"{server.url}/slack/events"
            async with http.post(url, data=body, headers=signed_headers(body)) as response:
                assert response.status == 200
                replies.append(await response.text())
    assert "5.8" in replies[0]
    assert "try again in" in replies[1]
