"""`ask --explain`: what each step of the pipeline decided for one question, as text."""

from __future__ import annotations

from dataclasses import fields

from handlers.analysis import Analysis
from handlers.answering import compose_answer
from handlers.composition import compose
from handlers.matching import Engine, FactProfile, _grounded, engine_for
from knowledge.base import KnowledgeBase

MAX_CANDIDATES = 12


def explain(kb: KnowledgeBase, question: str) -> str:
    """The question as read (its frame), each candidate statement with every rule's verdict
    and its score, then the decision and the reply."""
    engine = engine_for(kb)
    analysis = engine.analyze(question)
    lines = ["frame:"]
    for item in fields(analysis):
        value = getattr(analysis, item.name)
        if value or (value == 0 and item.name == "unknown_words"):
            lines.append(f"  {item.name}: {_show(value)}")
    lines.append("candidates (grounded / strict details / on topic / score):")
    candidates = engine._candidates(analysis)
    rows = []
    for profile in candidates:
        rows.append((engine.score(analysis, profile), profile))
    rows.sort(key=lambda row: -row[0])
    for score, profile in rows[:MAX_CANDIDATES]:
        lines.append("  " + _verdicts(engine, analysis, profile, score))
    if len(rows) > MAX_CANDIDATES:
        lines.append(f"  ... {len(rows) - MAX_CANDIDATES} more")
    composition = compose(engine, analysis)
    if composition is not None:
        sides = ", ".join(side.item.fact.id for side in composition.sides)
        refusal = f" refused ({composition.refusal})" if composition.refusal else ""
        lines.append(f"decision: composed {composition.operation}{refusal}: {sides}")
    else:
        result = engine.match(analysis)
        chosen = ", ".join(s.item.fact.id for s in result.chosen) or "-"
        reason = f" ({result.reason.value})" if result.reason else ""
        lines.append(f"decision: {result.outcome.value}{reason}: {chosen}")
    answer = compose_answer(kb, question)
    lines.append(f"reply ({answer.kind.value}, {answer.language}):")
    lines.extend("  " + line for line in answer.text.splitlines())
    return "\n".join(lines)


def _verdicts(engine: Engine, analysis: Analysis, profile: FactProfile, score: float) -> str:
    marks = [
        "yes" if _grounded(analysis, profile) else "NO",
        "yes" if engine._strict_concepts_met(analysis, profile) else "NO",
        "yes" if engine._on_topic(analysis, profile) else "NO",
    ]
    return f"{profile.item.fact.id}: {' / '.join(marks)} / {score:.3f}"


def _show(value: object) -> str:
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(map(str, value))) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)
