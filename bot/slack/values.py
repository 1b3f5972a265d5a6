"""What a button carries back to us when it is clicked, within Slack's 2,000-character limit.

Buttons are stateless where they can be (suggestions, feedback, quotes) so a click still works
after a restart or on another process; only sharing refers to an answer kept in memory, and
its value also carries the question so the answer can be rebuilt when memory no longer has it.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.slack.text import truncate
from handlers.models import Language

BUTTON_VALUE_LIMIT = 2000
_QUESTION_LIMIT = 1200
_FACT_ID_LIMIT = 20
_LINE_LIMIT = 200
_QUOTE_FLOOR = 40

ValueT = TypeVar("ValueT", bound="ButtonValue")


class ButtonValue(BaseModel):
    """Base for button values: compact JSON, rejected when malformed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def encode(self) -> str:
        encoded = self.model_dump_json()
        if len(encoded) > BUTTON_VALUE_LIMIT:
            raise ValueError(f"{type(self).__name__} is longer than Slack allows")
        return encoded

    @classmethod
    def decode(cls: type[ValueT], raw: object) -> ValueT | None:
        if not isinstance(raw, str):
            return None
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            return None


class ShareValue(ButtonValue):
    key: str
    question: str
    language: Language

    @classmethod
    def of(cls, key: str, question: str, language: Language) -> ShareValue:
        return cls(key=key, question=truncate(question, _QUESTION_LIMIT), language=language)


class SuggestionValue(ButtonValue):
    fact_id: str
    language: Language


class FeedbackValue(ButtonValue):
    fact_ids: tuple[str, ...]
    language: Language

    @classmethod
    def of(cls, fact_ids: tuple[str, ...], language: Language) -> FeedbackValue:
        return cls(fact_ids=fact_ids[:_FACT_ID_LIMIT], language=language)


class QuotedSource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    line: str
    quote: str


class QuoteValue(ButtonValue):
    language: Language
    sources: tuple[QuotedSource, ...]

    @classmethod
    def encode_fitting(cls, language: Language, sources: list[tuple[str, str]]) -> str:
        """Every source's line and quote as one button value, quotes shortened evenly to fit."""
        lines = [truncate(line, _LINE_LIMIT) for line, _ in sources]
        quotes = [quote for _, quote in sources]
        per_quote = max((len(quote) for quote in quotes), default=0)
        while True:
            value = cls(
                language=language,
                sources=tuple(
                    QuotedSource(line=line, quote=truncate(quote, per_quote))
                    for line, quote in zip(lines, quotes, strict=True)
                ),
            )
            # Measured on the JSON itself: escapes make any estimate from raw lengths unsafe.
            encoded = value.model_dump_json()
            if len(encoded) <= BUTTON_VALUE_LIMIT:
                return encoded
            if per_quote <= _QUOTE_FLOOR:
                return value.encode()  # raises: even the shortest quotes do not fit
            per_quote = max(per_quote * 3 // 4, _QUOTE_FLOOR)
