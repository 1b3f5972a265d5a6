"""Wording of composed answers: the computed figure first, then each statement it comes
from, each marked with its numbered source ([1], [2])."""

from __future__ import annotations

from handlers.amounts import Figure, same_figure
from handlers.composition import Composition, Side
from handlers.language_data import claimed_direction
from handlers.messages import messages_for
from handlers.models import Computed, Language
from handlers.wording import as_subject, money_text, period_text
from knowledge.base import KnowledgeBase
from knowledge.models import Role
from knowledge.periods import parse_period


def composed_lines(
    kb: KnowledgeBase,
    composition: Composition,
    language: Language,
    *,
    claimed: tuple[Figure, ...] = (),
    text: str = "",
) -> list[str]:
    """The verdict on a figure the question claims, if any; the lead sentence (the result,
    or why there is none); one line per side."""
    sides = composition.sides
    lead = _lead(kb, composition, language)
    body = [f"{side.item.fact.answer.in_(language)} [{n}]" for n, side in enumerate(sides, 1)]
    verdict = _verdict(composition, claimed, text, language)
    return [*([verdict] if verdict else []), lead, *body]


def _verdict(
    composition: Composition, claimed: tuple[Figure, ...], text: str, language: Language
) -> str | None:
    """ "두 회사 합치면 300억 위안 넘는 거 맞지?": yes or no against the computed figure."""
    amounts = [figure for figure in claimed if figure.kind == "amount"]
    if composition.result is None or composition.refusal is not None or len(amounts) != 1:
        return None
    messages = messages_for(language)
    result = money_text(composition.result, composition.currency, language)
    claim = money_text(amounts[0].value, composition.currency, language)
    computed = Figure(value=composition.result, kind="amount")
    direction = claimed_direction(text)
    if composition.more_than and direction != "above":
        return None  # a lower bound confirms only "more than" claims
    if direction == "above":
        holds = composition.result > amounts[0].value or (
            composition.more_than and composition.result >= amounts[0].value
        )
        template = messages.compose_claim_above if holds else messages.compose_claim_not_above
    elif direction == "below":
        holds = composition.result < amounts[0].value
        template = messages.compose_claim_below if holds else messages.compose_claim_not_below
    elif same_figure(amounts[0], computed):
        template = messages.compose_claim_same
    else:
        template = messages.compose_claim_other
    return template.format(result=result, claim=claim, claimed=as_subject(claim, language))


def computed_of(composition: Composition) -> tuple[Computed, ...]:
    """What the JSON output reports as computed, and from which statements."""
    if composition.result is None or composition.refusal is not None:
        return ()
    return (
        Computed(
            operation=composition.operation,
            value=composition.result,
            currency=composition.currency,
            fact_ids=tuple(side.item.fact.id for side in composition.sides),
        ),
    )


def _lead(kb: KnowledgeBase, composition: Composition, language: Language) -> str:
    messages = messages_for(language)
    sides = composition.sides
    figures = [_figure(side, composition, language) for side in sides]
    names = _names(kb, sides, language)
    one_name = len(set(names)) < len(names) or _same_parties(sides)
    if one_name:
        # The same company at two times: say which is which.
        names = [
            f"{name} ({_when(side, language)})" for name, side in zip(names, sides, strict=True)
        ]
    marked = [f"{figure} [{n}]" for n, figure in enumerate(figures, 1)]
    if composition.refusal is not None:
        reason: str = getattr(messages, f"compose_refused_{composition.refusal}")
        return reason.format(
            figures="; ".join(f"{n}: {f}" for n, f in zip(names, marked, strict=True))
        )
    won_note = messages.compose_in_won if composition.in_won else ""
    result = (
        money_text(composition.result, composition.currency, language)
        if composition.result is not None
        else ""
    )
    if composition.more_than:
        result = messages.compose_more_than.format(figure=result)
    operation = composition.operation
    if operation == "sum":
        return (
            messages.compose_sum.format(
                names=_join(names, language), result=result, parts=" + ".join(marked)
            )
            + won_note
        )
    if operation in ("before", "rest"):
        template = messages.compose_before if operation == "before" else messages.compose_rest
        return template.format(result=result, whole=marked[0], part=marked[1])
    values = [_value(side, composition) for side in sides]
    if operation in ("most", "least"):
        pick = values.index(max(values) if operation == "most" else min(values))
        template = messages.compose_most if operation == "most" else messages.compose_least
        others = "; ".join(f"{n}: {f}" for n, f in zip(names, marked, strict=True))
        return template.format(name=names[pick], figure=marked[pick], others=others) + won_note
    big, small = (0, 1) if values[0] >= values[1] else (1, 0)
    if values[0] == values[1]:
        return (
            messages.compose_equal.format(
                one=names[0], other=names[1], figure=marked[0], other_figure=marked[1]
            )
            + won_note
        )
    if operation == "share" and composition.result is not None:
        template = (
            messages.compose_share_more_than if composition.more_than else messages.compose_share
        )
        # One company's own figures ("its round, of its valuation"): the figures say which.
        part, whole = (
            (marked[small], marked[big])
            if one_name
            else (f"{names[small]} ({marked[small]})", f"{names[big]} ({marked[big]})")
        )
        percent = f"{composition.result:.1f}".removesuffix(".0")
        return template.format(part=part, whole=whole, percent=percent) + won_note
    if operation == "ratio" and composition.result is not None:
        template = (
            messages.compose_ratio_more_than if composition.more_than else messages.compose_ratio
        )
        return (
            template.format(
                bigger=names[big],
                smaller=names[small],
                ratio=f"{composition.result:.1f}".removesuffix(".0"),
                big=marked[big],
                small=marked[small],
            )
            + won_note
        )
    return (
        messages.compose_compare.format(
            bigger=names[big],
            smaller=names[small],
            big=marked[big],
            small=marked[small],
            result=result,
        )
        + won_note
    )


def _same_parties(sides: tuple[Side, ...]) -> bool:
    """Every side's statement is between the same names (a running total and its part)."""
    parties = [
        frozenset(p.entity for p in side.item.fact.participants if p.role is not Role.MENTIONED)
        for side in sides
    ]
    return len(set(parties)) == 1


def _when(side: Side, language: Language) -> str:
    when = side.item.fact.when
    if when is None:
        return "?"
    period = parse_period(when)
    return period_text(period.year, period.month, language) or when


def _value(side: Side, composition: Composition) -> float:
    return float(side.money.krw or 0) if composition.in_won else side.value


def _figure(side: Side, composition: Composition, language: Language) -> str:
    if composition.in_won and side.money.krw:
        figure = money_text(side.money.krw, "KRW", language)
    else:
        figure = money_text(side.value, side.currency, language)
    if side.money.qualifier == "more_than":
        return messages_for(language).compose_more_than.format(figure=figure)
    return figure


def _names(kb: KnowledgeBase, sides: tuple[Side, ...], language: Language) -> list[str]:
    """Each side by the names that tell it from the others ("Alibaba", not "Alibaba, AI")."""
    common = set.intersection(*(set(side.names) for side in sides)) if sides else set()
    return [_name(kb, side, language, leave_out=common) for side in sides]


def _name(kb: KnowledgeBase, side: Side, language: Language, *, leave_out: set[str]) -> str:
    # The outlet that reported a side is no name of it ("the WSJ's OpenAI figure").
    involved = {p.entity for p in side.item.fact.participants}
    named = [e for e in side.names if e in involved] or list(side.names)
    names = [e for e in named if e not in leave_out] or named
    if names:
        return ", ".join(kb.entities[e].name.in_(language) for e in names)
    principal = side.item.fact.participants[0].entity
    return kb.entities[principal].name.in_(language)


def _join(names: list[str], language: Language) -> str:
    if language == "ko":
        return "·".join(names)
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
