import pytest

from handlers.amounts import figures_in, same_figure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("the $2.75B top-up", 2.75e9),
        ("27억5000만달러", 2.75e9),
        ("27.5억 달러", 2.75e9),
        ("5조3500억원", 5.35e12),
        ("10억9천만유로", 1.09e9),
        ("€5.8bn", 5.8e9),
        ("600 million euros", 6e8),
        ("1,000억달러", 1e11),
        ("a 49% stake", 49.0),
    ],
)
def test_figures_in_english_and_korean_notation(text: str, figure: float) -> None:
    (found,) = figures_in(text)
    assert same_figure(found, figure)


@pytest.mark.parametrize("text", ["in 2019", "3월", "6~7초", "top 3"])
def test_years_months_and_bare_numbers_are_not_figures(text: str) -> None:
    assert figures_in(text) == ()
