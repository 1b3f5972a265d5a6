"""Which language to answer in: the one the question's own words are written in."""

from __future__ import annotations

from handlers.models import Language
from handlers.text import Unit, normalize, units

# A sentence with a few Korean words among English ones is still read as English when it
# has at least this many English words and four times as many English letters as syllables.
ENGLISH_SENTENCE_WORDS = 4


def detect_language(text: str) -> Language:
    """Language of free text, counting every word."""
    return language_of_units(units(normalize(text)), frozenset())


def language_of_units(question_units: list[Unit], name_positions: frozenset[int]) -> Language:
    """Language of a question, ignoring the positions that spell names (오픈AI, Anthropic).

    Names say nothing about the asker's language; particles, endings and question words do.
    """
    own = [unit for index, unit in enumerate(question_units) if index not in name_positions]
    if not any(unit.kind in ("hangul", "latin") for unit in own):
        own = question_units
    syllables = sum(1 for unit in own if unit.kind == "hangul")
    latin_words = [unit for unit in own if unit.kind == "latin"]
    letters = sum(len(unit.surface) for unit in latin_words)
    if syllables == 0:
        return "en"
    words = [unit for unit in own if unit.kind in ("hangul", "latin")]
    if words[-1].kind == "hangul":
        # The sentence ends in Korean ("... lead investor가 누구야?"): its predicate is Korean.
        return "ko"
    if len(latin_words) >= ENGLISH_SENTENCE_WORDS and syllables * 4 < letters:
        return "en"
    return "ko"
