"""Answers depend on the knowledge and the question only, never on the hash seed (set order)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from knowledge.loader import DEFAULT_DIR
from tests.handlers import synthetic

QUESTIONS = [
    "How much did Orbis raise between June and July?",
    "What did Voltaic put into Orbis between January and March?",
    "Voltaic's March investment and Kestrel's 2023 one combined?",
    "List every company Kestrel has invested in",
    "Who led the Nimbus round, how large was it, and at what valuation?",
    "오르비스 6월에 얼마 유치했어?",
]


def _answers(knowledge: Path, seed: int, questions: list[str] = QUESTIONS) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "KNOWLEDGE_DIR": str(knowledge)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_answers_are_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    knowledge = synthetic.build(tmp_path / "knowledge")
    first = _answers(knowledge, 0)
    assert first.count("\n") == len(QUESTIONS)
    for seed in range(1, 8):
        assert _answers(knowledge, seed) == first


def test_the_shipped_questions_get_the_same_answers_whatever_the_hash_seed() -> None:
    rows = [
        json.loads(line)
        for path in sorted((DEFAULT_DIR / "articles").glob("*.questions.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions = [turn["q"] for row in rows for turn in row.get("turns", [row])]
    first = _answers(DEFAULT_DIR, 0, questions)
    for seed in (1, 2):
        assert _answers(DEFAULT_DIR, seed, questions) == first
