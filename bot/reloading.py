"""Knowledge that reloads itself when its files change (or on SIGHUP), never half-loaded.

The watcher reloads only files that have stopped changing (the same sizes and times on two
polls in a row), so an editor or a deploy still writing a file is not read half-way. Loading
and validating run on a worker thread; only the swap happens on the event loop. A reload
that would lose more than half of the facts is refused unless asked for by SIGHUP.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path

from handlers.answering import forget_answers
from handlers.matching import engine_for
from knowledge.base import KnowledgeBase
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge

log = logging.getLogger("funding_bot.knowledge")

POLL_SECONDS = 2.0
# A watched reload may not drop below this share of the facts being served.
MIN_KEPT_SHARE = 0.5

Fingerprint = tuple[tuple[str, int, int], ...]


class ReloadingKnowledge:
    """KnowledgeSource that swaps in a new base only after it has loaded without a problem."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory or DEFAULT_DIR
        self._kb = load_knowledge(self._directory)
        self._stamp = self._fingerprint()
        self._settling: Fingerprint | None = None
        self._tasks: set[asyncio.Task[bool]] = set()

    def current(self) -> KnowledgeBase:
        return self._kb

    def reload(self, *, forced: bool = True) -> bool:
        """Load again, here and now; keep serving the previous knowledge if the new files
        are broken or (unless `forced`) would lose most of the facts."""
        self._stamp = self._fingerprint()
        kb = self._load()
        return kb is not None and self._swap(kb, forced=forced)

    async def reload_in_background(self, *, forced: bool) -> bool:
        """`reload`, with loading and validation on a worker thread."""
        self._stamp = await asyncio.to_thread(self._fingerprint)
        kb = await asyncio.to_thread(self._load)
        return kb is not None and self._swap(kb, forced=forced)

    def request_reload(self) -> None:
        """SIGHUP: reload now, even if most facts go (the operator asked for it)."""
        task = asyncio.get_running_loop().create_task(self.reload_in_background(forced=True))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def changed(self) -> bool:
        return self._fingerprint() != self._stamp

    async def watch(self, *, interval: float = POLL_SECONDS) -> None:
        """Poll the files' sizes and modification times; runs until cancelled."""
        while True:
            await asyncio.sleep(interval)
            stamp = await asyncio.to_thread(self._fingerprint)
            if stamp == self._stamp:
                self._settling = None
            elif stamp != self._settling:
                # Changed since the last poll: maybe still being written. Look again later.
                self._settling = stamp
            else:
                self._settling = None
                await self.reload_in_background(forced=False)

    def _load(self) -> KnowledgeBase | None:
        try:
            kb = load_knowledge(self._directory)
        except KnowledgeError as error:
            log.error(
                "knowledge reload failed; still serving the previous version",
                extra={"fields": {"problems": list(error.problems)}},
            )
            return None
        except Exception:
            # Whatever else a broken file does, the watcher must live to see the fix.
            log.exception("knowledge reload failed; still serving the previous version")
            return None
        engine_for(kb)  # build the matcher now, not on the first question after the swap
        return kb

    def _swap(self, kb: KnowledgeBase, *, forced: bool) -> bool:
        before, after = len(self._kb.facts), len(kb.facts)
        if not forced and after < before * MIN_KEPT_SHARE:
            log.error(
                "knowledge reload refused: it would drop most of the facts; send SIGHUP to "
                "load it anyway",
                extra={"fields": {"facts_before": before, "facts_after": after}},
            )
            return False
        forget_answers()
        self._kb = kb
        # As at start (bot.bootstrap): what is now served lives long; the collector need not
        # scan it again.
        gc.freeze()
        log.info("knowledge reloaded", extra={"fields": {"facts": after, "forced": forced}})
        return True

    def _fingerprint(self) -> Fingerprint:
        stamps = []
        for path in sorted(self._directory.rglob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)
