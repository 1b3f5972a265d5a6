"""What a button carries back to us when it is clicked, within Slack's 2,000-character limit.

Buttons are stateless where they can be (suggestions, feedback, quotes) so a click still works
after a restart or on another process; only sharing refers to an answer kept in memory, and
its value also carries the question and facts so the answer can be rebuilt, and checked, when
memory no longer has it.

Sizes are measured on the encoded JSON itself: escapes (a quote mark or a newline takes two
characters) make any estimate from raw lengths unsafe. A value that cannot be made to fit
encodes to None, and the button is left out rather than the whole message failing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Self

from pydantic import ValidationError

from bot.slack.text import truncate
from handlers.models import Answer, Language
from knowledge.models import Frozen

BUTTON_VALUE_LIMIT = 2000
_LINE_LIMIT = 200
_QUOTE_FLOOR = 40


class ButtonValue(Frozen):
    """Base for button values: compact JSON, rejected when malformed."""

    def encode(self) -> str | None:
        """The value as JSON, or None when it is longer than a button may carry."""
        encoded = self.model_dump_json()
        return encoded if len(encoded) <= BUTTON_VALUE_LIMIT else None

    @classmethod
    def decode(cls, raw: object) -> Self | None:
        """The value a click sent back, or None when it is missing or malformed."""
        if not isinstance(raw, str):
            return None
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            return None


class ShareValue(ButtonValue):
    """The "Share in channel" button: the key of the private answer kept in memory, plus the
    question to replay and the facts the replay must match when memory has lost it."""

    key: str
    question: str
    fact_ids: tuple[str, ...]
    language: Language

    @classmethod
    def encode_fitting(cls, key: str, answer: Answer) -> str | None:
        """The value for `answer`, its question cut as far as needed to fit a button."""
        for size in _shrinking(min(len(answer.question), BUTTON_VALUE_LIMIT), 0):
            encoded = cls(
                key=key,
                question=answer.question[:size],
                fact_ids=answer.fact_ids,
                language=answer.language,
            ).encode()
            if encoded is not None:
                return encoded
        return None


class SuggestionValue(ButtonValue):
    """A "did you mean" button: the fact to answer, in the language it was offered in."""

    fact_id: str
    language: Language


class FeedbackValue(ButtonValue):
    """A 👍/👎 button: every fact of the answer it rates, for the curation record."""

    fact_ids: tuple[str, ...]
    language: Language


class QuotedSource(Frozen):
    """One source in a quote button: its source line and the sentences quoted from it."""

    line: str
    quotes: tuple[str, ...]


class QuoteValue(ButtonValue):
    """The "Show source sentence" button: every source's line and quoted sentences."""

    language: Language
    sources: tuple[QuotedSource, ...]

    @classmethod
    def encode_fitting(cls, language: Language, quoted: Sequence[tuple[str, str]]) -> str | None:
        """Every (line, quote) pair as one value, quotes shortened evenly until it fits."""
        grouped = _quotes_by_line(quoted)
        longest = max((len(quote) for quotes in grouped.values() for quote in quotes), default=0)
        for size in _shrinking(min(longest, BUTTON_VALUE_LIMIT), _QUOTE_FLOOR):
            sources = tuple(
                QuotedSource(line=line, quotes=tuple(truncate(quote, size) for quote in quotes))
                for line, quotes in grouped.items()
            )
            encoded = cls(language=language, sources=sources).encode()
            if encoded is not None:
                return encoded
        return None


def _quotes_by_line(quoted: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    # Facts from one article share a source line; carrying it once leaves room for quotes.
    grouped: dict[str, list[str]] = {}
    for line, quote in quoted:
        grouped.setdefault(truncate(line, _LINE_LIMIT), []).append(quote)
    return grouped


def _shrinking(start: int, floor: int) -> Iterator[int]:
    """`start`, then three quarters of the previous size each time, ending at `floor`."""
    size = start
    while size > floor:
        yield size
        size = size * 3 // 4
    yield floor
