"""Language resources (handlers/resources/language.toml), validated once at import."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from handlers.text import is_hangul
from knowledge.models import Frozen, Language

Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
Month = Annotated[int, Field(ge=1, le=12)]


class LanguageData(Frozen):
    """Rules of the languages the bot reads: letter names, months, relative years."""

    latin_letters_ko: dict[Letter, tuple[str, ...]] = Field(min_length=26, max_length=26)
    months: dict[str, dict[str, Month]]
    relative_years: dict[str, Annotated[int, Field(ge=-5, le=5)]]
    courtesies: dict[str, tuple[str, ...]]
    compose: dict[
        Literal["sum", "difference", "ratio", "share", "compare", "most", "least", "before"],
        tuple[str, ...],
    ]
    compose_split: dict[Literal["en", "ko", "ko_apart"], tuple[str, ...]]
    compose_choice: dict[Literal["comparatives", "choices"], tuple[str, ...]]
    chronology: dict[Literal["which", "first", "last"], tuple[str, ...]]
    named_rounds: dict[Literal["words"], tuple[str, ...]]
    counting: tuple[str, ...]
    determiners: frozenset[str]
    grammar: dict[
        Literal[
            "denying",
            "denying_before",
            "skipped_before_denial",
            "joining_names",
            "owning",
            "asking_openers",
            "tag_endings",
            "other",
        ],
        tuple[str, ...],
    ]
    they: tuple[str, ...]
    open_questions: tuple[str, ...]
    indefinite: frozenset[str]
    claim_direction: dict[Literal["above", "below"], tuple[str, ...]]
    background: dict[Literal["before", "after"], tuple[str, ...]]
    corporate_suffixes: dict[Language, tuple[str, ...]]


@cache
def language_data() -> LanguageData:
    """The validated resources; a broken file fails at the first question, loudly."""
    text = resources.files("handlers").joinpath("resources/language.toml").read_text("utf-8")
    return LanguageData.model_validate(tomllib.loads(text))


def short_names(alias: str) -> list[str]:
    """A company's name without the word ending it that people drop: "와에드벤처스" ->
    "와에드", "Sequoia Capital" -> "Sequoia"."""
    suffixes = language_data().corporate_suffixes
    found = []
    for suffix in suffixes["ko"]:
        stem = alias.removesuffix(suffix).strip()
        if stem != alias and len(stem) >= 2 and all(is_hangul(c) for c in stem):
            found.append(stem)
    for suffix in suffixes["en"]:
        stem = alias.removesuffix(" " + suffix).strip()
        if stem != alias and len(stem) >= 3:
            found.append(stem)
    return found


def hangul_spellings(abbreviation: str) -> list[str]:
    """The Hangul spellings of an all-capital abbreviation ("MS" -> "엠에스"), every variant."""
    letters = language_data().latin_letters_ko
    spellings = [""]
    for letter in abbreviation:
        spellings = [done + name for done in spellings for name in letters[letter]]
    return spellings


_PUNCTUATION = re.compile(r"[^\w\s]+")


def is_courtesy(text: str) -> bool:
    """True for a message that only thanks or acknowledges ("thanks!", "고마워요")."""
    words = _PUNCTUATION.sub(" ", text.lower()).split()
    rest = " ".join(words)
    for phrase, pattern in _courtesy_patterns():
        # A phrase not in the text cannot match: most questions skip every pattern.
        if phrase in rest:
            rest = pattern.sub(" ", rest)
    leftover = [w for w in rest.split() if w not in _FILLER]
    return rest != " ".join(words) and len(leftover) <= 1


@cache
def _courtesy_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each courtesy phrase and its pattern (with what follows it in the word), the longest
    phrase first, compiled once."""
    phrases = [p for group in language_data().courtesies.values() for p in group]
    return tuple(
        (phrase, re.compile(rf"(?<!\w){re.escape(phrase)}\w*"))
        for phrase in sorted(phrases, key=len, reverse=True)
    )


_FILLER = frozenset(
    {"ok", "okay", "so", "much", "a", "lot", "very", "that", "helps", "네", "아", "넵"}
)


# Sentences, and clauses a colon or a dash sets apart ("Context: ...", "Hey all — ...").
_SENTENCE = re.compile(r"[^.?!。？！\n:—]+[.?!。？！:—]*")


# Clauses of one question asking different things: Korean -고, ("소속이고, ..."), English
# ", and ..." / "; ".
_CLAUSE = re.compile(r"(?<=[가-힣])고,\s*|;\s*|,\s*and\s+|,\s*그리고\s*", re.IGNORECASE)


def question_clauses(text: str) -> list[str]:
    """The clauses of a question, when it has several; else the question alone."""
    return [part.strip() for part in _CLAUSE.split(text) if part.strip()]


# The items of a question listing what it asks ("who leads, how big, and at what valuation?").
_LISTED = re.compile(r"[,;，]\s*(?:and\s+|그리고\s*)?", re.IGNORECASE)


def listed_parts(text: str) -> list[str]:
    """What a question asks, item by item (its clauses, split at commas too)."""
    return [
        item.strip()
        for clause in question_clauses(text)
        for item in _LISTED.split(clause)
        if item.strip()
    ]


# A Korean clause ending in -는데/-인데 with a comma sets the scene ("...보는 중인데요, ...?").
_BACKGROUND_CLAUSE = re.compile(r"((?:는데|인데|은데|ㄴ데)요?),")


def asked_parts(text: str) -> list[str]:
    """In a message of several sentences, what to read if the whole is not understood: the
    sentences that ask (ending in "?"), then those with the sentence before them, which often
    holds the claim ("I've got Amazon at $5B. Is that right?")."""
    sentences = [
        m.group().strip(" :—,") for m in _SENTENCE.finditer(_BACKGROUND_CLAUSE.sub(r"\1.", text))
    ]
    sentences = [sentence for sentence in sentences if sentence]
    asking = [i for i, sentence in enumerate(sentences) if sentence.endswith(("?", "？"))]
    if len(sentences) < 2 or not asking:
        return []
    alone = " ".join(sentences[i] for i in asking)
    before = max(asking[0] - 1, 0)
    with_claim = " ".join([sentences[before], *(sentences[i] for i in asking if i != before)])
    return list(dict.fromkeys(part for part in (alone, with_claim) if part != text.strip()))


@cache
def compose_split_patterns() -> tuple[
    tuple[re.Pattern[str], ...], tuple[tuple[str, re.Pattern[str]], ...]
]:
    """The joining words, compiled once: English words between the sides, Korean particles
    after the first (the longer ones also after any word)."""
    words = language_data().compose_split
    english = tuple(
        re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE) for word in words["en"]
    )
    apart = set(words["ko_apart"])
    korean = tuple(
        (
            particle,
            re.compile(rf"[가-힣A-Za-z0-9]\s?{re.escape(particle)}(?=\s)")
            if particle in apart
            else re.compile(rf"[가-힣A-Za-z0-9]{re.escape(particle)}(?=\s)"),
        )
        for particle in words["ko"]
    )
    return english, korean


@cache
def _comparing_pattern() -> re.Pattern[str]:
    words = language_data().compose
    phrases = {
        p for operation in ("difference", "ratio", "share", "compare") for p in words[operation]
    }
    longest_first = sorted(phrases, key=len, reverse=True)
    # A Korean stem takes its ending along ("더 많" + "이"): a stray ending reads as a word.
    alternatives = "|".join(re.escape(phrase) for phrase in longest_first)
    return re.compile(rf"(?:{alternatives})[가-힣]*", re.IGNORECASE)


def without_comparing_words(side: str) -> str:
    """One side of a comparison without the words asking for it ("how many times bigger"):
    they say what to compute, not what the side is about ("times" is also a growth word)."""
    return _comparing_pattern().sub(" ", side)


@cache
def _named_round_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in language_data().named_rounds["words"])
    return re.compile(rf"(?<![\w])(?:{words})[\s-]?([A-Ha-h])(?![A-Za-z])", re.IGNORECASE)


def named_rounds(text: str) -> frozenset[str]:
    """The lettered rounds a text names ("Series B", "시리즈 A"): {"B"}, {"A"}."""
    return frozenset(letter.upper() for letter in _named_round_pattern().findall(text))


def asks_a_count(text: str) -> bool:
    """ "How many ...?", "몇 명": the question asks for a count ("how many times bigger"
    asks for a ratio)."""
    lowered = text.lower()
    data = language_data()
    if any(phrase in lowered for phrase in data.compose["ratio"]):
        return False
    return any(phrase in lowered for phrase in data.counting)


def backgrounds(text: str, names: dict[str, str]) -> tuple[str, ...]:
    """The names a text gives as someone's background ("ex-OpenAI researchers", "메타 출신"),
    of `names` (entity id to the words that named it)."""
    lowered = text.lower()
    markers = language_data().background
    found = []
    for entity, written in names.items():
        # The name as written, spaced or not ("오픈AI" for "오픈 AI").
        spaced = r"\s*".join(re.escape(c) for c in written.lower().replace(" ", ""))
        found_at = re.search(spaced, lowered)
        if found_at is None:
            continue
        before, after = lowered[: found_at.start()], lowered[found_at.end() :]
        if before.endswith(markers["before"]) or after.startswith(markers["after"]):
            found.append(entity)
    return tuple(found)


def _words_pattern(words: Iterable[str], *, before: str = r"(?<![a-z])") -> re.Pattern[str]:
    """Any of `words` as a whole word (Latin letters must not run on)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"{before}(?:{alternatives})(?![a-z])", re.IGNORECASE)


@cache
def _open_question_pattern(*, definite: bool = False) -> re.Pattern[str]:
    data = language_data()
    words = [w for w in data.open_questions if not (definite and w in data.indefinite)]
    return _words_pattern(words)


@cache
def _they_pattern() -> re.Pattern[str]:
    return _words_pattern(language_data().they)


@cache
def _other_pattern() -> re.Pattern[str]:
    return _words_pattern(language_data().grammar["other"])


def says_other(text: str) -> bool:
    """ "Has it backed any other startup?": something besides what was just said."""
    return bool(_other_pattern().search(text))


def says_they(text: str) -> bool:
    """ "How much did they put in?": a word standing for several names just given."""
    return bool(_they_pattern().search(text))


@cache
def _comparative_pattern() -> re.Pattern[str]:
    return _words_pattern(language_data().compose_choice["comparatives"], before=r"(?<![\w])")


def compares_a_choice(text: str) -> bool:
    """ "bigger series b: figure or perplexity?": a comparative beside a choice of two."""
    choices = language_data().compose_choice["choices"]
    lowered = text.lower()
    return bool(_comparative_pattern().search(lowered)) and any(c in lowered for c in choices)


@cache
def chronology_pattern(words: Literal["which", "first", "last"]) -> re.Pattern[str]:
    """The words choosing among names ("which"), or asking which came first (or last)."""
    return _words_pattern(language_data().chronology[words])


def compile_patterns() -> None:
    """Compile every pattern of the language data now (at load), not at the first question."""
    _courtesy_patterns()
    compose_split_patterns()
    _comparing_pattern()
    _named_round_pattern()
    for definite in (False, True):
        _open_question_pattern(definite=definite)
    _they_pattern()
    _other_pattern()
    _comparative_pattern()
    for words in ("which", "first", "last"):
        chronology_pattern(words)


def asks_openly(text: str, *, definite: bool = False) -> bool:
    """ "얼마였죠?", "when was it again?": a word of an open question; `definite`, not one
    that also means "someone" ("누가 11월이라던데?")."""
    return bool(_open_question_pattern(definite=definite).search(text))


def states_a_claim(text: str) -> bool:
    """ "Figure raised $765m in its series b?", "Cohere was founded in 2020, yes?": an English
    statement with a question mark and no word of an open question. (A Korean one ending in
    "?" asks openly, "누적 금액은?"; Korean claims say so: "맞지?", "-다며?")"""
    if any(is_hangul(c) for c in text):
        return False
    return text.rstrip().endswith(("?", "？")) and not asks_openly(text)


def claimed_direction(text: str) -> Literal["above", "below"] | None:
    """Whether a claimed figure is a bound ("넘는 거 맞아?", "under $1B?") and which."""
    lowered = text.lower()
    for direction, words in language_data().claim_direction.items():
        if any(word in lowered for word in words):
            return direction
    return None
