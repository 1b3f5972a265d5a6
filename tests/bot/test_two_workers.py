"""Two `funding-bot slack --http` processes on one real Redis behave as one bot.

Each worker is the real command in its own process, talking to a local fake Slack Web API;
the test signs requests as Slack does and sends them to one worker or the other.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from handlers.messages import messages_for
from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack
from tests.bot.slack.slack_requests import (
    CHANNEL_ID,
    SIGNING_SECRET,
    event_callback,
    mention_event,
    signed_headers,
    slash_command,
)
from tests.redis_server import free_port

READY_SECONDS = 30.0
STOP_SECONDS = 15.0
PER_MINUTE = 2
QUESTION = "mistral valuation"


@dataclass(frozen=True)
class Worker:
    url: str
    process: asyncio.subprocess.Process
    log: Path


def worker_command(port: int, *extra: str) -> list[str]:
    script = Path(sys.executable).parent / "funding-bot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    return [*command, "slack", "--http", "--port", str(port), *extra]


def worker_environment(redis_url: str, fake: FakeSlack, directory: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return {
        **keep,
        "REDIS_URL": redis_url,
        "SLACK_API_URL": fake.api_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
        "CURATION_DB": str(directory / "curation.sqlite3"),
        "HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


async def start_worker(environment: dict[str, str], log: Path, *extra: str) -> Worker:
    port = free_port()
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *worker_command(port, *extra),
            env=environment,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
    return Worker(f"http://127.0.0.1:{port}", process, log)


async def wait_until_healthy(http: aiohttp.ClientSession, worker: Worker) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_SECONDS
    while loop.time() < deadline and worker.process.returncode is None:
        try:
            async with http.get(f"{worker.url}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"worker never became healthy:\n{worker.log.read_text()}")


async def stop(worker: Worker) -> None:
    if worker.process.returncode is None:
        worker.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(worker.process.wait(), STOP_SECONDS)
        except TimeoutError:
            worker.process.kill()
            await worker.process.wait()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def fresh_redis(redis_url: str) -> AsyncIterator[Redis]:
    raw = Redis.from_url(redis_url, decode_responses=True)
    await raw.flushdb()
    yield raw
    await raw.aclose()


@pytest.fixture
async def workers(
    redis_url: str,
    fresh_redis: Redis,
    fake_slack: FakeSlack,
    http: aiohttp.ClientSession,
    tmp_path: Path,
) -> AsyncIterator[list[Worker]]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    environment = worker_environment(redis_url, fake_slack, tmp_path)
    started = [await start_worker(environment, tmp_path / f"worker-{i}.log") for i in range(2)]
    try:
        for worker in started:
            await wait_until_healthy(http, worker)
        yield started
    finally:
        await asyncio.gather(*(stop(worker) for worker in started))
    for worker in started:
        assert worker.process.returncode == 0, worker.log.read_text()
        assert " ERROR " not in worker.log.read_text()


async def send(http: aiohttp.ClientSession, worker: Worker, body: str, **headers: Any) -> str:
    signed = signed_headers(body, **headers)
    async with http.post(f"{worker.url}/slack/events", data=body, headers=signed) as response:
        assert response.status == 200
        return await response.text()


async def deliver(
    http: aiohttp.ClientSession, worker: Worker, event: dict[str, Any], event_id: str
) -> None:
    body = event_callback(event, event_id=event_id)
    await send(http, worker, body, content_type="application/json")


async def settled_posts(fake: FakeSlack, count: int) -> list[dict[str, Any]]:
    """chat.postMessage calls once `count` arrived and, half a second later, no more did."""
    await fake.wait_for_call("chat.postMessage", count)
    await asyncio.sleep(0.5)
    return fake.calls_to("chat.postMessage")


async def test_one_event_sent_to_both_workers_is_answered_once(
    http: aiohttp.ClientSession, workers: list[Worker], fake_slack: FakeSlack
) -> None:
    event = mention_event(QUESTION, ts="900.001")
    await asyncio.gather(*(deliver(http, worker, event, "EvBoth") for worker in workers))
    # Slack redelivers it after a while, to either worker: still answered once.
    await deliver(http, workers[1], event, "EvBoth")

    [post] = await settled_posts(fake_slack, 1)
    assert post["channel"] == CHANNEL_ID
    assert post["thread_ts"] == "900.001"
    assert "5.8" in post["text"]


async def test_the_rate_limit_holds_across_workers(
    http: aiohttp.ClientSession, workers: list[Worker], fake_slack: FakeSlack
) -> None:
    body = slash_command(QUESTION, response_url=fake_slack.response_url(), user_id="ULIMITED")
    replies = [await send(http, workers[i % 2], body) for i in range(PER_MINUTE + 1)]

    assert ["5.8" in reply for reply in replies] == [True] * PER_MINUTE + [False]
    assert messages_for("en").rate_limited.format(seconds=60) in replies[-1]


async def test_a_thread_follow_up_on_the_other_worker_continues_the_conversation(
    http: aiohttp.ClientSession, workers: list[Worker], fake_slack: FakeSlack, fresh_redis: Redis
) -> None:
    key = f"funding-bot:conversation:slack:{TEAM_ID}:{CHANNEL_ID}:910.000"
    # Context as the first turn keeps it (its content is the core's business).
    await fresh_redis.set(key, "context of the first turn", px=2000)
    await deliver(http, workers[0], mention_event(QUESTION, ts="910.000"), "EvTurn1")
    await fake_slack.wait_for_call("chat.postMessage", 1)
    after_first = await fresh_redis.pttl(key)
    # The follow-up goes to the other worker, in the same thread.
    await fresh_redis.pexpire(key, 2000)
    follow_up = mention_event("and openai?", ts="910.500", thread_ts="910.000")
    await deliver(http, workers[1], follow_up, "EvTurn2")
    posts = await settled_posts(fake_slack, 2)

    # Each worker read the thread's context from Redis and kept it for the next turn.
    assert after_first > 60_000
    assert await fresh_redis.pttl(key) > 60_000
    assert await fresh_redis.get(key) is not None
    assert [post["thread_ts"] for post in posts] == ["910.000", "910.000"]


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid`, from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


async def test_workers_flag_runs_n_processes_on_one_port_and_stops_them(
    redis_url: str,
    fresh_redis: Redis,
    fake_slack: FakeSlack,
    http: aiohttp.ClientSession,
    tmp_path: Path,
) -> None:
    environment = worker_environment(redis_url, fake_slack, tmp_path)
    parent = await start_worker(environment, tmp_path / "parent.log", "--workers", "3")
    try:
        await wait_until_healthy(http, parent)
        # Every worker binds the port before it is healthy; give the last ones a moment.
        for _ in range(50):
            if len(children_of(parent.process.pid)) == 3:
                break
            await asyncio.sleep(0.1)
        workers = children_of(parent.process.pid)
        event = mention_event(QUESTION, ts="920.001")
        await asyncio.gather(*(deliver(http, parent, event, "EvMany") for _ in range(6)))
        posts = await settled_posts(fake_slack, 1)
    finally:
        await stop(parent)

    assert len(workers) == 3
    assert len(posts) == 1
    assert parent.process.returncode == 0, parent.log.read_text()
    assert [pid for pid in workers if alive(pid)] == []


async def test_workers_need_a_shared_store(tmp_path: Path, fake_slack: FakeSlack) -> None:
    environment = worker_environment("redis://unused", fake_slack, tmp_path)
    del environment["REDIS_URL"]
    process = await asyncio.create_subprocess_exec(
        *worker_command(free_port(), "--workers", "2"),
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), READY_SECONDS)
    assert process.returncode == 2
    assert stderr.decode().strip() == (
        "funding-bot: configuration error: REDIS_URL is not set "
        "(--workers needs a store the workers share)"
    )
