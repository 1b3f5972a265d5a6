"""Money figures as articles write them, in Korean and English.

"40억달러", "27억5000만달러", "5조3500억원", "2천억원", "월 5~10달러", "6억유로", "500억위안",
"$2.75 billion", "US$1bn", "€600 million", "600 million euros", "50 billion yuan", "$5-10".
A figure followed by the article's own won conversion in parentheses ("40억달러(약 5조3500억원)")
carries it as `krw`; the conversion is also listed on its own, marked `conversion`.
Qualifiers around a figure: 약/about/around → about, 이상/more than/over → more_than,
내외/안팎/가량 → about, 최대/up to/이하 → up_to, a range "5~10" → range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal

Currency = Literal["USD", "EUR", "CNY", "KRW"]
Qualifier = Literal["exact", "about", "more_than", "up_to", "range"]

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_KOREAN_PART = rf"{_NUMBER}\s?(?:천\s?)?[조억만]|{_NUMBER}\s?천"
_KOREAN_AMOUNT = rf"(?:(?:{_KOREAN_PART})\s?)+(?:{_NUMBER}(?![\d.]))?|{_NUMBER}"
_KOREAN_CURRENCY: dict[str, Currency] = {
    "달러": "USD",
    "불": "USD",
    "유로": "EUR",
    "위안": "CNY",
    "원": "KRW",
}
_KOREAN = re.compile(
    rf"(?P<low>{_KOREAN_AMOUNT})\s?(?:[~∼～\-–]\s?(?P<high>{_KOREAN_AMOUNT})\s?)?"
    r"(?P<currency>달러|유로|위안|원|불)"
)
_KOREAN_PIECE = re.compile(rf"({_NUMBER})\s?(천)?\s?([조억만])?")

_MAGNITUDE = r"(?:trillion|billion|million|thousand|tn|bn|mn|mln|m|b|k)\b"
_SYMBOLS: dict[str, Currency] = {"$": "USD", "US$": "USD", "€": "EUR", "¥": "CNY", "₩": "KRW"}
_WORDS: dict[str, Currency] = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "yuan": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "won": "KRW",
    "krw": "KRW",
}
_WORD = r"(?:dollars?|usd|euros?|eur|yuan|renminbi|cny|rmb|won|krw)\b"
_ENGLISH_SYMBOL = re.compile(
    rf"(?P<symbol>US\$|\$|€|¥|₩)\s?(?P<low>{_NUMBER})\s?(?P<lowmag>{_MAGNITUDE})?"
    rf"(?:\s?(?:-|–|~|to)\s?(?:US\$|\$|€|¥|₩)?\s?(?P<high>{_NUMBER})\s?(?P<highmag>{_MAGNITUDE})?)?",
    re.IGNORECASE,
)
_ENGLISH_WORD = re.compile(
    rf"(?:(?P<code>usd|eur|cny|krw|rmb)\s?)?(?P<low>{_NUMBER})\s?(?P<lowmag>{_MAGNITUDE})?"
    rf"(?:\s?(?:-|–|~|to)\s?(?P<high>{_NUMBER})\s?(?P<highmag>{_MAGNITUDE})?)?"
    rf"(?:\s?(?P<word>{_WORD}))?",
    re.IGNORECASE,
)
_MAGNITUDES = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_KOREAN_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4}

_BEFORE = re.compile(
    r"(?:(?P<about>약|대략|about|around|roughly|approximately|approx\.|some|nearly|almost)"
    r"|(?P<more>more than|over|upwards of|at least)|(?P<upto>최대|up to|as much as))\s?$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^\s?(?:\([^()]*\)\s?)?(?:(?P<about>내외|안팎|가량|정도|남짓|or so)"
    r"|(?P<more>이상|초과|or more|plus)|(?P<upto>이하|미만|or less))",
    re.IGNORECASE,
)
_CONVERSION_GAP = re.compile(
    r"^\s?\(\s?(?:약|about|around|roughly|approximately|approx\.)?\s?$", re.IGNORECASE
)
_LARGEST = 1e16


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One figure of money in a text, where it is, and how the text qualifies it."""

    amount: float
    currency: Currency
    start: int
    end: int
    text: str
    amount_max: float | None = None
    qualifier: Qualifier = "exact"
    krw: float | None = None
    conversion: bool = False

    @property
    def values(self) -> tuple[float, ...]:
        return (self.amount,) if self.amount_max is None else (self.amount, self.amount_max)


def money_in(text: str) -> tuple[MoneyMention, ...]:
    """Every money figure in `text`, in order, with qualifiers and won conversions."""
    found = _without_overlaps([*_korean(text), *_english(text)])
    found = [_qualified(text, mention) for mention in found]
    return tuple(_with_conversions(text, found))


def same_amount(a: float, b: float) -> bool:
    """Equal as written figures: "27억5000만" is 2.75e9, not 2.7e9."""
    return math.isclose(a, b, rel_tol=1e-6)


def format_amount(value: float) -> str:
    """A figure as a TOML float a person can read: 2.75e9, 3.6977e12, 5."""
    if value == int(value) and value < 1e6:
        return str(int(value))
    if value < 1e6:
        return f"{value:.10g}"
    mantissa, _, exponent = f"{value:.9e}".partition("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def _korean(text: str) -> list[MoneyMention]:
    found = []
    for match in _KOREAN.finditer(text):
        low = _korean_value(match.group("low"))
        high = _korean_value(match.group("high")) if match.group("high") else None
        if low is None or (match.group("high") and high is None):
            continue
        currency = _KOREAN_CURRENCY[match.group("currency")]
        found.append(_mention(match, low, high, currency))
    return [m for m in found if m is not None]


def _korean_value(text: str) -> float | None:
    total = 0.0
    for number, thousand, unit in _KOREAN_PIECE.findall(text.replace(" ", "")):
        value = float(number.replace(",", "")) * (1000 if thousand else 1)
        total += value * _KOREAN_UNITS.get(unit, 1.0)
    return total if total > 0 else None


def _english(text: str) -> list[MoneyMention]:
    found: list[MoneyMention | None] = []
    for match in _ENGLISH_SYMBOL.finditer(text):
        currency = _SYMBOLS[match.group("symbol").upper()]
        found.append(_english_mention(match, currency))
    for match in _ENGLISH_WORD.finditer(text):
        code, word = match.group("code"), match.group("word")
        if not (code or word) or (code and word):
            continue
        found.append(_english_mention(match, _WORDS[(code or word).lower()]))
    return [m for m in found if m is not None]


def _english_mention(match: re.Match[str], currency: Currency) -> MoneyMention | None:
    low_mag = _magnitude(match.group("lowmag"))
    high_mag = _magnitude(match.group("highmag"))
    low = _number(match.group("low")) * (low_mag or high_mag or 1.0)
    high = None
    if match.group("high"):
        high = _number(match.group("high")) * (high_mag or 1.0)
    return _mention(match, low, high, currency)


def _mention(
    match: re.Match[str], low: float, high: float | None, currency: Currency
) -> MoneyMention | None:
    if not (0 < low < _LARGEST) or (high is not None and not low < high < _LARGEST):
        return None
    return MoneyMention(
        amount=low,
        currency=currency,
        start=match.start(),
        end=match.end(),
        text=match.group().strip(),
        amount_max=high,
        qualifier="range" if high is not None else "exact",
    )


def _magnitude(text: str | None) -> float | None:
    return _MAGNITUDES[text.lower()] if text else None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _without_overlaps(found: list[MoneyMention]) -> list[MoneyMention]:
    """The longest figure wherever two overlap ("$5-10" over "$5"), in text order."""
    kept: list[MoneyMention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _qualified(text: str, mention: MoneyMention) -> MoneyMention:
    if mention.qualifier == "range":
        return mention
    for match in (_BEFORE.search(text[: mention.start]), _AFTER.match(text[mention.end :])):
        if match is None:
            continue
        if match.group("about"):
            return replace(mention, qualifier="about")
        if match.group("more"):
            return replace(mention, qualifier="more_than")
        if match.group("upto"):
            return replace(mention, qualifier="up_to")
    return mention


def _with_conversions(text: str, found: list[MoneyMention]) -> list[MoneyMention]:
    """A won figure in parentheses right after another currency's figure is its conversion."""
    result = list(found)
    for index in range(len(result) - 1):
        figure, after = result[index], result[index + 1]
        gap = text[figure.end : after.start]
        if figure.currency != "KRW" and after.currency == "KRW" and _CONVERSION_GAP.match(gap):
            result[index] = replace(figure, krw=after.amount)
            result[index + 1] = replace(after, conversion=True)
    return result
