"""Text normalisation shared by the matcher: width, case, units, Korean particles, jamo."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import snowballstemmer

UnitKind = Literal["latin", "digit", "hangul", "symbol"]

# Latin words (an apostrophe splits one: who's -> who, s), numbers, single Hangul
# syllables, and "%".
_UNIT = re.compile(r"[a-z][a-z0-9]*|[0-9]+(?:\.[0-9]+)?|[\uac00-\ud7a3]|%")
_WORD = re.compile(r"\S+")
# A word ending in a lone Hangul letter (a syllable not finished), before any punctuation.
_LONE_JAMO = re.compile(r"([\u1100-\u11ff\u3130-\u318f])[^\w]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")
_SENTENCE_END = re.compile(r"[.?!。？！]")

# Longest first, so "에서" is stripped whole rather than as "서".
PARTICLES = tuple(
    sorted(
        (
            *("으로부터", "로부터", "에게서", "한테서", "에서는", "에서도", "에서의", "에게는"),
            *("으로는", "이라고", "라고", "이라는", "라는", "에서", "에게", "한테", "까지", "부터"),
            *("처럼", "보다", "으로", "이랑", "하고", "이나", "이야", "이에요", "예요", "에는"),
            *("에도", "에의", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "로"),
            *("도", "만", "랑", "나", "야", "요"),
        ),
        key=len,
        reverse=True,
    )
)

FIRST_SYLLABLE, LAST_SYLLABLE = "\uac00", "\ud7a3"

_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Unit:
    """One matchable piece of a question: a Latin word, a number, a Hangul syllable or '%'."""

    key: str
    surface: str
    kind: UnitKind
    word: int
    word_start: bool
    capitalised: bool
    sentence_start: bool
    # The letters of an unfinished syllable ending the word ("ㅌ" in "텐센ㅌ"): still typed.
    pending: str = ""


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), no control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def units(text: str) -> list[Unit]:
    """Split text into units; Latin keys are lower-cased and stemmed."""
    result: list[Unit] = []
    sentence_start = True
    for word_index, word_match in enumerate(_WORD.finditer(text)):
        word = word_match.group()
        word_units = _word_units(word, word_index, sentence_start)
        result += word_units
        if word_units:
            sentence_start = False
        if _SENTENCE_END.search(word[-1:] if word else ""):
            sentence_start = True
    return result


@lru_cache(maxsize=16384)
def _word_units(word: str, word_index: int, sentence_start: bool) -> tuple[Unit, ...]:
    """The units of one word at its place in a question (questions share most of their words
    at the same places; units are immutable, so they are shared too)."""
    pending, pieces = _pieces(word)
    return tuple(
        Unit(
            key=key,
            surface=surface,
            kind=kind,
            word=word_index,
            word_start=starts,
            capitalised=capitalised,
            sentence_start=sentence_start and number == 0,
            pending=pending,
        )
        for number, (key, surface, kind, starts, capitalised) in enumerate(pieces)
    )


Piece = tuple[str, str, UnitKind, bool, bool]


@lru_cache(maxsize=16384)
def _pieces(word: str) -> tuple[str, tuple[Piece, ...]]:
    """One word's units, as far as they depend on the word alone (questions share most of
    their words): its pending letters, and each unit's key, surface, kind, whether it starts
    a word for matching, and whether it is capitalised."""
    lowered = word.lower()
    lone = _LONE_JAMO.search(word)
    pending = _compatibility_jamo(lone.group(1)) if lone else ""
    pieces: list[Piece] = []
    last_hangul_end = -1
    for match in _UNIT.finditer(lowered):
        surface = word[match.start() : match.end()]
        piece = match.group()
        kind = _kind_of(piece)
        # A Hangul run interrupted by Latin or digits starts a new word for matching.
        starts = not pieces or (kind == "hangul" and match.start() != last_hangul_end)
        key = stem(piece) if kind == "latin" else piece
        pieces.append((key, surface, kind, starts, surface[:1].isupper()))
        if kind == "hangul":
            last_hangul_end = match.end()
    return pending, tuple(pieces)


def is_hangul(char: str) -> bool:
    """A precomposed Hangul syllable (가 to 힣)."""
    return FIRST_SYLLABLE <= char <= LAST_SYLLABLE


def _kind_of(piece: str) -> UnitKind:
    if piece[0].isdigit():
        return "digit"
    if is_hangul(piece[0]):
        return "hangul"
    if piece == "%":
        return "symbol"
    return "latin"


def term_key(term: str) -> tuple[str, ...]:
    """The unit keys of a lexicon term or alias, as a question would produce them."""
    return tuple(unit.key for unit in units(normalize(term)))


def strip_particle(word: str) -> str:
    """Drop one trailing Korean particle ("아마존이" -> "아마존"), keeping at least one syllable."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) > len(particle):
            return word[: -len(particle)]
    return word


_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONGSEONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


@lru_cache(maxsize=8192)
def jamo(text: str) -> str:
    """Spell Hangul syllables as letters, so one mistyped vowel is one edit, not one syllable."""
    letters: list[str] = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            letters.append(_CHOSEONG[code // 588])
            letters.append(_JUNGSEONG[(code % 588) // 28])
            if code % 28:
                letters.append(_JONGSEONG[code % 28])
        else:
            letters.append(char)
    return "".join(letters)


def _compatibility_jamo(letter: str) -> str:
    """A leading consonant as NFKC writes it (U+1100...) in the letters `jamo` spells with."""
    code = ord(letter) - 0x1100
    return _CHOSEONG[code] if 0 <= code < len(_CHOSEONG) else letter
