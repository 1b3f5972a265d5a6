"""Benchmark the answering core honestly: distinct questions of every shape, at three sizes.

    .venv/bin/python -m benchmarks.core [--quick]

No question is asked twice within a measurement, so the answer cache never answers one; the
cache is measured on its own (the same questions again). Uncached answers call
`handlers.answering.compose_answer` directly; follow-ups go through `FundingBot.converse`
with the previous turn's context.

Knowledge: the shipped article, and synthetic knowledge of 5,000 and 50,000 statements written
to a temporary directory as real knowledge files (article TOML, article texts, entities with
pronounceable alphabetic names in English and Hangul, the shipped lexicon) and loaded by
`knowledge.loader.load_knowledge`, as the bot loads its own. As deployed (bot.bootstrap),
each base's matcher is built and `gc.freeze()` called before questions are timed.

Shapes: `examples` (each fact's example question in both languages; the shipped article only),
`named` (a company and a topic), `topic-only` (no company: the paths that look at every
statement with the topic), `typo` (a letter dropped or swapped in a name), `korean`, `claim`
("..., right?"), `multi-part` (two questions in one), `follow-up` (the second turn of a
conversation). With `../shared/eval/dev.jsonl` present, the development questions are a
further shape at the article's size; without it they are skipped.

Pauses: a ticker thread that wakes every millisecond records the longest gap between its
wake-ups, and `gc.callbacks` the longest collection, for each phase. Prints figures only; it
asserts nothing (machines here are shared and noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.bootstrap import StaticKnowledge
from handlers.answering import answer_question, compose_answer, forget_answers
from handlers.matching import engine_for
from handlers.models import Asker
from handlers.service import FundingBot
from handlers.state import MemoryState
from handlers.text import is_hangul
from knowledge.base import KnowledgeBase
from knowledge.loader import DEFAULT_DIR, load_knowledge
from knowledge.models import Entity, Money, Role

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"
SIZES = (5_000, 50_000)
# Questions per shape (at most), and the seconds one shape may take at each size.
PER_SHAPE = {"article": 600, 5_000: 300, 50_000: 150}
SHAPE_SECONDS = {"article": 4.0, 5_000: 5.0, 50_000: 6.0}
CACHED_QUESTIONS = 500
SLOWEST_SHOWN = 4
TARGET_P99_MS = {"article": 2.0, 5_000: 10.0, 50_000: 20.0}
TARGET_LOAD_SECONDS = 5.0
TARGET_PAUSE_MS = 50.0
FACTS_PER_ARTICLE = 50
FACTS_PER_COMPANY = 10
COMPANIES_PER_INVESTOR = 10
TICK_SECONDS = 0.001
ASKER = Asker(platform="slack", user_id="U0BENCH")

# Names: syllables whose consonants and vowels each have one Hangul letter, so every English
# name has its own Hangul spelling (Karimo, 카리모).
CONSONANTS = {"g": 0, "n": 2, "d": 3, "r": 5, "m": 6, "b": 7, "s": 9, "j": 12, "k": 15, "t": 16}
CONSONANTS |= {"p": 17, "h": 18}
VOWELS = {"a": 0, "e": 5, "i": 20, "o": 8, "u": 13}
PRINCIPAL_ROLES = frozenset({Role.INVESTOR, Role.LEAD, Role.INVESTEE, Role.SUBJECT})


# --- Pauses -------------------------------------------------------------------------------


@dataclass
class PauseWatch:
    """The longest stall of a ticker thread and the longest collection, per phase."""

    phase: str = "start"
    ticker_ms: dict[str, float] = field(default_factory=dict)
    gc_ms: dict[str, float] = field(default_factory=dict)
    _gc_started: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> PauseWatch:
        gc.callbacks.append(self._on_gc)
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._on_gc)

    def _tick(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(TICK_SECONDS)
            now = time.perf_counter()
            gap = (now - last - TICK_SECONDS) * 1000
            if gap > self.ticker_ms.get(self.phase, 0.0):
                self.ticker_ms[self.phase] = gap
            last = now

    def _on_gc(self, stage: str, info: dict[str, int]) -> None:
        if stage == "start":
            self._gc_started = time.perf_counter()
            return
        took = (time.perf_counter() - self._gc_started) * 1000
        if took > self.gc_ms.get(self.phase, 0.0):
            self.gc_ms[self.phase] = took


# --- Synthetic knowledge ------------------------------------------------------------------


def syllables() -> list[tuple[str, str]]:
    return [
        (c + v, chr(0xAC00 + (ci * 21 + vi) * 28))
        for c, ci in CONSONANTS.items()
        for v, vi in VOWELS.items()
    ]


def name_pool(count: int, taken: set[str], rng: random.Random) -> list[tuple[str, str]]:
    """`count` distinct pronounceable names (English, Hangul) of three or four syllables."""
    pairs = syllables()
    names: list[tuple[str, str]] = []
    while len(names) < count:
        parts = rng.sample(pairs, rng.choice((3, 3, 3, 4)))
        english = "".join(p[0] for p in parts).capitalize()
        if english.casefold() in taken:
            continue
        taken.add(english.casefold())
        names.append((english, "".join(p[1] for p in parts)))
    return names


def _toml(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    raise TypeError(type(value))


def _table(header: str, rows: dict[str, object]) -> str:
    return "\n".join([header, *(f"{key} = {_toml(value)}" for key, value in rows.items())])


def _figure(amount: float) -> tuple[str, str]:
    korean = f"{amount / 1e8:g}억달러" if amount >= 1e8 else f"{amount / 1e4:g}만달러"
    if amount >= 1e9:
        return f"${amount / 1e9:g} billion", korean
    return f"${amount / 1e6:g} million", korean


def write_synthetic(root: Path, statements: int, seed: int = 7) -> None:
    """A knowledge directory of `statements` facts about made-up companies and investors."""
    shipped = load_knowledge()
    rng = random.Random(seed)
    (root / "articles").mkdir(parents=True)
    (root / "lexicon.toml").write_bytes((DEFAULT_DIR / "lexicon.toml").read_bytes())
    taken = {name.casefold() for e in shipped.entities.values() for name in _names(e)}
    taken |= {name.casefold() for name in shipped.lexicon.outside_names}
    taken |= {term.casefold() for c in shipped.lexicon.concepts.values() for term in c.terms}
    companies = name_pool(statements // FACTS_PER_COMPANY, taken, rng)
    investors = name_pool(max(10, len(companies) // COMPANIES_PER_INVESTOR), taken, rng)
    entity_lines = [(DEFAULT_DIR / "entities.toml").read_text(encoding="utf-8")]
    for english, korean in companies:
        aliases = [english, korean]
        if rng.random() < 0.3:
            aliases += [f"{english} AI", f"{korean}AI"]
        entity_lines.append(
            _table(
                "[[entities]]",
                {
                    "id": english.lower(),
                    "kind": "company",
                    "name": {"ko": korean, "en": english},
                    "aliases": aliases,
                },
            )
        )
    for english, korean in investors:
        entity_lines.append(
            _table(
                "[[entities]]",
                {
                    "id": english.lower(),
                    "kind": "company",
                    "name": {"ko": f"{korean} 캐피털", "en": f"{english} Capital"},
                    "aliases": [f"{english} Capital", english, f"{korean} 캐피털", korean],
                },
            )
        )
    (root / "entities.toml").write_text("\n\n".join(entity_lines) + "\n", encoding="utf-8")
    facts = [
        _synthetic_fact(index, companies[index // FACTS_PER_COMPANY], rng.choice(investors), rng)
        for index in range(statements)
    ]
    for start in range(0, statements, FACTS_PER_ARTICLE):
        number = start // FACTS_PER_ARTICLE
        article_id = f"synthetic-{number:05d}"
        chunk = facts[start : start + FACTS_PER_ARTICLE]
        text = " ".join(str(fact["quote"]) for fact in chunk)
        (root / "articles" / f"{article_id}.txt").write_text(text + "\n", encoding="utf-8")
        article = {
            "id": article_id,
            "outlet": {"ko": "합성일보", "en": "Synthetic Daily"},
            "published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "title": f"Synthetic funding news {number}",
            "language": "en",
            "text_file": f"{article_id}.txt",
        }
        parts = ["[article]\n" + "\n".join(f"{k} = {_v(k, v)}" for k, v in article.items())]
        parts += [_table("[[facts]]", fact) for fact in chunk]
        (root / "articles" / f"{article_id}.toml").write_text(
            "\n\n".join(parts) + "\n", encoding="utf-8"
        )


def _v(key: str, value: object) -> str:
    # TOML dates are bare.
    return str(value) if key == "published" else _toml(value)


def _names(entity: Entity) -> tuple[str, ...]:
    return (*entity.aliases, entity.name.ko, entity.name.en)


def _synthetic_fact(
    index: int, company: tuple[str, str], investor: tuple[str, str], rng: random.Random
) -> dict[str, object]:
    """One statement; the kinds cycle over a company's statements."""
    co, co_ko = company
    inv, inv_ko = f"{investor[0]} Capital", f"{investor[1]} 캐피털"
    inv_id, co_id = investor[0].lower(), co.lower()
    year = 2019 + rng.randrange(6)
    amount = float(rng.randint(1, 300) * 10**7)
    en, ko = _figure(amount)
    slot = index % FACTS_PER_COMPANY
    fact: dict[str, object] = {"id": f"s{index}"}
    if slot in (0, 8):
        fact |= {
            "kind": "investment",
            "participants": [
                {"entity": inv_id, "role": "investor"},
                {"entity": co_id, "role": "investee"},
            ],
            "topics": ["invest"],
            "cues": ["additional"] if slot == 8 else [],
            "money": [{"amount": amount, "currency": "USD"}],
            "when": str(year),
            "quote": f"{inv} invested {en} in {co} in {year} (statement {index}).",
            "answer": {
                "ko": f"{inv_ko}는 {year}년 {co_ko}에 {ko}를 투자했습니다.",
                "en": f"{inv} invested {en} in {co} in {year}.",
            },
            "example": {
                "ko": f"{inv_ko}는 {co_ko}에 얼마 투자했어?",
                "en": f"How much did {inv} invest in {co}?",
            },
        }
    elif slot in (1, 9):
        fact |= {
            "kind": "valuation",
            "participants": [{"entity": co_id, "role": "investee"}],
            "topics": ["valuation"],
            "cues": [],
            "money": [{"amount": amount * 10, "currency": "USD"}],
            "when": str(year),
            "quote": f"{co} was valued at {_figure(amount * 10)[0]} in {year} (statement {index}).",
            "answer": {
                "ko": f"{co_ko}의 {year}년 기업가치는 {_figure(amount * 10)[1]}입니다.",
                "en": f"{co} was valued at {_figure(amount * 10)[0]} in {year}.",
            },
            "example": {"ko": f"{co_ko} 기업가치는?", "en": f"What is {co} valued at?"},
        }
    elif slot == 2:
        fact |= {
            "kind": "funding_round",
            "participants": [
                {"entity": inv_id, "role": "lead"},
                {"entity": co_id, "role": "investee"},
            ],
            "topics": ["round", "lead"],
            "cues": [],
            "money": [{"amount": amount, "currency": "USD"}],
            "when": f"{year}-{1 + index % 12:02d}",
            "reporter": {"entity": "reuters"},
            "quote": f"{inv} led a {en} round in {co} (statement {index}).",
            "answer": {
                "ko": f"{inv_ko}가 {co_ko}의 {ko} 규모 투자 라운드를 주도했습니다.",
                "en": f"{inv} led {co}'s {en} funding round.",
            },
            "example": {
                "ko": f"{co_ko} 투자 라운드는 누가 주도했어?",
                "en": f"Who led {co}'s funding round?",
            },
        }
    elif slot == 3:
        fact |= _simple("loss", "subject", co_id, ["loss"], amount, year, index)
        fact |= {
            "quote": f"{co} lost {en} in {year} (statement {index}).",
            "answer": {"ko": f"{co_ko}는 {year}년 {ko} 적자를 냈습니다.", "en": f"{co} lost {en}."},
            "example": {"ko": f"{co_ko} 적자는 얼마야?", "en": f"How much did {co} lose?"},
        }
    elif slot == 4:
        percent = float(rng.randint(1, 49))
        fact |= {
            "kind": "stake",
            "participants": [
                {"entity": inv_id, "role": "investor"},
                {"entity": co_id, "role": "investee"},
            ],
            "topics": ["stake"],
            "cues": [],
            "percent": percent,
            "quote": f"{inv} owns {percent:g}% of {co} (statement {index}).",
            "answer": {
                "ko": f"{inv_ko}는 {co_ko} 지분 {percent:g}%를 가지고 있습니다.",
                "en": f"{inv} owns {percent:g}% of {co}.",
            },
            "example": {
                "ko": f"{inv_ko}의 {co_ko} 지분은?",
                "en": f"How big is {inv}'s stake in {co}?",
            },
        }
    elif slot == 5:
        fact |= _simple("launch", "subject", co_id, ["launch"], None, year, index)
        fact |= {
            "quote": f"{co} launched its first model in {year} (statement {index}).",
            "answer": {
                "ko": f"{co_ko}는 {year}년 첫 모델을 출시했습니다.",
                "en": f"{co} launched its first model in {year}.",
            },
            "example": {"ko": f"{co_ko}는 언제 출시했어?", "en": f"When did {co} launch?"},
        }
    elif slot == 6:
        fact |= _simple("founding", "subject", co_id, ["founding"], None, year - 5, index)
        fact |= {
            "quote": f"{co} was founded in {year - 5} (statement {index}).",
            "answer": {
                "ko": f"{co_ko}는 {year - 5}년에 설립됐습니다.",
                "en": f"{co} was founded in {year - 5}.",
            },
            "example": {"ko": f"{co_ko}는 언제 설립됐어?", "en": f"When was {co} founded?"},
        }
    else:
        fact |= _simple("price", "subject", co_id, ["price"], amount / 1e7, year, index)
        fact |= {
            "quote": f"{co} charges ${amount / 1e7:g} a month (statement {index}).",
            "answer": {
                "ko": f"{co_ko}의 월 요금은 {amount / 1e7:g}달러입니다.",
                "en": f"{co} charges ${amount / 1e7:g} a month.",
            },
            "example": {"ko": f"{co_ko} 요금은 얼마야?", "en": f"How much does {co} cost?"},
        }
    return fact


def _simple(
    kind: str,
    role: str,
    entity: str,
    topics: list[str],
    amount: float | None,
    year: int,
    index: int,
) -> dict[str, object]:
    fact: dict[str, object] = {
        "kind": kind,
        "participants": [{"entity": entity, "role": role}],
        "topics": topics,
        "when": str(year),
    }
    if amount:
        fact["money"] = [{"amount": amount, "currency": "USD"}]
    return fact


# --- Questions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a fact lets a question name: its principals and topics."""

    names: tuple[Entity, ...]
    investor: Entity | None
    investee: Entity | None
    topics: tuple[str, ...]
    money: Money | None
    year: str | None


def subjects(kb: KnowledgeBase) -> list[Subject]:
    found = []
    for item in kb.facts:
        fact = item.fact
        principals = [
            kb.entities[p.entity]
            for p in fact.participants
            if p.role in PRINCIPAL_ROLES and kb.entities[p.entity].kind != "outlet"
        ]
        if not principals:
            continue
        investor = next(
            (kb.entities[p.entity] for p in fact.participants if p.role in (Role.INVESTOR,)), None
        )
        investee = next(
            (kb.entities[p.entity] for p in fact.participants if p.role is Role.INVESTEE), None
        )
        topics = tuple(t for t in fact.topics if kb.lexicon.concepts[t].kind == "topic")
        found.append(
            Subject(
                names=tuple(principals),
                investor=investor,
                investee=investee,
                topics=topics or fact.topics,
                money=fact.money[0] if fact.money else None,
                year=fact.when[:4] if fact.when else None,
            )
        )
    return found


class Phrases:
    """Words for names and topics, in English and Korean, from the knowledge itself."""

    def __init__(self, kb: KnowledgeBase, rng: random.Random) -> None:
        self.kb, self.rng = kb, rng
        self.topic_terms: dict[str, dict[str, list[str]]] = {}
        for concept in kb.lexicon.concepts.values():
            if concept.kind != "topic":
                continue
            self.topic_terms[concept.id] = {
                "en": [t for t in concept.terms if t.isascii() and len(t) > 2],
                "ko": [t for t in concept.terms if any(is_hangul(ch) for ch in t)],
            }
        self.topics = [c for c, terms in self.topic_terms.items() if terms["en"] and terms["ko"]]

    def name(self, entity: Entity, language: str) -> str:
        options = [
            n for n in _names(entity) if any(is_hangul(ch) for ch in n) == (language == "ko")
        ]
        return self.rng.choice(options or [entity.name.en])

    def topic(self, concept: str, language: str) -> str:
        terms = self.topic_terms.get(concept, {}).get(language) or [concept.replace("_", " ")]
        return self.rng.choice(terms)


def typo(word: str, rng: random.Random) -> str:
    """Drop or swap a letter inside the word (never the first)."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


EN_NAMED = (
    "{name} {topic}",
    "what is {name}'s {topic}?",
    "tell me about the {topic} of {name}",
    "{topic} for {name}?",
    "how much {topic} does {name} have?",
    "What about {name} and its {topic}?",
)
KO_NAMED = (
    "{name} {topic}는?",
    "{name}의 {topic} 얼마야?",
    "{name} {topic} 알려줘",
    "{name}는 {topic}가 어떻게 돼?",
    "{name} {topic} 규모는?",
)
EN_TOPIC = (
    "what's the {topic}?",
    "{topic}?",
    "who has the biggest {topic}?",
    "{topic} in 2024",
    "tell me about {topic}",
    "which company has the largest {topic}?",
    "any news on {topic} this year?",
)
KO_TOPIC = (
    "{topic}는?",
    "{topic} 얼마야?",
    "가장 큰 {topic}는?",
    "올해 {topic} 알려줘",
    "{topic} 어디가 제일 많아?",
)


def questions_for(kb: KnowledgeBase, per_shape: int, seed: int) -> dict[str, list[str]]:
    """Distinct questions of each shape (never one twice, within or across shapes)."""
    rng = random.Random(seed)
    words = Phrases(kb, rng)
    items = subjects(kb)
    seen: set[str] = set()

    def distinct(make: Callable[[], str | None]) -> list[str]:
        found: list[str] = []
        for _ in range(per_shape * 20):
            if len(found) >= per_shape:
                break
            question = make()
            if question and question.casefold() not in seen:
                seen.add(question.casefold())
                found.append(question)
        return found

    def named(language: str) -> str:
        item = rng.choice(items)
        topic = words.topic(rng.choice(item.topics), language)
        templates = EN_NAMED if language == "en" else KO_NAMED
        if item.investor and item.investee and rng.random() < 0.3:
            if language == "en":
                return (
                    f"How much did {words.name(item.investor, 'en')} invest in "
                    f"{words.name(item.investee, 'en')}?"
                )
            return (
                f"{words.name(item.investor, 'ko')}가 {words.name(item.investee, 'ko')}에 "
                f"얼마 투자했어?"
            )
        name = words.name(rng.choice(item.names), language)
        return rng.choice(templates).format(name=name, topic=topic)

    def topic_only() -> str:
        language = rng.choice(("en", "ko"))
        templates = EN_TOPIC if language == "en" else KO_TOPIC
        return rng.choice(templates).format(topic=words.topic(rng.choice(words.topics), language))

    def typo_named() -> str | None:
        item = rng.choice(items)
        entity = rng.choice(item.names)
        latin = [n for n in _names(entity) if n.isascii() and n.isalpha() and len(n) >= 5]
        if not latin:
            return None
        name = rng.choice(latin)
        wrong = typo(name, rng)
        topic = words.topic(rng.choice(item.topics), "en")
        return rng.choice(EN_NAMED).format(name=wrong, topic=topic)

    def claim() -> str:
        item = rng.choice(items)
        language = rng.choice(("en", "ko"))
        name = words.name(rng.choice(item.names), language)
        topic = words.topic(rng.choice(item.topics), language)
        if item.money is not None:
            en, ko = _figure(item.money.amount)
            figure = en if language == "en" else ko
        else:
            figure = item.year or "2024"
        if language == "en":
            return f"{name}'s {topic} was {figure}, right?"
        return f"{name} {topic} {figure} 맞지?"

    def multi_part() -> str:
        first, second = rng.choice(items), rng.choice(items)
        language = rng.choice(("en", "ko"))
        a, b = (words.name(rng.choice(i.names), language) for i in (first, second))
        t1, t2 = (words.topic(rng.choice(i.topics), language) for i in (first, second))
        if language == "en":
            return rng.choice(
                (
                    f"what is {a}'s {t1} and {b}'s {t2}?",
                    f"{a} {t1}, and how about {b} {t2}?",
                    f"Tell me {a}'s {t1}. Also, what is {b}'s {t2}?",
                )
            )
        return rng.choice((f"{a} {t1}랑 {b} {t2}는?", f"{a}의 {t1}는? 그리고 {b} {t2}는?"))

    return {
        "named": distinct(lambda: named("en")),
        "topic-only": distinct(topic_only),
        "typo": distinct(typo_named),
        "korean": distinct(lambda: named("ko")),
        "claim": distinct(claim),
        "multi-part": distinct(multi_part),
    }


def follow_ups(kb: KnowledgeBase, count: int, seed: int) -> list[tuple[str, str]]:
    """(first question, follow-up) pairs; every follow-up's text distinct."""
    rng = random.Random(seed)
    words = Phrases(kb, rng)
    items = subjects(kb)
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _ in range(count * 20):
        if len(pairs) >= count:
            break
        item, other = rng.choice(items), rng.choice(items)
        language = rng.choice(("en", "ko"))
        name = words.name(rng.choice(item.names), language)
        topic = words.topic(rng.choice(item.topics), language)
        first = f"{name} {topic}?" if language == "en" else f"{name} {topic}는?"
        other_name = words.name(rng.choice(other.names), language)
        other_topic = words.topic(rng.choice(other.topics), language)
        if language == "en":
            then = rng.choice(
                (
                    f"what about {other_name}?",
                    f"and its {other_topic}?",
                    f"and {other_name}'s?",
                    f"how about the {other_topic}?",
                )
            )
        else:
            then = rng.choice(
                (
                    f"그럼 {other_name}는?",
                    f"{other_topic}는?",
                    f"{other_name}도?",
                    f"그 {other_topic}는?",
                )
            )
        if then.casefold() in seen:
            continue
        seen.add(then.casefold())
        pairs.append((first, then))
    return pairs


def example_questions(kb: KnowledgeBase) -> list[str]:
    found: dict[str, None] = {}
    for item in kb.facts:
        for language in ("ko", "en"):
            found.setdefault(item.fact.example.in_(language), None)
    return list(found)


def dev_questions() -> list[str] | None:
    if not DEV_SET.exists():
        return None
    found: dict[str, None] = {}
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        if line.strip():
            found.setdefault(str(json.loads(line)["q"]), None)
    return list(found)


# --- Measuring ----------------------------------------------------------------------------


@dataclass
class Row:
    size: str
    shape: str
    timings_ms: list[float]
    answered: int
    questions: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.timings_ms)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def measure(
    size: str, shape: str, questions: Sequence[str], kb: KnowledgeBase, budget: float
) -> Row:
    """Each question once, uncached, until the questions or the time budget run out."""
    timings: list[float] = []
    answered = 0
    deadline = time.perf_counter() + budget
    for question in questions:
        begin = time.perf_counter_ns()
        answer = compose_answer(kb, question)
        timings.append((time.perf_counter_ns() - begin) / 1e6)
        answered += answer.answered
        if time.perf_counter() > deadline:
            break
    return Row(size, shape, timings, answered, list(questions[: len(timings)]))


def measure_cached(size: str, questions: Sequence[str], kb: KnowledgeBase) -> Row:
    """The answer cache: the same questions asked a second time."""
    forget_answers()
    for question in questions:
        answer_question(kb, question)
    timings: list[float] = []
    answered = 0
    for question in questions:
        begin = time.perf_counter_ns()
        answer = answer_question(kb, question)
        timings.append((time.perf_counter_ns() - begin) / 1e6)
        answered += answer.answered
    forget_answers()
    return Row(size, "cached (asked again)", timings, answered)


def measure_follow_ups(
    size: str, pairs: Sequence[tuple[str, str]], kb: KnowledgeBase, budget: float
) -> Row:
    """The second turn of each conversation, through FundingBot.converse."""
    bot = FundingBot(StaticKnowledge(kb), state=MemoryState())

    async def run() -> Row:
        timings: list[float] = []
        answered = 0
        deadline = time.perf_counter() + budget
        for number, (first, then) in enumerate(pairs):
            conversation = f"bench-{size}-{number}"
            await bot.converse(first, asker=ASKER, conversation=conversation)
            begin = time.perf_counter_ns()
            answer = await bot.converse(then, asker=ASKER, conversation=conversation)
            timings.append((time.perf_counter_ns() - begin) / 1e6)
            answered += answer.answered
            if time.perf_counter() > deadline:
                break
        asked = [f"{first} -> {then}" for first, then in pairs[: len(timings)]]
        return Row(size, "follow-up", timings, answered, asked)

    return asyncio.run(run())


def prepare(kb: KnowledgeBase) -> float:
    """As deployed: build the matcher, then freeze what lives long. Returns seconds."""
    started = time.perf_counter()
    engine_for(kb)
    gc.freeze()
    return time.perf_counter() - started


def report(rows: list[Row]) -> None:
    print()
    print(
        f"{'knowledge':<10} {'shape':<22} {'n':>5} {'median ms':>10} {'p99 ms':>8} "
        f"{'max ms':>8} {'answered':>9}"
    )
    for row in rows:
        print(
            f"{row.size:<10} {row.shape:<22} {row.count:>5} "
            f"{statistics.median(row.timings_ms):>10.3f} {row.percentile(0.99):>8.3f} "
            f"{max(row.timings_ms):>8.3f} {row.answered:>5}/{row.count:<4}"
        )
    print("\nslowest questions at each size (for whoever works on the core):")
    for size in dict.fromkeys(row.size for row in rows):
        timed = [
            (ms, row.shape, question)
            for row in rows
            if row.size == size and row.questions and row.shape != "first question"
            for ms, question in zip(row.timings_ms, row.questions, strict=True)
        ]
        for ms, shape, question in sorted(timed, reverse=True)[:SLOWEST_SHOWN]:
            print(f"  {size:<8} {ms:8.2f} ms  {shape:<12} {question[:90]}")


def targets(rows: list[Row], load_seconds: float | None, watch: PauseWatch) -> None:
    print()
    for size, target in TARGET_P99_MS.items():
        label = "article" if size == "article" else f"{size:,}"
        sized = [r for r in rows if r.size == label and not r.shape.startswith("cached")]
        if not sized:
            continue
        worst = max(sized, key=lambda r: r.percentile(0.99))
        every = [t for r in sized for t in r.timings_ms]
        overall = Row(label, "all", every, 0).percentile(0.99)
        verdict = "meets" if worst.percentile(0.99) <= target else "misses"
        print(
            f"target p99 <= {target:g} ms at {label}: all shapes together {overall:.2f} ms; "
            f"worst shape {worst.shape} {worst.percentile(0.99):.2f} ms: {verdict}"
        )
    if load_seconds is not None:
        verdict = "meets" if load_seconds <= TARGET_LOAD_SECONDS else "misses"
        print(
            f"target load of 50,000 <= {TARGET_LOAD_SECONDS:g} s: {load_seconds:.2f} s: {verdict}"
        )
    print(f"longest pause per phase (target none over {TARGET_PAUSE_MS:g} ms):")
    for phase in watch.ticker_ms:
        ticker, collection = watch.ticker_ms.get(phase, 0.0), watch.gc_ms.get(phase, 0.0)
        verdict = "meets" if max(ticker, collection) <= TARGET_PAUSE_MS else "misses"
        print(
            f"  {phase:<40} ticker gap {ticker:7.1f} ms, longest collection {collection:7.1f} ms: "
            f"{verdict}"
        )


def run_size(
    label: str, kb: KnowledgeBase, watch: PauseWatch, key: str | int, seed: int
) -> list[Row]:
    per_shape, budget = PER_SHAPE[key], SHAPE_SECONDS[key]
    watch.phase = f"questions, {label}"
    shapes = questions_for(kb, per_shape, seed)
    # The first question after loading pays one-time set-up; it is shown on its own.
    rows = [measure(label, "first question", ["warm-up: what is this?"], kb, budget)]
    if label == "article":
        rows.append(measure(label, "examples", example_questions(kb), kb, budget))
        dev = dev_questions()
        if dev is None:
            print(f"development questions: skipped ({DEV_SET} is absent)")
        else:
            rows.append(measure(label, "dev set (../shared)", dev, kb, budget))
    for shape, questions in shapes.items():
        rows.append(measure(label, shape, questions, kb, budget))
    rows.append(measure_follow_ups(label, follow_ups(kb, per_shape, seed + 1), kb, budget))
    cached = [q for questions in shapes.values() for q in questions][:CACHED_QUESTIONS]
    rows.append(measure_cached(label, cached, kb))
    for row in rows:
        print(f"  {label} {row.shape}: {row.count} questions", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="5,000 statements only")
    args = parser.parse_args()
    print(f"core benchmark on {sys.platform}, Python {sys.version.split()[0]}", flush=True)
    rows: list[Row] = []
    load_50k: float | None = None
    with PauseWatch() as watch, tempfile.TemporaryDirectory(prefix="funding-bench-") as tmp:
        watch.phase = "load, article"
        kb = load_knowledge()
        prepare(kb)
        rows += run_size("article", kb, watch, "article", seed=1)
        for size in SIZES[:1] if args.quick else SIZES:
            label = f"{size:,}"
            root = Path(tmp) / f"s{size}"
            watch.phase = f"write files, {label} (benchmark's own)"
            started = time.perf_counter()
            write_synthetic(root, size)
            written = time.perf_counter() - started
            watch.phase = f"load, {label}"
            gc.collect()
            started = time.perf_counter()
            big = load_knowledge(root)
            loaded = time.perf_counter() - started
            watch.phase = f"index and gc.freeze, {label}"
            indexed = prepare(big)
            print(
                f"{label} statements: {len(big.facts):,} facts, {len(big.entities):,} entities, "
                f"{len(big.articles):,} articles; files written in {written:.1f} s, "
                f"load_knowledge {loaded:.2f} s, matcher built and frozen {indexed:.2f} s",
                flush=True,
            )
            if size == 50_000:
                load_50k = loaded
            rows += run_size(label, big, watch, size, seed=size)
            watch.phase = f"drop, {label}"
            forget_answers()
            del big
        watch.phase = "end"
    report(rows)
    targets(rows, load_50k, watch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
