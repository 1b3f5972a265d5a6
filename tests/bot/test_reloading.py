import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from bot.reloading import ReloadingKnowledge
from handlers.models import Asker
from handlers.service import FundingBot
from knowledge.loader import DEFAULT_DIR

ARTICLE = "articles/chosunbiz-2024-09-02-ai-funding.toml"
CLI = Asker(platform="cli")


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_good_edit_is_served_after_reload(knowledge_dir: Path) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    bot = FundingBot(knowledge)
    rewrite(
        knowledge_dir / ARTICLE,
        "Amazon plans to upgrade its voice assistant Alexa",
        "Amazon intends to upgrade its voice assistant Alexa",
    )
    assert knowledge.changed()
    assert knowledge.reload()
    assert "intends to upgrade" in bot.ask("when does the claude alexa launch", asker=CLI).text


def test_a_broken_edit_keeps_the_previous_knowledge_and_logs_why(
    knowledge_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    before = knowledge.current()
    rewrite(knowledge_dir / ARTICLE, 'topics = ["loss"]', 'topics = ["losss"]')
    with caplog.at_level(logging.ERROR):
        assert not knowledge.reload()
    assert knowledge.current() is before
    (record,) = [r for r in caplog.records if "reload failed" in r.getMessage()]
    problems = record.__dict__["fields"]["problems"]
    assert any("fact openai-loss-2024: topics.0: unknown concept 'losss'" in p for p in problems)


async def test_the_watcher_picks_up_changes_without_a_restart(knowledge_dir: Path) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    before = knowledge.current()
    watcher = asyncio.create_task(knowledge.watch(interval=0.01))
    rewrite(knowledge_dir / ARTICLE, "Alexa is the voice assistant", "Alexa is the smart assistant")
    for _ in range(500):
        if knowledge.current() is not before:
            break
        await asyncio.sleep(0.01)
    watcher.cancel()
    assert knowledge.current() is not before
