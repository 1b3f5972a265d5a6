import asyncio
import logging
import shutil
from collections.abc import Callable
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


def keep_facts(path: Path, count: int) -> None:
    """Cut an article file after its first `count` facts (still valid TOML)."""
    text = path.read_text(encoding="utf-8")
    starts = [i for i in range(len(text)) if text.startswith("[[facts]]", i)]
    path.write_text(text[: starts[count]], encoding="utf-8")


async def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


async def test_a_file_still_being_written_is_not_loaded_half_way(
    knowledge_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    before = knowledge.current()
    article = knowledge_dir / ARTICLE
    full = article.read_text(encoding="utf-8").replace(
        "Alexa is the voice assistant", "Alexa is the smart assistant"
    )
    watcher = asyncio.create_task(knowledge.watch(interval=0.05))
    with caplog.at_level(logging.ERROR):
        # A slow writer: a piece every 30 ms, cut mid-fact each time, then the rest.
        step = len(full) // 10
        for end in range(step, len(full), step):
            article.write_text(full[:end], encoding="utf-8")
            await asyncio.sleep(0.03)
        article.write_text(full, encoding="utf-8")
        await wait_for(lambda: knowledge.current() is not before)
    watcher.cancel()
    assert not [r for r in caplog.records if "reload failed" in r.getMessage()]


async def test_a_watched_reload_that_loses_most_facts_is_refused_but_sighup_forces_it(
    knowledge_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    before = knowledge.current()
    keep_facts(knowledge_dir / ARTICLE, 3)
    watcher = asyncio.create_task(knowledge.watch(interval=0.02))
    with caplog.at_level(logging.ERROR):
        await wait_for(lambda: any("refused" in r.getMessage() for r in caplog.records))
    assert knowledge.current() is before
    (record,) = [r for r in caplog.records if "refused" in r.getMessage()]
    assert record.__dict__["fields"] == {"facts_before": len(before.facts), "facts_after": 3}
    knowledge.request_reload()  # what SIGHUP calls
    await wait_for(lambda: knowledge.current() is not before)
    watcher.cancel()
    assert len(knowledge.current().facts) == 3


async def test_reloading_does_not_block_the_event_loop(knowledge_dir: Path) -> None:
    knowledge = ReloadingKnowledge(knowledge_dir)
    turns = 0

    async def tick() -> None:
        nonlocal turns
        while True:
            await asyncio.sleep(0)
            turns += 1

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0)
    before = turns
    # Loading on the event loop would leave the ticker no turn until it is done.
    assert await knowledge.reload_in_background(forced=False)
    ticker.cancel()
    assert turns > before + 1
