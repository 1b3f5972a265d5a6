"""Slack HTTP mode under hostile traffic: the real server in a subprocess, on 127.0.0.1 only.

    .venv/bin/python benchmarks/hostile_http.py [--scale 1.0]

Four attacks, each bounded in count and time: unsigned floods, malformed payloads, slow
clients (1,100 connections sending one header now and then) and 1 MB bodies. For each it
prints the server's log bytes per request, its RSS before and after, and the latency of
/healthz measured while the attack runs. Targets: < 300 log bytes per rejected request,
RSS growth < 50 MB, /healthz p99 < 100 ms. The Web API address points at a closed local
port, so nothing leaves the machine (the bot serves without its identity meanwhile).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SIGNING_SECRET = "benchmark-signing-secret-0123456789"
PROBE_INTERVAL_SECONDS = 0.02
MALFORMED: tuple[tuple[bytes, dict[str, str]], ...] = (
    (b"payload=notjson", {}),
    (b"[" * 60_000, {"Content-Type": "application/json"}),
    (b"text=\xff\xfe", {}),
    (b"text=a", {"Content-Type": "application/x-www-form-urlencoded; charset=klingon"}),
    (b"text=a", {"X-Slack-Request-Timestamp": "abc"}),
)


@dataclass
class Server:
    """The bot's process, and the bytes it has logged so far."""

    process: asyncio.subprocess.Process
    url: str
    logged: int = 0
    reader: asyncio.Task[None] | None = None

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024


@dataclass
class Outcome:
    name: str
    requests: int
    log_bytes: int
    rss_before: float
    rss_after: float
    health_ms: list[float]

    def row(self) -> str:
        latencies = sorted(self.health_ms) or [float("nan")]
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        per_request = self.log_bytes / max(self.requests, 1)
        return (
            f"| {self.name} | {self.requests:,} | {per_request:.1f} | {self.rss_before:.0f} MB"
            f" | {self.rss_after:.0f} MB | {p50:.1f} ms | {p99:.1f} ms | {len(latencies)} |"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


async def start_server() -> Server:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "SLACK_BOT_TOKEN": "xoxb-benchmark",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"http://{HOST}:{free_port()}/api/",
        "HOST": HOST,
        "CURATION_DB": "/tmp/funding-bot-hostile-benchmark.sqlite3",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "slack", "--http", "--port", str(port),
        cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    server = Server(process, f"http://{HOST}:{port}")
    server.reader = asyncio.create_task(count_log_bytes(server))
    async with aiohttp.ClientSession() as session:
        for _ in range(400):
            try:
                async with session.get(f"{server.url}/healthz") as response:
                    if response.status == 200:
                        await asyncio.sleep(1.0)  # let start-up logging settle
                        return server
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    process.kill()
    raise SystemExit("the server never became healthy")


async def count_log_bytes(server: Server) -> None:
    assert server.process.stderr is not None
    while chunk := await server.process.stderr.read(65536):
        server.logged += len(chunk)


async def probe_health(url: str, latencies: list[float], stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                async with session.get(f"{url}/healthz") as response:
                    await response.read()
                latencies.append((time.perf_counter() - started) * 1000)
            except aiohttp.ClientError:
                latencies.append(float("inf"))
            await asyncio.sleep(PROBE_INTERVAL_SECONDS)


async def measure(server: Server, name: str, attack: Callable[[], Awaitable[int]]) -> Outcome:
    await asyncio.sleep(0.5)
    rss_before, logged_before = server.rss_mb(), server.logged
    latencies: list[float] = []
    stop = asyncio.Event()
    prober = asyncio.create_task(probe_health(server.url, latencies, stop))
    requests = await attack()
    stop.set()
    await prober
    await asyncio.sleep(0.5)  # let the last log lines arrive
    return Outcome(
        name, requests, server.logged - logged_before, rss_before, server.rss_mb(), latencies
    )


async def flood(url: str, bodies: list[tuple[bytes, dict[str, str]]], concurrency: int) -> int:
    queue = list(bodies)

    async def worker(session: aiohttp.ClientSession) -> None:
        while queue:
            body, headers = queue.pop()
            try:
                async with session.post(f"{url}/slack/events", data=body, headers=headers) as r:
                    await r.read()
            except aiohttp.ClientError:
                pass

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return len(bodies)


def unsigned(count: int) -> Callable[[], Awaitable[int]]:
    body = b"command=%2Ffunding&text=how+much+did+amazon+invest+in+anthropic&user_id=U1"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return lambda: flood(SERVER_URL[0], [(body, headers)] * count, 50)


def malformed(count: int) -> Callable[[], Awaitable[int]]:
    stamp = str(int(time.time()))
    cases = []
    for body, extra in MALFORMED:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + "0" * 64,
            **extra,
        }
        cases.append((body, headers))
    bodies = [cases[i % len(cases)] for i in range(count)]
    return lambda: flood(SERVER_URL[0], bodies, 50)


def large_bodies(count: int) -> Callable[[], Awaitable[int]]:
    body = b"text=" + b"x" * 1_000_000
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    return lambda: flood(SERVER_URL[0], [(body, headers)] * count, 10)


def slow_clients(count: int, seconds: float) -> Callable[[], Awaitable[int]]:
    async def attack() -> int:
        host, port = SERVER_URL[0].removeprefix("http://").split(":")
        writers: list[asyncio.StreamWriter] = []
        for _ in range(count):
            try:
                _, writer = await asyncio.open_connection(host, int(port))
            except OSError:
                continue
            writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
            writers.append(writer)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            await asyncio.sleep(1.0)
            for writer in writers:
                if not writer.is_closing():
                    writer.write(b"X-Slow: 1\r\n")
        for writer in writers:
            writer.close()
        return len(writers)

    return attack


SERVER_URL: list[str] = [""]


async def main(scale: float) -> None:
    server = await start_server()
    SERVER_URL[0] = server.url
    attacks = (
        ("unsigned flood", unsigned(int(3000 * scale))),
        ("malformed payloads", malformed(int(2000 * scale))),
        ("slow clients (1,100 conns, 12 s)", slow_clients(1100, 12 * scale)),
        ("1 MB bodies", large_bodies(int(200 * scale))),
    )
    print("| attack | requests | log bytes/request | RSS before | RSS after |"
          " /healthz p50 | /healthz p99 | probes |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    try:
        for name, attack in attacks:
            print((await measure(server, name, attack)).row(), flush=True)
    finally:
        server.process.terminate()
        await server.process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="attack sizes and durations")
    asyncio.run(main(parser.parse_args().scale))
