import pytest

from handlers.text import jamo, normalize, strip_particle, term_key, units


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("아마존이", "아마존"),
        ("앤트로픽에", "앤트로픽"),
        ("앤트로픽에서", "앤트로픽"),
        ("엔비디아로부터", "엔비디아"),
        ("미스트랄AI의", "미스트랄AI"),
        ("오픈AI는", "오픈AI"),
        ("이", "이"),
    ],
)
def test_strip_particle(word: str, stem: str) -> None:
    assert strip_particle(word) == stem


def test_normalize_folds_full_width_and_control_characters() -> None:
    assert normalize("ＯｐｅｎＡＩ\x00\u200b  valuation\t") == "OpenAI valuation"


def test_english_words_are_stemmed_so_inflections_meet() -> None:
    assert term_key("invested") == term_key("investing") == term_key("invest")


def test_korean_units_are_syllables_with_word_starts() -> None:
    pieces = units("MS의 지분")
    assert [p.key for p in pieces] == ["ms", "의", "지", "분"]
    assert [p.word_start for p in pieces] == [True, True, True, False]


def test_jamo_makes_a_mistyped_vowel_one_letter() -> None:
    assert len(jamo("앤트로픽")) == len(jamo("엔트로픽"))
    assert sum(a != b for a, b in zip(jamo("앤트로픽"), jamo("엔트로픽"), strict=True)) == 1
