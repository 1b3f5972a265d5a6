"""The deployed process: `funding-bot run` against a local fake Slack, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import (
    SIGNING_SECRET,
    event_callback,
    mention_event,
    signed_headers,
    slash_command,
)

REPO = Path(__file__).resolve().parents[2]
SLOW_POST_SECONDS = 1.5


class SlowFakeSlack(FakeSlack):
    """Answers chat.postMessage only after a pause, so a reply is still in flight on SIGTERM."""

    def __init__(self, delay: float = SLOW_POST_SECONDS) -> None:
        super().__init__()
        self.delay = delay
        self.post_started = asyncio.Event()
        self.posts_finished = 0

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] != "chat.postMessage":
            return await super()._api(request)
        self.post_started.set()
        await asyncio.sleep(self.delay)
        response = await super()._api(request)
        self.posts_finished += 1
        return response


@pytest.fixture
async def slow_slack() -> AsyncIterator[SlowFakeSlack]:
    fake = SlowFakeSlack()
    await fake.start()
    yield fake
    await fake.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_bot(
    fake: FakeSlack, tmp_path: Path, **extra: str
) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "CURATION_DB": str(tmp_path / "curation.sqlite3"),
        "LOG_FORMAT": "json",
        **extra,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            try:
                async with session.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return process, base
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    process.kill()
    raise AssertionError("funding-bot run never became healthy")


async def test_sigterm_lets_the_answer_in_flight_finish_then_exits_0(
    slow_slack: SlowFakeSlack, tmp_path: Path
) -> None:
    process, base = await start_bot(slow_slack, tmp_path)
    body = event_callback(mention_event("<@UBOT0001> mistral valuation"), event_id="Ev1")
    async with aiohttp.ClientSession() as session:
        headers = signed_headers(body, content_type="application/json")
        async with session.post(f"{base}/slack/events", data=body, headers=headers) as response:
            assert response.status == 200
    await asyncio.wait_for(slow_slack.post_started.wait(), 10)
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert slow_slack.posts_finished == 1
    (post,) = slow_slack.calls_to("chat.postMessage")
    assert "5.8" in str(post)


async def test_sigterm_waits_for_a_reply_slower_than_five_seconds(tmp_path: Path) -> None:
    """The README promises 30 s for answers in flight; the drain used to give up after 5."""
    slow = SlowFakeSlack(delay=6.5)
    await slow.start()
    try:
        process, base = await start_bot(slow, tmp_path)
        body = event_callback(mention_event("<@UBOT0001> mistral valuation"), event_id="Ev2")
        async with aiohttp.ClientSession() as session:
            headers = signed_headers(body, content_type="application/json")
            async with session.post(f"{base}/slack/events", data=body, headers=headers) as reply:
                assert reply.status == 200
        await asyncio.wait_for(slow.post_started.wait(), 10)
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 40)
    finally:
        await slow.close()
    assert process.returncode == 0, stderr.decode()
    assert slow.posts_finished == 1
    assert b"abandoned" not in stderr


async def test_one_json_log_line_per_question_without_secrets(
    slow_slack: SlowFakeSlack, tmp_path: Path
) -> None:
    process, base = await start_bot(slow_slack, tmp_path, LOG_QUESTIONS="false")
    body = slash_command("openai valuation", response_url=slow_slack.response_url())
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{base}/slack/events", data=body, headers=signed_headers(body)) as response,
    ):
        assert response.status == 200
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    questions = [line for line in lines if line["event"] == "question"]
    assert len(questions) == 1
    (question,) = questions
    assert question["platform"] == "slack"
    assert question["answered"] is True
    assert question["fact_ids"] == ["openai-round-valuation"]
    assert {"language", "latency_ms", "confidence"} <= set(question)
    assert "question" not in question
    assert "xoxb-test-token" not in log
    assert SIGNING_SECRET not in log
