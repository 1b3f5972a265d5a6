"""Slack HTTP mode under load, as deployed, beside a minimal bolt app; then two workers.

    .venv/bin/python benchmarks/slack_http.py [--requests 1500] [--concurrency 50] [--events 200]

Servers, each the real command in its own process on 127.0.0.1:
  - `minimal bolt`: a bolt AsyncApp whose `/funding` acks a constant, on bolt's own aiohttp
    server: what any bolt app pays per request;
  - `funding-bot`: `funding-bot slack --http`, deployed configuration: LOG_LEVEL=INFO logging
    to a file, the SQLite curation journal (CURATION_DB), no Redis; RATE_LIMIT_PER_MINUTE is
    set to 1,000,000 so the load (a few hundred users) is never limited;
  - `funding-bot, Redis` and `funding-bot --workers 2, Redis`: the same with REDIS_URL to a
    `redis-server` this script starts on a free port (no persistence) and stops.
Every `/funding` request carries a question no earlier request to that server asked (the core
benchmark's generator: named, topic-only, typo'd, Korean, claims, multi-part), so the answer
cache never answers. The load generator is a separate process (this script with --load); the
server's CPU is read from /proc/<pid>/stat (every worker's, for --workers). With Redis, each
app_mention event is delivered twice at once on separate connections (the second as Slack's
retry), and the fake Web API counts chat.postMessage calls: each event must be answered once.
A local stand-in answers the Web API; nothing leaves the machine. Prints figures only, and
splits funding-bot's server CPU per request into the answering core (the mean `latency_ms` of
its log's question lines) and the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

SIGNING_SECRET = "benchmark-signing-secret-0123456789"
BOT_USER = "UBENCHBOT"
TEAM = "T0BENCH"
USERS = 500
WARM_UP = 100
SINGLE_REQUESTS = 300
READY_SECONDS = 30.0
STOP_SECONDS = 40.0
SETTLE_SECONDS = 1.0
LOAD_TIMEOUT_SECONDS = 120.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
REPO = Path(__file__).resolve().parents[1]


# --- Requests (both processes) ------------------------------------------------------------


def signed(body: str, content_type: str, **extra: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(
        SIGNING_SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": content_type,
        **extra,
    }


def command_body(question: str, index: int) -> str:
    return urlencode(
        {
            "team_id": TEAM,
            "channel_id": "C0BENCH",
            "user_id": f"U{index % USERS:06d}",
            "command": "/funding",
            "text": question,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"t{index}",
        }
    )


def mention_body(question: str, index: int) -> str:
    ts = f"1700000000.{index:06d}"
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0BENCH",
            "type": "event_callback",
            "event_id": f"Ev{index:08d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": f"U{index % USERS:06d}",
                "text": f"<@{BOT_USER}> {question}",
                "ts": ts,
                "channel": "C0EVENTS",
                "event_ts": ts,
            },
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
    )


# --- Load generator (the child process) ---------------------------------------------------


async def commands(url: str, questions: list[str], concurrency: int) -> dict[str, object]:
    import aiohttp

    latencies: list[float] = []
    answered = errors = 0
    queue = iter(enumerate(questions))

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal answered, errors
        for index, question in queue:
            body = command_body(question, index)
            started = time.perf_counter()
            try:
                headers = signed(body, "application/x-www-form-urlencoded")
                async with session.post(url, data=body, headers=headers) as response:
                    payload = await response.read()
                    ok = response.status == 200 and b'"blocks"' in payload
            except (aiohttp.ClientError, TimeoutError):
                ok = False
            latencies.append(time.perf_counter() - started)
            answered += ok
            errors += not ok

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(questions),
        "answered": answered,
        "errors": errors,
        "seconds": seconds,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


async def mentions(url: str, questions: list[str], first: int) -> dict[str, object]:
    """Each event twice at once, each delivery on its own connection (so the kernel may give
    them to different workers); the second is marked as Slack's retry."""
    import aiohttp

    statuses: Counter[int] = Counter()

    async def deliver(body: str, retry: bool) -> None:
        extra = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(connector=connector) as session:
            headers = signed(body, "application/json", **extra)
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    statuses[response.status] += 1
            except (aiohttp.ClientError, TimeoutError):
                statuses[0] += 1

    for offset, question in enumerate(questions):
        body = mention_body(question, first + offset)
        await asyncio.gather(deliver(body, False), deliver(body, True))
    return {"deliveries": sum(statuses.values()), "statuses": dict(statuses)}


def generate_load(spec: dict[str, object]) -> None:
    questions = json.loads(Path(str(spec["questions"])).read_text(encoding="utf-8"))
    url, kind = str(spec["url"]), str(spec["kind"])
    start, count = int(str(spec["start"])), int(str(spec["count"]))
    chosen = questions[start : start + count]
    before = resource.getrusage(resource.RUSAGE_SELF)
    if kind == "commands":
        result = asyncio.run(commands(url, chosen, int(str(spec["concurrency"]))))
    else:
        result = asyncio.run(mentions(url, chosen, start))
    after = resource.getrusage(resource.RUSAGE_SELF)
    # The load itself, not this process's start.
    result["client_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    print(json.dumps(result), flush=True)


# --- Minimal bolt app (a server process) --------------------------------------------------


def minimal_server(port: int, api_url: str) -> None:
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(
        client=AsyncWebClient(token="xoxb-benchmark", base_url=api_url),
        signing_secret=SIGNING_SECRET,
        # As funding-bot's app: the listener runs before the response (no polling for ack).
        process_before_response=True,
    )

    async def funding(ack: AsyncAck) -> None:
        await ack(
            text="ok", blocks=[{"type": "section", "text": {"type": "plain_text", "text": "ok"}}]
        )

    app.command("/funding")(funding)
    app.start(port=port, path="/slack/events", host="127.0.0.1")


# --- Orchestration (the parent process) ---------------------------------------------------


@dataclass
class Server:
    label: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def pids(self) -> list[int]:
        """The server process and its children (the workers of --workers)."""
        found = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        found.append(int(entry.name))
        return found

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS


@dataclass
class Level:
    server: str
    concurrency: int
    requests: int
    answered: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    client_cpu_ms_per_request: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class FakeWebApi:
    """auth.test, and chat.postMessage counted per thread."""

    def __init__(self) -> None:
        self.posts: Counter[str] = Counter()

    async def start(self) -> str:
        from aiohttp import web

        async def api(request: web.Request) -> web.StreamResponse:
            method = request.match_info["method"]
            if method == "auth.test":
                return web.json_response(
                    {"ok": True, "user_id": BOT_USER, "bot_id": "BBENCH", "team_id": TEAM}
                )
            if method == "chat.postMessage":
                raw = await request.read()
                params = (
                    json.loads(raw)
                    if request.content_type == "application/json"
                    else dict(await request.post())
                )
                self.posts[str(params.get("thread_ts"))] += 1
                return web.json_response({"ok": True, "ts": "1700000001.000001"})
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_post("/api/{method}", api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}/api/"

    async def close(self) -> None:
        await self._runner.cleanup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Redis:
    """A throw-away redis-server on a free 127.0.0.1 port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def bot_environment(api_url: str, directory: Path, redis_url: str | None) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    keep.pop("REDIS_URL", None)
    environment = {
        **keep,
        "SLACK_API_URL": api_url,
        "SLACK_BOT_TOKEN": "xoxb-benchmark",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "RATE_LIMIT_PER_MINUTE": "1000000",
        "CURATION_DB": str(directory / "curation.sqlite3"),
        "HOST": "127.0.0.1",
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "text",
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


def start_bot(label: str, api_url: str, root: Path, redis_url: str | None, workers: int) -> Server:
    directory = root / label.replace(" ", "-").replace(",", "")
    directory.mkdir()
    port = free_port()
    script = Path(sys.executable).parent / "funding-bot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    command += ["slack", "--http", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    log = directory / "bot.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=bot_environment(api_url, directory, redis_url),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Server(label, process, f"http://127.0.0.1:{port}", log)


def start_minimal(api_url: str, root: Path) -> Server:
    port = free_port()
    log = root / "minimal.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, __file__, "--minimal-server", str(port), "--api-url", api_url],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Server("minimal bolt", process, f"http://127.0.0.1:{port}", log)


async def wait_ready(server: Server) -> None:
    import aiohttp

    deadline = time.monotonic() + READY_SECONDS
    body = command_body("help", 0)
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline and server.process.poll() is None:
            headers = signed(body, "application/x-www-form-urlencoded")
            with contextlib.suppress(aiohttp.ClientError):
                url = f"{server.url}/slack/events"
                async with session.post(url, data=body, headers=headers) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{server.label} did not start:\n{server.log.read_text()[-2000:]}")


def stop(server: Server) -> int | None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    return server.process.returncode


async def load(spec: dict[str, object]) -> dict[str, object]:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--load",
        json.dumps(spec),
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await asyncio.wait_for(child.communicate(), LOAD_TIMEOUT_SECONDS)
    result: dict[str, object] = json.loads(output.decode().strip().splitlines()[-1])
    return result


async def level(server: Server, questions: Path, start: int, count: int, concurrency: int) -> Level:
    cpu_before = server.cpu_seconds()
    spec = {
        "url": f"{server.url}/slack/events",
        "questions": str(questions),
        "kind": "commands",
        "start": start,
        "count": count,
        "concurrency": concurrency,
    }
    result = await load(spec)
    cpu = server.cpu_seconds() - cpu_before
    return Level(
        server=server.label,
        concurrency=concurrency,
        requests=int(str(result["requests"])),
        answered=int(str(result["answered"])),
        errors=int(str(result["errors"])),
        seconds=float(str(result["seconds"])),
        p50_ms=float(str(result["p50_ms"])),
        p99_ms=float(str(result["p99_ms"])),
        cpu_ms_per_request=cpu * 1000 / max(1, int(str(result["requests"]))),
        client_cpu_ms_per_request=float(str(result["client_cpu_seconds"]))
        * 1000
        / max(1, int(str(result["requests"]))),
    )


@dataclass
class Exactly:
    server: str
    events: int
    deliveries: int
    statuses: dict[str, int]
    answered_once: int
    duplicates: int
    missing: int


async def exactly_once(
    server: Server, fake: FakeWebApi, questions: Path, start: int, count: int
) -> Exactly:
    fake.posts.clear()
    spec = {
        "url": f"{server.url}/slack/events",
        "questions": str(questions),
        "kind": "mentions",
        "start": start,
        "count": count,
    }
    result = await load(spec)
    for _ in range(200):  # up to 20 s for the replies still being posted
        if len(fake.posts) >= count:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(SETTLE_SECONDS)
    threads = [f"1700000000.{index:06d}" for index in range(start, start + count)]
    statuses = result["statuses"]
    return Exactly(
        server=server.label,
        events=count,
        deliveries=int(str(result["deliveries"])),
        statuses={str(k): int(v) for k, v in dict(statuses).items()}
        if isinstance(statuses, dict)
        else {},
        answered_once=sum(fake.posts[t] == 1 for t in threads),
        duplicates=sum(max(0, fake.posts[t] - 1) for t in threads),
        missing=sum(fake.posts[t] == 0 for t in threads),
    )


def answering_ms(log: str) -> float:
    """The mean time the answering core took per question, from the log's question lines."""
    times = [float(value) for value in re.findall(r" latency_ms=([0-9.]+)", log)]
    return statistics.fmean(times) if times else 0.0


def make_questions(path: Path, needed: int) -> int:
    from benchmarks.core import questions_for
    from knowledge.loader import load_knowledge

    shapes = questions_for(load_knowledge(), needed // 6 + 1, seed=11)
    # Interleave the shapes, so every stretch of requests has each of them.
    mixed = [q for group in zip(*shapes.values(), strict=False) for q in group]
    path.write_text(json.dumps(mixed, ensure_ascii=False), encoding="utf-8")
    return len(mixed)


async def benchmark(args: argparse.Namespace) -> None:
    fake = FakeWebApi()
    api_url = await fake.start()
    levels: list[Level] = []
    checks: list[Exactly] = []
    logs: dict[str, tuple[int, int, float]] = {}
    per_server = WARM_UP + SINGLE_REQUESTS + args.requests + args.events
    redis: Redis | None = None
    with tempfile.TemporaryDirectory(prefix="funding-slack-bench-") as tmp:
        root = Path(tmp)
        questions = root / "questions.json"
        available = make_questions(questions, per_server)
        print(
            f"{available:,} distinct questions; each server gets {per_server:,} of them "
            f"(never one twice)",
            flush=True,
        )
        plans: list[tuple[str, int, bool]] = [
            ("minimal bolt", 1, False),
            ("funding-bot", 1, False),
        ]
        if shutil.which("redis-server"):
            redis = Redis()
            plans += [("funding-bot, Redis", 1, True), ("funding-bot --workers 2, Redis", 2, True)]
        else:
            print("redis-server is not installed: the Redis and two-worker runs are skipped")
        try:
            for number, (label, workers, with_redis) in enumerate(plans):
                redis_url = redis.url(number) if redis and with_redis else None
                if label == "minimal bolt":
                    server = start_minimal(api_url, root)
                else:
                    server = start_bot(label, api_url, root, redis_url, workers)
                try:
                    await wait_ready(server)
                    await level(server, questions, 0, WARM_UP, 10)
                    at = WARM_UP
                    levels.append(await level(server, questions, at, SINGLE_REQUESTS, 1))
                    at += SINGLE_REQUESTS
                    levels.append(
                        await level(server, questions, at, args.requests, args.concurrency)
                    )
                    at += args.requests
                    if with_redis:
                        checks.append(await exactly_once(server, fake, questions, at, args.events))
                    print(f"  {label}: done", flush=True)
                finally:
                    status = stop(server)
                if label != "minimal bolt":
                    text = server.log.read_text(encoding="utf-8", errors="replace")
                    logs[label] = (len(text.encode()), text.count(" ERROR "), answering_ms(text))
                    if status != 0:
                        print(f"  {label} exited with status {status}")
        finally:
            if redis is not None:
                redis.stop()
            await fake.close()
    report(levels, checks, logs, args)


def report(
    levels: list[Level],
    checks: list[Exactly],
    logs: dict[str, tuple[int, int, float]],
    args: argparse.Namespace,
) -> None:
    print()
    print(
        f"{'server':<32} {'conc':>4} {'requests':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'req/s':>6} {'errors':>6} {'server CPU ms/req':>17} {'client CPU ms/req':>17}"
    )
    for row in levels:
        print(
            f"{row.server:<32} {row.concurrency:>4} {row.requests:>8} {row.p50_ms:>7.2f} "
            f"{row.p99_ms:>7.2f} {row.per_second:>6.0f} {row.errors:>6} "
            f"{row.cpu_ms_per_request:>17.2f} {row.client_cpu_ms_per_request:>17.2f}"
        )
    by = {(row.server, row.concurrency): row for row in levels}
    minimal, bot = (
        by.get(("minimal bolt", args.concurrency)),
        by.get(("funding-bot", args.concurrency)),
    )
    print()
    if minimal and bot:
        print(
            f"funding-bot / minimal bolt at {args.concurrency} concurrent: "
            f"CPU per request {bot.cpu_ms_per_request / minimal.cpu_ms_per_request:.1f}x, "
            f"throughput {bot.per_second / minimal.per_second:.2f}x, "
            f"p99 {bot.p99_ms / minimal.p99_ms:.1f}x"
        )
    one = by.get(("funding-bot, Redis", args.concurrency))
    two = by.get(("funding-bot --workers 2, Redis", args.concurrency))
    if one and two:
        print(
            f"two workers / one (both with Redis) at {args.concurrency} concurrent: "
            f"throughput {two.per_second / one.per_second:.2f}x, "
            f"errors {two.errors} vs {one.errors}, "
            f"CPU per request {two.cpu_ms_per_request / one.cpu_ms_per_request:.2f}x"
        )
    if bot and one:
        print(
            "Redis / memory store (one process): "
            f"throughput {one.per_second / bot.per_second:.2f}x, "
            f"CPU per request {one.cpu_ms_per_request / bot.cpu_ms_per_request:.2f}x"
        )
    for check in checks:
        verdict = (
            "every event answered exactly once"
            if check.answered_once == check.events
            else ("NOT exactly once")
        )
        print(
            f"{check.server}: {check.events} app_mention events, {check.deliveries} deliveries "
            f"(HTTP {check.statuses}); answered once {check.answered_once}, duplicates "
            f"{check.duplicates}, missing {check.missing}: {verdict}"
        )
    answered = all(row.answered == row.requests for row in levels)
    print(
        "every /funding request got exactly one 200 answer with blocks"
        if answered
        else "some /funding requests were not answered (see errors)"
    )
    for label, (size, errors, _) in logs.items():
        print(f"log of {label}: {size:,} bytes at INFO, {errors} ERROR lines")
    if minimal and bot and "funding-bot" in logs:
        core = logs["funding-bot"][2]
        rest = bot.cpu_ms_per_request - core
        print(
            f"funding-bot's answering core (the log's latency_ms, mean): {core:.2f} ms per "
            f"question = {core / minimal.cpu_ms_per_request:.1f}x minimal bolt's whole request; "
            f"the rest of its server CPU per request (HTTP, bolt, rendering, logging, journal) "
            f"{rest:.2f} ms = {rest / minimal.cpu_ms_per_request:.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=1500, help="requests at --concurrency")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--events", type=int, default=200, help="app_mention events (Redis)")
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--minimal-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        generate_load(json.loads(args.load))
        return
    if args.minimal_server:
        minimal_server(args.minimal_server, args.api_url)
        return
    sys.path.insert(0, str(REPO))
    asyncio.run(benchmark(args))


if __name__ == "__main__":
    main()
