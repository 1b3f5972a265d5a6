"""Times as articles write them, resolved against the article's published date.

Korean: "2023년 4월", "올해", "지난해 1월", "작년", "내년", "지난달 29일", "이달", "지난 3월",
"오는 10월", "3월" (the published year), "올해 상반기", "1분기", "2019년부터" (a span to the
published year). English: "in March", "last March", "March 2024", "last year", "this month",
"first half", "H1 2024", "Q1", "since 2019", "2014".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.periods import (
    Period,
    half_period,
    month_period,
    quarter_period,
    year_period,
)

_KOREAN_YEAR = r"(?:(?P<year>(?:19|20)\d{2})\s?년|(?P<ryear>올해|금년|지난해|작년|재작년|내년))"
_KOREAN = re.compile(
    rf"(?:{_KOREAN_YEAR}\s?)?(?:(?P<rel>지난|오는|올)\s?(?=\d|[상하]반기))?"
    r"(?:(?P<month>1[0-2]|0?[1-9])\s?월(?:\s?(?P<day>[12]\d|3[01]|0?[1-9])\s?일)?"
    r"|(?P<rmonth>지난달|이달|이번 ?달|다음 ?달|내달)"
    r"(?:\s?(?P<rday>[12]\d|3[01]|0?[1-9])\s?일)?"
    r"|(?P<half>상|하)반기|(?P<quarter>[1-4])\s?분기)?"
    r"(?P<since>\s?(?:부터|이후))?"
)
_KOREAN_RELATIVE_YEARS = {
    "올해": 0,
    "금년": 0,
    "지난해": -1,
    "작년": -1,
    "재작년": -2,
    "내년": 1,
}
_KOREAN_RELATIVE_MONTHS = {
    "지난달": -1,
    "이달": 0,
    "이번 달": 0,
    "이번달": 0,
    "다음 달": 1,
    "다음달": 1,
    "내달": 1,
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_WORDS = r"(?P<yrel>this|last|next)\s+year"
_ENGLISH_MONTH = re.compile(
    rf"\b(?:(?P<rel>last|this|next|early|late|mid-?)\s+)?"
    rf"(?:(?P<dayfirst>[12]\d|3[01]|0?[1-9])\s+)?(?P<month>{_MONTH_NAME})(?![a-z])"
    rf"(?:\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?:of\s+)?(?:(?P<year>(?:19|20)\d{{2}})\b|{_YEAR_WORDS}))?",
    re.IGNORECASE,
)
_ENGLISH_PART = re.compile(
    r"\b(?:(?:the\s+)?(?P<half>first|second)\s+half|(?P<hcode>H[12])"
    r"|(?:the\s+)?(?P<quarter>first|second|third|fourth)\s+quarter|(?P<qcode>Q[1-4]))\b"
    rf"(?:,?\s+(?:of\s+)?(?:(?P<year>(?:19|20)\d{{2}})\b|{_YEAR_WORDS}))?",
    re.IGNORECASE,
)
_ENGLISH_MONTH_WORDS = re.compile(r"\b(?P<rel>last|this|next)\s+month\b", re.IGNORECASE)
_ENGLISH_YEAR = re.compile(
    rf"\b(?:(?P<since>since|from)\s+)?(?:(?P<year>(?:19|20)\d{{2}})(?![\d,.]\d)\b|{_YEAR_WORDS})",
    re.IGNORECASE,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_REL_YEARS = {"this": 0, "last": -1, "next": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A time the text names, as an absolute period, and where it stands."""

    period: Period
    start: int
    end: int
    text: str

    @property
    def when(self) -> str:
        """The period written as a knowledge file's `when`."""
        return period_text(self.period)


def dates_in(text: str, published: date) -> tuple[DateMention, ...]:
    """Every time `text` names, resolved against the day the article was published."""
    found = [
        *_korean(text, published),
        *_english_months(text, published),
        *_english_parts(text, published),
        *_english_month_words(text, published),
        *_english_years(text, published),
    ]
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return tuple(kept)


def period_text(period: Period) -> str:
    """How a period is written in a `when` field: 2024-03-15, 2024-03, 2024-Q1, 2024-H1, 2024,
    or a span 2019/2024."""
    start = period.start
    if period.precision == "day":
        return start.isoformat()
    if period.precision == "month":
        return f"{start.year}-{start.month:02d}"
    if period.precision == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period.precision == "half":
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    if period.precision == "year":
        return str(start.year)
    return f"{start.year}/{period.end.year}"


def _mention(match: re.Match[str], period: Period) -> DateMention:
    text = match.group()
    stripped = text.strip()
    start = match.start() + text.index(stripped)
    return DateMention(period, start, start + len(stripped), stripped)


def _korean(text: str, published: date) -> list[DateMention]:
    found = []
    for match in _KOREAN.finditer(text):
        if not match.group().strip() or not _has_time(match):
            continue
        period = _korean_period(match, published)
        if period is not None:
            found.append(_mention(match, period))
    return found


def _has_time(match: re.Match[str]) -> bool:
    names = ("year", "ryear", "month", "rmonth", "half", "quarter")
    return any(match.group(name) for name in names)


def _korean_period(match: re.Match[str], published: date) -> Period | None:
    explicit = _korean_year(match, published)
    year = explicit if explicit is not None else published.year
    if match.group("rmonth"):
        shift = _KOREAN_RELATIVE_MONTHS[match.group("rmonth")]
        return _day_or_month(*_shift_month(published, shift), match.group("rday"))
    if match.group("month"):
        month = int(match.group("month"))
        if explicit is None:
            year = _month_year(month, match.group("rel"), published)
        return _day_or_month(year, month, match.group("day"))
    if match.group("half"):
        return half_period(year, 1 if match.group("half") == "상" else 2)
    if match.group("quarter"):
        return quarter_period(year, int(match.group("quarter")))
    if explicit is None:
        return None
    if match.group("since") and explicit < published.year:
        return Period(year_period(explicit).start, year_period(published.year).end, "span")
    return year_period(explicit)


def _korean_year(match: re.Match[str], published: date) -> int | None:
    if match.group("year"):
        return int(match.group("year"))
    if match.group("ryear"):
        return published.year + _KOREAN_RELATIVE_YEARS[match.group("ryear")]
    return None


def _month_year(month: int, relative: str | None, published: date) -> int:
    """The year of a month named without one: "지난 10월" in September is last year's."""
    relative = (relative or "").lower()
    if relative in ("지난", "last") and month > published.month:
        return published.year - 1
    if relative in ("오는", "next") and month < published.month:
        return published.year + 1
    return published.year


def _shift_month(published: date, shift: int) -> tuple[int, int]:
    index = published.year * 12 + published.month - 1 + shift
    return index // 12, index % 12 + 1


def _day_or_month(year: int, month: int, day: str | None) -> Period | None:
    if day is None:
        return month_period(year, month)
    try:
        exact = date(year, month, int(day))
    except ValueError:
        return None
    return Period(exact, exact, "day")


def _english_year(match: re.Match[str], published: date) -> int | None:
    if match.group("year"):
        return int(match.group("year"))
    if match.group("yrel"):
        return published.year + _REL_YEARS[match.group("yrel").lower()]
    return None


def _english_months(text: str, published: date) -> list[DateMention]:
    found = []
    for match in _ENGLISH_MONTH.finditer(text):
        name = match.group("month").lower().rstrip(".")
        if name == "may" and not (match.group("year") or match.group("day") or match.group("rel")):
            continue  # "may" is far more often the verb
        month = _MONTHS[name]
        year = _english_year(match, published)
        if year is None:
            year = _month_year(month, match.group("rel"), published)
        day = match.group("day") or match.group("dayfirst")
        period = _day_or_month(year, month, day)
        if period is not None:
            found.append(_mention(match, period))
    return found


def _english_parts(text: str, published: date) -> list[DateMention]:
    found = []
    for match in _ENGLISH_PART.finditer(text):
        year = _english_year(match, published) or published.year
        if match.group("half") or match.group("hcode"):
            half = match.group("half") or match.group("hcode")
            number = _ORDINALS.get(half.lower()) or int(half[1])
            found.append(_mention(match, half_period(year, number)))
        else:
            quarter = match.group("quarter") or match.group("qcode")
            number = _ORDINALS.get(quarter.lower()) or int(quarter[1])
            found.append(_mention(match, quarter_period(year, number)))
    return found


def _english_month_words(text: str, published: date) -> list[DateMention]:
    found = []
    for match in _ENGLISH_MONTH_WORDS.finditer(text):
        shift = _REL_YEARS[match.group("rel").lower()]
        found.append(_mention(match, month_period(*_shift_month(published, shift))))
    return found


def _english_years(text: str, published: date) -> list[DateMention]:
    found = []
    for match in _ENGLISH_YEAR.finditer(text):
        year = _english_year(match, published)
        if year is None:
            continue
        if match.group("since") and year < published.year:
            span = Period(year_period(year).start, year_period(published.year).end, "span")
            found.append(_mention(match, span))
        else:
            found.append(_mention(match, year_period(year)))
    return found
