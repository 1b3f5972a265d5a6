"""/funding end to end: the real discord.py client answers interactions from a fake Discord."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.discord.client import FundingDiscordClient
from bot.discord.components import LATE_AFTER
from handlers.messages import messages_for
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.models import Bilingual
from tests.bot.discord.fake_discord import (
    APPLICATION_ID,
    EPHEMERAL,
    USER_ID,
    FakeDiscord,
    Request,
    autocomplete,
    bot_message,
    button_click,
    custom_ids,
    slash_command,
)
from tests.bot.discord.support import FailingOnce, client_for, running

QUESTION = "How much did Microsoft invest in OpenAI?"
UNANSWERABLE = "What did Apple invest in Mistral?"


def is_callback(request: Request) -> bool:
    return request.path.endswith("/callback")


async def ask(fake: FakeDiscord, question: str, *, public: bool | None = None) -> Request:
    seen = len(fake.requests)
    await fake.dispatch("INTERACTION_CREATE", slash_command(question, public=public))
    return await fake.request_number(seen)


async def test_slash_command_replies_privately_with_an_embed(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, funding_bot: FundingBot
) -> None:
    reply = await ask(fake_discord, QUESTION)

    assert is_callback(reply)
    assert reply.body["type"] == 4
    data = reply.body["data"]
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    [embed] = data["embeds"]
    assert "$13 billion" in embed["description"]
    assert [field["name"] for field in embed["fields"]] == ["Source", "Quoted sentence"]
    assert "Chosun Biz" in embed["fields"][0]["value"]
    assert embed["footer"]["text"]
    assert "fb:share:en" in custom_ids(data)


async def test_share_button_posts_the_answer_to_the_channel(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    private = (await ask(fake_discord, QUESTION)).body["data"]
    seen = len(fake_discord.requests)

    await fake_discord.dispatch(
        "INTERACTION_CREATE", button_click("fb:share:en", bot_message(private))
    )
    shared = await fake_discord.request_number(seen)

    assert is_callback(shared)
    assert shared.body["type"] == 4
    data = shared.body["data"]
    assert not int(data.get("flags") or 0) & EPHEMERAL
    assert data["embeds"][0]["description"] == private["embeds"][0]["description"]
    assert f"<@{USER_ID}>" in data["content"]
    assert data["allowed_mentions"] == {"parse": []}
    assert "fb:share:en" not in custom_ids(data)
    assert any(custom_id.startswith("fb:vote:up:") for custom_id in custom_ids(data))


async def test_sharing_a_three_fact_answer_is_not_a_new_question(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord
) -> None:
    funding = bootstrap(knowledge=StaticKnowledge(knowledge), rate_limit_per_minute=1)
    async with running(client_for(funding), fake_discord):
        private = (await ask(fake_discord, "amazon anthropic")).body["data"]
        seen = len(fake_discord.requests)
        share = button_click("fb:share:en", bot_message(private))
        await fake_discord.dispatch("INTERACTION_CREATE", share)
        shared = (await fake_discord.request_number(seen)).body["data"]

    assert not int(shared.get("flags") or 0) & EPHEMERAL
    assert shared["embeds"][0]["description"] == private["embeds"][0]["description"]
    assert [f["name"] for f in shared["embeds"][0]["fields"]][::2] == [
        "[1] Source",
        "[2] Source",
        "[3] Source",
    ]
    votes = [i for i in custom_ids(private) if i.startswith("fb:vote:")]
    assert len(votes[0].rsplit(":", 1)[1].split(",")) == 3
    assert custom_ids(shared) == votes


async def test_a_notice_stays_private_even_when_asked_publicly(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    reply = await ask(fake_discord, UNANSWERABLE, public=True)

    data = reply.body["data"]
    assert data["flags"] & EPHEMERAL
    assert "fb:share:en" not in custom_ids(data)
    assert any(custom_id.startswith("fb:fact:") for custom_id in custom_ids(data))


async def test_a_not_found_reply_offers_no_share(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    reply = await ask(fake_discord, UNANSWERABLE)

    assert custom_ids(reply.body["data"])
    assert "fb:share:en" not in custom_ids(reply.body["data"])


async def test_public_option_answers_in_the_channel_without_share(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    reply = await ask(fake_discord, QUESTION, public=True)

    data = reply.body["data"]
    assert not int(data.get("flags") or 0) & EPHEMERAL
    assert "$13 billion" in data["embeds"][0]["description"]
    assert "fb:share:en" not in custom_ids(data)
    assert data["allowed_mentions"] == {"parse": []}


async def complete(
    fake: FakeDiscord, partial: str, *, locale: str = "en-US"
) -> list[dict[str, str]]:
    seen = len(fake.requests)
    await fake.dispatch("INTERACTION_CREATE", autocomplete(partial, locale=locale))
    reply = await fake.request_number(seen)
    assert is_callback(reply)
    assert reply.body["type"] == 8
    choices: list[dict[str, str]] = reply.body["data"]["choices"]
    return choices


async def test_autocomplete_offers_english_questions_best_first(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, funding_bot: FundingBot
) -> None:
    choices = await complete(fake_discord, "How much")

    assert 0 < len(choices) <= 25
    assert all(len(choice["name"]) <= 100 and choice["value"] for choice in choices)
    expected = funding_bot.complete("How much", language="en")[:25]
    assert [choice["name"] for choice in choices] == expected
    assert choices[0]["name"].startswith("How much")
    assert not any(has_hangul(choice["name"]) for choice in choices)


async def test_autocomplete_offers_korean_questions_for_korean_typing(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    choices = await complete(fake_discord, "오픈AI")

    assert 0 < len(choices) <= 25
    assert all(has_hangul(choice["name"]) for choice in choices)
    assert "오픈AI" in choices[0]["name"]


async def test_autocomplete_before_typing_follows_the_client_language(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord, funding_bot: FundingBot
) -> None:
    korean = await complete(fake_discord, "", locale="ko")
    english = await complete(fake_discord, "", locale="en-GB")

    assert [choice["name"] for choice in korean] == funding_bot.complete("", language="ko")[:25]
    assert korean
    assert all(has_hangul(choice["name"]) for choice in korean)
    assert english
    assert not any(has_hangul(choice["name"]) for choice in english)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= character <= "\ud7a3" for character in text)


async def test_an_interaction_within_the_window_is_answered_at_once(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    seen = len(fake_discord.requests)
    await fake_discord.dispatch("INTERACTION_CREATE", slash_command(QUESTION, age=LATE_AFTER / 2))

    reply = await fake_discord.request_number(seen)

    assert is_callback(reply)
    assert reply.body["type"] == 4


async def test_a_late_interaction_is_deferred_then_answered(
    discord_client: FundingDiscordClient, fake_discord: FakeDiscord
) -> None:
    seen = len(fake_discord.requests)
    late = slash_command(QUESTION, age=LATE_AFTER * 2)
    await fake_discord.dispatch("INTERACTION_CREATE", late)

    deferral = await fake_discord.request_number(seen)
    edit = await fake_discord.request_number(seen + 1)

    assert is_callback(deferral)
    assert deferral.body["type"] == 5
    assert deferral.body["data"]["flags"] & EPHEMERAL
    assert edit.method == "PATCH"
    assert edit.path.endswith(f"/webhooks/{APPLICATION_ID}/{late['token']}/messages/@original")
    assert "$13 billion" in edit.body["embeds"][0]["description"]
    assert edit.body["allowed_mentions"] == {"parse": []}


async def test_a_rate_limited_asker_is_told_privately_even_when_asking_publicly(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord
) -> None:
    funding = bootstrap(knowledge=StaticKnowledge(knowledge), rate_limit_per_minute=1)
    async with running(client_for(funding), fake_discord):
        await ask(fake_discord, QUESTION)
        reply = await ask(fake_discord, QUESTION, public=True)

    data = reply.body["data"]
    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["description"] == messages_for("en").rate_limited.format(seconds=60)
    assert custom_ids(data) == []


async def test_a_failure_gets_an_apology_and_the_bot_keeps_serving(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(bootstrap(knowledge=FailingOnce(knowledge)))
    async with running(client, fake_discord):
        apology = await ask(fake_discord, "마이크로소프트는 오픈AI에 얼마를 투자했나요?")
        answer = await ask(fake_discord, QUESTION)

    assert apology.body["type"] == 4
    assert apology.body["data"]["content"] == messages_for("ko").apology
    assert apology.body["data"]["flags"] & EPHEMERAL
    assert "knowledge store unavailable" in caplog.text  # the error is logged
    assert "$13 billion" in answer.body["data"]["embeds"][0]["description"]


def oversized(base: KnowledgeBase, fact_id: str) -> KnowledgeBase:
    """The knowledge with one fact's answer and quote far beyond Discord's embed limits."""
    facts = tuple(
        replace(
            item,
            fact=item.fact.model_copy(
                update={
                    "answer": Bilingual(ko="가" * 9_000, en="A" * 9_000),
                    "quote": "Q" * 3_000,
                }
            ),
        )
        if item.fact.id == fact_id
        else item
        for item in base.facts
    )
    return KnowledgeBase(base.articles, base.entities, facts, base.lexicon)


async def test_an_answer_beyond_the_limits_arrives_trimmed_within_them(
    knowledge: KnowledgeBase, fake_discord: FakeDiscord
) -> None:
    huge = StaticKnowledge(oversized(knowledge, "microsoft-openai-total"))
    async with running(client_for(bootstrap(knowledge=huge)), fake_discord):
        reply = await ask(fake_discord, QUESTION)

    [embed] = reply.body["data"]["embeds"]
    description = embed["description"]
    assert len(description) <= 4096
    assert description.endswith("…")
    assert all(len(field["value"]) <= 1024 for field in embed["fields"])
    assert embed["fields"][0]["name"] == "Source"
    total = len(embed["title"]) + len(description) + len(embed["footer"]["text"])
    total += sum(len(field["name"]) + len(field["value"]) for field in embed["fields"])
    assert total <= 6000
