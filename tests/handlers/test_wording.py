"""Korean particles chosen by how the word before them is read."""

from __future__ import annotations

import pytest

from handlers.wording import subject_particle


@pytest.mark.parametrize(
    ("word", "particle"),
    [
        ("로이터", "가"),
        ("뉴욕타임스", "가"),
        ("블룸버그", "가"),
        ("월스트리트저널", "이"),
        ("월스트리트저널(WSJ)", "이"),  # the gloss in brackets is not read
        ("WSJ", "가"),  # 제이
        ("CNN", "이"),  # 엔
        ("2023년", "이"),
        ("10", "이"),
        ("2", "가"),
    ],
)
def test_the_subject_particle_follows_the_last_sound(word: str, particle: str) -> None:
    assert subject_particle(word) == particle
