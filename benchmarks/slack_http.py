"""Latency of `/funding` in Slack HTTP mode: the real server on 127.0.0.1, signed requests.

    .venv/bin/python benchmarks/slack_http.py [--requests 2000] [--levels 1,50,200]

The server (bolt app, signature check, core, Block Kit) runs in this process; the load comes
from a child process, so client work does not share the server's event loop. A tiny local
stand-in answers the one Web API call bolt makes (`auth.test`); nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.bootstrap import bootstrap
from bot.slack.app import build_slack_app
from bot.slack.server import running_http_server
from bot.slack.settings import SlackSettings

SIGNING_SECRET = "benchmark-signing-secret-0123456789"
KOREAN_QUESTIONS = (
    "오픈AI 기업가치는?",
    "아마존은 앤트로픽에 얼마를 투자했나?",
    "미스트랄 기업가치는?",
)
WARM_UP_REQUESTS = 200


@dataclass(frozen=True)
class LevelResult:
    concurrency: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# Load generator (runs in the child process)


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(
        SIGNING_SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def command_body(question: str, index: int) -> str:
    return urlencode(
        {
            "team_id": "T0BENCH",
            "channel_id": "C0BENCH",
            "user_id": f"U{index % 500:06d}",
            "command": "/funding",
            "text": question,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"t{index}",
        }
    )


async def one_request(
    session: aiohttp.ClientSession, url: str, body: str, latencies: list[float]
) -> bool:
    started = time.perf_counter()
    try:
        async with session.post(url, data=body, headers=signed(body)) as response:
            payload = await response.read()
            ok = response.status == 200 and b'"blocks"' in payload
    except (aiohttp.ClientError, TimeoutError):
        ok = False
    latencies.append(time.perf_counter() - started)
    return ok


async def run_level(url: str, questions: list[str], concurrency: int, total: int) -> LevelResult:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(total))

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        for index in queue:
            body = command_body(questions[index % len(questions)], index)
            if not await one_request(session, url, body, latencies):
                errors += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return LevelResult(
        concurrency=concurrency,
        requests=total,
        errors=errors,
        seconds=seconds,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    )


async def generate_load(url: str, questions: list[str], levels: list[int], total: int) -> None:
    await run_level(url, questions, 10, WARM_UP_REQUESTS)
    for concurrency in levels:
        result = await run_level(url, questions, concurrency, total)
        print(json.dumps({**result.__dict__, "per_second": result.per_second}), flush=True)


# Server and orchestration (the parent process)


async def fake_web_api() -> web.AppRunner:
    async def auth_test(_: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"ok": True, "user_id": "UBENCHBOT", "bot_id": "BBENCHBOT", "team_id": "T0BENCH"}
        )

    app = web.Application()
    app.router.add_post("/api/auth.test", auth_test)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


async def benchmark(levels: list[int], total: int) -> list[LevelResult]:
    bot = bootstrap()
    questions = [*bot.complete("", limit=25), *KOREAN_QUESTIONS]
    api = await fake_web_api()
    host, port = api.addresses[0][:2]
    settings = SlackSettings(
        bot_token=SecretStr("xoxb-benchmark"),
        signing_secret=SecretStr(SIGNING_SECRET),
        api_url=f"http://{host}:{port}/api/",
    )
    app = build_slack_app(bot, settings)
    try:
        async with running_http_server(app, host="127.0.0.1", port=0) as server:
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "--load",
                f"{server.url}/slack/events",
                "--questions",
                json.dumps(questions),
                "--levels",
                ",".join(map(str, levels)),
                "--requests",
                str(total),
                stdout=asyncio.subprocess.PIPE,
            )
            output, _ = await child.communicate()
    finally:
        await api.cleanup()
    results = []
    for line in output.decode().splitlines():
        fields = json.loads(line)
        fields.pop("per_second")
        results.append(LevelResult(**fields))
    return results


def report(results: list[LevelResult]) -> None:
    header = ("concurrency", "requests", "p50 ms", "p99 ms", "req/s", "errors")
    print(" ".join(f"{title:>{max(len(title), 8)}}" for title in header))
    for result in results:
        print(
            f"{result.concurrency:>11} {result.requests:>8} {result.p50_ms:>8.2f} "
            f"{result.p99_ms:>8.2f} {result.per_second:>8.0f} {result.errors:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="requests per level")
    parser.add_argument("--levels", default="1,50,200", help="concurrency levels")
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--questions", help=argparse.SUPPRESS)
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    if args.load:
        asyncio.run(generate_load(args.load, json.loads(args.questions), levels, args.requests))
        return
    report(asyncio.run(benchmark(levels, args.requests)))


if __name__ == "__main__":
    main()
