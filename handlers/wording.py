"""Figures and dates in words, per language: "$2.75 billion" / "27억5000만달러", "March 2024" /
"2024년 3월". Used where the core composes a sentence itself (claims checked, not-reported)."""

from __future__ import annotations

import re

from handlers.language_data import language_data
from handlers.models import Language

_EN_CURRENCY_PREFIX = {"USD": "$", "EUR": "€"}
_EN_CURRENCY_SUFFIX = {"CNY": " yuan", "KRW": " won"}
_KO_CURRENCY = {"USD": "달러", "EUR": "유로", "CNY": "위안", "KRW": "원"}
_EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_KO_UNITS = ((1e12, "조"), (1e8, "억"), (1e4, "만"))
_EN_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def money_text(value: float, currency: str, language: Language) -> str:
    """An amount as a person writes it in `language`."""
    if language == "ko":
        return _korean_number(value) + _KO_CURRENCY.get(currency, currency)
    number = _english_number(value)
    if currency in _EN_CURRENCY_PREFIX:
        return _EN_CURRENCY_PREFIX[currency] + number
    return number + _EN_CURRENCY_SUFFIX.get(currency, f" {currency}")


def percent_text(value: float) -> str:
    return f"{value:g}%"


def period_text(year: int | None, month: int | None, language: Language) -> str:
    """ "March 2024", "2024년 3월", "2024", "3월"."""
    if language == "ko":
        parts = [f"{year}년" if year else "", f"{month}월" if month else ""]
        return " ".join(part for part in parts if part)
    parts = [_EN_MONTHS[month - 1] if month else "", str(year) if year else ""]
    return " ".join(part for part in parts if part)


def _english_number(value: float) -> str:
    for scale, word in _EN_SCALES:
        if value >= scale:
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _korean_number(value: float) -> str:
    rest = round(value)
    parts = []
    for scale, unit in _KO_UNITS:
        count = int(rest // scale)
        if count:
            parts.append(f"{count}{unit}")
            rest -= int(count * scale)
    if rest or not parts:
        parts.append(str(rest))
    return "".join(parts)


# Digits as read aloud end in a consonant (일, 삼, 육, 칠, 팔, 십) or a vowel (이, 사, 오, 구).
_DIGIT_HAS_FINAL = {
    "0": True,
    "1": True,
    "2": False,
    "3": True,
    "4": False,
    "5": False,
    "6": True,
    "7": True,
    "8": True,
    "9": False,
}
_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3


def joined_names(names: list[str], language: Language) -> str:
    """ "Alibaba, Tencent and Baidu"; in Korean "알리바바, 텐센트, 바이두"."""
    if language == "ko" or len(names) <= 1:
        return ", ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def as_subject(word: str, language: Language) -> str:
    """A name as a sentence's subject: with 이/가 in Korean ("오픈AI가"), as is in English."""
    return word + subject_particle(word) if language == "ko" else word


def subject_particle(word: str) -> str:
    """The Korean subject particle for `word`: 이 after a final consonant, else 가. A name's
    gloss in brackets is not read ("월스트리트저널(WSJ)"); a Latin letter is read by its
    Korean name ("WSJ": 제이)."""
    word = re.sub(r"\s*\([^()]*\)\s*$", "", word.rstrip()) or word
    last = word.rstrip()[-1:] or "가"
    if last.isascii() and last.isalpha():
        last = language_data().latin_letters_ko[last.upper()][0][-1]
    if last.isdigit():
        return "이" if _DIGIT_HAS_FINAL[last] else "가"
    if _HANGUL_BASE <= ord(last) <= _HANGUL_LAST:
        return "이" if (ord(last) - _HANGUL_BASE) % 28 else "가"
    return "이(가)"
