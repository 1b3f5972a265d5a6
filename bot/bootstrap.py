"""The composition root: the one place that builds the app from settings and collaborators.

Tests call `bootstrap` too, passing fakes for what they replace.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.settings import CoreSettings
from handlers.ports import KnowledgeSource, QuestionJournal, SharedState
from handlers.service import FundingBot
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge

if TYPE_CHECKING:
    # Imported where used: `funding-bot ask` needs neither SQLite nor the file watcher.
    from bot.journal import SqliteJournal
    from bot.reloading import ReloadingKnowledge


class StaticKnowledge:
    """Knowledge loaded once; what tests and one-shot commands use."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def current(self) -> KnowledgeBase:
        return self._kb


def bootstrap(
    settings: CoreSettings | None = None,
    *,
    knowledge: KnowledgeSource | None = None,
    rate_limit_per_minute: int = 0,
    journal: QuestionJournal | None = None,
    state: SharedState | None = None,
) -> FundingBot:
    """Build the answering service (no rate limit unless given one). Raises KnowledgeError if
    the knowledge files are broken."""
    settings = settings or CoreSettings()
    if knowledge is None:
        knowledge = StaticKnowledge(load_knowledge(settings.knowledge_dir))
    return FundingBot(
        knowledge,
        rate_limit_per_minute=rate_limit_per_minute,
        journal=journal,
        log_questions=settings.log_questions,
        state=state or shared_state(settings),
        context_ttl=settings.conversation_ttl_seconds,
    )


def shared_state(settings: CoreSettings) -> SharedState:
    """Redis when REDIS_URL is set (several workers share it), else this process's memory."""
    if settings.redis_url is None:
        return MemoryState()
    from bot.store.redis import RedisState

    return RedisState.from_url(str(settings.redis_url))


@dataclass(frozen=True)
class Service:
    """The long-running app: the bot plus the parts the process manages around it."""

    bot: FundingBot
    knowledge: ReloadingKnowledge
    journal: SqliteJournal


def bootstrap_service(settings: CoreSettings, *, rate_limited: bool = True) -> Service:
    """The bot as deployed: reloading knowledge, the curation journal and the rate limit."""
    from bot.journal import SqliteJournal
    from bot.reloading import ReloadingKnowledge
    from handlers.matching import engine_for

    knowledge = ReloadingKnowledge(settings.knowledge_dir)
    # Build the matcher now (as a reload does), not on the first question; then move the
    # knowledge and its indexes out of the collector's way: the objects that live as long as
    # the process are never scanned again, so no full collection pauses answering for long.
    engine_for(knowledge.current())
    gc.freeze()
    journal = SqliteJournal(settings.curation_db)
    per_minute = settings.rate_limit_per_minute if rate_limited else 0
    bot = bootstrap(
        settings, knowledge=knowledge, rate_limit_per_minute=per_minute, journal=journal
    )
    return Service(bot=bot, knowledge=knowledge, journal=journal)
