from bot.bootstrap import StaticKnowledge
from handlers.models import AnswerKind, Asker
from handlers.ratelimit import SlidingWindowLimiter
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_user_over_the_limit_waits_until_the_window_slides() -> None:
    clock = FakeClock()
    limiter = SlidingWindowLimiter(3, clock=clock)
    alice = Asker(platform="slack", user_id="U1")
    assert [limiter.retry_after(alice) for _ in range(3)] == [None, None, None]
    clock.now += 10
    assert limiter.retry_after(alice) == 50
    clock.now += 50
    assert limiter.retry_after(alice) is None


def test_limits_are_per_user_and_per_platform() -> None:
    limiter = SlidingWindowLimiter(1, clock=FakeClock())
    assert limiter.retry_after(Asker(platform="slack", user_id="U1")) is None
    assert limiter.retry_after(Asker(platform="discord", user_id="U1")) is None
    assert limiter.retry_after(Asker(platform="slack", user_id="U2")) is None
    assert limiter.retry_after(Asker(platform="slack", user_id="U1")) is not None


def test_zero_means_unlimited() -> None:
    limiter = SlidingWindowLimiter(0, clock=FakeClock())
    alice = Asker(platform="slack", user_id="U1")
    assert all(limiter.retry_after(alice) is None for _ in range(100))


def test_a_rate_limited_user_gets_a_polite_reply_in_their_language(kb: KnowledgeBase) -> None:
    bot = FundingBot(StaticKnowledge(kb), rate_limiter=SlidingWindowLimiter(1, clock=FakeClock()))
    alice = Asker(platform="discord", user_id="42")
    assert bot.ask("mistral valuation", asker=alice).answered
    answer = bot.ask("미스트랄 기업가치", asker=alice)
    assert answer.kind is AnswerKind.RATE_LIMITED
    assert answer.language == "ko"
    assert "60초" in answer.text
