"""Benchmark the answering core: latency per question, throughput, and time to first answer.

Run: .venv/bin/python -m benchmarks.core
Prints figures only; it asserts nothing (machines here are shared and noisy).
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from handlers.answering import answer_question, compose_answer
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.loader import load_knowledge
from knowledge.models import (
    Article,
    Bilingual,
    Entity,
    Fact,
    FactKind,
    Money,
    Participant,
    Role,
)

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"
SYNTHETIC_FACTS = 5_000
ROUNDS = 20


def main() -> None:
    kb = load_knowledge()
    questions = _article_questions(kb)
    print(f"core benchmark on {sys.platform}, Python {sys.version.split()[0]}")
    _report("article knowledge", kb, questions)
    synthetic, synthetic_questions = _synthetic(SYNTHETIC_FACTS)
    _report(f"synthetic knowledge ({SYNTHETIC_FACTS} facts)", synthetic, synthetic_questions)
    _first_answer()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (both knowledge bases loaded): {peak_mb:.0f} MB")


def _article_questions(kb: KnowledgeBase) -> list[str]:
    if DEV_SET.exists():
        rows = [
            json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line
        ]
        return [str(row["q"]) for row in rows]
    return [item.fact.example.in_(lang) for item in kb.facts for lang in ("ko", "en")]


def _report(label: str, kb: KnowledgeBase, questions: list[str]) -> None:
    compose_answer(kb, questions[0])  # builds the term index once, as start-up does
    answered = sum(compose_answer(kb, question).answered for question in questions)
    _time(f"{label}, uncached", lambda q: compose_answer(kb, q), questions, answered)
    for question in questions:
        answer_question(kb, question)  # fill the cache: this line measures hits only
    _time(f"{label}, cached", lambda q: answer_question(kb, q), questions, answered)


def _time(label: str, answer: Callable[[str], object], questions: list[str], answered: int) -> None:
    timings: list[float] = []
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for question in questions:
            begin = time.perf_counter_ns()
            answer(question)
            timings.append((time.perf_counter_ns() - begin) / 1e6)
    elapsed = time.perf_counter() - started
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"{label}: {len(questions)} questions x {ROUNDS}: "
        f"median {statistics.median(timings):.3f} ms, p99 {p99:.3f} ms, "
        f"{len(timings) / elapsed:,.0f} questions/s ({answered} of {len(questions)} answered)"
    )


def _synthetic(count: int) -> tuple[KnowledgeBase, list[str]]:
    """A knowledge base of `count` facts over made-up companies, with questions about them."""
    base = load_knowledge()
    rng = random.Random(7)
    article = Article(
        id="synthetic",
        outlet=Bilingual(ko="합성일보", en="Synthetic Daily"),
        published=date(2025, 1, 1),
        title="Synthetic",
        language="en",
    )
    companies = [f"Zentrix{n:04d}" for n in range(count // 5)]
    investors = [f"Vortal{n:03d}" for n in range(200)]
    entities = dict(base.entities)
    for name in companies + investors:
        entity_id = name.lower()
        entities[entity_id] = Entity(
            id=entity_id, kind="company", name=Bilingual(ko=name, en=name), aliases=(name,)
        )
    kinds: list[tuple[FactKind, str]] = [
        ("investment", "invest"),
        ("valuation", "valuation"),
        ("loss", "loss"),
        ("stake", "stake"),
        ("funding_round", "round"),
    ]
    facts: list[SourcedFact] = []
    questions: list[str] = []
    for index in range(count):
        company = companies[index // 5]
        kind, topic = kinds[index % 5]
        investor = rng.choice(investors)
        fact = Fact(
            id=f"synthetic-{index}",
            kind=kind,
            participants=(
                Participant(entity=company.lower(), role=Role.INVESTEE),
                Participant(entity=investor.lower(), role=Role.INVESTOR),
            ),
            topics=(topic,),
            cues=("ask_amount",),
            money=(Money(amount=rng.randint(1, 900) * 1e6, currency="USD"),),
            quote=f"{investor} and {company}: {topic}.",
            answer=Bilingual(ko=f"{company} {topic} 답변", en=f"{company} {topic} answer"),
            example=Bilingual(ko=f"{company} {topic}?", en=f"{company} {topic}?"),
        )
        facts.append(SourcedFact(fact=fact, article=article))
        if index % 25 == 0:
            questions.append(f"How much did {investor} invest in {company}?")
            questions.append(f"{company} 기업가치는 얼마야?")
            questions.append(f"{company.lower()} {topic}")
    kb = KnowledgeBase(
        articles=(*base.articles, article),
        entities=entities,
        facts=(*base.facts, *facts),
        lexicon=base.lexicon,
    )
    return kb, questions


def _first_answer() -> None:
    """Wall time from process start to the first answer printed, over a few runs."""
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "mistral valuation"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        runs.append(time.perf_counter() - started)
    print(
        f"process start to first answer: median {statistics.median(runs):.3f} s, "
        f"best {min(runs):.3f} s (5 runs)"
    )


if __name__ == "__main__":
    main()
