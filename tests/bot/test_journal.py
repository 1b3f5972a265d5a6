import logging
import sqlite3
from pathlib import Path

import pytest

from bot.bootstrap import StaticKnowledge
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
