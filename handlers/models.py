"""What the core hands to the adapters: an answer, its sources and its suggestions."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from knowledge.models import Frozen, Language


class AnswerKind(StrEnum):
    """What sort of reply this is; only ANSWER states a fact."""

    ANSWER = "answer"
    NOT_FOUND = "not_found"
    # The sources cover the names asked about but not what was asked: says so, then what
    # they do say (with its sources), and is not an answer.
    NOT_REPORTED = "not_reported"
    CLARIFY = "clarify"
    # A reply to thanks: courteous, not an answer, no suggestions.
    COURTESY = "courtesy"
    HELP = "help"
    SOURCES = "sources"
    EMPTY = "empty"
    RATE_LIMITED = "rate_limited"
    TOO_LONG = "too_long"
    ERROR = "error"


class SourceRef(Frozen):
    """Where a figure comes from: the outlet we cite and who reported it first."""

    outlet: str
    published: date
    title: str
    author: str | None = None
    url: str | None = None
    via: str | None = None
    via_reported: date | None = None
    quote: str


class Suggestion(Frozen):
    """A question the bot can answer, offered when it could not answer the one asked."""

    fact_id: str
    question: str


class Computed(Frozen):
    """A figure the bot computed (a sum, a difference, ...) and the statements it came from."""

    operation: str
    value: float
    currency: str
    fact_ids: tuple[str, ...]


class Answer(Frozen):
    """The core's reply to one question, in the question's language."""

    question: str
    kind: AnswerKind
    language: Language
    text: str
    sources: tuple[SourceRef, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    confidence: float = 0.0
    fact_ids: tuple[str, ...] = ()
    computed: tuple[Computed, ...] = ()

    @property
    def answered(self) -> bool:
        """True only when the reply states a fact from the sources."""
        return self.kind is AnswerKind.ANSWER

    @property
    def shareable(self) -> bool:
        """Worth posting to a channel: an answer, not a notice meant for the asker alone."""
        return self.kind is AnswerKind.ANSWER


class Asker(Frozen):
    """Who asked, and where: used for rate limits, logs and the curation record."""

    platform: Literal["slack", "discord", "terminal", "cli"]
    user_id: str = "local"


__all__ = ["Answer", "AnswerKind", "Asker", "Computed", "Language", "SourceRef", "Suggestion"]
