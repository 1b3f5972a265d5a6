"""Autocomplete: example questions that continue what the user is typing."""

from __future__ import annotations

from rapidfuzz import fuzz

from handlers.language import detect_language
from handlers.matching import engine_for
from handlers.models import Language
from handlers.text import normalize
from knowledge.base import KnowledgeBase


def complete(
    kb: KnowledgeBase, partial: str, *, limit: int = 25, language: Language | None = None
) -> list[str]:
    """Up to `limit` example questions in the typed language, the closest first."""
    text = normalize(partial)
    if text or language is None:
        language = detect_language(text)
    examples = [item.fact.example.in_(language) for item in kb.facts]
    if not text:
        return examples[:limit]
    engine = engine_for(kb)
    analysis = engine.analyze(text)
    lowered = text.lower()

    def closeness(position: int) -> float:
        profile = engine.profiles[kb.facts[position].fact.id]
        shared = len(analysis.entities.keys() & profile.grounding) * 2
        shared += len(analysis.concepts & profile.concepts.keys())
        spelling = fuzz.partial_ratio(lowered, examples[position].lower()) / 100
        return shared + spelling

    order = sorted(range(len(examples)), key=lambda position: -closeness(position))
    return list(dict.fromkeys(examples[position] for position in order))[:limit]
