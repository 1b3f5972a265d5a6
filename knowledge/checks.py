"""`funding-bot knowledge check`: everything the loader checks, and what a curator gets wrong.

Errors (the files must not ship):
- what the loader reports (syntax, fields, unknown entities and concepts, quotes, TODOs);
- a statement's figures (`money` amount, amount_max, krw; `percent`) must be figures of its
  quoted sentence, in any notation the article uses (40억달러, $2.75 billion, 600 million
  euros, 5조3500억원);
- its `when` must be a time the quote names (올해, 지난해 1월, "in March", ...), resolved
  against the article's published date; a quote naming no time may take it from earlier in
  its paragraph ("알리바바와 텐센트는 각각 ..." after "올해 상반기 ...").
Warnings (printed; they do not fail the check): a lexicon term in two concepts, terms that are
one after stemming, concepts nothing uses, entity aliases that are also lexicon terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import snowballstemmer

from knowledge import roles
from knowledge.base import Lexicon
from knowledge.dates import DateMention, dates_in, period_text
from knowledge.figures import MoneyMention, format_amount, money_in, same_amount
from knowledge.loader import Collected, collect_path
from knowledge.models import ArticleFile, Entity, Fact
from knowledge.periods import Period

_STEMMER = snowballstemmer.stemmer("english")
_WORDS = re.compile(r"[a-z]+|\d+|[\uac00-\ud7a3]+|%")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `knowledge check` found: errors fail it, warnings are advice."""

    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    summary: str

    @property
    def ok(self) -> bool:
        return not self.errors


def check_knowledge(path: Path) -> CheckReport:
    """Check a knowledge directory, or one article file against its directory."""
    found = collect_path(path)
    errors = [*found.problems, *statement_errors(found)]
    warnings = list(lexicon_warnings(found, _usage_base(found, path)))
    summary = (
        f"{sum(1 for _ in found.articles)} article(s), {len(found.facts)} facts, "
        f"{len(found.entities)} entities, "
        f"{len(found.lexicon.concepts) if found.lexicon else 0} concepts"
    )
    return CheckReport(errors=tuple(errors), warnings=tuple(warnings), summary=summary)


def _usage_base(found: Collected, path: Path) -> Collected:
    """Whose statements count as using a concept: the whole directory, even when one file
    is checked."""
    if path.is_dir() or not (found.root / "articles").is_dir():
        return found
    return collect_path(found.root)


# --- statements against their quotes --------------------------------------------------------


def statement_errors(found: Collected) -> Iterator[str]:
    """Figures and times of every loaded statement against its quoted sentence."""
    for path, article_file in found.articles:
        text = _article_text(path, article_file)
        published = article_file.article.published
        for fact in article_file.facts:
            where = f"{path}: fact {fact.id}"
            yield from _money_errors(where, fact)
            yield from _percent_errors(where, fact)
            yield from _when_errors(where, fact, published, text)


def _article_text(path: Path, article_file: ArticleFile) -> str | None:
    name = article_file.article.text_file
    if name is None:
        return None
    try:
        return (path.parent / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the loader has reported it


def _money_errors(where: str, fact: Fact) -> Iterator[str]:
    if not fact.money:
        return
    mentions = money_in(fact.quote)
    for index, money in enumerate(fact.money):
        wanted = [("amount", money.amount, money.currency)]
        if money.amount_max is not None:
            wanted.append(("amount_max", money.amount_max, money.currency))
        if money.krw is not None:
            wanted.append(("krw", money.krw, "KRW"))
        for name, value, currency in wanted:
            if not _quoted(value, currency, mentions):
                yield (
                    f"{where}: money.{index}.{name}: {format_amount(value)} {currency} is not "
                    f"a figure of the quote ({_figures(mentions)})"
                )


def _quoted(value: float, currency: str, mentions: Iterable[MoneyMention]) -> bool:
    return any(
        m.currency == currency and any(same_amount(value, v) for v in m.values) for m in mentions
    )


def _figures(mentions: tuple[MoneyMention, ...]) -> str:
    if not mentions:
        return "the quote names no amount of money"
    listed = ", ".join(
        f"{m.text} = {'-'.join(format_amount(v) for v in m.values)} {m.currency}" for m in mentions
    )
    return f"the quote has {listed}"


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|퍼센트|프로|percent\b|per cent\b)", re.IGNORECASE)


def _percent_errors(where: str, fact: Fact) -> Iterator[str]:
    if fact.percent is None:
        return
    quoted = [float(value) for value in _PERCENT.findall(fact.quote)]
    if not any(same_amount(fact.percent, value) for value in quoted):
        has = ", ".join(f"{format_amount(v)}%" for v in quoted) or "no percentage"
        yield f"{where}: percent: {format_amount(fact.percent)}% is not in the quote (it has {has})"


def _when_errors(where: str, fact: Fact, published: date, text: str | None) -> Iterator[str]:
    period = fact.period
    if period is None:
        return
    mentions = dates_in(fact.quote, published)
    if any(_supports(m.period, period, published) for m in mentions):
        return
    context = _paragraph_before(text, fact.quote) if text else None
    context_mentions = dates_in(context, published) if context and not mentions else ()
    if any(_supports(m.period, period, published) for m in context_mentions):
        return
    yield (
        f"{where}: when: {fact.when!r} is not a time the quote names "
        f"({_times(mentions, published)})"
    )


def _supports(named: Period, when: Period, published: date) -> bool:
    """A time the quote names supports `when` if it lies within it ("지난 3월" for 2024-03 or
    2024); a span needs its first year ("2019년부터" for 2019/2024)."""
    if when.precision == "span":
        return named.start.year == when.start.year and (
            named.end.year == when.end.year or when.end.year == published.year
        )
    return named.within(when)


def _times(mentions: tuple[DateMention, ...], published: date) -> str:
    if not mentions:
        return f"it names no time; relative times resolve against {published.isoformat()}"
    listed = ", ".join(f"{m.text} = {period_text(m.period)}" for m in mentions)
    return f"it names {listed}, resolved against {published.isoformat()}"


def _paragraph_before(text: str, quote: str) -> str | None:
    """The paragraph's text before the quote: the time a sentence leaves implicit is there."""
    position = text.find(quote)
    if position < 0:
        return None
    start = text.rfind("\n\n", 0, position)
    return text[max(start, 0) : position]


# --- lexicon lints --------------------------------------------------------------------------


def lexicon_warnings(found: Collected, usage: Collected) -> Iterator[str]:
    lexicon = found.lexicon
    if lexicon is None:
        return
    where = found.root / "lexicon.toml"
    yield from _shared_terms(where, lexicon)
    yield from _unused_concepts(where, lexicon, usage)
    yield from _aliases_as_terms(found.entities.values(), lexicon)


def term_key(term: str) -> str:
    """A term as the matcher reads it: NFKC, lower case, English words stemmed (Porter2)."""
    text = unicodedata.normalize("NFKC", term).lower()
    return " ".join(
        str(_STEMMER.stemWord(word)) if word.isascii() and word.isalpha() else word
        for word in _WORDS.findall(text)
    )


def _shared_terms(where: Path, lexicon: Lexicon) -> Iterator[str]:
    """One warning per reading shared by concepts: the same term in two concepts, or terms of
    two concepts that stem alike (the matcher cannot tell "funding" from "fund"). Variants
    within one concept ("invest", "investment") are harmless and not reported."""
    readings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for concept in lexicon.concepts.values():
        for term, count in Counter(concept.terms).items():
            if count > 1:
                yield f"{where}: concept {concept.id}: term {term!r} is listed {count} times"
            readings[term_key(term)].append((term, concept.id))
    for key, uses in readings.items():
        concepts = sorted({concept for _, concept in uses})
        if len(concepts) < 2:
            continue
        spellings = sorted({term for term, _ in uses})
        if len(spellings) == 1:
            yield f"{where}: term {spellings[0]!r} is in concepts {', '.join(concepts)}"
            continue
        listed = ", ".join(
            f"{term!r} ({', '.join(sorted({c for t, c in uses if t == term}))})"
            for term in spellings
        )
        yield f"{where}: terms {listed} read the same after stemming ({key!r})"


def _unused_concepts(where: Path, lexicon: Lexicon, usage: Collected) -> Iterator[str]:
    used = set(roles.REQUIRED)
    for item in usage.facts:
        used.update(item.fact.topics, item.fact.cues)
    for pair in lexicon.opposites:
        used.update(pair)
    for concept_id, concept in lexicon.concepts.items():
        # Times are read from every question and answered from `when`; asks are derived
        # from a statement's fields: the code uses them all by kind. A slot no statement
        # gives is how "the sources don't report that" is told.
        if concept_id not in used and concept.kind not in ("time", "ask") and not concept.slot:
            yield (
                f"{where}: concept {concept_id}: no statement uses it and the code does not "
                "rely on it (knowledge/roles.py)"
            )


def _aliases_as_terms(entities: Iterable[Entity], lexicon: Lexicon) -> Iterator[str]:
    terms: dict[str, str] = {}
    for concept in lexicon.concepts.values():
        for term in concept.terms:
            terms.setdefault(term.casefold(), concept.id)
    for entity in entities:
        for alias in entity.aliases:
            concept_id = terms.get(alias.casefold())
            if concept_id is not None:
                yield (
                    f"entity {entity.id}: aliases: {alias!r} is also a term of concept {concept_id}"
                )
