"""Claims a question makes ("it was $5B, right?", "WSJ reported it, didn't they?", "due in
November, isn't it?") checked against the statements that answer it.

A claim the sources support gets "Yes"; one they contradict gets "No" with what the sources
say instead. Only what the question states is judged: figures, the reporting outlet, and the
month or year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.amounts import Figure, same_figure
from handlers.language_data import language_data
from handlers.models import Language
from handlers.wording import joined_names, money_text, percent_text, period_text
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.models import Role

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_KOREAN_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9])\s?월")
_WHEN = re.compile(r"^(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a claim holds; when it does not, what the sources say and what was claimed."""

    holds: bool
    stated: str = ""
    claimed: str = ""


def check(
    kb: KnowledgeBase,
    items: list[SourcedFact],
    *,
    text: str,
    figures: tuple[Figure, ...],
    outlets: tuple[str, ...],
    language: Language,
    backgrounds: tuple[str, ...] = (),
    unverified: bool = False,
) -> Verdict | None:
    """The verdict on what the question claims about `items`, or None when it claims nothing
    they can confirm or deny. With part of the claim `unverified` (an outlet the bot could not
    read), only a contradiction is told, never "yes"."""
    verdicts = [
        verdict
        for verdict in (
            _figure_verdict(items, figures, language),
            _outlet_verdict(kb, items, outlets, language),
            _time_verdict(kb, items, text, language),
            _background_verdict(kb, items, backgrounds, language),
        )
        if verdict is not None
    ]
    if not verdicts:
        return None
    wrong = [verdict for verdict in verdicts if not verdict.holds]
    if wrong:
        return wrong[0]
    return None if unverified else verdicts[0]


def claimed_period(text: str, *, newest_year: int) -> tuple[int | None, int | None]:
    """The year and month a question names, relative words resolved against `newest_year`."""
    data = language_data()
    lowered = text.lower()
    year: int | None = None
    match = _YEAR.search(lowered)
    if match:
        year = int(match.group(1))
    else:
        for phrase, offset in data.relative_years.items():
            if phrase in lowered:
                year = newest_year + offset
                break
    month: int | None = None
    korean = _KOREAN_MONTH.search(lowered)
    if korean:
        month = int(korean.group(1))
    else:
        for word in re.findall(r"[a-z]+", lowered):
            if word in data.months["en"] and (len(word) > 3 or word == "may"):
                month = data.months["en"][word]
                break
    return year, month


def _figure_verdict(
    items: list[SourcedFact], figures: tuple[Figure, ...], language: Language
) -> Verdict | None:
    for figure in figures:
        stated = [
            (item, money)
            for item in items
            for money in item.fact.money
            if _kind_of(money.currency) == figure.kind
        ]
        percents = [item.fact.percent for item in items if item.fact.percent is not None]
        if figure.kind == "percent" and percents:
            if any(same_figure(figure, Figure(p, "percent")) for p in percents):
                return Verdict(True)
            return Verdict(False, percent_text(percents[0]), percent_text(figure.value))
        if not stated:
            continue
        values = [
            (value, money.currency)
            for _, money in stated
            for value in (money.amount, money.amount_max, money.krw)
            if value
        ]
        if any(same_figure(figure, Figure(value, figure.kind)) for value, _ in values):
            return Verdict(True)
        _, money = stated[0]
        said = money_text(money.amount, money.currency, language)
        if money.amount_max:
            # "$5-10 a month": the range the sources give, not its lower end.
            said += "~" + money_text(money.amount_max, money.currency, language)
        return Verdict(False, said, money_text(figure.value, money.currency, language))
    return None


def _kind_of(currency: str) -> str:
    return "won" if currency == "KRW" else "amount"


def _outlet_verdict(
    kb: KnowledgeBase, items: list[SourcedFact], outlets: tuple[str, ...], language: Language
) -> Verdict | None:
    reporters = [item.fact.reporter.entity for item in items if item.fact.reporter is not None]
    if not outlets or not reporters:
        return None
    if set(outlets) & set(reporters):
        return Verdict(True)
    known = kb.entities.get(outlets[0])
    claimed = known.name.in_(language) if known is not None else outlets[0]
    return Verdict(False, kb.entities[reporters[0]].name.in_(language), claimed)


def _background_verdict(
    kb: KnowledgeBase, items: list[SourcedFact], backgrounds: tuple[str, ...], language: Language
) -> Verdict | None:
    """ "Founded by ex-OpenAI researchers?": the names the statements give as backgrounds."""
    if not backgrounds:
        return None
    involved = {p.entity for item in items for p in item.fact.participants}
    if set(backgrounds) <= involved:
        return Verdict(True)
    mentioned = [
        p.entity for item in items for p in item.fact.participants if p.role is Role.MENTIONED
    ]
    claimed = kb.entities[next(e for e in backgrounds if e not in involved)].name.in_(language)
    if not mentioned:
        return Verdict(False, "", claimed)
    names = [kb.entities[e].name.in_(language) for e in dict.fromkeys(mentioned)]
    return Verdict(False, joined_names(names, language), claimed)


def _time_verdict(
    kb: KnowledgeBase, items: list[SourcedFact], text: str, language: Language
) -> Verdict | None:
    newest = max(article.published for article in kb.articles)
    year, month = claimed_period(text, newest_year=newest.year)
    if year is None and month is None:
        return None
    for item in items:
        when = _WHEN.match(item.fact.when or "")
        if when is None:
            continue
        stated_year = int(when.group(1))
        stated_month = int(when.group(2)) if when.group(2) else None
        if month is not None and stated_month is None:
            continue
        wrong_month = month is not None and month != stated_month
        wrong_year = year is not None and year != stated_year
        if not (wrong_month or wrong_year):
            return Verdict(True)
        return Verdict(
            False,
            period_text(stated_year, stated_month if month else None, language),
            period_text(year, month, language),
        )
    return None
