"""A knowledge source that fails, to show how the adapter behaves when answering breaks."""

from __future__ import annotations

from handlers.service import FundingBot
from knowledge.base import KnowledgeBase


class BrokenKnowledge:
    """Raises whenever the bot reaches for its knowledge."""

    def current(self) -> KnowledgeBase:
        raise RuntimeError("the knowledge base is unavailable")


def broken_bot() -> FundingBot:
    return FundingBot(BrokenKnowledge(), log_questions=False)
