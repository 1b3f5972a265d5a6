import pytest

from handlers.amounts import Figure, FigureKind, figures_in, same_figure


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("the $2.75B top-up", 2.75e9, "amount"),
        ("27억5000만달러", 2.75e9, "amount"),
        ("27.5억 달러", 2.75e9, "amount"),
        ("5조3500억원", 5.35e12, "won"),
        ("1.3 trillion won", 1.3e12, "won"),
        ("10억9천만유로", 1.09e9, "amount"),
        ("€5.8bn", 5.8e9, "amount"),
        ("600 million euros", 6e8, "amount"),
        ("1,000억달러", 1e11, "amount"),
        ("a 49% stake", 49.0, "percent"),
    ],
)
def test_figures_in_english_and_korean_notation(text: str, value: float, kind: FigureKind) -> None:
    (found,) = figures_in(text)
    assert same_figure(found, Figure(value, kind))


def test_a_percentage_is_not_an_amount_and_won_is_not_dollars() -> None:
    assert not same_figure(Figure(49, "percent"), Figure(49, "amount"))
    assert not same_figure(Figure(4e9, "won"), Figure(4e9, "amount"))


def test_an_endless_number_is_no_figure() -> None:
    assert figures_in("9" * 400 + " billion") == ()


@pytest.mark.parametrize("text", ["in 2019", "3월", "6~7초", "top 3"])
def test_years_months_and_bare_numbers_are_not_figures(text: str) -> None:
    assert figures_in(text) == ()


@pytest.mark.parametrize(("text", "value"), [("월 20달러죠?", 20.0), ("5유로야", 5.0)])
def test_a_plain_number_with_a_korean_currency_word_is_an_amount(text: str, value: float) -> None:
    assert figures_in(text) == (Figure(value, "amount"),)
