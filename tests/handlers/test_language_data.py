import pytest

from handlers.language_data import backgrounds, states_a_claim, without_comparing_words


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


@pytest.mark.parametrize(
    ("text", "names", "found"),
    [
        ("founded by ex-Orbis people", {"orbis": "Orbis"}, ("orbis",)),
        ("a former Orbis Labs engineer", {"orbis": "Orbis Labs"}, ("orbis",)),
        # The name as the knowledge writes it ("오르비스 랩스"), written without the space.
        ("오르비스랩스 출신이 세운 곳", {"orbis": "오르비스 랩스"}, ("orbis",)),
        ("Orbis invested in Kestrel", {"orbis": "Orbis", "kestrel": "Kestrel"}, ()),
    ],
)
def test_backgrounds_are_names_marked_as_where_someone_came_from(
    text: str, names: dict[str, str], found: tuple[str, ...]
) -> None:
    assert backgrounds(text, names) == found


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("figure raised $765m in its series b?", True),
        ("how much did figure raise?", False),
        ("피규어 시리즈B 얼마였어?", False),
        ("볼타익이 이번 10억달러 전까지 넣은 누적 금액은?", False),
        ("figure raised $765m in its series b", False),
    ],
)
def test_a_statement_ending_in_a_question_mark_is_a_claim(text: str, claims: bool) -> None:
    assert states_a_claim(text) is claims
