"""Replies in flight at shutdown: waited for, and those abandoned are logged."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.slack.background import DRAIN_SECONDS, BackgroundTasks


def test_the_drain_honours_the_documented_grace_period() -> None:
    assert DRAIN_SECONDS == 30.0


async def test_replies_still_running_after_the_grace_period_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    background = BackgroundTasks()
    finished: list[str] = []

    async def reply(seconds: float, name: str) -> None:
        await asyncio.sleep(seconds)
        finished.append(name)

    background.spawn(reply(0.01, "quick"))
    background.spawn(reply(60, "stuck"))
    with caplog.at_level(logging.WARNING, logger="funding_bot.slack"):
        await background.drain(0.2)
    assert finished == ["quick"]
    (record,) = [r for r in caplog.records if "abandoned" in r.getMessage()]
    assert record.__dict__["fields"] == {"abandoned": 1, "grace_seconds": 0.2}
