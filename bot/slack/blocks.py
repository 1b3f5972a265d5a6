"""Pure rendering: an Answer (or a notice) as Slack Block Kit, within Slack's limits.

Every piece of text that may echo a user's words (the answer text can name what was asked)
goes through `mrkdwn_safe`, so nothing the bot posts becomes a live mention or markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.slack.text import mrkdwn_safe, split_for_blocks, truncate
from bot.slack.values import FeedbackValue, QuoteValue, ShareValue, SuggestionValue
from handlers.messages import Messages, messages_for
from handlers.models import Answer, AnswerKind, SourceRef

Block = dict[str, Any]

SECTION_TEXT_LIMIT = 3000
FALLBACK_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
MAX_ANSWER_SECTIONS = 8
MAX_SOURCES = 5
MAX_SUGGESTIONS = 5

SHARE_ACTION = "funding_share"
QUOTE_ACTION = "funding_quote"
HELPFUL_ACTION = "funding_helpful"
NOT_HELPFUL_ACTION = "funding_not_helpful"
SUGGESTION_ACTION_PREFIX = "funding_suggestion_"

_SLACK_ID = re.compile(r"^[A-Z0-9]{2,32}$")


@dataclass(frozen=True)
class SlackMessage:
    """A message ready for chat.postMessage, respond() or ack(): fallback text and blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerView:
    """Where an answer is shown, which decides the extras around it.

    `share_key` adds the "Share in channel" button (only on the asker's private copy);
    `shared_by` is the Slack user id of whoever shared it publicly; `usage` adds the slash
    command usage line (help in reply to `/funding`).
    """

    share_key: str | None = None
    shared_by: str | None = None
    usage: bool = False


def render_answer(answer: Answer, view: AnswerView = AnswerView()) -> SlackMessage:
    """The answer, its sources, its suggestions and its buttons as Block Kit."""
    messages = messages_for(answer.language)
    blocks: list[Block] = []
    if view.shared_by is not None:
        blocks.append(_shared_by_block(messages, view.shared_by, answer.question))
    if view.usage:
        blocks.append(_section(mrkdwn_safe(messages.slash_usage)))
    blocks.extend(_answer_sections(_text_without_listed_suggestions(answer)))
    blocks.extend(_suggestion_blocks(answer))
    sources = [(_source_text(source, messages), source) for source in answer.sources[:MAX_SOURCES]]
    blocks.extend(_context([line]) for line, _ in sources)
    actions = _answer_buttons(answer, sources, messages, view)
    if actions:
        blocks.append({"type": "actions", "elements": actions})
    return SlackMessage(text=fallback_text(answer.text), blocks=blocks)


def render_notice(text: str) -> SlackMessage:
    """A short message from the language pack (apology, thanks) as one section."""
    safe = mrkdwn_safe(text)
    return SlackMessage(text=truncate(safe, FALLBACK_TEXT_LIMIT), blocks=_answer_sections(text))


def render_quotes(value: QuoteValue) -> SlackMessage:
    """The quoted source sentences a "Show source sentence" button reveals."""
    label = messages_for(value.language).quote_label
    blocks: list[Block] = [_context([mrkdwn_safe(label)])]
    for source in value.sources:
        quoted = "\n".join("> " + line for line in mrkdwn_safe(source.quote).splitlines())
        blocks.append(_section(truncate(quoted, SECTION_TEXT_LIMIT)))
        blocks.append(_context([truncate(source.line, SECTION_TEXT_LIMIT)]))
    first = value.sources[0].quote if value.sources else label
    return SlackMessage(text=truncate(mrkdwn_safe(first), FALLBACK_TEXT_LIMIT), blocks=blocks)


def fallback_text(text: str) -> str:
    """The plain notification text Slack shows where blocks are not rendered."""
    return truncate(mrkdwn_safe(text), FALLBACK_TEXT_LIMIT) or "…"


def _shared_by_block(messages: Messages, user_id: str, question: str) -> Block:
    # The sharer's id comes from Slack's payload; it is the one mention we mean to make.
    sharer = f"<@{user_id}>" if _SLACK_ID.match(user_id) else mrkdwn_safe(user_id)
    elements = [mrkdwn_safe(messages.shared_by).format(user=sharer)]
    if question.strip():
        elements.append(f"“{truncate(mrkdwn_safe(question), 500)}”")
    return _context(elements)


def _answer_sections(text: str) -> list[Block]:
    pieces = split_for_blocks(mrkdwn_safe(text), SECTION_TEXT_LIMIT)
    if len(pieces) > MAX_ANSWER_SECTIONS:
        pieces = pieces[:MAX_ANSWER_SECTIONS]
        pieces[-1] = truncate(pieces[-1], SECTION_TEXT_LIMIT - 1) + "…"
    return [_section(piece or "…") for piece in pieces]


def _text_without_listed_suggestions(answer: Answer) -> str:
    # The core lists suggestions as "• question" lines; in Slack they are buttons instead.
    listed = {f"• {suggestion.question}" for suggestion in answer.suggestions[:MAX_SUGGESTIONS]}
    lines = [line for line in answer.text.splitlines() if line.strip() not in listed]
    return "\n".join(lines) if lines else answer.text


def _suggestion_blocks(answer: Answer) -> list[Block]:
    suggestions = answer.suggestions[:MAX_SUGGESTIONS]
    if not suggestions:
        return []
    buttons = [
        _button(
            f"{SUGGESTION_ACTION_PREFIX}{index}",
            suggestion.question,
            SuggestionValue(fact_id=suggestion.fact_id, language=answer.language).encode(),
        )
        for index, suggestion in enumerate(suggestions)
    ]
    return [{"type": "actions", "elements": buttons}]


def _source_text(source: SourceRef, messages: Messages) -> str:
    outlet = mrkdwn_safe(source.outlet)
    if source.url and source.url.startswith(("https://", "http://")):
        outlet = f"<{_link_safe(source.url)}|{outlet}>"
    published = source.published.isoformat()
    if source.via:
        line = messages.source_line_via.format(
            outlet=outlet, published=published, via=mrkdwn_safe(source.via)
        )
    else:
        line = messages.source_line.format(outlet=outlet, published=published)
    if source.author:
        line += f" · {mrkdwn_safe(source.author)}"
    return truncate(line, SECTION_TEXT_LIMIT)


def _answer_buttons(
    answer: Answer, sources: list[tuple[str, SourceRef]], messages: Messages, view: AnswerView
) -> list[Block]:
    buttons: list[Block] = []
    if sources:
        quotes = [(line, source.quote) for line, source in sources]
        value = QuoteValue.encode_fitting(answer.language, quotes)
        buttons.append(_button(QUOTE_ACTION, messages.show_quote_button, value))
    if view.share_key is not None:
        share = ShareValue.of(view.share_key, answer.question, answer.language)
        buttons.append(_button(SHARE_ACTION, messages.share_button, share.encode(), primary=True))
    if answer.kind is AnswerKind.ANSWER and answer.fact_ids:
        feedback = FeedbackValue.of(answer.fact_ids, answer.language).encode()
        buttons.append(_button(HELPFUL_ACTION, messages.helpful_button, feedback))
        buttons.append(_button(NOT_HELPFUL_ACTION, messages.not_helpful_button, feedback))
    return buttons


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts]}


def _button(action_id: str, label: str, value: str, *, primary: bool = False) -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": truncate(label, BUTTON_TEXT_LIMIT), "emoji": True},
        "value": value,
    }
    if primary:
        button["style"] = "primary"
    return button


def _link_safe(url: str) -> str:
    # Inside <url|label>, "|" and ">" would end the link early.
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
