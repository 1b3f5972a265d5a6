"""Absolute times of statements: a day, a month, a quarter, a half, a year, or a span.

Written in knowledge files as `when`: "2024-03-15", "2024-03", "2024-Q1", "2024-H1", "2024",
or a span "2019/2024" (since 2019). Every period is a closed range of days; the matcher
compares a question's year, month, half or quarter with it (handlers/matching.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PART = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|H([12])))?$")


@dataclass(frozen=True, slots=True)
class Period:
    """From `start` to `end`, both included; `precision` is how it was written."""

    start: date
    end: date
    precision: str  # "day", "month", "quarter", "half", "year" or "span"

    @property
    def year(self) -> int | None:
        """The year, when the period lies within one."""
        return self.start.year if self.start.year == self.end.year else None

    @property
    def month(self) -> int | None:
        """The month, when the period is a month or a day."""
        return self.start.month if self.precision in ("month", "day") else None

    def within(self, other: Period) -> bool:
        return other.start <= self.start and self.end <= other.end


def parse_period(text: str) -> Period:
    """Parse a `when` value; raises ValueError with a plain message when it is not one."""
    first, _, last = text.strip().partition("/")
    start = _parse_part(first)
    if not last:
        return start
    end = _parse_part(last)
    if end.end < start.start:
        raise ValueError(f"{text!r}: the span ends before it starts")
    return Period(start.start, end.end, "span")


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), "month")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def half_period(year: int, half: int) -> Period:
    return Period(date(year, 1 + 6 * (half - 1), 1), month_period(year, 6 * half).end, "half")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * quarter - 2
    return Period(date(year, first, 1), month_period(year, first + 2).end, "quarter")


def _parse_part(text: str) -> Period:
    match = _PART.match(text.strip())
    if match is None:
        raise ValueError(
            f"{text!r}: expected a day (2024-03-15), month (2024-03), quarter (2024-Q1), "
            "half (2024-H1), year (2024) or span (2019/2024)"
        )
    year = int(match.group(1))
    month, day, quarter, half = match.group(2), match.group(3), match.group(4), match.group(5)
    try:
        if day:
            exact = date(year, int(month), int(day))
            return Period(exact, exact, "day")
        if month:
            return month_period(year, int(month))
    except ValueError:
        raise ValueError(f"{text!r}: no such date") from None
    if quarter:
        return quarter_period(year, int(quarter))
    if half:
        return half_period(year, int(half))
    return year_period(year)
