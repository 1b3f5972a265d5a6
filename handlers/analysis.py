"""What a question says: entities (and which side of a deal they are on), concepts, names
the sources never cover, out-of-scope topics, and its language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from handlers.amounts import figures_in
from handlers.language import language_of_units
from handlers.models import Language
from handlers.terms import TermIndex, TermInfo, TermMatch
from handlers.text import Unit, normalize, strip_particle, units

MAX_QUESTION_CHARS = 500
# Time words at most this many units apart ("January of 2023") form one time expression.
TIME_EXPRESSION_GAP = 2

Side = Literal["target", "source"]

# Korean particles after a name: "앤트로픽에" (money goes to it),
# "아마존에서", "아마존으로부터" (money comes from it).
_SOURCE_PARTICLES = ("에서", "로부터", "으로부터", "한테서", "에게서")
_TARGET_PARTICLES = ("에게", "한테", "에다", "에")
_TARGET_PREPOSITIONS = frozenset({"in", "into", "to", "toward", "towards", "on"})
_SOURCE_PREPOSITIONS = frozenset({"from", "by"})
_SKIPPABLE = frozenset({"the", "it", "their", "his", "her"})
# "/funding openai valuation" typed into a message: the command is not part of the question.
_SLASH_COMMAND = re.compile(r"^/(?:funding|펀딩|fund|ask)?(?![^\s])\s*|^/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A question reduced to what the matcher compares with facts."""

    text: str
    truncated: bool
    language: Language
    entities: dict[str, Side | None]
    concepts: frozenset[str]
    unsupported: tuple[str, ...]
    outside: tuple[str, ...]
    unknown_names: tuple[str, ...]
    has_words: bool
    focus: str | None = None
    figures: tuple[float, ...] = ()
    times: tuple[frozenset[str], ...] = ()
    names: dict[str, str] = field(default_factory=dict)


def analyze(
    question: str,
    index: TermIndex,
    *,
    topics: frozenset[str] = frozenset(),
    times: frozenset[str] = frozenset(),
) -> Analysis:
    text = _SLASH_COMMAND.sub("", normalize(question))
    truncated = len(text) > MAX_QUESTION_CHARS
    text = text[:MAX_QUESTION_CHARS]
    question_units = units(text)
    matches, unmatched = index.scan(question_units)
    matches.extend(_fuzzy_matches(question_units, unmatched, index))
    unknown = _unknown_names(question_units, unmatched, matches)
    entities: dict[str, Side | None] = {}
    concepts: set[str] = set()
    unsupported: list[str] = []
    outside: list[str] = []
    name_positions: set[int] = set()
    names: dict[str, str] = {}
    for match in sorted(matches, key=lambda m: m.start):
        info = match.info
        if info.entity is not None:
            side = _side_of(question_units, match)
            entities[info.entity] = entities.get(info.entity) or side
            names.setdefault(info.entity, _surface(question_units, match))
            name_positions.update(range(match.start, match.end))
        if info.outside:
            outside.append(_surface(question_units, match))
            name_positions.update(range(match.start, match.end))
        if info.unsupported:
            unsupported.append(_surface(question_units, match))
        concepts.update(info.concepts)
    language = language_of_units(question_units, frozenset(name_positions))
    return Analysis(
        text=text,
        truncated=truncated,
        language=language,
        entities=entities,
        concepts=frozenset(concepts),
        unsupported=tuple(unsupported),
        outside=tuple(dict.fromkeys(outside)),
        unknown_names=unknown,
        has_words=any(unit.kind in ("latin", "hangul") for unit in question_units),
        focus=_focus(matches, topics, language),
        figures=figures_in(text),
        times=_time_expressions(matches, times),
        names=names,
    )


def _time_expressions(
    matches: list[TermMatch], times: frozenset[str]
) -> tuple[frozenset[str], ...]:
    """Times said together are one expression ("작년 상반기", "January 2023"); times said apart
    belong to different parts of the question ("since 2019 ... and in January 2023")."""
    groups: list[set[str]] = []
    last_end = -10
    for match in sorted(matches, key=lambda m: m.start):
        said = match.info.concepts & times
        if not said:
            continue
        if groups and match.start - last_end <= TIME_EXPRESSION_GAP:
            groups[-1] |= said
        else:
            groups.append(set(said))
        last_end = match.end
    return tuple(frozenset(group) for group in groups)


def _focus(matches: list[TermMatch], topics: frozenset[str], language: Language) -> str | None:
    """The topic the question is about: English asks it first ("what was the valuation after
    the round"), Korean last ("6월 투자 이후 몸값은")."""
    named = [
        concept
        for match in sorted(matches, key=lambda m: m.start)
        for concept in sorted(match.info.concepts & topics)
    ]
    if not named:
        return None
    return named[-1] if language == "ko" else named[0]


def _fuzzy_matches(
    question_units: list[Unit], unmatched: list[int], index: TermIndex
) -> list[TermMatch]:
    found: list[TermMatch] = []
    for start, end in _unmatched_words(question_units, unmatched):
        first = question_units[start]
        if first.kind == "latin":
            info = index.fuzzy_latin(first.surface.lower())
        elif first.kind == "hangul" and first.word_start:
            word = strip_particle("".join(unit.key for unit in question_units[start:end]))
            info = index.fuzzy_hangul(word)
        else:
            info = None
        if info is not None and not info.ignored:
            found.append(TermMatch(start=start, end=end, info=info))
    return found


def _unmatched_words(question_units: list[Unit], unmatched: list[int]) -> list[tuple[int, int]]:
    """Group unmatched positions into words: one Latin word, or a run of Hangul syllables."""
    words: list[tuple[int, int]] = []
    for position in unmatched:
        unit = question_units[position]
        if (
            words
            and unit.kind == "hangul"
            and not unit.word_start
            and words[-1][1] == position
            and question_units[words[-1][0]].kind == "hangul"
        ):
            words[-1] = (words[-1][0], position + 1)
        else:
            words.append((position, position + 1))
    return words


def _unknown_names(
    question_units: list[Unit], unmatched: list[int], matches: list[TermMatch]
) -> tuple[str, ...]:
    """Capitalised words we know nothing about, mid-sentence: most likely a company's name."""
    covered = {p for match in matches for p in range(match.start, match.end)}
    names = []
    for position in unmatched:
        unit = question_units[position]
        if position in covered or unit.kind != "latin" or len(unit.surface) < 2:
            continue
        shouted = unit.surface.isupper() or any(c.isupper() for c in unit.surface[1:])
        if shouted or (unit.capitalised and not unit.sentence_start):
            names.append(unit.surface)
    return tuple(dict.fromkeys(names))


def _side_of(question_units: list[Unit], match: TermMatch) -> Side | None:
    """Which side of a deal the question puts a name on, from the particle or preposition."""
    last = question_units[match.end - 1]
    tail = ""
    for unit in question_units[match.end : match.end + 4]:
        if unit.kind != "hangul" or unit.word != last.word:
            break
        tail += unit.key
    if tail.startswith(_SOURCE_PARTICLES):
        return "source"
    if tail.startswith(_TARGET_PARTICLES):
        return "target"
    position = match.start - 1
    while position >= 0 and question_units[position].surface.lower() in _SKIPPABLE:
        position -= 1
    if position >= 0 and question_units[position].kind == "latin":
        before = question_units[position].surface.lower()
        if before in _TARGET_PREPOSITIONS:
            return "target"
        if before in _SOURCE_PREPOSITIONS:
            return "source"
    return None


def _surface(question_units: list[Unit], match: TermMatch) -> str:
    text = ""
    for unit in question_units[match.start : match.end]:
        if text and (unit.kind != "hangul" or unit.word_start):
            text += " "
        text += unit.surface
    return text


__all__ = ["Analysis", "Side", "TermInfo", "analyze"]
