"""The term index: every alias and lexicon term, keyed by units, with exact and fuzzy look-up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers.text import Unit, jamo, normalize, term_key
from knowledge.base import KnowledgeBase

# Shorter words are too easily one edit away from another real word to be corrected. A
# two-syllable word is corrected only to a name (애풀 -> 애플), never to a common word.
LATIN_FUZZY_MIN_LENGTH = 5
LATIN_WORD_MIN_LENGTH = 7
HANGUL_FUZZY_MIN_SYLLABLES = 2


@dataclass(frozen=True, slots=True)
class TermInfo:
    """What a term means: concepts, an entity, an out-of-scope topic or an outside name."""

    concepts: frozenset[str] = frozenset()
    entity: str | None = None
    unsupported: bool = False
    outside: bool = False
    ignored: bool = False
    surface: str = ""

    def merge(self, other: TermInfo) -> TermInfo:
        return TermInfo(
            concepts=self.concepts | other.concepts,
            entity=self.entity or other.entity,
            unsupported=self.unsupported or other.unsupported,
            outside=self.outside or other.outside,
            ignored=self.ignored and other.ignored,
            surface=self.surface or other.surface,
        )


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A stretch of the question's units that means something."""

    start: int
    end: int
    info: TermInfo


@dataclass
class TermIndex:
    """Look-up from unit sequences to meanings, built once per knowledge base."""

    terms: dict[tuple[str, ...], TermInfo] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    latin_choices: list[str] = field(default_factory=list)
    latin_keys: list[tuple[str, ...]] = field(default_factory=list)
    hangul_choices: list[str] = field(default_factory=list)
    hangul_keys: list[tuple[str, ...]] = field(default_factory=list)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, kb: KnowledgeBase) -> TermIndex:
        index = cls()
        lexicon = kb.lexicon
        for entity in kb.entities.values():
            names = (*entity.aliases, entity.name.ko, entity.name.en)
            for alias in names:
                index.add(alias, TermInfo(entity=entity.id, surface=entity.name.en))
        for concept in lexicon.concepts.values():
            for term in concept.terms:
                index.add(term, TermInfo(concepts=frozenset({concept.id}), surface=term))
        for term in lexicon.unsupported:
            index.add(term, TermInfo(unsupported=True, surface=term))
        for name in lexicon.outside_names:
            index.add(name, TermInfo(outside=True, surface=name))
        for term in lexicon.ignored:
            index.add(term, TermInfo(ignored=True, surface=term), only_if_new=True)
        index._prepare()
        return index

    def add(self, term: str, info: TermInfo, *, only_if_new: bool = False) -> None:
        key = term_key(term)
        if not key:
            return
        known = not (info.ignored or info.unsupported or info.outside)
        if len(key) == 1 and key[0].isascii() and key[0].isalpha() and known:
            # Typos are judged against the word as written as well as its stem.
            self.spellings[normalize(term).lower()] = key
        existing = self.terms.get(key)
        if existing is None:
            self.terms[key] = info
        elif not only_if_new:
            self.terms[key] = info.merge(existing) if not existing.ignored else info

    def _prepare(self) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        for key, info in self.terms.items():
            lengths[key[0]].add(len(key))
            if info.ignored or info.unsupported or info.outside:
                # Fuzzy matching only ever finds what the sources know about.
                continue
            if len(key) == 1 and key[0].isalpha() and key[0].isascii():
                self.spellings.setdefault(key[0], key)
            elif all(_is_hangul(part) for part in key) and (
                len(key) > HANGUL_FUZZY_MIN_SYLLABLES
                or (len(key) == HANGUL_FUZZY_MIN_SYLLABLES and info.entity is not None)
            ):
                self.hangul_choices.append(jamo("".join(key)))
                self.hangul_keys.append(key)
        self.latin_choices = list(self.spellings)
        self.latin_keys = list(self.spellings.values())
        self.lengths = {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}

    def scan(self, question_units: list[Unit]) -> tuple[list[TermMatch], list[int]]:
        """Longest exact matches left to right; returns the matches and the unmatched positions."""
        matches: list[TermMatch] = []
        unmatched: list[int] = []
        keys = [unit.key for unit in question_units]
        position = 0
        while position < len(keys):
            found = self._longest_at(keys, question_units, position)
            if found is None:
                unmatched.append(position)
                position += 1
            else:
                matches.append(found)
                position = found.end
        return matches, unmatched

    def _longest_at(
        self, keys: list[str], question_units: list[Unit], start: int
    ) -> TermMatch | None:
        for length in self.lengths.get(keys[start], ()):
            key = tuple(keys[start : start + length])
            info = self.terms.get(key)
            if info is None or len(key) != length:
                continue
            unit = question_units[start]
            if length == 1 and unit.kind == "hangul" and not unit.word_start:
                # One syllable is too short to trust inside a word: only at a word's start.
                continue
            return TermMatch(start=start, end=start + length, info=info)
        return None

    def fuzzy_latin(self, word: str) -> TermInfo | None:
        """The term a mistyped English word stands for, or None when nothing is close enough.

        Short words are corrected only to names: "stage" is a word, not a typo of "stake".
        """
        if len(word) < LATIN_FUZZY_MIN_LENGTH:
            return None
        found = self._closest(word, self.latin_choices, self.latin_keys, long_from=8)
        if found is None or (len(word) < LATIN_WORD_MIN_LENGTH and found.entity is None):
            return None
        return found

    def fuzzy_hangul(self, word: str) -> TermInfo | None:
        """The term a mistyped Korean word stands for, compared letter by letter (jamo)."""
        if len(word) < HANGUL_FUZZY_MIN_SYLLABLES:
            return None
        return self._closest(jamo(word), self.hangul_choices, self.hangul_keys, long_from=10)

    def _closest(
        self, text: str, choices: list[str], keys: list[tuple[str, ...]], *, long_from: int
    ) -> TermInfo | None:
        """One edit away (two for long words), or None: never the best of bad matches."""
        limit = 1 if len(text) < long_from else 2
        found = process.extractOne(text, choices, scorer=OSA.distance, score_cutoff=limit)
        return None if found is None else self.terms[keys[found[2]]]


def _is_hangul(part: str) -> bool:
    return len(part) == 1 and "\uac00" <= part <= "\ud7a3"
