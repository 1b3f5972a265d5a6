"""`funding-bot config check`: what is configured for each platform, secrets masked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SECRET_VISIBLE_CHARS = 4


@dataclass(frozen=True)
class Variable:
    name: str
    secret: bool
    required_for: str


PLATFORMS: dict[str, tuple[Variable, ...]] = {
    "Slack (Socket Mode)": (
        Variable("SLACK_BOT_TOKEN", secret=True, required_for="Slack"),
        Variable("SLACK_APP_TOKEN", secret=True, required_for="Socket Mode"),
        Variable("SLACK_API_URL", secret=False, required_for=""),
    ),
    "Slack (HTTP mode)": (
        Variable("SLACK_BOT_TOKEN", secret=True, required_for="Slack"),
        Variable("SLACK_SIGNING_SECRET", secret=True, required_for="HTTP mode"),
        Variable("PORT", secret=False, required_for="HTTP mode under `funding-bot run`"),
    ),
    "Discord": (
        Variable("DISCORD_TOKEN", secret=True, required_for="Discord"),
        Variable("DISCORD_SHARD_COUNT", secret=False, required_for=""),
        Variable("DISCORD_SHARD_IDS", secret=False, required_for=""),
    ),
    "Core": (
        Variable("KNOWLEDGE_DIR", secret=False, required_for=""),
        Variable("LOG_FORMAT", secret=False, required_for=""),
        Variable("LOG_LEVEL", secret=False, required_for=""),
        Variable("LOG_QUESTIONS", secret=False, required_for=""),
        Variable("RATE_LIMIT_PER_MINUTE", secret=False, required_for=""),
        Variable("CURATION_DB", secret=False, required_for=""),
    ),
}


def mask(value: str) -> str:
    """Enough of a secret to tell two apart, never enough to use it."""
    if len(value) <= SECRET_VISIBLE_CHARS * 3:
        return "*" * len(value)
    return value[:SECRET_VISIBLE_CHARS] + "…" + "*" * 4


def describe_configuration(environ: Mapping[str, str]) -> tuple[str, bool]:
    """A report per platform, and whether any platform is fully configured."""
    lines: list[str] = []
    ready_platforms = []
    for platform, variables in PLATFORMS.items():
        missing = [v.name for v in variables if v.required_for and not environ.get(v.name)]
        status = "ready" if not missing else "not configured"
        if platform != "Core":
            lines.append(f"{platform}: {status}")
            if not missing:
                ready_platforms.append(platform)
        else:
            lines.append("Core settings:")
        for variable in variables:
            value = environ.get(variable.name)
            if value:
                shown = mask(value) if variable.secret else value
                lines.append(f"  {variable.name} = {shown}")
            elif variable.required_for:
                lines.append(f"  {variable.name} is missing (needed for {variable.required_for})")
            else:
                lines.append(f"  {variable.name} not set (default)")
    if not ready_platforms:
        lines.append("No platform is fully configured: `funding-bot run` chats in the terminal.")
    return "\n".join(lines), bool(ready_platforms)
