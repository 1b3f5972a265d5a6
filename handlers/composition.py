"""Composed answers: sums, differences, comparisons, ratios and rankings over the figures of
several statements, computed honestly.

A question asking for one ("알리바바랑 텐센트 합치면?", "Who spent more, Alibaba or Baidu?") is
split into its sides, each side is answered on its own (what one side leaves out is filled
from the other, as a follow-up is), and the figures are combined only when that means
something: one currency (or the won conversions the sources give, said so), exact or "about"
figures ("more than" ones only where the result stays a lower bound), and statements that do
not contain one another (BAT's total already contains Alibaba's). Otherwise the answer says
why and gives both figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from handlers.analysis import Analysis
from handlers.conversation import Context, fill
from handlers.language_data import (
    compares_a_choice,
    compose_split_patterns,
    language_data,
    without_comparing_words,
)
from handlers.matching import Engine, MatchResult, Outcome
from knowledge import roles
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.models import Money, Role
from knowledge.periods import parse_period

Asked = Literal["sum", "difference", "ratio", "share", "compare", "most", "least", "before"]
# "rest": a difference between a whole and its own part (what the whole holds besides it).
Operation = Asked | Literal["rest"]
# Checked in this order: "how much more" is a difference before it is a comparison.
_WHOLE_MINUS_PART: frozenset[Operation] = frozenset({"before", "rest"})
_ORDER: tuple[Asked, ...] = (
    *("before", "share", "ratio", "difference", "sum", "most", "least", "compare"),
)
# Figures a computation can use: "more than" ones only where the result stays a lower bound.
_BOUNDED = frozenset({"exact", "about", "more_than"})


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a composed answer: the statement and the figure it gives."""

    item: SourcedFact
    money: Money
    value: float
    currency: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Composition:
    """What was computed, from which sides; `refusal` says why nothing could be."""

    operation: Operation
    sides: tuple[Side, ...]
    result: float | None = None
    currency: str = ""
    in_won: bool = False
    refusal: Literal["overlap", "currency", "qualifier", "same"] | None = None
    # The result is a lower bound: a figure it comes from was reported as "more than".
    more_than: bool = False


def _operation(engine: Engine, analysis: Analysis) -> Asked | None:
    """The computation asked; "지분은 몇 퍼센트?" asks a stake the sources state, not a share
    to compute ("what share of ..." names none)."""
    operation = operation_of(analysis.text)
    if operation == "share":
        rest = engine.analyze(without_comparing_words(analysis.text))
        if roles.STAKE in rest.concepts:
            return None
    return operation


def operation_of(text: str) -> Asked | None:
    """The computation a question asks for, if any."""
    lowered = text.lower()
    words = language_data().compose
    for operation in _ORDER:
        if any(phrase in lowered for phrase in words[operation]):
            return operation
    return "compare" if compares_a_choice(lowered) else None


def compose(engine: Engine, analysis: Analysis) -> Composition | None:
    """The composition the question asks for, or None when it asks for none (or its sides
    cannot each be answered: then it is an ordinary question)."""
    operation = _operation(engine, analysis)
    if operation is None:
        return None
    if operation in ("most", "least"):
        sides = _members(engine, analysis)
    elif operation == "before":
        sides = _whole_and_part(engine, analysis)
    else:
        sides = _two_sides(engine, analysis)
        if sides is None and operation == "share" and len(analysis.entities) == 1:
            # "What share of Mistral's total funding came from the June round?": the dated
            # part against the running total ("share" is no stake here).
            stripped = engine.analyze(without_comparing_words(analysis.text))
            part = replace(stripped, concepts=stripped.concepts - {roles.TOTAL})
            sides = _whole_and_part(engine, part)
    if sides is None or len(sides) < 2:
        return None
    composition = _compute(engine.kb, operation, sides)
    # Both sides read as one statement: an ordinary question after all.
    return None if composition.refusal == "same" else composition


def compose_follow_up(
    engine: Engine, analysis: Analysis, previous: Analysis, *, earlier: tuple[str, ...] = ()
) -> Composition | None:
    """A computation asked about the previous answer: "텐센트랑 합치면?", "is that bigger than
    Microsoft's?", "그 전에 넣은 건 얼마야?"."""
    operation = _operation(engine, analysis)
    if operation is None or operation in ("most", "least"):
        return None
    given = list(engine.kb.known(sorted(previous.only_facts)))
    if len(given) == 1:
        # "바이두는?" after Alibaba, then "둘 차이는?": the two answers just given.
        given = [*engine.kb.known(earlier), *given]
    previous = replace(previous, only_facts=frozenset())
    sides: tuple[Side, ...] | None
    if not analysis.entities and len(given) >= 2 and operation != "before":
        # "차이는 얼마야?", "둘을 합치면?" after an answer from two statements: those two.
        sides = tuple(_fact_side(item) for item in given if item.fact.money) or None
    elif operation == "before":
        sides = _whole_and_part(engine, previous)
    else:
        if not (analysis.entities or analysis.times):
            return None
        kept = previous.concepts - engine.times
        # "작년 12월 라운드랑 합치면?": the same names at the time said.
        other = replace(
            analysis,
            entities=analysis.entities or dict(previous.entities),
            concepts=analysis.concepts | kept,
            times=analysis.times or previous.times,
        )
        first = _side(engine, previous)
        cumulative = not _names_the_sum(analysis.text)
        # The other side may be another kind of deal ("Microsoft's last big check" after a
        # round being considered): what the previous question asked, else any investment.
        second = _side(engine, other, cumulative=cumulative) or _side(
            engine,
            replace(analysis, concepts=analysis.concepts | {roles.GIVE}),
            cumulative=cumulative,
        )
        sides = (first, second) if first is not None and second is not None else None
    if sides is None or len(sides) < 2:
        return None
    return _compute(engine.kb, operation, sides)


def _fact_side(item: SourcedFact) -> Side:
    money = item.fact.money[0]
    principal = next(p.entity for p in item.fact.participants if p.role is not Role.MENTIONED)
    return Side(item, money, money.amount, money.currency, names=(principal,))


def sides_of(
    engine: Engine, analysis: Analysis, *, computing: Asked | None = None
) -> tuple[Analysis, Analysis] | None:
    """The two sides a question joins ("A랑 B", "A than B"), each analysed on its own; for a
    computation, without the words asking for it (and a share may be split at its subject:
    "조달액이 기업가치의 몇 %")."""
    parts = _split(analysis, at_subject=computing == "share")
    if parts is None:
        return None
    if computing is None:
        return engine.analyze(parts[0]), engine.analyze(parts[1])
    left, right = (engine.analyze(without_comparing_words(part)) for part in parts)
    return left, right


def filled_side(
    engine: Engine, side: Analysis, other: Analysis, *, same_kind: bool = False
) -> Analysis:
    """A side naming its own names, with what it leaves out taken from the other side
    ("Alibaba's and Tencent's H1 investments": Alibaba's H1 investments). With `same_kind`
    (a computation comparing like with like) the figure asked on one side is the other's:
    "기업가치가 6월 대비 이번 라운드에서 얼마나 올랐어?" compares two valuations, never a
    valuation with a round's size."""
    filled = _own_time(_filled_side(engine, side, other), side)
    slots = other.concepts & engine.slots
    if same_kind and slots and not filled.concepts & engine.slots:
        filled = replace(filled, concepts=filled.concepts | slots)
    return filled


def _two_sides(engine: Engine, analysis: Analysis) -> tuple[Side, ...] | None:
    both = sides_of(engine, analysis, computing=operation_of(analysis.text))
    if both is None:
        return None
    left, right = both
    if analysis.confirming:
        # A figure claimed of the result ("... combined are $2B, right?") is no side's own.
        left, right = (replace(side, figures=(), confirming=False) for side in (left, right))
    # "텐센트랑 합치면?": one side is the previous answer, if any. A share of one company's
    # figure in another of its own ("조달액이 당시 기업가치의 몇 %") names it once.
    # One company's two figures may be told apart by what each side says ("6월 대비 이번
    # 라운드에서"), a share by less.
    one_company = len(analysis.entities) == 1
    own_share = operation_of(analysis.text) == "share" and one_company
    said = [
        bool(side.entities or side.times or (one_company and side.concepts & engine.topics))
        for side in (left, right)
    ]
    if one_company and said == [True, False] and left.times:
        # "코히어 기업가치 작년 6월 대비 몇 배 뛰었어?": against its latest figure of that kind.
        return _against_the_latest(engine, left)
    if not own_share and not all(said):
        return None
    left, right = (
        filled_side(engine, part, other, same_kind=not own_share)
        for part, other in ((left, right), (right, left))
    )
    sides = [
        _side(engine, part, cumulative=not _names_the_sum(part.text)) for part in (left, right)
    ]
    if any(side is None for side in sides):
        return None
    return tuple(side for side in sides if side is not None)


def _against_the_latest(engine: Engine, dated: Analysis) -> tuple[Side, ...] | None:
    """The side said with a time, and the latest later statement of the same kind about the
    same company (its figure now)."""
    then = _side(engine, dated)
    if then is None or then.item.fact.when is None:
        return None
    fact = then.item.fact
    start = parse_period(then.item.fact.when).start
    same_kind = [
        (item.fact.when, item)
        for item in engine.kb.facts_about(dated.entities)
        if item.fact.kind == fact.kind
        and item.fact.money
        and item.fact.money[0].currency == then.currency
    ]
    later = [
        (parse_period(when).start, item)
        for when, item in same_kind
        if when is not None and parse_period(when).start > start
    ]
    if not later:
        return None
    return (then, _fact_side(max(later, key=lambda pair: pair[0])[1]))


def _filled_side(engine: Engine, side: Analysis, other: Analysis) -> Analysis:
    """A side filled from the other ("SSI's reported one" takes "valuation"). "Which is higher
    and by how much?" asks of the computation, so its asks never block what is carried."""
    asks = side.concepts & engine.asks
    filled = fill(engine, replace(side, concepts=side.concepts - asks), _context(other))
    # "Which was bigger?" asks which side, not who either side's statement names.
    return replace(filled, concepts=filled.concepts | (asks - {roles.ASK_WHO}))


def _own_time(filled: Analysis, said: Analysis) -> Analysis:
    """A cumulative side ("Voltaic's total") keeps no time borrowed from the other side."""
    if roles.TOTAL in said.concepts and not said.times and not _names_the_sum(said.text):
        return replace(filled, times=(), concepts=filled.concepts - _time_words(filled))
    return filled


def _time_words(analysis: Analysis) -> frozenset[str]:
    return frozenset().union(*analysis.times) if analysis.times else frozenset()


def _members(engine: Engine, analysis: Analysis) -> tuple[Side, ...] | None:
    """ "Which of BAT spent the least?": each member of the group named, on its own."""
    groups = [e for e in analysis.entities if engine.kb.entities[e].kind == "group"]
    members: list[str] = []
    if groups:
        for item in engine.kb.facts_about(groups[:1]):
            if Role.INVESTOR in item.fact.roles_of(groups[0]):
                members += [p.entity for p in item.fact.participants if p.role is Role.INVESTOR]
        kinds = engine.kb.entities
        members = [m for m in dict.fromkeys(members) if kinds[m].kind == "company"]
    else:
        members = list(analysis.entities)
    sides: list[Side] = []
    for member in members:
        side = _side(engine, replace(analysis, entities={member: analysis.entities.get(member)}))
        if side is not None and side.item.fact.id not in {s.item.fact.id for s in sides}:
            sides.append(side)
    return tuple(sides) if len(sides) == len(members) else None


def _whole_and_part(engine: Engine, analysis: Analysis) -> tuple[Side, ...] | None:
    """ "How much before the March tranche?": the cumulative figure between the same payer
    and receiver, and the part, named by its time or its figure ("이번 1500만달러 전까지")."""
    if not (analysis.times or analysis.figures):
        return None
    # The part is the time said ("the March tranche"), not what came before it.
    said = tuple(t - {roles.BEFORE} for t in analysis.times)
    part = _side(engine, replace(analysis, times=said, concepts=analysis.concepts - {roles.BEFORE}))
    if part is None:
        return None
    fact = part.item.fact
    deal = {
        entity: side
        for entity, side in analysis.entities.items()
        if fact.roles_of(entity) & {Role.INVESTOR, Role.INVESTEE}
    }
    # The whole is money of the same kind as the part (a round, an investment).
    topics = (analysis.concepts | set(fact.topics)) & engine.topics
    whole_frame = replace(
        analysis, entities=deal, times=(), figures=(), concepts=topics | {roles.TOTAL}
    )
    whole = _side(engine, whole_frame, cumulative=True)
    if whole is None or part.item is whole.item:
        return None
    return (whole, part)


def _names_the_sum(text: str) -> bool:
    """The words asking for a sum ("합치면", "combined") are also "total" words: in the part of
    the question that says them, they name the sum, not a cumulative figure."""
    lowered = text.lower()
    return any(phrase in lowered for phrase in language_data().compose["sum"])


def _side(engine: Engine, analysis: Analysis, *, cumulative: bool = True) -> Side | None:
    """One side answered on its own; a computation is over amounts, so one is asked. Unless
    `cumulative`, "total" words are dropped (they named the sum)."""
    concepts = analysis.concepts | {roles.ASK_AMOUNT}
    if not cumulative:
        concepts -= {roles.TOTAL}
    asked = replace(analysis, concepts=concepts)
    result: MatchResult = engine.match(asked)
    if result.outcome is not Outcome.ANSWER or not result.chosen:
        return None
    item = result.chosen[0].item
    if not item.fact.money:
        return None
    money = item.fact.money[0]
    names = tuple(analysis.entities)
    return Side(item=item, money=money, value=money.amount, currency=money.currency, names=names)


def _compute(kb: KnowledgeBase, operation: Operation, sides: tuple[Side, ...]) -> Composition:
    if operation == "difference" and len(sides) == 2:
        whole, part = sides
        if _contains(kb, part.item, whole.item):
            whole, part = part, whole
        if _contains(kb, whole.item, part.item):
            operation, sides = "rest", (whole, part)
    refusal = _refusal(kb, operation, sides)
    if refusal is not None:
        return Composition(operation, sides, refusal=refusal)
    in_won = len({side.currency for side in sides}) > 1
    values = [side.money.krw if in_won else side.value for side in sides]
    if in_won and not all(values):
        return Composition(operation, sides, refusal="currency")
    if in_won and operation == "sum":
        return Composition(operation, sides, refusal="currency")
    numbers = [float(v) for v in values if v is not None]
    more_than = _lower_bound(operation, sides, numbers)
    if more_than is None:
        return Composition(operation, sides, refusal="qualifier")
    currency = "KRW" if in_won else sides[0].currency
    result: float | None
    if operation == "sum":
        result = sum(numbers)
    elif operation in ("difference", "compare", "before", "rest"):
        result = abs(numbers[0] - numbers[1])
    elif operation == "ratio":
        result = max(numbers) / min(numbers) if min(numbers) else None
    elif operation == "share":
        # "What share of the total was the June round?": the part, in percent of the whole.
        result = 100 * min(numbers) / max(numbers) if max(numbers) else None
    else:
        result = None
    return Composition(
        operation, sides, result=result, currency=currency, in_won=in_won, more_than=more_than
    )


def _refusal(
    kb: KnowledgeBase, operation: Operation, sides: tuple[Side, ...]
) -> Literal["overlap", "qualifier", "same"] | None:
    if len({side.item.fact.id for side in sides}) < len(sides):
        return "same"
    if any(side.money.qualifier not in _BOUNDED for side in sides):
        return "qualifier"
    if operation in ("before", "difference", "rest", "share"):
        return None  # the whole minus, or over, its part: the part's rest or share, on purpose
    for one in sides:
        for other in sides:
            if one is not other and _contains(kb, one.item, other.item):
                return "overlap"
    return None


def _lower_bound(operation: Operation, sides: tuple[Side, ...], values: list[float]) -> bool | None:
    """Whether the result is a lower bound, or None when a "more than" figure leaves it
    unknown. More than X plus Y is more than X + Y; the larger of two figures, reported as
    "more than", stays the larger, by more than the difference and more than so many times;
    "more than" on the smaller one could put it anywhere."""
    open_ended = [n for n, side in enumerate(sides) if side.money.qualifier == "more_than"]
    if not open_ended:
        return False
    if operation == "sum":
        return True
    if operation in _WHOLE_MINUS_PART:
        return True if open_ended == [0] else None
    if operation in ("difference", "ratio", "compare") and len(sides) == 2:
        larger = 0 if values[0] > values[1] else 1
        return True if open_ended == [larger] and values[0] != values[1] else None
    if operation == "share" and len(sides) == 2:
        # More than X as a part is more than its share; as the whole, less: unknown.
        smaller = 0 if values[0] < values[1] else 1
        return True if open_ended == [smaller] else None
    return None


def _contains(kb: KnowledgeBase, whole: SourcedFact, part: SourcedFact) -> bool:
    """A figure that already counts the other: a group's (BAT's total and Alibaba's own), or
    a cumulative one between the same names (Amazon's total in Anthropic and its March part).
    Adding or comparing the two would count the part twice."""
    entities = {p.entity for p in whole.fact.participants}
    payers = {p.entity for p in part.fact.participants if p.role.value in ("investor", "subject")}
    if any(kb.entities[e].kind == "group" for e in entities):
        return bool(payers & entities)
    principals = {p.entity for p in part.fact.participants if p.role is not Role.MENTIONED}
    return roles.TOTAL in whole.fact.cues and principals <= entities


# One-syllable particles that join two sides after any word ("12월 라운드랑 6월 라운드"); the
# others ("와", "과") end too many ordinary words.
_JOINING_AFTER_ANY_WORD = frozenset({"랑"})
# A word marked as a sentence's subject (이/가/은/는 before a space).
_KOREAN_SUBJECT = re.compile(r"(?<=[가-힣A-Za-z0-9)])(?:이|가|은|는)\s+")


def _split(analysis: Analysis, *, at_subject: bool = False) -> tuple[str, str] | None:
    """The question's two sides, at "than", "or", "and", "vs" or a Korean particle joining
    two names ("알리바바랑 텐센트")."""
    text = analysis.text
    english, korean = compose_split_patterns()
    for pattern in english:
        match = pattern.search(text)
        if match and text[: match.start()].strip() and text[match.end() :].strip():
            return text[: match.start()], text[match.end() :]
    for particle, pattern in korean:
        for written in analysis.names.values():
            at = text.find(written + particle)
            if at >= 0:
                end = at + len(written) + len(particle)
                if text[end:].strip():
                    return _compared(particle, text[: at + len(written)], text[end:])
        if len(particle) > 1 or particle in _JOINING_AFTER_ANY_WORD:
            match = pattern.search(text)
            if match and text[match.end() :].strip():
                return _compared(particle, text[: match.start() + 1], text[match.end() :])
    # "시리즈B 조달액이 당시 기업가치의 몇 퍼센트?": the subject against the rest.
    if at_subject and len(analysis.names) == 1:
        subjects = list(_KOREAN_SUBJECT.finditer(text))
        if len(subjects) == 1 and text[subjects[0].end() :].strip():
            return text[: subjects[0].start()], text[subjects[0].end() :]
    # "A의 가치는 B 가치의 몇 배?": two names and no joining word; each side its own.
    names = list(analysis.names.values())
    if len(names) == 2:
        second = text.find(names[1], len(names[0]))
        if second > 0 and text[:second].strip():
            return text[:second], text[second:]
    return None


def _compared(particle: str, left: str, right: str) -> tuple[str, str]:
    """ "A가 B보다 얼마나 많아?": A is the subject, B what it is compared with; the rest is the
    predicate, not a side."""
    subjects = list(_KOREAN_SUBJECT.finditer(left)) if particle == "보다" else []
    if subjects:
        return left[: subjects[-1].start()], left[subjects[-1].end() :]
    return left, right


def _context(analysis: Analysis) -> Context:
    return Context(
        entities=dict(analysis.entities),
        concepts=tuple(sorted(analysis.concepts)),
        times=tuple(tuple(sorted(t)) for t in analysis.times),
    )
