"""Plain-text rendering of an answer, for the terminal, the CLI and notification fallbacks."""

from __future__ import annotations

from handlers.messages import messages_for
from handlers.models import Answer, SourceRef


def source_line(source: SourceRef, language: str) -> str:
    messages = messages_for("ko" if language == "ko" else "en")
    published = source.published.isoformat()
    if source.via is None:
        return messages.source_line.format(outlet=source.outlet, published=published)
    via = source.via
    if source.via_reported is not None:
        via = f"{via}, {source.via_reported.isoformat()}"
    return messages.source_line_via.format(outlet=source.outlet, published=published, via=via)


def plain_text(answer: Answer, *, with_quotes: bool = False) -> str:
    """The answer as a person reads it: the text, then each source on its own line."""
    lines = [answer.text]
    messages = messages_for(answer.language)
    cited = [source_line(source, answer.language) for source in answer.sources]
    lines.extend(dict.fromkeys(cited))
    if with_quotes:
        quotes = dict.fromkeys(source.quote for source in answer.sources)
        lines.extend(f"{messages.quote_label}: “{quote}”" for quote in quotes)
    return "\n".join(lines)
