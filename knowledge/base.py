"""The loaded, validated fact base and the indexes the matcher reads."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from knowledge.models import Article, Entity, Fact

ConceptKind = Literal["topic", "time", "ask", "cue"]
FACT_TOKEN_CHARS = 8


@dataclass(frozen=True, slots=True)
class TimeValue:
    """What a time word means: a year relative to the newest source, a month, a half, a
    quarter, "since" (with a year said beside it) or "before" (the time said beside it)."""

    relative_year: int | None = None
    month: int | None = None
    half: int | None = None
    quarter: int | None = None
    since: bool = False
    before: bool = False


@dataclass(frozen=True, slots=True)
class Concept:
    """A group of words that mean one thing to the matcher.

    `implicit`: a question means it even when it does not say it (a fact is not penalised).
    `strict`: a question that says it can only be answered by a fact that has it (times,
    "each"): "Amazon's October investment" is not answered with a figure from March.
    `slot`: an attribute a statement states or not (a valuation, a stake, who led); a question
    asking for it is answered only by a statement that states it, else "not reported".
    `also`: other concepts its terms mean too.
    """

    id: str
    kind: ConceptKind
    terms: tuple[str, ...]
    implicit: bool = False
    strict: bool = False
    slot: bool = False
    time: TimeValue | None = None
    # Concepts its terms also mean ("next round" is a round, and one still to come).
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Concepts, out-of-scope topics and names the sources never cover."""

    concepts: Mapping[str, Concept]
    unsupported: tuple[str, ...] = ()
    outside_names: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    opposites: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SourcedFact:
    """A fact together with the article it comes from."""

    fact: Fact
    article: Article


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Everything the bot knows. Built only by the loader, after every check has passed."""

    articles: tuple[Article, ...]
    entities: Mapping[str, Entity]
    facts: tuple[SourcedFact, ...]
    lexicon: Lexicon
    by_id: Mapping[str, SourcedFact] = field(init=False)
    by_entity: Mapping[str, tuple[SourcedFact, ...]] = field(init=False)
    by_concept: Mapping[str, tuple[SourcedFact, ...]] = field(init=False)
    by_token: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        by_entity: dict[str, list[SourcedFact]] = defaultdict(list)
        by_concept: dict[str, list[SourcedFact]] = defaultdict(list)
        for item in self.facts:
            for entity_id in self.grounding_entities(item):
                by_entity[entity_id].append(item)
            for concept_id in (*item.fact.topics, *item.fact.cues):
                by_concept[concept_id].append(item)
        object.__setattr__(self, "by_id", {item.fact.id: item for item in self.facts})
        object.__setattr__(self, "by_entity", _freeze(by_entity))
        object.__setattr__(self, "by_concept", _freeze(by_concept))
        object.__setattr__(self, "by_token", {token_of(i.fact.id): i.fact.id for i in self.facts})

    def grounding_entities(self, item: SourcedFact) -> frozenset[str]:
        """Entities a question may name and still be about this fact (incl. who reported it)."""
        extra = {item.article.outlet_entity, item.article.author_entity}
        if item.fact.reporter is not None:
            extra.add(item.fact.reporter.entity)
        return item.fact.entity_ids | {entity for entity in extra if entity is not None}

    @cached_property
    def featured(self) -> tuple[SourcedFact, ...]:
        """Facts to offer as examples: those marked featured, else the first few."""
        marked = tuple(item for item in self.facts if item.fact.featured)
        return marked or self.facts[:3]

    def known(self, fact_ids: Iterable[str]) -> tuple[SourcedFact, ...]:
        """The statements with these ids that this knowledge still has (a conversation's
        context may outlive a reload), in the order given."""
        return tuple(self.by_id[i] for i in fact_ids if i in self.by_id)

    def facts_about(self, entity_ids: Iterable[str]) -> tuple[SourcedFact, ...]:
        seen: dict[str, SourcedFact] = {}
        for entity_id in entity_ids:
            for item in self.by_entity.get(entity_id, ()):
                seen.setdefault(item.fact.id, item)
        return tuple(seen.values())


def token_of(fact_id: str) -> str:
    """A short stable stand-in for a fact id, for buttons whose ids have little room."""
    return hashlib.sha1(fact_id.encode()).hexdigest()[:FACT_TOKEN_CHARS]


def _freeze(groups: dict[str, list[SourcedFact]]) -> dict[str, tuple[SourcedFact, ...]]:
    return {key: tuple(items) for key, items in groups.items()}
