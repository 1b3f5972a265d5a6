"""Very long questions: declined politely, and never kept, logged or journalled in full."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp
import pytest

from bot.bootstrap import bootstrap
from bot.journal import SqliteJournal
from bot.slack.app import build_slack_app
from bot.slack.server import running_http_server
from bot.slack.settings import SlackSettings
from handlers.messages import messages_for
from handlers.models import Asker
from handlers.service import MAX_ACCEPTED_QUESTION_CHARS
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import section_texts, signed_headers, slash_command

LONG = "how much did microsoft invest in openai " * 400  # 16,000 characters


async def test_a_long_question_gets_a_short_polite_reply_and_is_cut_everywhere(
    http: aiohttp.ClientSession,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    journal = SqliteJournal(tmp_path / "journal.sqlite3")
    app = build_slack_app(bootstrap(journal=journal), slack_settings)
    body = slash_command(LONG, response_url=fake_slack.response_url())
    with caplog.at_level(logging.INFO, logger="funding_bot.questions"):
        async with (
            running_http_server(app, host="127.0.0.1", port=0) as server,
            http.post(
                f"{server.url}/slack/events", data=body, headers=signed_headers(body)
            ) as response,
        ):
            reply = await response.json()
    limit = MAX_ACCEPTED_QUESTION_CHARS
    assert section_texts(reply["blocks"]) == [
        messages_for("en").question_too_long.format(limit=limit)
    ]
    assert len(reply["text"]) < 200
    (record,) = [r for r in caplog.records if r.getMessage() == "question"]
    fields = record.__dict__["fields"]
    assert len(fields["question"]) <= limit
    assert fields["kind"] == "too_long"
    assert journal.unanswered() == []
    # Nothing kept for a Share button either: a notice has none.
    assert "share" not in str(reply["blocks"]).lower()
    journal.close()


def test_a_question_at_the_limit_is_still_answered() -> None:
    bot = bootstrap()
    question = "mistral valuation".ljust(MAX_ACCEPTED_QUESTION_CHARS)
    answer = bot.ask(question, asker=Asker(platform="cli"))
    assert answer.answered
