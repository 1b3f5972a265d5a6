"""Fixtures: the real bot and Slack app, served on 127.0.0.1 against a fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import SecretStr

from bot.bootstrap import bootstrap
from bot.slack.app import build_slack_app
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from handlers.models import Answer, Asker
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import SIGNING_SECRET


@pytest.fixture(scope="session")
def funding_bot() -> FundingBot:
    return bootstrap()


@pytest.fixture(scope="session")
def answered(funding_bot: FundingBot) -> Answer:
    """A real answer with a source, to the first example question the bot answers."""
    for question in funding_bot.complete("", limit=25):
        answer = funding_bot.ask(question, asker=Asker(platform="slack", user_id="fixture"))
        if answer.answered and answer.sources:
            return answer
    raise AssertionError("the knowledge base answers none of its example questions")


@pytest.fixture(scope="session")
def unanswered(funding_bot: FundingBot) -> Answer:
    """A real reply that offers "did you mean" suggestions instead of an answer."""
    answer = funding_bot.ask("pizza toppings", asker=Asker(platform="slack", user_id="fixture"))
    assert not answer.answered
    assert answer.suggestions
    return answer


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def slack_settings(fake_slack: FakeSlack) -> SlackSettings:
    return SlackSettings(
        bot_token=SecretStr("xoxb-test-token"),
        signing_secret=SecretStr(SIGNING_SECRET),
        app_token=SecretStr("xapp-1-test-token"),
        api_url=fake_slack.api_url,
    )


@pytest.fixture
async def slack_server(
    funding_bot: FundingBot, slack_settings: SlackSettings
) -> AsyncIterator[RunningServer]:
    app = build_slack_app(funding_bot, slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
