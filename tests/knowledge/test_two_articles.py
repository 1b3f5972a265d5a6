"""The second article, curated from the README's guide alone into tests/fixtures/two-articles,
loaded beside the first: every check passes, its questions score above their thresholds, and
nothing about the first article changes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from handlers.answering import answer_in_context, compose_answer
from handlers.models import AnswerKind
from knowledge.loader import DEFAULT_DIR, load_knowledge

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "two-articles"
SECOND = "fixture-2024-10-15"


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = main(args)
    return status, capsys.readouterr().out


def test_the_fixture_passes_every_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(["knowledge", "check", str(FIXTURE)], monkeypatch, capsys)
    assert status == 0
    assert out.startswith("ok: 2 article(s)")


@pytest.mark.parametrize(
    "selection",
    [
        ["--exclude-tag", SECOND],  # the first article's questions, both articles loaded
        [],  # everything
    ],
)
def test_the_questions_score_above_their_thresholds(
    selection: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured: accuracy 1.000, no confidently wrong answer, every out-of-scope one declined.
    thresholds = ["--min-accuracy", "0.95", "--max-wrong", "1", "--min-oos", "0.95"]
    args = ["knowledge", "test", str(FIXTURE), *selection, *thresholds, "--show-failures"]
    status, out = run(args, monkeypatch, capsys)
    assert status == 0, out


def test_loading_both_changes_no_answer_about_the_first() -> None:
    alone, both = load_knowledge(DEFAULT_DIR), load_knowledge(FIXTURE)
    questions = [item.fact.example.in_(lang) for item in alone.facts for lang in ("ko", "en")]
    shipped = DEFAULT_DIR / "articles" / "chosunbiz-2024-09-02-ai-funding.questions.jsonl"
    for line in shipped.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        questions += [turn["q"] for turn in row["turns"]] if "turns" in row else [row["q"]]
    about_articles = {item.fact.id for item in alone.facts if item.fact.kind == "article"}
    for question in questions:
        before, after = compose_answer(alone, question), compose_answer(both, question)
        if set(before.fact_ids) & about_articles:
            continue  # "where is this from?" rightly lists both articles now
        assert (after.kind, after.fact_ids) == (before.kind, before.fact_ids), question
        if before.answered:
            assert after.text == before.text, question


@pytest.mark.parametrize("suffix", [".toml", ".ko.txt", ".questions.jsonl"])
def test_the_fixture_holds_the_shipped_first_article_unchanged(suffix: str) -> None:
    name = f"chosunbiz-2024-09-02-ai-funding{suffix}"
    assert (FIXTURE / "articles" / name).read_bytes() == (
        DEFAULT_DIR / "articles" / name
    ).read_bytes()


def test_its_size_after_who_leads_a_round_is_that_round_s_or_nothing() -> None:
    # The OpenAI round's lead statement has no size; its company's other figures (Microsoft's
    # total, OpenAI's loss) are no answer to "규모는?".
    kb = load_knowledge(FIXTURE)
    context = None
    for question in ("오픈AI 기업가치?", "누가 주도해?"):
        _, context = answer_in_context(kb, question, context)
    size, _ = answer_in_context(kb, "규모는?", context)
    assert size.kind is AnswerKind.NOT_FOUND
