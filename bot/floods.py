"""Logging that stays small under a flood: one line per kind of event per interval."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

FLOOD_INTERVAL_SECONDS = 10.0


class FloodLog:
    """Logs the first event of each kind at once, then at most one line per interval with
    how many of that kind were left out meanwhile; what a flood costs in log bytes is fixed.
    """

    def __init__(
        self,
        logger: logging.Logger,
        *,
        interval: float = FLOOD_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._last: dict[str, float] = {}
        self._suppressed: Counter[str] = Counter()

    def note(
        self, kind: str, message: str, *, level: int = logging.WARNING, **fields: object
    ) -> bool:
        """Log `message` for an event of `kind` unless one was logged within the interval;
        returns whether a line was written."""
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last < self._interval:
            self._suppressed[kind] += 1
            return False
        self._last[kind] = now
        suppressed = self._suppressed.pop(kind, 0)
        if suppressed:
            fields["since_last"] = suppressed
        self._logger.log(level, message, extra={"fields": {"kind": kind, **fields}})
        return True
