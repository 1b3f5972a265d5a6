"""Between Slack's message format and plain text, in both directions.

Incoming text uses Slack's markup (`<@U123>`, `<!here>`, `<https://x|label>`, `&lt;`); the
core wants the words the user typed. Outgoing text must never turn user words into a live
mention, a link, or markup, so everything we echo is escaped and broadcast words are broken.
"""

from __future__ import annotations

import re

_SLACK_TOKEN = re.compile(r"<([^<>]*)>")
_BROADCASTS = ("channel", "here", "everyone")
# "@" starting a word: @here, @channel, @everyone, a group handle; an e-mail address is left alone.
_HANDLE_START = re.compile(r"(?<!\w)@(?=\w)")
_NEEDS_CARE = re.compile(r"[&<>@]")
# A word joiner after "@" keeps "@here" readable while no client parses it as a mention.
_WORD_JOINER = "\u2060"


def slack_to_plain(text: str, *, bot_user_id: str | None = None) -> str:
    """The words a user typed, with Slack markup resolved and the bot's own mention removed."""

    def resolve(match: re.Match[str]) -> str:
        return _resolve_token(match.group(1), bot_user_id)

    plain = _SLACK_TOKEN.sub(resolve, text)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(plain.split())


def _resolve_token(token: str, bot_user_id: str | None) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):
        if bot_user_id is not None and target[1:] == bot_user_id:
            return " "
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return _resolve_special(target[1:], label)
    return label or target


def _resolve_special(command: str, label: str) -> str:
    name = command.split("^", 1)[0]
    if name in _BROADCASTS:
        return "@" + name
    if name == "subteam":
        return label if label.startswith("@") else "@" + (label or "group")
    return label or name


def mrkdwn_safe(text: str) -> str:
    """Text that displays as written in a Slack message: no markup tokens, no live mentions."""
    if not _NEEDS_CARE.search(text):
        return text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _HANDLE_START.sub("@" + _WORD_JOINER, escaped)


def plain_safe(text: str) -> str:
    """Text for a `plain_text` object, shown as typed (no markup is rendered there), with
    nothing a client could still read as a mention: no `<!...>` token, no live `@here`."""
    return _HANDLE_START.sub("@" + _WORD_JOINER, text.replace("<", "<" + _WORD_JOINER))


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, ending with an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def split_for_blocks(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line breaks or spaces where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_position(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return [piece for piece in pieces if piece] or [""]


def _cut_position(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        position = window.rfind(separator)
        if position > limit // 2:
            return position + len(separator)
    # An escape such as "&amp;" must not be split in two.
    ampersand = window.rfind("&", max(limit - 6, 0))
    if ampersand > 0 and ";" not in window[ampersand:]:
        return ampersand
    return limit
