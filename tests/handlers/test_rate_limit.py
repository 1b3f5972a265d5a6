"""The per-user rate limit lives in `FundingBot.converse`, counted in the shared state."""

from __future__ import annotations

from bot.bootstrap import StaticKnowledge
from handlers.messages import messages_for
from handlers.models import AnswerKind, Asker
from handlers.service import FundingBot
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase

ALICE = Asker(platform="slack", user_id="U1")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limited_bot(kb: KnowledgeBase, per_minute: int, clock: FakeClock | None = None) -> FundingBot:
    state = MemoryState(clock=clock or FakeClock())
    return FundingBot(StaticKnowledge(kb), state=state, rate_limit_per_minute=per_minute)


async def test_an_asker_over_the_limit_waits_until_the_window_slides(kb: KnowledgeBase) -> None:
    clock = FakeClock()
    bot = limited_bot(kb, 3, clock)
    kinds = [(await bot.converse("mistral valuation", asker=ALICE)).kind for _ in range(3)]
    assert AnswerKind.RATE_LIMITED not in kinds
    clock.now += 10
    refused = await bot.converse("mistral valuation", asker=ALICE)
    assert refused.kind is AnswerKind.RATE_LIMITED
    assert refused.text == messages_for("en").rate_limited.format(seconds=50)
    clock.now += 50
    assert (await bot.converse("mistral valuation", asker=ALICE)).answered


async def test_limits_are_per_user_and_per_platform(kb: KnowledgeBase) -> None:
    bot = limited_bot(kb, 1)
    askers = [ALICE, Asker(platform="discord", user_id="U1"), Asker(platform="slack", user_id="U2")]
    for asker in askers:
        assert (await bot.converse("openai valuation", asker=asker)).answered
    again = await bot.converse("openai valuation", asker=ALICE)
    assert again.kind is AnswerKind.RATE_LIMITED


async def test_zero_means_unlimited_and_ask_is_never_limited(kb: KnowledgeBase) -> None:
    unlimited = limited_bot(kb, 0)
    answers = [await unlimited.converse("openai valuation", asker=ALICE) for _ in range(30)]
    assert all(answer.answered for answer in answers)
    bot = limited_bot(kb, 1)
    assert all(bot.ask("openai valuation", asker=ALICE).answered for _ in range(5))
    assert (await bot.converse("openai valuation", asker=ALICE)).answered


async def test_a_refusal_is_in_the_askers_language(kb: KnowledgeBase) -> None:
    bot = limited_bot(kb, 1)
    assert (await bot.converse("mistral valuation", asker=ALICE)).answered
    answer = await bot.converse("미스트랄 기업가치", asker=ALICE, conversation="slack:T1:C1:1.0")
    assert answer.kind is AnswerKind.RATE_LIMITED
    assert answer.language == "ko"
    assert "60초" in answer.text


async def test_clicks_and_suggestions_count_against_the_same_limit(kb: KnowledgeBase) -> None:
    bot = limited_bot(kb, 2)
    assert await bot.admit(ALICE, "ko") is None
    suggested = await bot.suggest("mistral-valuation", "en", asker=ALICE)
    assert suggested is not None
    assert suggested.answered
    refused = await bot.admit(ALICE, "ko")
    assert refused is not None
    assert refused.kind is AnswerKind.RATE_LIMITED
    assert "60초" in refused.text
    limited = await bot.suggest("mistral-valuation", "en", asker=ALICE)
    assert limited is not None
    assert limited.kind is AnswerKind.RATE_LIMITED
    assert await bot.suggest("no-such-fact", "en", asker=ALICE) is None
