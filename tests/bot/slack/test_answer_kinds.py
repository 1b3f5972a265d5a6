"""Numbered sources, the longest real answers within Slack's limits, and the replies that are
not answers: "my sources don't give that" with what they do say, and "you're welcome"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import aiohttp
import pytest

from bot.slack.blocks import (
    HELPFUL_ACTION,
    NOT_HELPFUL_ACTION,
    QUOTE_ACTION,
    SECTION_TEXT_LIMIT,
    SHARE_ACTION,
    AnswerView,
    render_answer,
    render_quotes,
)
from bot.slack.server import RunningServer
from bot.slack.text import mrkdwn_safe
from bot.slack.values import BUTTON_VALUE_LIMIT, QuoteValue
from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, Asker, SourceRef
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    all_texts,
    event_callback,
    find_button,
    mention_event,
    section_texts,
    signed_headers,
    slash_command,
)

MAX_BLOCKS = 50
MARK = re.compile(r"\[(\d+)\]")
LEADING_MARKS = re.compile(r"^(?:\[\d+\] )+")
# The longest replies the shipped knowledge composes (found by asking every example question
# and every pair of them joined with "and"), and the longest in Korean.
LONGEST = [
    "How big a loss does OpenAI expect this year, and which expert does the article quote?",
    "Is Mistral AI a European company, and what date is the article from?",
    "By how much did BAT's AI spending grow year on year, and what are Baidu, Alibaba and "
    "Tencent buying with their AI money?",
    "BAT 중에 AI 투자 제일 적게 한 곳은 어디야?",
]
APPLE_OWN_AMOUNT = "How much did Apple put into OpenAI's new round?"
WSJ_LINE = (
    "Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02, citing The Wall Street Journal (WSJ) "
    "(2024-08-29)"
)


def context_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        element["text"]
        for block in blocks
        if block["type"] == "context"
        for element in block["elements"]
    ]


def action_ids(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        element["action_id"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def leading_marks(line: str) -> str:
    """The "[1] [2] " a source line starts with, or nothing."""
    found = LEADING_MARKS.match(line)
    return found[0] if found else ""


def within_slack_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
        for element in block.get("elements", []):
            assert len(element.get("text", "")) <= SECTION_TEXT_LIMIT
            assert len(element.get("value", "")) <= BUTTON_VALUE_LIMIT


@pytest.mark.parametrize("question", LONGEST)
def test_the_longest_composed_answers_fit_slack_whole_with_numbered_sources(
    funding_bot: FundingBot, question: str
) -> None:
    answer = funding_bot.ask(question, asker=Asker(platform="slack", user_id="U1"))
    assert len(answer.sources) >= 2
    message = render_answer(answer, AnswerView(share_key="k" * 12, shared_by="UASKER01"))

    within_slack_limits(message.blocks)
    # Nothing is cut: the whole text, every source's number on its article's line, in order.
    assert "\n".join(section_texts(message.blocks)) == mrkdwn_safe(answer.text)
    contexts = [block for block in message.blocks if block["type"] == "context"]
    lines = [block["elements"][0]["text"] for block in contexts[1:]]  # after "shared by"
    numbers = [int(n) for line in lines for n in MARK.findall(leading_marks(line))]
    assert numbers == list(range(1, len(answer.sources) + 1))
    assert {int(n) for n in MARK.findall(answer.text)} <= set(numbers)
    # The quote button carries every quoted sentence under its number, and shows them whole.
    value = QuoteValue.decode(find_button(message.blocks, QUOTE_ACTION)["value"])
    assert value is not None
    quotes = render_quotes(value)
    within_slack_limits(quotes.blocks)
    shown = all_texts(quotes.blocks)
    for number, source in enumerate(answer.sources, 1):
        assert mrkdwn_safe(f"[{number}] {source.quote}") in shown


def test_a_single_source_is_not_numbered(funding_bot: FundingBot) -> None:
    answer = funding_bot.ask(APPLE_OWN_AMOUNT, asker=Asker(platform="slack", user_id="U1"))
    message = render_answer(answer)

    assert context_texts(message.blocks) == [WSJ_LINE]
    assert not MARK.search(all_texts(message.blocks))


async def test_not_reported_shows_what_the_sources_say_with_no_share_or_votes(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    body = slash_command(APPLE_OWN_AMOUNT, response_url=fake_slack.response_url())
    response = await http.post(
        f"{slack_server.url}/slack/events", data=body, headers=signed_headers(body)
    )
    reply = await response.json()

    english = messages_for("en")
    [text] = section_texts(reply["blocks"])
    assert text.splitlines()[:3] == [
        "My sources don't give Apple's own amount.",
        english.what_they_say,
        "OpenAI's new round is expected to be about $1 billion (about 1.3 trillion won). If it "
        "goes through, it will be the largest since Microsoft's $10 billion investment in "
        "January 2023.",
    ]
    assert context_texts(reply["blocks"]) == [WSJ_LINE]
    # Its sources can be checked; it is not an answer, so not shared and not rated.
    assert action_ids(reply["blocks"]) == [QUOTE_ACTION]
    assert SHARE_ACTION not in all_texts(reply["blocks"])


def test_not_reported_with_several_sources_numbers_them() -> None:
    answer = Answer(
        question="q",
        kind=AnswerKind.NOT_REPORTED,
        language="en",
        text="My sources don't give that.\nWhat they do say:\nOne. [1]\nTwo. [2]",
        sources=(
            _source("Alpha Daily", "First quote."),
            _source("Beta Times", "Second quote."),
        ),
        fact_ids=("a", "b"),
    )
    message = render_answer(answer, AnswerView(share_key=None))

    assert [line[:12] for line in context_texts(message.blocks)] == [
        "[1] Source: ",
        "[2] Source: ",
    ]
    assert action_ids(message.blocks) == [QUOTE_ACTION]
    assert HELPFUL_ACTION not in action_ids(message.blocks)
    assert NOT_HELPFUL_ACTION not in action_ids(message.blocks)


async def test_thanks_in_a_thread_get_a_short_reply_without_buttons(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    for number, (text, thread) in enumerate(
        [("How much did Microsoft invest in OpenAI?", None), ("thanks!", "300.001")]
    ):
        event = mention_event(text, ts=f"300.00{number + 1}", thread_ts=thread)
        body = event_callback(event, event_id=f"EvThanks{number}")
        headers = signed_headers(body, content_type="application/json")
        await http.post(f"{slack_server.url}/slack/events", data=body, headers=headers)
        await fake_slack.wait_for_call("chat.postMessage", count=number + 1)
    thanks = fake_slack.calls_to("chat.postMessage")[1]

    assert thanks["thread_ts"] == "300.001"
    assert thanks["text"] == messages_for("en").courtesy
    assert thanks["blocks"] == [
        {"type": "section", "text": {"type": "mrkdwn", "text": messages_for("en").courtesy}}
    ]


async def test_thanks_by_funding_in_korean_get_the_korean_courtesy_only(
    http: aiohttp.ClientSession, slack_server: RunningServer, fake_slack: FakeSlack
) -> None:
    body = slash_command("고마워!", response_url=fake_slack.response_url())
    response = await http.post(
        f"{slack_server.url}/slack/events", data=body, headers=signed_headers(body)
    )
    reply = await response.json()

    assert reply["response_type"] == "ephemeral"
    assert section_texts(reply["blocks"]) == [messages_for("ko").courtesy]
    assert action_ids(reply["blocks"]) == []


def _source(outlet: str, quote: str) -> SourceRef:
    return SourceRef(outlet=outlet, published=date(2024, 9, 2), title="T", quote=quote)
