"""Which of several came first or last ("미스트랄이랑 SSI 중에 어디가 먼저 설립됐어?", "Which
was founded earlier, Cohere or Perplexity?"): each name's statement on what is asked, read on
its own, and their dates compared. Only dates the statements give are compared; a name with
no dated statement leaves the question to the ordinary path."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from handlers.analysis import Analysis
from handlers.language_data import chronology_pattern
from handlers.matching import Engine, Outcome
from handlers.messages import messages_for
from handlers.models import Language
from handlers.wording import as_subject, period_text
from knowledge import roles
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.periods import Period, parse_period

Order = Literal["first", "last"]


@dataclass(frozen=True, slots=True)
class Dated:
    """One name's statement and the period it gives."""

    entity: str
    item: SourcedFact
    period: Period


@dataclass(frozen=True, slots=True)
class Chronology:
    """The statements in date order (the one asked for first) and whether any tie."""

    order: Order
    dated: tuple[Dated, ...]
    tied: bool


def order_of(text: str) -> Order | None:
    """Whether a question asks which came first or last."""
    for order in ("first", "last"):
        if chronology_pattern(order).search(text):
            return order
    return None


def chronology(engine: Engine, analysis: Analysis) -> Chronology | None:
    """The names' statements in the order asked, or None when the question asks no such
    thing or a name has no dated statement on it."""
    # "Which was founded first?" chooses; "Did Kestrel invest earlier?" does not.
    choosing = chronology_pattern("which").search(analysis.text)
    order = order_of(analysis.text) if choosing else None
    kinds = engine.kb.entities
    names = [
        e
        for e, side in analysis.entities.items()
        if side != "target" and kinds[e].kind not in ("outlet", "group")
    ]
    if order is None or len(names) < 2:
        return None
    asked = replace(analysis, concepts=analysis.concepts | {roles.ASK_WHEN}, times=())
    dated: list[Dated] = []
    for name in names:
        result = engine.match(replace(asked, entities={name: analysis.entities[name]}))
        # One dated statement per name, or the order would rest on a pick among them.
        if result.outcome is not Outcome.ANSWER or len(result.chosen) != 1:
            return None
        item = result.chosen[0].item
        if item.fact.when is None:
            return None
        dated.append(Dated(name, item, parse_period(item.fact.when)))
    ranked = sorted(dated, key=lambda d: d.period.start, reverse=order == "last")
    first, second = ranked[0].period, ranked[1].period
    # "2023" and "April 2023" overlap: the sources cannot tell which came first.
    tied = first.start <= second.end and second.start <= first.end
    return Chronology(order, tuple(ranked), tied)


def chronology_lines(kb: KnowledgeBase, found: Chronology, language: Language) -> list[str]:
    """The lead (which came first, or that the dates cannot tell), then each statement,
    numbered as its source."""
    messages = messages_for(language)
    names = [kb.entities[d.entity].name.in_(language) for d in found.dated]
    dates = [f"{_when(d.period, language)} [{n}]" for n, d in enumerate(found.dated, 1)]
    listed = "; ".join(f"{name}: {date}" for name, date in zip(names, dates, strict=True))
    if found.tied:
        lead = messages.chronology_tied.format(all=listed)
    else:
        template = messages.chronology_first if found.order == "first" else messages.chronology_last
        name = as_subject(names[0], language)
        others = "; ".join(f"{n}: {d}" for n, d in zip(names[1:], dates[1:], strict=True))
        lead = template.format(name=name, when=dates[0], others=others)
    body = [f"{d.item.fact.answer.in_(language)} [{n}]" for n, d in enumerate(found.dated, 1)]
    return [lead, *body]


def _when(period: Period, language: Language) -> str:
    """When it started: a running span by its first year."""
    return period_text(period.start.year, period.month, language)
