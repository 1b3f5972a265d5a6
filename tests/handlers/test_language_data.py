import pytest

from handlers.language_data import without_comparing_words


@pytest.mark.parametrize(
    ("side", "kept"),
    [
        ("How many times as much is Voltaic's total", "as much is Voltaic's total"),
        # The Korean stem goes with its ending: a stray "이" before "유치" reads as "이유".
        ("케스트렐 중 어디가 더 많이 유치했어?", "케스트렐 중 어디가 유치했어?"),
        ("볼타익 투자액의 몇 배야?", "볼타익 투자액의 ?"),
    ],
)
def test_a_side_keeps_no_word_asking_for_the_comparison(side: str, kept: str) -> None:
    assert " ".join(without_comparing_words(side).split()) == kept
