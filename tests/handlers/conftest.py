import pytest

from bot.bootstrap import StaticKnowledge
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def bot(kb: KnowledgeBase) -> FundingBot:
    return FundingBot(StaticKnowledge(kb))
