"""Requests shaped and signed the way Slack sends them to an app."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.bot.slack.fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
USER_ID = "UASKER01"
CHANNEL_ID = "C0000001"
DM_CHANNEL_ID = "D0000001"


def signed_headers(
    body: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 over `v0:{timestamp}:{body}`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": content_type,
    }


def slash_command(text: str, *, response_url: str, user_id: str = USER_ID) -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": CHANNEL_ID,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": "asker",
            "command": "/funding",
            "text": text,
            "api_app_id": "A0000001",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def event_callback(event: dict[str, Any], *, event_id: str) -> str:
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0000001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    )


def mention_event(text: str, *, ts: str = "1700000000.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": CHANNEL_ID,
        "event_ts": ts,
        **extra,
    }


def direct_message_event(
    text: str, *, ts: str = "1700000000.000300", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": USER_ID,
        "text": text,
        "ts": ts,
        "channel": DM_CHANNEL_ID,
        "event_ts": ts,
        **extra,
    }


def block_actions(
    action: dict[str, Any],
    *,
    response_url: str | None,
    ephemeral: bool = True,
    channel_id: str = CHANNEL_ID,
    message: dict[str, Any] | None = None,
    user_id: str = USER_ID,
) -> str:
    container: dict[str, Any] = {"type": "message", "channel_id": channel_id}
    if ephemeral:
        container["is_ephemeral"] = True
    else:
        container["message_ts"] = (message or {}).get("ts", "1700000000.000200")
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user_id, "username": "asker", "team_id": TEAM_ID},
        "api_app_id": "A0000001",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": "1.2.3",
        "channel": {"id": channel_id, "name": "general"},
        "actions": [{**action, "block_id": "b1", "action_ts": "1700000001.000000"}],
    }
    if response_url is not None:
        payload["response_url"] = response_url
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


def find_button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    """The button with `action_id` in a message's actions blocks."""
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no button {action_id!r} in the blocks")


def buttons_starting_with(blocks: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    return [
        dict(element)
        for block in blocks
        if block.get("type") == "actions"
        for element in block.get("elements", [])
        if str(element.get("action_id", "")).startswith(prefix)
    ]


def section_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [block["text"]["text"] for block in blocks if block.get("type") == "section"]


def all_texts(blocks: list[dict[str, Any]]) -> str:
    """Every piece of text in the blocks, joined, for 'does this appear anywhere' checks."""
    return json.dumps(blocks, ensure_ascii=False)
