"""Numbered sources, the longest real answers within Discord's embed limits, and the replies
that are not answers: "my sources don't give that" with what they do say, and "you're
welcome"."""

from __future__ import annotations

import discord
import pytest

from bot.discord.client import FundingDiscordClient
from bot.discord.embeds import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_VALUE_LIMIT,
    quote_text,
    render_answer,
)
from handlers.messages import messages_for
from handlers.models import Asker
from handlers.service import FundingBot
from tests.bot.discord.fake_discord import (
    ASKER,
    BOT_ID,
    BOT_USER,
    EPHEMERAL,
    FakeDiscord,
    Json,
    Request,
    custom_ids,
    message_payload,
    slash_command,
)

# The longest replies the shipped knowledge composes (every example question and every pair
# of them joined with "and" were tried), and the longest in Korean.
LONGEST = [
    "How big a loss does OpenAI expect this year, and which expert does the article quote?",
    "Is Mistral AI a European company, and what date is the article from?",
    "By how much did BAT's AI spending grow year on year, and what are Baidu, Alibaba and "
    "Tencent buying with their AI money?",
    "BAT 중에 AI 투자 제일 적게 한 곳은 어디야?",
]
APPLE_OWN_AMOUNT = "How much did Apple put into OpenAI's new round?"


def within_discord_limits(embed: discord.Embed) -> None:
    assert len(embed) <= EMBED_TOTAL_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELD_COUNT_LIMIT
    for field in embed.fields:
        assert 0 < len(field.value or "") <= FIELD_VALUE_LIMIT


@pytest.mark.parametrize("question", LONGEST)
def test_the_longest_composed_answers_fit_an_embed_whole_with_numbered_sources(
    funding_bot: FundingBot, question: str
) -> None:
    answer = funding_bot.ask(question, asker=Asker(platform="discord", user_id="1"))
    assert len(answer.sources) >= 2
    messages = messages_for(answer.language)

    embed = render_answer(answer)

    within_discord_limits(embed)
    # Nothing is cut: the whole text, then every source and its quote under the same number.
    assert embed.description == answer.text
    expected_names = []
    for number in range(1, len(answer.sources) + 1):
        expected_names += [
            f"[{number}] {messages.source_label}",
            f"[{number}] {messages.quote_label}",
        ]
    assert [field.name for field in embed.fields] == expected_names
    for number, source in enumerate(answer.sources):
        assert embed.fields[2 * number + 1].value == quote_text(source.quote)
        assert f"[{number + 1}]" in answer.text


def mention(text: str) -> Json:
    return message_payload(author=ASKER, content=f"<@{BOT_ID}> {text}", mentions=[BOT_USER])


async def reply_to(fake: FakeDiscord, message: Json) -> Request:
    seen = len(fake.requests)
    await fake.dispatch("MESSAGE_CREATE", message)
    return await fake.request_number(seen)


async def test_not_reported_shows_what_the_sources_say_without_votes(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    reply = await reply_to(fake_discord, mention(APPLE_OWN_AMOUNT))

    [embed] = reply.body["embeds"]
    assert embed["description"].splitlines()[:2] == [
        "My sources don't give Apple's own amount.",
        messages_for("en").what_they_say,
    ]
    assert "$1 billion" in embed["description"]
    assert [field["name"] for field in embed["fields"]] == ["Source", "Quoted sentence"]
    assert "The Wall Street Journal (WSJ)" in embed["fields"][0]["value"]
    assert embed["color"] == 0x99AAB5  # a notice, not an answer
    assert custom_ids(reply.body) == []  # nothing to rate or share


async def test_not_reported_by_funding_stays_private_without_share(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    seen = len(fake_discord.requests)
    await fake_discord.dispatch("INTERACTION_CREATE", slash_command(APPLE_OWN_AMOUNT, public=True))
    data = (await fake_discord.request_number(seen)).body["data"]

    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["description"].startswith("My sources don't give Apple's own amount.")
    assert custom_ids(data) == []


async def test_thanks_get_a_line_of_text_without_embed_or_buttons(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    await reply_to(fake_discord, mention("How much did Microsoft invest in OpenAI?"))
    thanks = await reply_to(fake_discord, mention("thanks!"))

    assert thanks.body["content"] == messages_for("en").courtesy
    assert not thanks.body.get("embeds")
    assert not thanks.body.get("components")
    assert thanks.body["allowed_mentions"]["parse"] == []


async def test_thanks_by_funding_get_the_courtesy_privately(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    seen = len(fake_discord.requests)
    await fake_discord.dispatch("INTERACTION_CREATE", slash_command("고마워!", public=True))
    data = (await fake_discord.request_number(seen)).body["data"]

    assert data["content"] == messages_for("ko").courtesy
    assert data["flags"] & EPHEMERAL
    assert not data.get("embeds")
    assert custom_ids(data) == []
