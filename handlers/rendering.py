"""Plain-text rendering shared by every surface: the source line, and whole answers for the
terminal, the CLI and notification fallbacks."""

from __future__ import annotations

from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, Language, SourceRef


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


def suggestion_label(answer: Answer, number: int, question: str) -> str:
    """A suggestion as every surface shows it: numbered ("2. ...") when it is an option of a
    "which one?", since a reply of "2" picks it, else as it is."""
    return f"{number}. {question}" if answer.kind is AnswerKind.CLARIFY else question


def source_mark(answer: Answer, number: int) -> str:
    """The "[n] " before a source's line and its quoted sentence when an answer has several
    (its text carries the same markers), else nothing."""
    return f"[{number}] " if len(answer.sources) > 1 else ""


def plain_text(answer: Answer, *, with_quotes: bool = False) -> str:
    """The answer as a person reads it: the text, its suggestions, then its sources."""
    lines = [answer.text]
    for number, suggestion in enumerate(answer.suggestions, 1):
        label = suggestion_label(answer, number, suggestion.question)
        lines.append(label if answer.kind is AnswerKind.CLARIFY else f"• {label}")
    for number, source in enumerate(answer.sources, 1):
        lines.append(source_mark(answer, number) + source_line(source, answer.language))
    if with_quotes:
        quote_label = messages_for(answer.language).quote_label
        for number, source in enumerate(answer.sources, 1):
            lines.append(f"{source_mark(answer, number)}{quote_label}: “{source.quote}”")
    return "\n".join(lines)
