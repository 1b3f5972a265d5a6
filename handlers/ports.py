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


class QuestionJournal(Protocol):
    """Keeps what the curation loop needs: unanswered questions and feedback."""

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None: ...

    def record_feedback(
        self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker
    ) -> None: ...


class SharedState(Protocol):
    """State every worker process shares, with expiries: in memory for a single process,
    Redis when several run. Keys are namespaced by the caller (`slack:event:...`).

    Four primitives serve every use: de-duplication and once-only actions (`claim`),
    per-user rate limits (`hit`), and small values such as conversation context and answers
    kept for Share (`put` / `get`).
    """

    async def claim(self, key: str, *, ttl: float) -> bool:
        """True for the first caller to claim `key` within `ttl` seconds (atomic), else False."""
        ...

    async def hit(self, key: str, *, limit: int, window: float) -> float | None:
        """Count one use of `key` in a sliding `window` of seconds (atomic): None when it is
        within `limit`, else the seconds until the next use is allowed (nothing counted)."""
        ...

    async def put(self, key: str, value: str, *, ttl: float) -> None:
        """Keep `value` under `key` for `ttl` seconds, replacing any earlier value."""
        ...

    async def get(self, key: str) -> str | None:
        """The value under `key`, or None when it is absent or expired."""
        ...

    async def aclose(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...
