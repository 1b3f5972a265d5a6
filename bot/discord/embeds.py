"""Pure rendering of an Answer as a Discord embed, within every embed limit.

Discord rejects a whole message (HTTP 400) when any embed limit is exceeded, so every piece is
trimmed here, and the 6,000-character total is shared out: the first source and its quoted
sentence are kept before the answer text, because an answer without its source is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from handlers.messages import Messages, messages_for
from handlers.models import Answer, AnswerKind, SourceRef

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
FIELD_COUNT_LIMIT = 25
ESSENTIAL_FIELDS = 2
MIN_LINKED_TITLE = 20
ELLIPSIS = "…"

ANSWER_COLOUR = discord.Colour(0x2D7FF9)
NOTICE_COLOUR = discord.Colour(0x99AAB5)


@dataclass(frozen=True)
class Field:
    """One embed field, already within the field limits."""

    name: str
    value: str

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


def trim(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def render_answer(answer: Answer) -> discord.Embed:
    """The embed for one answer: text, sources, quoted sentences and a footer."""
    messages = messages_for(answer.language)
    title = trim(messages.answer_title, TITLE_LIMIT)
    footer = trim(messages.footer, FOOTER_LIMIT)
    fields = answer_fields(answer, messages)[:FIELD_COUNT_LIMIT]
    budget = EMBED_TOTAL_LIMIT - len(title) - len(footer)
    essential = fields[:ESSENTIAL_FIELDS]
    budget -= sum(field.size for field in essential)
    description = trim(answer.text.strip() or ELLIPSIS, min(DESCRIPTION_LIMIT, budget))
    budget -= len(description)
    kept = list(essential)
    for field in fields[ESSENTIAL_FIELDS:]:
        if field.size <= budget:
            kept.append(field)
            budget -= field.size
    colour = ANSWER_COLOUR if answer.kind is AnswerKind.ANSWER else NOTICE_COLOUR
    embed = discord.Embed(title=title, description=description, colour=colour)
    for field in kept:
        embed.add_field(name=field.name, value=field.value, inline=False)
    embed.set_footer(text=footer)
    return embed


def answer_fields(answer: Answer, messages: Messages) -> list[Field]:
    """Each source, then its quoted sentence, in the order the core ranks them.

    Suggestions are not repeated here: the core lists them in the answer text already, and
    they come as buttons.
    """
    fields: list[Field] = []
    for source in answer.sources:
        fields.append(_field(messages.source_label, source_text(source, messages)))
        if source.quote.strip():
            fields.append(_field(messages.quote_label, quote_text(source.quote)))
    return fields


def source_text(source: SourceRef, messages: Messages) -> str:
    """Outlet, date and author, the original reporter, then the title (linked when possible).

    The title comes last and is the part cut, so a long title never hides who reported what.
    """
    byline = [source.outlet, source.published.isoformat()]
    if source.author:
        byline.append(source.author)
    lines = [" · ".join(byline)]
    if source.via and source.via_reported:
        date = source.via_reported.isoformat()
        lines.append(messages.discord_via_dated.format(via=source.via, date=date))
    elif source.via:
        lines.append(messages.discord_via.format(via=source.via))
    room = FIELD_VALUE_LIMIT - len("\n".join(lines)) - 1
    title = discord.utils.escape_markdown(source.title)
    link_room = room - len(f"[]({source.url})") if source.url else 0
    if link_room >= MIN_LINKED_TITLE:
        lines.append(f"[{trim(title, link_room)}]({source.url})")
    elif room > 0:
        lines.append(trim(title, room))
    return "\n".join(lines)


def quote_text(quote: str) -> str:
    """The quoted sentence as a Discord block quote."""
    return "> " + " ".join(quote.split())


def _field(name: str, value: str) -> Field:
    # Discord refuses empty field names or values.
    return Field(
        name=trim(name.strip() or ELLIPSIS, FIELD_NAME_LIMIT),
        value=trim(value.strip() or ELLIPSIS, FIELD_VALUE_LIMIT),
    )
