"""The app manifest an admin pastes must match what the adapter listens for."""

from pathlib import Path

from bot.slack.app import SLASH_COMMAND
from bot.slack.server import EVENTS_PATH

MANIFEST = Path(__file__).resolve().parents[3] / "slack-manifest.yaml"


def manifest_lines() -> list[str]:
    return [line.strip() for line in MANIFEST.read_text(encoding="utf-8").splitlines()]


def test_manifest_declares_the_command_events_and_scopes_the_adapter_uses() -> None:
    lines = manifest_lines()
    assert f"- command: {SLASH_COMMAND}" in lines
    for event in ("app_mention", "message.im"):
        assert f"- {event}" in lines
    for scope in ("app_mentions:read", "chat:write", "commands", "im:history"):
        assert f"- {scope}" in lines
    assert "socket_mode_enabled: true" in lines
    assert "is_enabled: true" in lines


def test_every_request_url_is_the_one_events_path() -> None:
    urls = [
        line.split(": ", 1)[1]
        for line in manifest_lines()
        if line.startswith(("url:", "request_url:"))
    ]
    assert len(urls) == 3
    assert all(url.endswith(EVENTS_PATH) for url in urls)
