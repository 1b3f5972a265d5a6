import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[2]


def run_cli(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_ask_json_prints_one_object_per_input_line_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = ["mistral valuation", "", "구글이 앤트로픽에 투자한 돈은?", "\x00\x01", "MS 지분"]
    status, out, _ = run_cli(["ask", "--json"], "\n".join(questions) + "\n", monkeypatch, capsys)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["question"] for row in rows] == questions
    first = rows[0]
    assert set(first) >= {
        "question",
        "answered",
        "text",
        "language",
        "sources",
        "confidence",
        "fact_ids",
    }
    assert first["answered"] is True
    assert 0 <= first["confidence"] <= 1
    source = first["sources"][0]
    assert source["outlet"] == "Chosun Biz"
    assert source["published"] == "2024-09-02"
    assert {"title", "via", "quote"} <= set(source)
    assert rows[2]["answered"] is False
    assert rows[2]["language"] == "ko"
    assert rows[4]["fact_ids"] == ["microsoft-openai-stake"]


def test_ask_with_a_question_prints_the_answer_for_a_person(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(["ask", "openai", "valuation"], "", monkeypatch, capsys)
    assert status == 0
    assert "$100 billion" in out
    assert "Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02" in out


def test_knowledge_check_reports_ok_and_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run_cli(["knowledge", "check"], "", monkeypatch, capsys)
    assert status == 0
    assert out.startswith("ok:")
    broken = tmp_path / "articles" / "bad.toml"
    broken.parent.mkdir()
    broken.write_text("[article]\nid = 'x'\n", encoding="utf-8")
    status, _, err = run_cli(["knowledge", "check", str(broken)], "", monkeypatch, capsys)
    assert status == 2
    assert "bad.toml" in err
    assert "article file: facts: Field required" in err


def test_a_broken_knowledge_dir_stops_start_up_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path))
    status, out, err = run_cli(["ask", "hi"], "", monkeypatch, capsys)
    assert status == 2
    assert out == ""
    assert "no article files" in err
    assert "Traceback" not in err


def test_terminal_chat_through_a_pipe() -> None:
    session = "아마존이 앤트로픽에 투자한 돈 다 합치면?\nhelp\nquit\nnever read\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input=session,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "40억달러" in result.stdout
    assert "출처: 조선비즈 전효진 기자, 2024-09-02" in result.stdout
    assert "Companies:" in result.stdout
    assert result.stdout.rstrip().endswith("Bye.")


def test_ask_imports_no_chat_platform_client_nor_the_serving_code() -> None:
    # Start-up time: a one-shot question pays only for what answering needs.
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "status = main(['ask', 'openai valuation'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    unset = ("REDIS_URL", "SLACK_BOT_TOKEN", "DISCORD_TOKEN")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1].replace("'", '"')))
    assert "OpenAI" in result.stdout
    unneeded = {"slack_bolt", "slack_sdk", "discord", "aiohttp", "redis", "sqlite3"}
    assert not loaded & {*unneeded, "pydantic_settings"}
