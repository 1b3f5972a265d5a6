"""Plain-text rendering shared by every surface: the source line, and whole answers for the
terminal, the CLI and notification fallbacks."""

from __future__ import annotations

from handlers.messages import messages_for
from handlers.models import Answer, Language, SourceRef


def source_line(source: SourceRef, language: Language, *, labelled: bool = True) -> str:
    """The outlet we cite, its author and date, and who reported it first, e.g.
    Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02, citing The Wall Street Journal (WSJ)
    (2024-08-29). `labelled=False` leaves out "Source:" where the surface labels it."""
    messages = messages_for(language)
    author = messages.source_author.format(author=source.author) if source.author else ""
    via = ""
    if source.via is not None and source.via_reported is not None:
        via = messages.source_via_dated.format(via=source.via, date=source.via_reported.isoformat())
    elif source.via is not None:
        via = messages.source_via.format(via=source.via)
    line = messages.source_line.format(
        outlet=source.outlet, author=author, published=source.published.isoformat(), via=via
    )
    return f"{messages.source_label}: {line}" if labelled else line


def plain_text(answer: Answer, *, with_quotes: bool = False) -> str:
    """The answer as a person reads it: the text, its suggestions, then its sources."""
    lines = [answer.text, *(f"• {s.question}" for s in answer.suggestions)]
    numbered = len(answer.sources) > 1
    for number, source in enumerate(answer.sources, 1):
        line = source_line(source, answer.language)
        lines.append(f"[{number}] {line}" if numbered else line)
    if with_quotes:
        quote_label = messages_for(answer.language).quote_label
        for number, source in enumerate(answer.sources, 1):
            mark = f"[{number}] " if numbered else ""
            lines.append(f"{mark}{quote_label}: “{source.quote}”")
    return "\n".join(lines)
