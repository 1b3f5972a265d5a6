from datetime import date

import pytest

from knowledge.dates import dates_in
from knowledge.figures import money_in

PUBLISHED = date(2024, 9, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("총 40억달러에 달한다", [(4e9, None, "USD", "exact", None)]),
        ("27억5000만달러(약 3조6977억원)를", [(2.75e9, None, "USD", "exact", 3.6977e12)]),
        ("40억달러(약 5조3500억원)", [(4e9, None, "USD", "exact", 5.35e12)]),
        ("1000억달러 이상으로", [(1e11, None, "USD", "more_than", None)]),
        ("10억달러(약 1조3000억원) 내외가", [(1e9, None, "USD", "about", 1.3e12)]),
        ("6억유로(약 9000억원)를", [(6e8, None, "EUR", "exact", 9e11)]),
        ("1억500만유로", [(1.05e8, None, "EUR", "exact", None)]),
        ("약 10억9000만유로", [(1.09e9, None, "EUR", "about", None)]),
        ("500억위안(약 9조4200억원) 이상", [(5e10, None, "CNY", "more_than", 9.42e12)]),
        ("약 42억위안(7914억원)", [(4.2e9, None, "CNY", "about", 7.914e11)]),
        ("월 5~10달러에", [(5, 10, "USD", "range", None)]),
        ("2천억원을", [(2e11, None, "KRW", "exact", None)]),
        ("1조 3000억 원", [(1.3e12, None, "KRW", "exact", None)]),
        ("최대 3억달러", [(3e8, None, "USD", "up_to", None)]),
        ("비용이 0원으로 수렴", []),
        ("6∼7초가 걸리는", []),
    ],
)
def test_korean_figures(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [(m.amount, m.amount_max, m.currency, m.qualifier, m.krw) for m in money_in(text)]
    assert [f for f, m in zip(found, money_in(text), strict=True) if not m.conversion] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$2.75 billion", [(2.75e9, None, "USD", "exact", None)]),
        ("$4bn (about 5.35 trillion won)", [(4e9, None, "USD", "exact", 5.35e12)]),
        ("US$1 billion", [(1e9, None, "USD", "exact", None)]),
        ("600 million euros", [(6e8, None, "EUR", "exact", None)]),
        ("€5.8 billion", [(5.8e9, None, "EUR", "exact", None)]),
        ("about €1.09bn", [(1.09e9, None, "EUR", "about", None)]),
        ("more than 50 billion yuan", [(5e10, None, "CNY", "more_than", None)]),
        ("¥23 billion", [(2.3e10, None, "CNY", "exact", None)]),
        ("over $100 billion", [(1e11, None, "USD", "more_than", None)]),
        ("$5-10 a month", [(5, 10, "USD", "range", None)]),
        ("up to $300m", [(3e8, None, "USD", "up_to", None)]),
        ("EUR 385 million", [(3.85e8, None, "EUR", "exact", None)]),
        ("1.3 trillion won", [(1.3e12, None, "KRW", "exact", None)]),
        ("roughly 4.2 billion yuan", [(4.2e9, None, "CNY", "about", None)]),
        ("in 2024 it had 3 offices", []),
    ],
)
def test_english_figures(text: str, expected: list[tuple[object, ...]]) -> None:
    found = [m for m in money_in(text) if not m.conversion]
    assert [(m.amount, m.amount_max, m.currency, m.qualifier, m.krw) for m in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("올해 50억달러의 적자", ["2024"]),
        ("지난해 1월 마이크로소프트가", ["2023-01"]),
        ("작년 12월", ["2023-12"]),
        ("내년에는", ["2025"]),
        ("지난달 29일(현지시각)", ["2024-08-29"]),
        ("이달 5일", ["2024-09-05"]),
        ("지난 3월", ["2024-03"]),
        ("오는 10월", ["2024-10"]),
        ("3월에", ["2024-03"]),
        ("지난 10월", ["2023-10"]),
        ("올해 상반기", ["2024-H1"]),
        ("하반기", ["2024-H2"]),
        ("내년 1분기", ["2025-Q1"]),
        ("2023년 4월 설립한", ["2023-04"]),
        ("지난 2014년 처음", ["2014"]),
        ("2019년부터 오픈AI에", ["2019/2024"]),
        ("5개월여 만에 3배", []),
    ],
)
def test_korean_times(text: str, expected: list[str]) -> None:
    assert [m.when for m in dates_in(text, PUBLISHED)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last year", ["2023"]),
        ("this year", ["2024"]),
        ("next year", ["2025"]),
        ("in March", ["2024-03"]),
        ("last October", ["2023-10"]),
        ("March 2024", ["2024-03"]),
        ("January last year", ["2023-01"]),
        ("on Aug. 29", ["2024-08-29"]),
        ("29 August 2024", ["2024-08-29"]),
        ("this month", ["2024-09"]),
        ("last month", ["2024-08"]),
        ("the first half", ["2024-H1"]),
        ("the second half of last year", ["2023-H2"]),
        ("H1 2024", ["2024-H1"]),
        ("Q3", ["2024-Q3"]),
        ("since 2019", ["2019/2024"]),
        ("in 2014", ["2014"]),
        ("It may rain", []),
    ],
)
def test_english_times(text: str, expected: list[str]) -> None:
    assert [m.when for m in dates_in(text, PUBLISHED)] == expected
