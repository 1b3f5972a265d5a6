"""Suggestion and feedback buttons, dispatched by custom_id (so they survive restarts)."""

from __future__ import annotations

from bot.discord.client import FundingDiscordClient
from handlers.models import Asker
from handlers.service import FundingBot
from tests.bot.discord.fake_discord import (
    EPHEMERAL,
    USER_ID,
    FakeDiscord,
    Json,
    bot_message,
    button_click,
    custom_ids,
    slash_command,
)
from tests.bot.discord.support import RecordingJournal, client_for, running

QUESTION = "How much did Microsoft invest in OpenAI?"
UNANSWERABLE = "What did Apple invest in Mistral?"
THREE_FACTS = "amazon anthropic"
ASKER = Asker(platform="discord", user_id=str(USER_ID))


async def private_answer(fake: FakeDiscord, question: str) -> Json:
    seen = len(fake.requests)
    await fake.dispatch("INTERACTION_CREATE", slash_command(question))
    data: Json = (await fake.request_number(seen)).body["data"]
    return data


async def click(fake: FakeDiscord, custom_id: str, on: Json) -> Json:
    seen = len(fake.requests)
    await fake.dispatch("INTERACTION_CREATE", button_click(custom_id, bot_message(on)))
    reply = await fake.request_number(seen)
    assert reply.path.endswith("/callback")
    assert reply.body["type"] == 4
    data: Json = reply.body["data"]
    return data


async def test_suggestions_come_as_buttons_only(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, funding_bot: FundingBot
) -> None:
    not_found = await private_answer(fake_discord, UNANSWERABLE)

    expected = funding_bot.replay(UNANSWERABLE)
    assert expected.suggestions
    [embed] = not_found["embeds"]
    assert embed["description"] == expected.text
    assert not embed.get("fields")
    labels = [button["label"] for row in not_found["components"] for button in row["components"]]
    assert labels == [suggestion.question for suggestion in expected.suggestions]
    for suggestion in expected.suggestions:
        assert suggestion.question not in embed["description"]


async def test_a_suggestion_button_answers_that_fact_as_the_clicker_asked_it(
    discord_client: FundingDiscordClient,
    fake_discord: FakeDiscord,
    funding_bot: FundingBot,
    journal: RecordingJournal,
) -> None:
    not_found = await private_answer(fake_discord, UNANSWERABLE)
    suggestions = [i for i in custom_ids(not_found) if i.startswith("fb:fact:")]
    assert suggestions, "an unanswerable question comes with suggestions"
    fact_id = suggestions[0].split(":")[2]

    answer = await click(fake_discord, suggestions[0], on=not_found)

    (clicked, asker) = journal.answers[-1]
    assert asker == ASKER
    assert clicked.fact_ids[0] == fact_id
    assert answer["flags"] & EPHEMERAL
    assert answer["embeds"][0]["description"] == clicked.text
    assert "fb:share:en" in custom_ids(answer)
    assert answer["allowed_mentions"] == {"parse": []}


async def test_a_suggestion_for_a_fact_no_longer_known_says_so(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    stale = {"components": [button_row("fb:fact:gone-fact:en")]}

    answer = await click(fake_discord, "fb:fact:gone-fact:en", on=stale)

    assert answer["flags"] & EPHEMERAL
    assert answer["embeds"][0]["description"] == "My sources don't cover that."


def button_row(custom_id: str) -> Json:
    button = {"type": 2, "style": 2, "label": "?", "custom_id": custom_id}
    return {"type": 1, "components": [button]}


async def test_feedback_buttons_record_and_thank_privately(
    discord_client: FundingDiscordClient,
    fake_discord: FakeDiscord,
    journal: RecordingJournal,
) -> None:
    answer = await private_answer(fake_discord, QUESTION)
    [up] = [i for i in custom_ids(answer) if i.startswith("fb:vote:up:")]
    [down] = [i for i in custom_ids(answer) if i.startswith("fb:vote:down:")]

    thanks_up = await click(fake_discord, up, on=answer)
    thanks_down = await click(fake_discord, down, on=answer)

    assert journal.feedback == [
        (("microsoft-openai-total",), True, ASKER),
        (("microsoft-openai-total",), False, ASKER),
    ]
    for thanks in (thanks_up, thanks_down):
        assert thanks["content"] == "Thanks for the feedback."
        assert thanks["flags"] & EPHEMERAL


async def test_feedback_on_a_multi_fact_answer_counts_for_every_fact(
    discord_client: FundingDiscordClient,
    fake_discord: FakeDiscord,
    funding_bot: FundingBot,
    journal: RecordingJournal,
) -> None:
    answer = await private_answer(fake_discord, THREE_FACTS)
    [down] = [i for i in custom_ids(answer) if i.startswith("fb:vote:down:")]

    await click(fake_discord, down, on=answer)

    fact_ids = funding_bot.replay(THREE_FACTS).fact_ids
    assert len(fact_ids) == 3
    assert journal.feedback == [(fact_ids, False, ASKER)]


async def test_feedback_on_facts_since_removed_records_nothing(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, journal: RecordingJournal
) -> None:
    stale = "fb:vote:up:en:00000000"

    thanks = await click(fake_discord, stale, on={"components": [button_row(stale)]})

    assert thanks["content"] == "Thanks for the feedback."
    assert journal.feedback == []


async def test_buttons_keep_working_after_a_restart(
    funding_bot: FundingBot, fake_discord: FakeDiscord, journal: RecordingJournal
) -> None:
    async with running(client_for(funding_bot), fake_discord):
        answer = await private_answer(fake_discord, "마이크로소프트는 오픈AI에 얼마를 투자했나요?")
    [up] = [i for i in custom_ids(answer) if i.startswith("fb:vote:up:")]

    async with running(client_for(funding_bot), fake_discord):
        thanks = await click(fake_discord, up, on=answer)

    assert thanks["content"] == "의견 감사합니다."
    assert [helpful for _, helpful, _ in journal.feedback] == [True]
