import logging
import sqlite3
from pathlib import Path

import pytest

from bot.bootstrap import StaticKnowledge
from bot.cli import main
from bot.journal import SqliteJournal, UnansweredRow
from bot.report import group_questions, render_report
from handlers.models import Asker
from handlers.service import FundingBot
from knowledge.loader import load_knowledge

SLACK = Asker(platform="slack", user_id="U1")


def bot_with(journal: SqliteJournal) -> FundingBot:
    return FundingBot(StaticKnowledge(load_knowledge()), journal=journal)


def test_unanswered_questions_are_recorded_and_answered_ones_are_not(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "curation.sqlite3")
    bot = bot_with(journal)
    bot.ask("How much did Google invest in Anthropic?", asker=SLACK)
    bot.ask("mistral valuation", asker=SLACK)
    rows = journal.unanswered()
    assert [row.question for row in rows] == ["How much did Google invest in Anthropic?"]
    assert rows[0].platform == "slack"
    assert rows[0].language == "en"
    assert rows[0].nearest_fact is not None


def test_an_unwritable_journal_logs_a_warning_and_answering_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where a directory should be", encoding="utf-8")
    journal = SqliteJournal(blocked / "curation.sqlite3")
    bot = bot_with(journal)
    with caplog.at_level(logging.WARNING):
        first = bot.ask("What is xAI worth?", asker=SLACK)
        second = bot.ask("What is xAI worth?", asker=SLACK)
        journal.flush()
    assert not first.answered
    assert first.text == second.text
    warnings = [r for r in caplog.records if "journal unavailable" in r.getMessage()]
    assert len(warnings) == 1


def test_feedback_is_recorded_and_the_report_lists_disliked_facts(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "curation.sqlite3")
    bot = bot_with(journal)
    for _ in range(3):
        bot.ask("anthropic ceo?", asker=SLACK)
    bot.ask("who runs anthropic ceo", asker=SLACK)
    bot.ask("What's Tesla's AI budget?", asker=SLACK)
    bot.record_feedback(("mistral-valuation",), helpful=False, asker=SLACK)
    bot.record_feedback(("mistral-valuation",), helpful=True, asker=SLACK)
    bot.record_feedback(("openai-loss-2024",), helpful=True, asker=SLACK)
    report = render_report(journal, load_knowledge())
    lines = report.splitlines()
    assert lines[1].lstrip().startswith("4 ×")
    assert "nearest fact:" in report
    assert "mistral-valuation: 1 👎, 1 👍" in report
    assert "openai-loss-2024" not in report


def test_similar_questions_are_grouped() -> None:
    rows = [
        ("anthropic valuation?", None),
        ("Anthropic valuation", None),
        ("tesla ai budget", None),
    ]
    groups = group_questions(
        [UnansweredRow(q, "en", "slack", "not_found", fact) for q, fact in rows]
    )
    assert [len(g.rows) for g in groups] == [2, 1]


def test_the_journal_schema_is_plain_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "curation.sqlite3"
    journal = SqliteJournal(path)
    bot_with(journal).ask("삼성전자 주가", asker=SLACK)
    journal.close()
    with sqlite3.connect(path) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM questions").fetchone()
    assert count == 1


def test_report_on_a_missing_or_corrupted_journal_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite3"
    monkeypatch.setenv("CURATION_DB", str(missing))
    assert main(["report"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"funding-bot: no curation journal at {missing} (nothing recorded yet)"
    corrupted = tmp_path / "corrupted.sqlite3"
    corrupted.write_bytes(b"this is not an SQLite database" * 100)
    monkeypatch.setenv("CURATION_DB", str(corrupted))
    assert main(["report"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "cannot read the curation journal" in err
    assert "Traceback" not in err


def test_a_journal_failure_is_logged_again_after_a_recovery(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = SqliteJournal(path)
    asker = Asker(platform="slack", user_id="U1")
    with caplog.at_level(logging.INFO, logger="funding_bot.journal"):
        path.mkdir()  # a directory where the file should be: the journal cannot open it
        journal.record_feedback(("f1",), helpful=False, asker=asker)
        journal.flush()
        path.rmdir()
        journal.record_feedback(("f1",), helpful=False, asker=asker)
        journal.flush()
        journal.close()
        path.unlink()
        path.mkdir()
        journal.record_feedback(("f1",), helpful=False, asker=asker)
        journal.flush()
        journal.close()
    messages = [r.getMessage() for r in caplog.records]
    assert messages.count("curation journal unavailable, answering goes on without it") == 2
    assert "curation journal writable again" in messages


def test_writes_arriving_together_are_all_kept_in_order(tmp_path: Path) -> None:
    # The writer gathers what arrives within its batch window and writes it in one go.
    journal = SqliteJournal(tmp_path / "curation.sqlite3")
    asker = Asker(platform="slack", user_id="U1")
    for number in range(250):
        journal.record_feedback((f"fact-{number}",), helpful=number % 2 == 0, asker=asker)
    journal.flush()
    for number in range(250, 300):
        journal.record_feedback((f"fact-{number}",), helpful=False, asker=asker)
    journal.close()
    with sqlite3.connect(tmp_path / "curation.sqlite3") as connection:
        rows = connection.execute("SELECT fact_id, helpful FROM feedback ORDER BY id").fetchall()
    assert [fact for fact, _ in rows] == [f"fact-{number}" for number in range(300)]
    assert [helpful for _, helpful in rows[:4]] == [1, 0, 1, 0]
