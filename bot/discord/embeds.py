"""Pure rendering of an Answer as a Discord embed, within every embed limit.

Discord rejects a whole message (HTTP 400) when any embed limit is exceeded, so every piece is
trimmed here, and the 6,000-character total is shared out in order of need: every source first
(the answer text states their figures, and a figure is never shown without its source), then
the answer text, then the quoted sentences as room allows. Suggestions are not rendered here:
they come as buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from handlers.messages import messages_for
from handlers.models import Answer, Language, SourceRef
from handlers.rendering import source_line, source_mark

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
FIELD_COUNT_LIMIT = 25
# Room the answer text keeps however many sources compete; the core's three always leave more.
MIN_DESCRIPTION = 200
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
        """What the field counts towards the embed's total."""
        return len(self.name) + len(self.value)


@dataclass(frozen=True)
class Citation:
    """One source's field, and the field of its quoted sentence when it has one."""

    source: Field
    quote: Field | None


def trim(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def render_answer(answer: Answer) -> discord.Embed:
    """The embed for one answer: text, each source and its quoted sentence, and a footer."""
    messages = messages_for(answer.language)
    title = trim(messages.answer_title, TITLE_LIMIT)
    footer = trim(messages.footer, FOOTER_LIMIT)
    budget = EMBED_TOTAL_LIMIT - len(title) - len(footer)
    kept = fit_sources(citations(answer), budget - MIN_DESCRIPTION)
    budget -= sum(citation.source.size for citation in kept)
    description = trim(answer.text.strip() or ELLIPSIS, min(DESCRIPTION_LIMIT, budget))
    budget -= len(description)
    colour = ANSWER_COLOUR if answer.answered else NOTICE_COLOUR
    embed = discord.Embed(title=title, description=description, colour=colour)
    for field in with_quotes(kept, budget):
        embed.add_field(name=field.name, value=field.value, inline=False)
    embed.set_footer(text=footer)
    return embed


def citations(answer: Answer) -> list[Citation]:
    """Each source with its quoted sentence, in the order the core ranks them; when there are
    several, both fields are numbered ("[2] Source") like the markers in the answer text."""
    messages = messages_for(answer.language)
    result: list[Citation] = []
    for number, source in enumerate(answer.sources, 1):
        mark = source_mark(answer, number)
        cited = _field(mark + messages.source_label, source_text(source, answer.language))
        quoted = _field(mark + messages.quote_label, quote_text(source.quote))
        result.append(Citation(cited, quoted if source.quote.strip() else None))
    return result


def fit_sources(cited: list[Citation], room: int) -> list[Citation]:
    """The sources, in order, as long as they fit in `room` and in the field count."""
    kept: list[Citation] = []
    for citation in cited[:FIELD_COUNT_LIMIT]:
        if citation.source.size > room:
            break
        kept.append(citation)
        room -= citation.source.size
    return kept


def with_quotes(cited: list[Citation], room: int) -> list[Field]:
    """Every kept source, each followed by its quoted sentence when that still fits."""
    fields: list[Field] = []
    count = len(cited)
    for citation in cited:
        fields.append(citation.source)
        quote = citation.quote
        if quote is not None and quote.size <= room and count < FIELD_COUNT_LIMIT:
            fields.append(quote)
            room -= quote.size
            count += 1
    return fields


def source_text(source: SourceRef, language: Language) -> str:
    """The source line every surface shows, then the article's title, linked when possible.

    The title comes last and is the part cut, so a long title never hides who reported what.
    """
    line = source_line(_escaped(source), language, labelled=False)
    room = FIELD_VALUE_LIMIT - len(line) - 1
    title = _link_text(source.title)
    url = _link_url(source.url) if source.url else None
    link_room = room - len(f"[]({url})") if url else 0
    if not title.strip():
        return line
    if link_room >= MIN_LINKED_TITLE:
        return f"{line}\n[{trim(title, link_room)}]({url})"
    if room > 0:
        return f"{line}\n{trim(title, room)}"
    return line


def quote_text(quote: str) -> str:
    """The quoted sentence as a Discord block quote."""
    return "> " + discord.utils.escape_markdown(" ".join(quote.split()))


def _escaped(source: SourceRef) -> SourceRef:
    # Names come from the knowledge files; an outlet like "*NSYNC_News" must not turn bold.
    escape = discord.utils.escape_markdown
    return source.model_copy(
        update={
            "outlet": escape(source.outlet),
            "author": escape(source.author) if source.author else source.author,
            "via": escape(source.via) if source.via else source.via,
        }
    )


def _link_text(title: str) -> str:
    # escape_markdown escapes "[" only where it sees a whole link, but inside the link text any
    # bracket counts, so brackets are escaped here and the rest by escape_markdown.
    parts = re.split(r"([\[\]])", title)
    return "".join(
        "\\" + part if part in ("[", "]") else discord.utils.escape_markdown(part) for part in parts
    )


def _link_url(url: str) -> str:
    # A ")" or a space would end the link's target early.
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _field(name: str, value: str) -> Field:
    # Discord refuses empty field names or values.
    return Field(
        name=trim(name.strip() or ELLIPSIS, FIELD_NAME_LIMIT),
        value=trim(value.strip() or ELLIPSIS, FIELD_VALUE_LIMIT),
    )
