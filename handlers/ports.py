"""Ports: what the answering service needs from the outside world.

Adapters and `bot.bootstrap` provide implementations; tests provide fakes.
"""

from __future__ import annotations

from typing import Protocol

from handlers.models import Answer, Asker
from knowledge.base import KnowledgeBase


class KnowledgeSource(Protocol):
    """Hands out the knowledge currently being served (it may be reloaded at any time)."""

    def current(self) -> KnowledgeBase: ...


class RateLimiter(Protocol):
    """Decides whether an asker may ask now; returns seconds to wait, or None if allowed."""

    def retry_after(self, asker: Asker) -> float | None: ...


class QuestionJournal(Protocol):
    """Keeps what the curation loop needs: unanswered questions and feedback."""

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None: ...

    def record_feedback(
        self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker
    ) -> None: ...
