"""The term index: every alias and lexicon term, keyed by units, with exact and fuzzy look-up."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers.language_data import hangul_spellings, language_data, short_names
from handlers.text import Unit, is_hangul, jamo, normalize, term_key
from knowledge.base import KnowledgeBase

# An all-capital alias ("MS", "AWS") is also read spelled out in Hangul ("엠에스").
ABBREVIATION = re.compile(r"[A-Z]{2,5}")
# Shorter words are too easily one edit away from another real word to be corrected. A
# two-syllable word is corrected only to a name (애풀 -> 애플), never to a common word.
LATIN_FUZZY_MIN_LENGTH = 5
LATIN_WORD_MIN_LENGTH = 7
# A Korean word this long that begins exactly one term is taken for that term, half-typed.
HANGUL_PREFIX_MIN_SYLLABLES = 3
HANGUL_FUZZY_MIN_SYLLABLES = 2
# Words whose fuzzy reading is kept (then forgotten all at once).
MAX_FUZZY_REMEMBERED = 16_384


@dataclass(frozen=True, slots=True)
class TermInfo:
    """What a term means: concepts, an entity, an out-of-scope topic or an outside name."""

    concepts: frozenset[str] = frozenset()
    entity: str | None = None
    unsupported: bool = False
    outside: bool = False
    ignored: bool = False

    def merge(self, other: TermInfo) -> TermInfo:
        return TermInfo(
            concepts=self.concepts | other.concepts,
            entity=self.entity or other.entity,
            unsupported=self.unsupported or other.unsupported,
            outside=self.outside or other.outside,
            ignored=self.ignored and other.ignored,
        )


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A stretch of the question's units that means something."""

    start: int
    end: int
    info: TermInfo


# A word read fuzzily: its script, the word, and for Hangul whether it is still being typed
# and its pending letters.
FuzzyKey = tuple[str, str, bool, str]


@dataclass
class TermIndex:
    """Look-up from unit sequences to meanings, built once per knowledge base."""

    terms: dict[tuple[str, ...], TermInfo] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Spellings a typo is compared with (English words as written and as stems; Korean
    # terms as jamo), each with the key of the term it stands for.
    latin_spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Names read only as written, capitals included: key -> the required spelling.
    cased: dict[tuple[str, ...], str] = field(default_factory=dict)
    # The same, by first letter: a typo keeps it, so a word is compared with those only.
    latin_by_initial: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    hangul_spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What each word read fuzzily stood for (questions share their unknown words), as
    # (meaning,); built once the index is, so it is never stale.
    _fuzzy: dict[FuzzyKey, tuple[TermInfo | None]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def build(cls, kb: KnowledgeBase) -> TermIndex:
        index = cls()
        lexicon = kb.lexicon
        for entity in kb.entities.values():
            names = (*entity.aliases, entity.name.ko, entity.name.en)
            for alias in names:
                index.add(alias, TermInfo(entity=entity.id))
            for alias in entity.cased_aliases:
                key = term_key(alias)
                if key:
                    index.cased[key] = normalize(alias).replace(" ", "")
                    index.terms.setdefault(key, TermInfo(entity=entity.id))
            for alias in names:
                if ABBREVIATION.fullmatch(alias):
                    for spelling in hangul_spellings(alias):
                        index.add(spelling, TermInfo(entity=entity.id), only_if_new=True)
        index._add_short_names(kb)
        for concept in lexicon.concepts.values():
            meanings = frozenset({concept.id, *concept.also})
            for term in concept.terms:
                index.add(term, TermInfo(concepts=meanings))
        # What the loaded knowledge covers wins over the lists of what it lacks: an article
        # that names Cohere, or a concept for "CEO", makes them answerable without edits.
        for term in lexicon.unsupported:
            index.add(term, TermInfo(unsupported=True), only_if_new=True)
        for name in lexicon.outside_names:
            index.add(name, TermInfo(outside=True), only_if_new=True)
        for term in lexicon.ignored:
            index.add(term, TermInfo(ignored=True), only_if_new=True)
        index._prepare()
        return index

    def _add_short_names(self, kb: KnowledgeBase) -> None:
        """Each company also by its name without a dropped ending ("와에드"), when that names
        no one else; a Latin one only as written ("Thrive", not the verb "thrive")."""
        owners: dict[str, set[str]] = defaultdict(set)
        for entity in kb.entities.values():
            for alias in (*entity.aliases, entity.name.ko, entity.name.en):
                for short in short_names(alias):
                    owners[short].add(entity.id)
        for short, entity_ids in owners.items():
            key = term_key(short)
            if len(entity_ids) != 1 or not key or key in self.terms:
                continue
            info = TermInfo(entity=next(iter(entity_ids)))
            if short.isascii():
                self.cased[key] = normalize(short).replace(" ", "")
            self.terms[key] = info

    def add(self, term: str, info: TermInfo, *, only_if_new: bool = False) -> None:
        key = term_key(term)
        if not key:
            return
        known = not (info.ignored or info.unsupported or info.outside)
        if len(key) == 1 and key[0].isascii() and key[0].isalpha() and known:
            # Typos are judged against the word as written as well as its stem.
            self.latin_spellings[normalize(term).lower()] = key
        existing = self.terms.get(key)
        if existing is None:
            self.terms[key] = info
        elif not only_if_new:
            self.terms[key] = info.merge(existing) if not existing.ignored else info

    def _prepare(self) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        for key, info in self.terms.items():
            lengths[key[0]].add(len(key))
            if info.ignored or info.unsupported or info.outside or key in self.cased:
                # Fuzzy matching only ever finds what the sources know about, and never a name
                # that is also an ordinary word.
                continue
            if len(key) == 1 and key[0].isalpha() and key[0].isascii() and info.entity is None:
                # A name is corrected from how it is written ("Cohere"), never from its stem
                # ("coher", one letter from "cover").
                self.latin_spellings.setdefault(key[0], key)
            elif all(len(part) == 1 and is_hangul(part) for part in key) and (
                len(key) > HANGUL_FUZZY_MIN_SYLLABLES
                or (len(key) == HANGUL_FUZZY_MIN_SYLLABLES and info.entity is not None)
            ):
                self.hangul_spellings[jamo("".join(key))] = key
        self.lengths = {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}
        for spelling, key in self.latin_spellings.items():
            self.latin_by_initial.setdefault(spelling[:1], {})[spelling] = key

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
            cased = self.cased.get(key)
            if cased is not None:
                # "Figure" is the company, "figure" the word: one meaning or the other
                # ("figure's round" is the company's).
                as_name = _written_as(question_units[start : start + length], cased) or (
                    _possessive_after(question_units, start + length)
                )
                info = TermInfo(entity=info.entity) if as_name else replace(info, entity=None)
                if not (info.entity or info.concepts or info.ignored):
                    continue
            if length == 1 and unit.kind == "hangul" and not unit.word_start:
                # One syllable is too short to trust inside a word: only at a word's start.
                continue
            if not unit.word_start and question_units[start + length - 1].word != unit.word:
                # Begun inside one word and ended in the next: "많이 유치" holds no "이유".
                continue
            if self._cuts_into_a_name(keys, question_units, start, start + length):
                # "계열 사피온": "계열사" would take the first syllable of a name.
                continue
            return TermMatch(start=start, end=start + length, info=info)
        return None

    def _cuts_into_a_name(
        self, keys: list[str], question_units: list[Unit], start: int, end: int
    ) -> bool:
        """Whether a match ending inside a later word takes the start of a name there."""
        last = question_units[end - 1]
        word_start = next(p for p in range(start, end) if question_units[p].word == last.word)
        if word_start == start or end >= len(keys) or question_units[end].word != last.word:
            return False
        return any(
            (info := self.terms.get(tuple(keys[word_start : word_start + n]))) is not None
            and info.entity is not None
            for n in self.lengths.get(keys[word_start], ())
            if n > end - word_start
        )

    def fuzzy_latin(self, word: str) -> TermInfo | None:
        """The term a mistyped English word stands for, or None when nothing is close enough.

        A short word is corrected to a common term only for a dropped, doubled or swapped
        letter ("valud", "monthy"): a changed letter too often makes another real word
        ("stage" is not a typo of "stake"); and only to a term with the same first letter.
        Names are corrected either way.
        """
        if len(word) < LATIN_FUZZY_MIN_LENGTH:
            return None
        key: FuzzyKey = ("latin", word, False, "")
        known = self._fuzzy.get(key)
        if known is None:
            known = self._remember_fuzzy(key, self._fuzzy_latin(word))
        return known[0]

    def _fuzzy_latin(self, word: str) -> TermInfo | None:
        def plausible(spelling: str, key: tuple[str, ...]) -> bool:
            if self.terms[key].entity is not None or len(word) >= LATIN_WORD_MIN_LENGTH:
                return True
            swapped = len(word) == len(spelling) and sorted(word) == sorted(spelling)
            return abs(len(word) - len(spelling)) == 1 or swapped

        found = [
            # Typos keep the first letter: "close" is a word, not "lose" mistyped.
            (s, k)
            for s, k in _closest(word, self.latin_by_initial.get(word[:1], {}), long_from=8)
            if plausible(s, k)
        ]
        return self._one_meaning(key for _, key in found)

    def fuzzy_hangul(
        self, word: str, *, still_typing: bool = False, pending: str = ""
    ) -> TermInfo | None:
        """The term a mistyped Korean word stands for ("엔트로픽"), compared letter by letter
        (jamo); with `still_typing` (the question's last word, or one ending in the `pending`
        letters of an unfinished syllable, "텐센ㅌ"), also one it begins ("업그레이")."""
        syllables = len(word) + (1 if pending else 0)
        if syllables < HANGUL_FUZZY_MIN_SYLLABLES:
            return None
        key: FuzzyKey = ("hangul", word, still_typing, pending)
        known = self._fuzzy.get(key)
        if known is None:
            found = self._fuzzy_hangul(word, still_typing=still_typing, pending=pending)
            known = self._remember_fuzzy(key, found)
        return known[0]

    def _remember_fuzzy(self, key: FuzzyKey, meaning: TermInfo | None) -> tuple[TermInfo | None]:
        if len(self._fuzzy) >= MAX_FUZZY_REMEMBERED:
            self._fuzzy.clear()
        self._fuzzy[key] = (meaning,)
        return (meaning,)

    def _fuzzy_hangul(self, word: str, *, still_typing: bool, pending: str) -> TermInfo | None:
        syllables = len(word) + (1 if pending else 0)
        letters = jamo(word) + pending
        found = _closest(letters, self.hangul_spellings, long_from=10)
        if not found and still_typing and syllables >= HANGUL_PREFIX_MIN_SYLLABLES:
            found = [(s, k) for s, k in self.hangul_spellings.items() if s.startswith(letters)]
        return self._one_meaning(key for _, key in found)

    def _one_meaning(self, keys: Iterable[tuple[str, ...]]) -> TermInfo | None:
        """The meaning all the candidates share ("nvdia": Nvidia, whether as "nvidia" or
        "nvda"), or None when they mean different things ("chins": chips or China?)."""
        meanings = {self.terms[key] for key in keys}
        return meanings.pop() if len(meanings) == 1 else None


def _written_as(question_units: list[Unit], spelling: str) -> bool:
    return "".join(unit.surface for unit in question_units) == spelling


def _possessive_after(question_units: list[Unit], end: int) -> bool:
    """ "figure's series b": a word owning something is a name, however it is cased (not
    after a determiner: "the figure's source")."""
    if end >= len(question_units) or end == 0:
        return False
    after, last = question_units[end], question_units[end - 1]
    first = next(n for n in range(end) if question_units[n].word == last.word)
    before = question_units[first - 1].surface.lower() if first else ""
    return (
        after.word == last.word
        and after.surface == "s"
        and before not in language_data().determiners
    )


def _closest(
    text: str, spellings: dict[str, tuple[str, ...]], *, long_from: int
) -> list[tuple[str, tuple[str, ...]]]:
    """The spellings one edit away (two for long words), all equally closest, with their keys:
    never the best of bad matches."""
    limit = 1 if len(text) < long_from else 2
    found = process.extract(
        text, spellings.keys(), scorer=OSA.distance, score_cutoff=limit, limit=None
    )
    if not found:
        return []
    best = min(distance for _, distance, _ in found)
    return [(spelling, spellings[spelling]) for spelling, distance, _ in found if distance == best]
