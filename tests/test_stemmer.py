"""The compiled stemmer (PyStemmer) stems exactly as the pure-Python one would."""

from __future__ import annotations

import re

import snowballstemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from handlers.text import stem
from knowledge.loader import DEFAULT_DIR


def test_the_compiled_stemmer_is_in_use() -> None:
    assert type(snowballstemmer.stemmer("english")).__module__ == "Stemmer"


def test_it_stems_every_word_of_the_knowledge_as_the_pure_python_one() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in DEFAULT_DIR.rglob("*.toml"))
    words = {word.lower() for word in re.findall(r"[A-Za-z][a-z0-9]*", text)}
    words |= {"investing", "invested", "investments", "valuations", "generously", "relational"}
    reference = EnglishStemmer()
    assert len(words) > 500
    assert [stem(word) for word in sorted(words)] == [
        reference.stemWord(word) for word in sorted(words)
    ]
