"""The fact base's data model: articles, the entities they name and the facts they state.

Every model is frozen and rejects unknown fields, so a typo in a knowledge file is an error
at start-up rather than a silently missing value.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from knowledge.periods import Period, parse_period

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Language = Literal["ko", "en"]


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    """How an entity takes part in a fact; grounding checks these."""

    INVESTOR = "investor"
    LEAD = "lead"
    INVESTEE = "investee"
    SUBJECT = "subject"
    VEHICLE = "vehicle"
    PRODUCT = "product"
    PERSON = "person"
    REPORTER = "reporter"
    MENTIONED = "mentioned"


FUNDING_ROLES = frozenset({Role.INVESTOR, Role.LEAD, Role.INVESTEE})
PROVIDER_ROLES = frozenset({Role.INVESTOR, Role.LEAD, Role.VEHICLE})


class Bilingual(Frozen):
    """One piece of text in both of the bot's languages."""

    ko: NonEmpty
    en: NonEmpty

    def in_(self, language: Language) -> str:
        return self.ko if language == "ko" else self.en


class Entity(Frozen):
    """A company, person, product or outlet, with every name people use for it."""

    id: Identifier
    name: Bilingual
    kind: Literal["company", "person", "product", "outlet", "group", "organisation"]
    aliases: tuple[NonEmpty, ...] = ()
    # Names that are also ordinary words ("Figure", "The Information"): read only when written
    # with their capitals, and never as a correction of a typo.
    cased_aliases: tuple[NonEmpty, ...] = ()


class Money(Frozen):
    """An amount as the article states it; `krw` is the article's own conversion, if any."""

    amount: float = Field(gt=0)
    amount_max: float | None = Field(default=None, gt=0)
    currency: Literal["USD", "EUR", "CNY", "KRW"]
    krw: float | None = Field(default=None, gt=0)
    qualifier: Literal["exact", "about", "more_than", "up_to", "range"] = "exact"

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Money:
        if self.amount_max is not None and self.amount_max < self.amount:
            raise ValueError("amount_max must not be below amount")
        return self


class Participant(Frozen):
    """An entity taking part in a fact, in a role."""

    entity: Identifier
    role: Role


class Reporter(Frozen):
    """The outlet the article credits with the original report, and when it reported."""

    entity: Identifier
    reported: date | None = None


FactKind = Literal[
    "investment",
    "funding_round",
    "valuation",
    "loss",
    "stake",
    "launch",
    "price",
    "performance",
    "founding",
    "spending",
    "reason",
    "outlook",
    "article",
    "merger",
    "acquisition",
    "company",
]


class Fact(Frozen):
    """One statement of the article, with what it is about and how to say it."""

    id: Identifier
    kind: FactKind
    participants: tuple[Participant, ...] = Field(min_length=1)
    topics: tuple[Identifier, ...] = Field(min_length=1)
    cues: tuple[Identifier, ...] = ()
    # Words for what this statement says that the shared lexicon has no concept for ("CEO",
    # "headcount", "합병"): a topic of this statement alone.
    terms: tuple[NonEmpty, ...] = ()
    status: Literal["reported", "expected", "considering", "estimated", "planned"] = "reported"
    money: tuple[Money, ...] = ()
    percent: float | None = Field(default=None, ge=0, le=100)
    when: NonEmpty | None = None
    reporter: Reporter | None = None
    quote: NonEmpty
    answer: Bilingual
    example: Bilingual
    featured: bool = False

    @field_validator("when")
    @classmethod
    def _when_is_a_period(cls, value: str | None) -> str | None:
        """`when` is an absolute period, never "last year" or "3월": parse it now."""
        if value is not None:
            try:
                parse_period(value)
            except ValueError as error:
                raise ValueError(f"not an absolute period: {error}") from None
        return value

    @property
    def period(self) -> Period | None:
        """The statement's time as a range of days, if it has one."""
        return parse_period(self.when) if self.when is not None else None

    @property
    def entity_ids(self) -> frozenset[str]:
        return frozenset(p.entity for p in self.participants)

    def roles_of(self, entity_id: str) -> frozenset[Role]:
        return frozenset(p.role for p in self.participants if p.entity == entity_id)

    @property
    def is_funding(self) -> bool:
        return any(p.role in FUNDING_ROLES for p in self.participants)


class Article(Frozen):
    """The published document facts are drawn from: what the bot cites."""

    id: Identifier
    outlet: Bilingual
    outlet_entity: Identifier | None = None
    author: Bilingual | None = None
    author_entity: Identifier | None = None
    published: date
    title: NonEmpty
    url: NonEmpty | None = None
    language: Language
    text_file: NonEmpty | None = None


class ArticleFile(Frozen):
    """The content of one knowledge file: an article, its entities and its facts."""

    article: Article
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = Field(min_length=1)
