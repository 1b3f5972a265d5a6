"""The pure renderer and the buttons: every Discord limit holds, whatever the answer."""

from __future__ import annotations

from datetime import date

import discord

from bot.discord.commands import question_choices
from bot.discord.components import answer_view
from bot.discord.custom_ids import CUSTOM_ID_LIMIT, parse_tokens, suggestion_id, vote_id
from bot.discord.embeds import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    render_answer,
    trim,
)
from handlers.models import Answer, AnswerKind, SourceRef, Suggestion
from handlers.rendering import source_line
from handlers.service import FundingBot


def source(index: int, *, size: int = 40) -> SourceRef:
    return SourceRef(
        outlet=f"Outlet {index}",
        published=date(2024, 9, 2),
        title="T" * size,
        author="Reporter",
        url="https://example.com/article",
        via="Reuters",
        via_reported=date(2024, 8, 30),
        quote="Q" * size * 3,
    )


def answer(text: str, *sources: SourceRef, language: str = "en") -> Answer:
    return Answer(
        question="q",
        kind=AnswerKind.ANSWER,
        language="ko" if language == "ko" else "en",
        text=text,
        sources=sources,
        fact_ids=tuple(f"fact-{index}" for index in range(max(1, len(sources)))),
    )


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed) <= EMBED_TOTAL_LIMIT
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELD_COUNT_LIMIT
    for field in embed.fields:
        assert 0 < len(field.name or "") <= FIELD_NAME_LIMIT
        assert 0 < len(field.value or "") <= FIELD_VALUE_LIMIT
    assert len(embed.footer.text or "") <= 2048


def test_a_short_answer_is_rendered_whole() -> None:
    embed = render_answer(answer("Microsoft invested $13 billion.", source(1)))

    assert embed.title == "AI funding"
    assert embed.description == "Microsoft invested $13 billion."
    assert [field.name for field in embed.fields] == ["Source", "Quoted sentence"]
    assert embed.fields[0].value == (
        "Outlet 1 (Reporter), 2024-09-02, citing Reuters (2024-08-30)\n"
        f"[{'T' * 40}](https://example.com/article)"
    )
    assert embed.fields[1].value == "> " + "Q" * 120
    assert embed.footer.text == "funding-bot · answers only from its sources"


def test_an_oversized_answer_is_trimmed_within_every_limit_keeping_its_source() -> None:
    huge = answer("A" * 10_000, *(source(index, size=3_000) for index in range(30)))

    embed = render_answer(huge)

    assert_within_limits(embed)
    assert (embed.description or "").endswith("…")
    assert embed.fields[0].name == "[1] Source"
    value = embed.fields[0].value or ""
    assert value.startswith(source_line(source(0), "en", labelled=False) + "\n")
    assert value.endswith("…](https://example.com/article)")


def test_every_source_of_a_three_fact_answer_is_kept_before_any_quote() -> None:
    sources = [source(index, size=3_000) for index in range(3)]
    huge = answer("A" * 10_000, *sources)

    embed = render_answer(huge)

    assert_within_limits(embed)
    sourced = [field.value or "" for field in embed.fields if "Source" in (field.name or "")]
    assert [f.name for f in embed.fields if "Source" in (f.name or "")] == [
        "[1] Source",
        "[2] Source",
        "[3] Source",
    ]
    for index, value in enumerate(sourced):
        assert value.startswith(source_line(sources[index], "en", labelled=False))
    assert (embed.description or "").endswith("…")


def test_each_source_is_followed_by_its_own_quote_when_they_fit() -> None:
    sources = [source(index) for index in range(3)]

    embed = render_answer(answer("Three facts.", *sources))

    names = [field.name for field in embed.fields]
    # Numbered like the markers the core puts in a several-source text.
    assert names == [
        "[1] Source",
        "[1] Quoted sentence",
        "[2] Source",
        "[2] Quoted sentence",
        "[3] Source",
        "[3] Quoted sentence",
    ]
    assert embed.description == "Three facts."


def test_the_total_is_shared_out_when_many_fields_compete() -> None:
    crowded = answer("A" * 4_000, *(source(index, size=300) for index in range(20)))

    embed = render_answer(crowded)

    assert_within_limits(embed)
    assert len(embed.fields) >= 2


def test_a_korean_answer_gets_korean_labels() -> None:
    embed = render_answer(answer("MS는 130억달러를 투자했다.", source(1), language="ko"))

    assert embed.title == "AI 투자"
    assert [field.name for field in embed.fields] == ["출처", "인용 문장"]
    assert (embed.fields[0].value or "").startswith(source_line(source(1), "ko", labelled=False))


def test_an_empty_text_still_renders_a_valid_embed() -> None:
    embed = render_answer(answer("   "))

    assert embed.description
    assert_within_limits(embed)


def test_names_and_links_from_the_knowledge_cannot_inject_markdown() -> None:
    tricky = source(1).model_copy(
        update={
            "outlet": "*Bold_Outlet*",
            "author": "__Under__",
            "via": "~~Gone~~",
            "title": "A [bracketed] title",
            "url": "https://example.com/a_(b) c",
        }
    )

    value = render_answer(answer("text", tricky)).fields[0].value or ""

    assert "\\*Bold\\_Outlet\\*" in value
    assert "\\_\\_Under\\_\\_" in value
    assert "\\~\\~Gone\\~\\~" in value
    assert value.endswith("[A \\[bracketed\\] title](https://example.com/a_%28b%29%20c)")


def test_trim_marks_the_cut() -> None:
    assert trim("abcdef", 10) == "abcdef"
    assert trim("abcdef", 4) == "abc…"
    assert len(trim("x" * 5000, 4096)) == 4096


def test_a_vote_keeps_every_fact_of_a_three_fact_answer(funding_bot: FundingBot) -> None:
    fact_ids = funding_bot.replay("amazon anthropic").fact_ids
    assert len(fact_ids) == 3
    tokens = funding_bot.fact_tokens(fact_ids)

    packed = vote_id(tokens, helpful=False, language="ko")

    assert packed is not None
    assert len(packed) <= CUSTOM_ID_LIMIT
    assert funding_bot.fact_ids_for(parse_tokens(packed.rsplit(":", 1)[1])) == fact_ids


def test_custom_ids_fit_discords_limit() -> None:
    assert vote_id(("a", "b"), helpful=False, language="ko") == "fb:vote:down:ko:a,b"
    packed = vote_id(tuple("t" * 8 for _ in range(20)), helpful=True, language="en")
    assert packed is not None
    assert len(packed) <= CUSTOM_ID_LIMIT
    assert suggestion_id("x" * 95, "en") is None
    assert suggestion_id("mistral-seed-round", "ko") == "fb:fact:mistral-seed-round:ko"


async def test_answer_buttons_fit_discords_limits() -> None:
    suggestions = tuple(
        Suggestion(fact_id=f"fact-{index}", question="Q" * 200) for index in range(8)
    )
    clarify = Answer(
        question="q",
        kind=AnswerKind.CLARIFY,
        language="en",
        text="Which one?",
        suggestions=suggestions,
    )

    rows = answer_view(clarify, (), offer_share=True).to_components()

    buttons = [button for row in rows for button in row["components"]]
    assert len(rows) <= 5
    assert all(len(row["components"]) <= 5 for row in rows)
    assert len([b for b in buttons if b["custom_id"].startswith("fb:fact:")]) == 5
    assert all(len(b["label"]) <= 80 and len(b["custom_id"]) <= 100 for b in buttons)
    assert not any(b["custom_id"].startswith(("fb:vote:", "fb:share:")) for b in buttons)


async def test_a_private_answer_offers_share_under_its_votes() -> None:
    rows = answer_view(answer("text", source(1)), ("tok-a",), offer_share=True).to_components()

    ids = [button["custom_id"] for row in rows for button in row["components"]]
    assert ids == ["fb:vote:up:en:tok-a", "fb:vote:down:en:tok-a", "fb:share:en"]


async def test_a_shared_answer_has_no_share_button_but_keeps_feedback() -> None:
    rows = answer_view(answer("text", source(1)), ("tok-a",), offer_share=False).to_components()

    ids = [button["custom_id"] for row in rows for button in row["components"]]
    assert ids == ["fb:vote:up:en:tok-a", "fb:vote:down:en:tok-a"]


def test_autocomplete_choices_are_capped_deduplicated_and_trimmed() -> None:
    questions = ["Q" * 150, "Q" * 150, *(f"question {index}" for index in range(40))]

    choices = question_choices(questions)

    assert len(choices) == 25
    assert all(len(choice.name) <= 100 and len(choice.value) <= 100 for choice in choices)
    assert choices[0].name == "Q" * 99 + "…"
    assert choices[1].name == "question 0"
