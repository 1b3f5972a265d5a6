"""Work that runs after Slack has been acknowledged, tracked so shutdown can wait for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("funding_bot.slack")

# How long replies in flight may take to finish when serving stops (README: 30 s).
DRAIN_SECONDS = 30.0


class BackgroundTasks:
    """Runs replies outside the request that acknowledged them and drains them on close."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` as a task; a failure is logged, never lost silently."""
        task = asyncio.create_task(work)
        # The loop keeps only weak references to tasks; this set keeps them alive.
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background Slack reply failed", exc_info=task.exception())

    async def drain(self, grace_seconds: float = DRAIN_SECONDS) -> None:
        """Let replies in flight finish for up to `grace_seconds`, then cancel the rest and
        log how many were abandoned."""
        if not self._tasks:
            return
        _, unfinished = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in unfinished:
            task.cancel()
        if unfinished:
            log.warning(
                "abandoned Slack replies still in flight at shutdown",
                extra={"fields": {"abandoned": len(unfinished), "grace_seconds": grace_seconds}},
            )
            await asyncio.wait(unfinished)
