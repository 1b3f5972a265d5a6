"""Small in-memory stores with a fixed capacity, so a long-running process never grows."""

from __future__ import annotations

import secrets
from collections import OrderedDict

from handlers.models import Answer


class RecentIds:
    """Remembers the last `capacity` ids seen, to recognise Slack's retried deliveries."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, item_id: str) -> bool:
        """True the first time an id is seen (and remembers it), False afterwards."""
        if item_id in self._seen:
            self._seen.move_to_end(item_id)
            return False
        self._seen[item_id] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


class AnswerMemory:
    """Answers offered privately, kept by key until someone shares them or they age out."""

    def __init__(self, capacity: int = 2_000) -> None:
        self._capacity = capacity
        self._answers: OrderedDict[str, Answer] = OrderedDict()

    def remember(self, answer: Answer) -> str:
        """Keep `answer` and return the unguessable key a Share button carries."""
        key = secrets.token_urlsafe(9)
        self._answers[key] = answer
        if len(self._answers) > self._capacity:
            self._answers.popitem(last=False)
        return key

    def recall(self, key: str) -> Answer | None:
        """The answer kept under `key`, or None once it has aged out (or never existed)."""
        return self._answers.get(key)
