import io
import re
import shutil
import sys
import tomllib
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

import pytest

from bot.cli import main
from bot.evaluation import (
    Question,
    QuestionFileError,
    judge,
    language_ok,
    load_questions,
    question_files,
)
from handlers.models import Answer, AnswerKind, SourceRef
from knowledge.loader import DEFAULT_DIR

REPO = Path(__file__).resolve().parents[2]
SCORE = re.compile(
    r"^SCORE accuracy=(\d\.\d{3}) oos_rejection=(\d\.\d{3}) confidently_wrong=(\d+) "
    r"language_mismatch=(\d+) unsourced=(\d+)$"
)


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_shipped_questions_score_above_their_thresholds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Measured: accuracy=0.974 oos_rejection=1.000 confidently_wrong=0 (49 questions).
    args = ["knowledge", "test", "--min-accuracy", "0.92", "--max-wrong", "2", "--min-oos", "0.95"]
    status, out, _ = run(args, monkeypatch, capsys)
    assert status == 0, out
    score = SCORE.match(out.splitlines()[-1])
    assert score is not None, out
    assert int(score.group(4)) == 0  # language mismatches
    assert int(score.group(5)) == 0  # unsourced answers
    assert "answerable: correct" in out
    assert "  oos      " in out


def test_a_missed_threshold_fails_and_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, knowledge)
    # One question the article cannot answer, written as if it could: a certain miss.
    extra = knowledge / "articles" / "extra.questions.jsonl"
    extra.write_text(
        '{"id": "x-1", "lang": "en", "q": "What is the weather in Paris?", '
        '"answerable": true, "must": [["sunny"]]}\n',
        encoding="utf-8",
    )
    args = ["knowledge", "test", str(knowledge), "--min-accuracy", "1.0", "--show-failures"]
    status, out, _ = run(args, monkeypatch, capsys)
    assert status == 1
    assert re.search(r"FAIL: accuracy 0\.\d{3} is below 1\.000", out)
    assert "[missed] x-1 What is the weather in Paris?" in out


def test_the_shipped_question_file_is_packaged() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["knowledge"]
    shipped = [p.relative_to(DEFAULT_DIR.parent).as_posix() for p in DEFAULT_DIR.rglob("*.*")]
    assert any(name.endswith(".questions.jsonl") for name in shipped)
    for name in shipped:
        assert any(fnmatch(name, pattern) for pattern in patterns), name


def write_questions(root: Path, lines: list[str]) -> Path:
    shutil.copytree(DEFAULT_DIR, root)
    for old in question_files(root):
        old.unlink()
    path = root / "articles" / "extra.questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_question_files_are_validated_by_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_questions(
        tmp_path / "kb",
        [
            '{"id": "a", "lang": "ko", "q": "x", "answerable": true, "must": [["(unclosed"]]}',
            '{"id": "b", "lang": "fr", "q": "x", "answerable": false}',
            "not json",
            '{"id": "a", "lang": "en", "turns": []}',
        ],
    )
    with pytest.raises(QuestionFileError) as caught:
        load_questions([path])
    problems = caught.value.problems
    assert problems[0].startswith(f"{path}:1: must: '(unclosed' is not a regular expression")
    assert problems[1].startswith(f"{path}:2: lang: Input should be 'ko' or 'en'")
    assert problems[2].startswith(f"{path}:3: not JSON")
    assert problems[3].startswith(f"{path}:4: turns: Tuple should have at least 1 item")
    status, _, err = run(["knowledge", "test", str(tmp_path / "kb")], monkeypatch, capsys)
    assert status == 2
    assert "extra.questions.jsonl:2: lang" in err


def test_conversations_keep_context_and_are_tagged_followup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_questions(
        tmp_path / "kb",
        [
            '{"id": "c", "lang": "en", "tags": ["t"], "turns": ['
            '{"q": "How much has Amazon invested in Anthropic in total?", "answerable": true,'
            ' "must": [["\\\\$4 billion"]]},'
            '{"q": "and in March?", "answerable": true, "must": [["2\\\\.75"]]}]}',
            '{"id": "s", "lang": "ko", "q": "and in March?", "answerable": false}',
        ],
    )
    questions = load_questions(question_files(tmp_path / "kb"))
    assert [q.id for q in questions] == ["c.1", "c.2", "s"]
    assert questions[1].tags == ("t", "followup")
    assert questions[0].conversation == questions[1].conversation == "extra.questions.jsonl:c"
    status, out, _ = run(["knowledge", "test", str(tmp_path / "kb")], monkeypatch, capsys)
    assert status == 0
    assert "answerable: correct 2/2" in out
    assert "  followup 1/1" in out


def test_no_question_files_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_questions(tmp_path / "kb", []).unlink()
    status, out, _ = run(["knowledge", "test", str(tmp_path / "kb")], monkeypatch, capsys)
    assert status == 2
    assert "no question files" in out


def answer(text: str, *, answered: bool = True, language: str = "en") -> Answer:
    source = SourceRef(outlet="Chosun Biz", published=date(2024, 9, 2), title="t", quote="q")
    return Answer(
        question="q",
        kind=AnswerKind.ANSWER if answered else AnswerKind.NOT_FOUND,
        language="ko" if language == "ko" else "en",
        text=text,
        sources=(source,) if answered else (),
    )


def question(*, answerable: bool = True, lang: str = "en") -> Question:
    return Question(
        id="x",
        lang="ko" if lang == "ko" else "en",
        tags=(),
        q="q",
        answerable=answerable,
        must=((r"\$4 billion", "40억달러"), ("AWS",)),
    )


def test_judging_follows_the_development_scorer() -> None:
    assert judge(question(), answer("$4 billion via AWS")).verdict == "correct"
    assert judge(question(), answer("$4 billion")).verdict == "wrong"
    assert judge(question(), answer("no", answered=False)).verdict == "missed"
    assert judge(question(answerable=False), answer("no", answered=False)).verdict == "rejected"
    assert judge(question(answerable=False), answer("$4 billion")).verdict == "false_answer"
    assert judge(question(), answer("$4 billion via AWS")).sourced


def test_the_reply_language_is_checked_by_its_letters() -> None:
    assert language_ok("ko", "ko", "아마존은 AWS를 통해 40억달러를 투자했습니다.")
    assert not language_ok("ko", "ko", "Amazon invested via AWS 투자")
    assert not language_ok("en", "ko", "Amazon invested $4 billion")
    assert language_ok("en", "en", "Amazon (아마존) invested $4 billion in Anthropic")
