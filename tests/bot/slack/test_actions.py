import asyncio
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
from bot.slack.values import ShareValue
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

LOCAL: dict[str, Any] = {"host": "127.0.0.1", "port": 0}


class RecordingJournal:
    """A QuestionJournal that keeps what it is told, for the journal and feedback tests."""

    def __init__(self) -> None:
        self.answers: list[tuple[Answer, Asker]] = []
        self.feedback: list[tuple[tuple[str, ...], bool, Asker]] = []

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        self.answers.append((answer, asker))

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
    response_url: str | None,
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
    async with running_http_server(restarted, **LOCAL) as server:
        await click(http, server, share, response_url=fake_slack.response_url("share"))
        [shared] = await fake_slack.wait_for_responses()
    assert shared["response_type"] == "in_channel"
    assert mrkdwn_safe(answered.text) in section_texts(shared["blocks"])


async def test_a_share_over_the_rate_limit_is_refused_privately(
    http: aiohttp.ClientSession,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    journal = RecordingJournal()
    bot = bootstrap(rate_limit_per_minute=1, journal=journal)
    async with running_http_server(build_slack_app(bot, slack_settings), **LOCAL) as server:
        share = find_button(
            await private_reply(http, server, fake_slack, answered.question), SHARE_ACTION
        )
        await click(http, server, share, response_url=fake_slack.response_url("share"))
        [refused] = await fake_slack.wait_for_responses()
    assert refused["response_type"] == "ephemeral"
    assert refused["text"] == messages_for("en").rate_limited.format(seconds=60)
    assert [answer.question for answer, _ in journal.answers] == [answered.question]


async def test_one_answer_is_shared_once_however_often_share_is_clicked(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    share = find_button(
        await private_reply(http, slack_server, fake_slack, answered.question), SHARE_ACTION
    )
    for name in ("first", "second"):
        await click(http, slack_server, share, response_url=fake_slack.response_url(name))
    [(_, shared)] = await settled_responses(fake_slack, 1)
    assert shared["response_type"] == "in_channel"
    assert mrkdwn_safe(answered.text) in section_texts(shared["blocks"])


async def settled_responses(fake: FakeSlack, count: int) -> list[tuple[str, dict[str, Any]]]:
    """The responses once `count` have arrived and a moment later no more did."""
    await fake.wait_for_responses(count)
    await asyncio.sleep(0.2)
    return list(fake.responses)


@pytest.mark.parametrize(
    ("question", "fact_ids"),
    [("pizza toppings", ()), (None, ("a-fact-it-no-longer-gives",))],
)
async def test_a_stale_share_that_no_longer_gives_its_answer_posts_nothing_public(
    http: aiohttp.ClientSession,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
    answered: Answer,
    question: str | None,
    fact_ids: tuple[str, ...],
) -> None:
    stale = ShareValue(
        key=f"forgotten-{len(fact_ids)}",
        question=question or answered.question,
        fact_ids=fact_ids,
        language="en",
    )
    button = {"action_id": SHARE_ACTION, "value": stale.encode(), "text": {"type": "plain_text"}}
    await click(http, slack_server, button, response_url=fake_slack.response_url("share"))
    [reply] = await fake_slack.wait_for_responses()
    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False
    assert USER_ID not in all_texts(reply["blocks"])


async def test_a_question_full_of_quotes_gets_its_answer_and_a_share_that_survives_restart(
    http: aiohttp.ClientSession,
    funding_bot: FundingBot,
    slack_settings: SlackSettings,
    slack_server: RunningServer,
    fake_slack: FakeSlack,
) -> None:
    question = "amazon anthropic " + '"' * 1200
    expected = funding_bot.replay(question)
    assert expected.answered
    blocks = await private_reply(http, slack_server, fake_slack, question)
    assert section_texts(blocks)[0] == mrkdwn_safe(expected.text)
    share = find_button(blocks, SHARE_ACTION)
    for action_id in (QUOTE_ACTION, HELPFUL_ACTION):
        find_button(blocks, action_id)
    restarted = build_slack_app(funding_bot, slack_settings)
    async with running_http_server(restarted, **LOCAL) as server:
        await click(http, server, share, response_url=fake_slack.response_url("share"))
        [shared] = await fake_slack.wait_for_responses()
    assert shared["response_type"] == "in_channel"
    assert section_texts(shared["blocks"])[0] == mrkdwn_safe(expected.text)


@pytest.mark.parametrize(
    ("question", "facts", "lines"),
    [
        # Facts from one article share its line, marked with each of their numbers.
        ("amazon anthropic", 3, ["[1] [2] [3] Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02"]),
        (
            "MS 오픈AI 정리: 2019년부터 총 투자액, 그리고 2023년 1월 투자액",
            2,
            [
                "[1] 출처: 조선비즈 전효진 기자, 2024-09-02",
                "[2] 출처: 조선비즈 전효진 기자, 2024-09-02 "
                "(월스트리트저널(WSJ) 2024-08-29 보도 인용)",
            ],
        ),
    ],
)
async def test_every_fact_of_a_multi_fact_answer_reaches_quote_feedback_and_share(
    http: aiohttp.ClientSession,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    question: str,
    facts: int,
    lines: list[str],
) -> None:
    journal = RecordingJournal()
    bot = bootstrap(journal=journal)
    expected = bot.replay(question)
    assert len(expected.fact_ids) == len(expected.sources) == facts
    async with running_http_server(build_slack_app(bot, slack_settings), **LOCAL) as server:
        blocks = await private_reply(http, server, fake_slack, question)
        contexts = [b["elements"][0]["text"] for b in blocks if b["type"] == "context"]
        assert contexts == lines
        for action_id in (QUOTE_ACTION, HELPFUL_ACTION, SHARE_ACTION):
            button = find_button(blocks, action_id)
            await click(http, server, button, response_url=fake_slack.response_url(action_id))
        await fake_slack.wait_for_responses(3)
    replies = dict(fake_slack.responses)
    quoted = all_texts(replies[QUOTE_ACTION]["blocks"])
    for text in lines:
        assert text in quoted
    for number, source in enumerate(expected.sources, 1):
        assert mrkdwn_safe(f"[{number}] {source.quote}") in quoted
    assert journal.feedback == [(expected.fact_ids, True, Asker(platform="slack", user_id=USER_ID))]
    shared = replies[SHARE_ACTION]
    assert shared["response_type"] == "in_channel"
    assert mrkdwn_safe(expected.text) in section_texts(shared["blocks"])
    # Restarted without a shared store, the Share rebuilds the same multi-fact answer from the
    # question (and this process has no record of the first Share).
    restarted = bootstrap(journal=journal)
    async with running_http_server(build_slack_app(restarted, slack_settings), **LOCAL) as server:
        await click(
            http,
            server,
            find_button(blocks, SHARE_ACTION),
            response_url=fake_slack.response_url("stale"),
        )
        await fake_slack.wait_for_responses(4)
    stale = dict(fake_slack.responses)["stale"]
    assert stale["response_type"] == "in_channel"
    assert stale["blocks"] == shared["blocks"]


async def test_a_suggestion_in_a_private_reply_is_replaced_by_its_answer(
    http: aiohttp.ClientSession,
    journaled_server: tuple[RunningServer, RecordingJournal],
    fake_slack: FakeSlack,
    funding_bot: FundingBot,
    unanswered: Answer,
) -> None:
    server, journal = journaled_server
    blocks = await private_reply(http, server, fake_slack, unanswered.question)
    suggestion = buttons_starting_with(blocks, SUGGESTION_ACTION_PREFIX)[0]
    await click(http, server, suggestion, response_url=fake_slack.response_url("pick"))
    [reply] = await fake_slack.wait_for_responses()
    expected = expected_suggestion(funding_bot, unanswered, 0)
    assert reply["replace_original"] is True
    assert reply["response_type"] == "ephemeral"
    assert section_texts(reply["blocks"])[0] == mrkdwn_safe(expected.text)
    find_button(reply["blocks"], SHARE_ACTION)
    clicker = Asker(platform="slack", user_id=USER_ID)
    assert (expected.question, clicker) in [(a.question, asker) for a, asker in journal.answers]


async def test_a_suggestion_under_a_public_reply_is_answered_privately_in_its_thread(
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
    [private] = await fake_slack.wait_for_call("chat.postEphemeral")
    expected = expected_suggestion(funding_bot, unanswered, 1)
    assert private["channel"] == CHANNEL_ID
    assert private["user"] == USER_ID
    assert private["thread_ts"] == "500.000"
    assert section_texts(private["blocks"])[0] == mrkdwn_safe(expected.text)
    find_button(private["blocks"], SHARE_ACTION)
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.responses == []


async def test_a_suggestion_click_counts_against_the_rate_limit(
    http: aiohttp.ClientSession,
    slack_settings: SlackSettings,
    fake_slack: FakeSlack,
    unanswered: Answer,
) -> None:
    bot = bootstrap(rate_limit_per_minute=1)
    async with running_http_server(build_slack_app(bot, slack_settings), **LOCAL) as server:
        blocks = await private_reply(http, server, fake_slack, unanswered.question)
        suggestion = buttons_starting_with(blocks, SUGGESTION_ACTION_PREFIX)[0]
        await click(http, server, suggestion, response_url=fake_slack.response_url("pick"))
        [reply] = await fake_slack.wait_for_responses()
    assert messages_for("en").rate_limited.split("{")[0] in reply["text"]
    assert SHARE_ACTION not in all_texts(reply["blocks"])


def expected_suggestion(bot: FundingBot, unanswered: Answer, index: int) -> Answer:
    asker = Asker(platform="slack", user_id="expected")
    answer = bot.answer_fact(
        unanswered.suggestions[index].fact_id, unanswered.language, asker=asker
    )
    assert answer is not None
    return answer


@pytest.fixture
async def journaled_server(
    slack_settings: SlackSettings,
) -> AsyncIterator[tuple[RunningServer, RecordingJournal]]:
    journal = RecordingJournal()
    app = build_slack_app(bootstrap(journal=journal), slack_settings)
    async with running_http_server(app, **LOCAL) as server:
        yield server, journal


async def test_feedback_counts_once_per_user_and_answer_and_always_thanks(
    http: aiohttp.ClientSession,
    journaled_server: tuple[RunningServer, RecordingJournal],
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    server, journal = journaled_server
    blocks = await private_reply(http, server, fake_slack, answered.question)
    for action_id in (HELPFUL_ACTION, NOT_HELPFUL_ACTION, HELPFUL_ACTION):
        button = find_button(blocks, action_id)
        await click(http, server, button, response_url=fake_slack.response_url(action_id))
    other = fake_slack.response_url("other")
    await click(
        http,
        server,
        find_button(blocks, NOT_HELPFUL_ACTION),
        response_url=other,
        user_id="UOTHER01",
    )
    replies = await fake_slack.wait_for_responses(4)
    assert journal.feedback == [
        (answered.fact_ids, True, Asker(platform="slack", user_id=USER_ID)),
        (answered.fact_ids, False, Asker(platform="slack", user_id="UOTHER01")),
    ]
    thanks = messages_for(answered.language).feedback_thanks
    for reply in replies:
        assert reply["text"] == thanks
        assert reply["response_type"] == "ephemeral"
        assert reply["replace_original"] is False


async def test_feedback_without_a_response_url_is_still_recorded(
    http: aiohttp.ClientSession,
    journaled_server: tuple[RunningServer, RecordingJournal],
    fake_slack: FakeSlack,
    answered: Answer,
) -> None:
    server, journal = journaled_server
    blocks = await private_reply(http, server, fake_slack, answered.question)
    await click(http, server, find_button(blocks, NOT_HELPFUL_ACTION), response_url=None)
    # The listener records before it returns, and bolt answers the click only afterwards.
    asker = Asker(platform="slack", user_id=USER_ID)
    assert journal.feedback == [(answered.fact_ids, False, asker)]


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
