"""Figures named in a question ("$2.75B", "27억5000만달러", "5조3500억원", "49%").

A question that quotes a figure is about the fact that states it: "when did Amazon make the
$2.75B investment" is the March one, not the $4B total.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

# Matches within this relative difference are the same figure ("$2.7B" is not "$2.75B").
SAME_FIGURE = 0.005

_MAGNITUDES = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
}
_KOREAN_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}
_LARGEST = 1e16

_WON = r"(?P<won>\s?(?:won|krw|원))?"
_ENGLISH = re.compile(
    r"(?P<currency>[$€¥₩])?\s?(?P<number>\d[\d,]*(?:\.\d+)?)\s?"
    r"(?P<magnitude>trillion|tn|billion|bn|bln|b|million|mn|mln|m)?\b" + _WON,
    re.IGNORECASE,
)
_KOREAN = re.compile(r"(?:\d[\d,]*(?:\.\d+)?\s?[조억만천]\s?)+" + _WON)
# "월 20달러", "5유로": a plain number with a currency written in Korean.
_KOREAN_CURRENCY = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s?(?:달러|유로|위안|엔|파운드)")
_KOREAN_PART = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?([조억만천])")
# "9천만" is 9000만: 천 scales the number before the next big unit.
_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?)\s?천(?=\s?[만억조])")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|퍼센트|percent\b)", re.IGNORECASE)

FigureKind = Literal["amount", "won", "percent"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts: money (in won, or another currency) or a percentage."""

    value: float
    kind: FigureKind


def figures_in(text: str) -> tuple[Figure, ...]:
    """Every amount or percentage the text names."""
    text = _THOUSANDS.sub(lambda m: str(int(_number(m.group(1)) * 1000)), text)
    found: list[Figure] = []
    korean_spans = []
    for match in _KOREAN.finditer(text):
        parts = _KOREAN_PART.findall(match.group())
        if any(unit in "조억만" for _, unit in parts):
            value = sum(_number(n) * _KOREAN_UNITS[u] for n, u in parts)
            found.append(Figure(value, "won" if match.group("won") else "amount"))
            korean_spans.append(match.span())
    for match in _KOREAN_CURRENCY.finditer(text):
        if not any(start <= match.start() < end for start, end in korean_spans):
            found.append(Figure(_number(match.group(1)), "amount"))
            korean_spans.append(match.span())
    for match in _ENGLISH.finditer(text):
        if any(start <= match.start() < end for start, end in korean_spans):
            continue
        magnitude = (match.group("magnitude") or "").lower()
        currency = match.group("currency")
        if magnitude or currency:
            value = _number(match.group("number")) * _MAGNITUDES.get(magnitude, 1.0)
            won = currency == "₩" or bool(match.group("won"))
            found.append(Figure(value, "won" if won else "amount"))
    found.extend(Figure(_number(value), "percent") for value in _PERCENT.findall(text))
    # A run of digits too long to be a figure ("999...9 billion") is no figure at all.
    return tuple(
        figure for figure in found if math.isfinite(figure.value) and figure.value < _LARGEST
    )


def same_figure(a: Figure, b: Figure) -> bool:
    return a.kind == b.kind and abs(a.value - b.value) <= SAME_FIGURE * max(a.value, b.value)


def _number(text: str) -> float:
    return float(text.replace(",", ""))
