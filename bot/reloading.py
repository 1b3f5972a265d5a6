"""Knowledge that reloads itself when its files change (or on SIGHUP), never half-loaded."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from handlers.answering import forget_answers
from handlers.matching import engine_for
from knowledge.base import KnowledgeBase
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge

log = logging.getLogger("funding_bot.knowledge")

POLL_SECONDS = 2.0


class ReloadingKnowledge:
    """KnowledgeSource that swaps in a new base only after it has loaded without a problem."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory or DEFAULT_DIR
        self._kb = load_knowledge(self._directory)
        self._stamp = self._fingerprint()

    def current(self) -> KnowledgeBase:
        return self._kb

    def reload(self) -> bool:
        """Load again; keep serving the previous knowledge if the new files are broken."""
        self._stamp = self._fingerprint()
        try:
            kb = load_knowledge(self._directory)
        except KnowledgeError as error:
            log.error(
                "knowledge reload failed; still serving the previous version",
                extra={"fields": {"problems": list(error.problems)}},
            )
            return False
        except Exception:
            # Whatever else a broken file does, the watcher must live to see the fix.
            log.exception("knowledge reload failed; still serving the previous version")
            return False
        engine_for(kb)  # build the matcher now, not on the first question after the swap
        forget_answers()
        self._kb = kb
        log.info("knowledge reloaded", extra={"fields": {"facts": len(kb.facts)}})
        return True

    def changed(self) -> bool:
        return self._fingerprint() != self._stamp

    async def watch(self, *, interval: float = POLL_SECONDS) -> None:
        """Poll the files' modification times; runs until cancelled."""
        while True:
            await asyncio.sleep(interval)
            if self.changed():
                self.reload()

    def _fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        stamps = []
        for path in sorted(self._directory.rglob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)
