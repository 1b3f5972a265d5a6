"""The gate in front of bolt in HTTP mode: size, signature and shape, checked cheaply.

Anything on the Internet can reach `/slack/events`. A request is read only up to a size cap
and within a time limit, its signature is checked on the raw bytes before anything is
parsed, and only a signed request that decodes and parses cleanly reaches bolt. A rejected
request costs one short log line (and far less under a flood: see FloodLog), never its body.

This is the one place a request is verified and parsed: the guard hands bolt the request it
has parsed (bolt's own parsing, done once), and the app leaves bolt's signature check off
(`bot.slack.app`), since every HTTP request comes through here.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Callable

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.floods import FloodLog

log = logging.getLogger("funding_bot.slack.http")

MAX_BODY_BYTES = 64 * 1024
BODY_TIMEOUT_SECONDS = 10.0
MAX_CLOCK_SKEW_SECONDS = 300
_SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")
_TIMESTAMP = re.compile(r"^[0-9]{1,12}$")
_FORM = "application/x-www-form-urlencoded"
_JSON = "application/json"
_UTF8_CHARSETS = frozenset({None, "utf-8", "utf8", "us-ascii", "ascii"})


class RejectedRequestError(Exception):
    """A request turned away: the HTTP status to answer and a short reason for the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackRequestGuard:
    """Admits a request to bolt only if it is small, timely, signed and well-formed."""

    def __init__(
        self,
        signing_secret: str,
        *,
        max_body_bytes: int = MAX_BODY_BYTES,
        body_timeout: float = BODY_TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.time,
        floods: FloodLog | None = None,
    ) -> None:
        self._secret = signing_secret.encode()
        self._max_body_bytes = max_body_bytes
        self._body_timeout = body_timeout
        self._clock = clock
        self.floods = floods or FloodLog(log)

    async def admit(self, request: web.Request) -> AsyncBoltRequest:
        """The verified request, parsed for bolt; raises RejectedRequestError for anything
        else."""
        declared = request.content_length
        if declared is not None and declared > self._max_body_bytes:
            raise RejectedRequestError(413, "body too large")
        timestamp = self._timestamp(request)
        signature = request.headers.get("X-Slack-Signature", "")
        if not _SIGNATURE.match(signature):
            raise RejectedRequestError(401, "missing or malformed signature")
        body = await self._read(request)
        if not hmac.compare_digest(self._sign(timestamp, body), signature):
            raise RejectedRequestError(401, "bad signature")
        text = _decode(body, request.charset)
        return _parsed(text, request)

    def reject(self, request: web.Request, rejection: RejectedRequestError) -> web.Response:
        """The response to a rejected request, logged in one short line (fewer in a flood)."""
        self.floods.note(
            f"rejected:{rejection.status}",
            "rejected a Slack request",
            status=rejection.status,
            reason=rejection.reason,
            peer=_peer(request),
        )
        return web.Response(status=rejection.status, text=rejection.reason)

    def _timestamp(self, request: web.Request) -> str:
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not _TIMESTAMP.match(timestamp):
            raise RejectedRequestError(401, "missing or malformed timestamp")
        if abs(self._clock() - int(timestamp)) > MAX_CLOCK_SKEW_SECONDS:
            raise RejectedRequestError(401, "stale timestamp")
        return timestamp

    async def _read(self, request: web.Request) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self._body_timeout):
                while chunk := await request.content.read(self._max_body_bytes + 1):
                    size += len(chunk)
                    if size > self._max_body_bytes:
                        raise RejectedRequestError(413, "body too large")
                    chunks.append(chunk)
        except TimeoutError:
            raise RejectedRequestError(408, "body not received in time") from None
        return b"".join(chunks)

    def _sign(self, timestamp: str, body: bytes) -> str:
        base = b"v0:" + timestamp.encode() + b":" + body
        return "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()


def _decode(body: bytes, charset: str | None) -> str:
    if (charset.lower() if charset else None) not in _UTF8_CHARSETS:
        raise RejectedRequestError(400, "unsupported charset")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedRequestError(400, "body is not UTF-8") from None


def _parsed(text: str, request: web.Request) -> AsyncBoltRequest:
    """The request as bolt reads it, parsed here once, so that a malformed body is a 400
    here rather than a 500 in bolt."""
    if request.content_type not in (_JSON, _FORM):
        raise RejectedRequestError(400, "unsupported content type")
    try:
        parsed = AsyncBoltRequest(
            body=text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
    # Parsing JSON (too deep: RecursionError), then reading it as a Slack payload (a JSON
    # value that is not an object, or fields of the wrong type: the rest).
    except (ValueError, RecursionError, TypeError, AttributeError, LookupError):
        raise RejectedRequestError(400, "malformed body") from None
    if not isinstance(parsed.body, dict):
        raise RejectedRequestError(400, "malformed body")
    return parsed


def _peer(request: web.Request) -> str:
    return str(request.remote or "?")[:64]
