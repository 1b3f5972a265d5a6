"""HTTP mode under hostile traffic: the real aiohttp server and bolt app, raw requests."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from bot.logs import CHATTY_LIBRARIES, configure_logging
from bot.slack.app import build_slack_app
from bot.slack.server import Limits, RunningServer, running_http_server
from bot.slack.settings import SlackSettings
from handlers.service import FundingBot
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.slack_requests import SIGNING_SECRET, signed_headers, slash_command

SECRET_QUESTION = "how much did Zyxwvut invest in OpenAI"
FAST = Limits(max_connections=8, header_timeout=0.5, body_timeout=0.5)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """The process's real logging set-up (INFO, text), writing into a buffer."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    chatty = {name: logging.getLogger(name).level for name in CHATTY_LIBRARIES}
    stream = io.StringIO()
    configure_logging(json_lines=False, level="INFO", stream=stream)
    yield stream
    root.handlers[:], root.level = saved
    for name, level in chatty.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
async def guarded(
    funding_bot: FundingBot, slack_settings: SlackSettings, log_stream: io.StringIO
) -> AsyncIterator[RunningServer]:
    # Built after logging is configured, as in the process (bolt reads levels at creation).
    app = build_slack_app(funding_bot, slack_settings)
    async with running_http_server(app, host="127.0.0.1", port=0, limits=FAST) as server:
        yield server


def rejection_lines(stream: io.StringIO) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if "rejected" in line]


async def post(
    http: aiohttp.ClientSession, server: RunningServer, body: bytes | str, headers: dict[str, str]
) -> int:
    async with http.post(f"{server.url}/slack/events", data=body, headers=headers) as response:
        await response.read()
        return response.status


async def test_a_bad_signature_costs_one_short_line_without_the_body(
    http: aiohttp.ClientSession,
    guarded: RunningServer,
    fake_slack: FakeSlack,
    log_stream: io.StringIO,
) -> None:
    body = slash_command(SECRET_QUESTION, response_url=fake_slack.response_url())
    for _ in range(20):
        status = await post(http, guarded, body, signed_headers(body, secret="wrong-secret"))
        assert status == 401
    log = log_stream.getvalue()
    assert "Zyxwvut" not in log
    assert "Invalid request signature" not in log
    (line,) = rejection_lines(log_stream)
    assert len(line.encode()) < 300


MALFORMED: dict[str, tuple[bytes, dict[str, str]]] = {
    "payload not JSON": (b"payload=notjson", {}),
    # As deep as fits under the size cap (a larger body gets 413 before anything is parsed).
    "60,000-deep JSON": (b"[" * 60_000, {"Content-Type": "application/json"}),
    # JSON that parses but is no Slack payload: not an object, or a field of the wrong type.
    "JSON list": (b"[1, 2]", {"Content-Type": "application/json"}),
    "payload a JSON string": (b"payload=%22hello%22", {}),
    "enterprise a number": (b'{"enterprise": 5}', {"Content-Type": "application/json"}),
    "invalid UTF-8": (b"text=\xff\xfe\xfa", {}),
    "unknown charset": (
        b"text=hello",
        {"Content-Type": "application/x-www-form-urlencoded; charset=klingon"},
    ),
    "timestamp abc": (b"text=hello", {"X-Slack-Request-Timestamp": "abc"}),
}


@pytest.mark.parametrize("case", MALFORMED)
async def test_malformed_unsigned_requests_get_4xx_and_one_short_line(
    case: str, http: aiohttp.ClientSession, guarded: RunningServer, log_stream: io.StringIO
) -> None:
    body, extra = MALFORMED[case]
    headers = {"Content-Type": "application/x-www-form-urlencoded", **extra}
    headers.setdefault("X-Slack-Signature", "v0=" + "0" * 64)
    headers.setdefault("X-Slack-Request-Timestamp", str(int(time.time())))
    assert await post(http, guarded, body, headers) in (400, 401)
    (line,) = rejection_lines(log_stream)
    assert len(line.encode()) < 300
    assert "Traceback" not in log_stream.getvalue()


@pytest.mark.parametrize("case", MALFORMED)
async def test_malformed_signed_requests_get_4xx_not_500(
    case: str, http: aiohttp.ClientSession, guarded: RunningServer, log_stream: io.StringIO
) -> None:
    body, extra = MALFORMED[case]
    content_type = extra.get("Content-Type", "application/x-www-form-urlencoded")
    headers = signed_headers(body.decode("latin-1"), content_type=content_type)
    if case == "invalid UTF-8":
        headers = _signed_bytes(body, content_type)
    headers.update({k: v for k, v in extra.items() if k != "Content-Type"})
    assert await post(http, guarded, body, headers) in (400, 401)
    assert "Traceback" not in log_stream.getvalue()


def _signed_bytes(body: bytes, content_type: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(
        SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256
    ).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": content_type,
    }


async def test_a_body_over_64_kib_gets_413_even_signed_and_chunked(
    http: aiohttp.ClientSession, guarded: RunningServer, fake_slack: FakeSlack
) -> None:
    body = slash_command("x" * 70_000, response_url=fake_slack.response_url())
    assert await post(http, guarded, body, signed_headers(body)) == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(70):
            yield b"x" * 1024

    headers = signed_headers("")
    async with http.post(f"{guarded.url}/slack/events", data=chunks(), headers=headers) as response:
        assert response.status == 413


async def raw_connection(
    server: RunningServer,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(server.host, server.port)


async def test_a_client_too_slow_with_its_headers_is_disconnected(guarded: RunningServer) -> None:
    reader, writer = await raw_connection(guarded)
    writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
    await writer.drain()
    started = time.monotonic()
    # One more header now and then, never the end of the headers.
    for _ in range(20):
        await asyncio.sleep(0.1)
        if reader.at_eof():
            break
        writer.write(b"X-Slow: 1\r\n")
    assert await reader.read() == b""
    assert time.monotonic() - started < 1.5
    writer.close()


async def test_a_client_too_slow_with_its_body_gets_408(guarded: RunningServer) -> None:
    body = "text=hello"
    headers = signed_headers(body)
    reader, writer = await raw_connection(guarded)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    writer.write(
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n{head}\r\n".encode()
    )
    writer.write(b"text=")
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 3)
    assert b" 408 " in status_line
    writer.close()


async def test_slow_clients_cannot_crowd_out_the_health_check(
    http: aiohttp.ClientSession, guarded: RunningServer, log_stream: io.StringIO
) -> None:
    slow = []
    for _ in range(FAST.max_connections * 3):
        _, writer = await raw_connection(guarded)
        writer.write(b"GET /healthz HTTP/1.1\r\n")
        slow.append(writer)
    await asyncio.sleep(0.05)
    async with http.get(f"{guarded.url}/healthz") as response:
        assert response.status == 200
    limit_lines = [line for line in log_stream.getvalue().splitlines() if "limit" in line]
    assert len(limit_lines) == 1
    for writer in slow:
        writer.close()


async def test_out_of_descriptors_on_accept_is_logged_once_per_interval(
    guarded: RunningServer, log_stream: io.StringIO
) -> None:
    loop = asyncio.get_running_loop()
    for _ in range(100):
        # What asyncio reports for every failed accept() when the process has no free fd.
        loop.call_exception_handler(
            {
                "message": "socket.accept() out of system resource",
                "exception": OSError(24, "Too many open files"),
            }
        )
    lines = [line for line in log_stream.getvalue().splitlines() if "accept" in line]
    assert len(lines) == 1
    assert len(lines[0].encode()) < 300


async def test_health_reports_each_surface(
    http: aiohttp.ClientSession, guarded: RunningServer
) -> None:
    async with http.get(f"{guarded.url}/healthz") as response:
        report = json.loads(await response.text())
    assert report["status"] == "ok"
    assert report["surfaces"]["slack-http"] == {"state": "serving"}
