"""Fixtures: the real bot and Slack app, served on 127.0.0.1 against a fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from pydantic import SecretStr

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.slack.app import build_slack_app
from bot.slack.server import RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from handlers.models import Answer, Asker
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import SIGNING_SECRET


@pytest.fixture(scope="session")
def slack_knowledge() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def funding_bot(slack_knowledge: KnowledgeBase) -> FundingBot:
    """A bot of its own for each test: state (events seen, conversations) never leaks."""
    return bootstrap(knowledge=StaticKnowledge(slack_knowledge))


@pytest.fixture(scope="session")
def answered(slack_knowledge: KnowledgeBase) -> Answer:
    """A real answer with a source, to the first example question the bot answers."""
    bot = bootstrap(knowledge=StaticKnowledge(slack_knowledge))
    for question in bot.complete("", limit=25):
        answer = bot.ask(question, asker=Asker(platform="slack", user_id="fixture"))
        if answer.answered and answer.sources:
            return answer
    raise AssertionError("the knowledge base answers none of its example questions")


@pytest.fixture(scope="session")
def unanswered(slack_knowledge: KnowledgeBase) -> Answer:
    """A real reply that offers "did you mean" suggestions instead of an answer."""
    bot = bootstrap(knowledge=StaticKnowledge(slack_knowledge))
    answer = bot.ask("pizza toppings", asker=Asker(platform="slack", user_id="fixture"))
    assert not answer.answered
    assert answer.suggestions
    return answer


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
