"""Pure rendering: an Answer (or a notice) as Slack Block Kit, within Slack's limits.

Every piece of text that may echo a user's words (the answer text can name what was asked)
goes through `mrkdwn_safe`, so nothing the bot posts becomes a live mention or markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.slack.text import mrkdwn_safe, plain_safe, split_for_blocks, truncate
from bot.slack.values import FeedbackValue, QuoteValue, ShareValue, SuggestionValue
from handlers.messages import Messages, messages_for
from handlers.models import Answer, SourceRef
from handlers.rendering import plain_text, source_line, source_mark, suggestion_label

Block = dict[str, Any]

SECTION_TEXT_LIMIT = 3000
# Slack truncates a message's `text` beyond this; it is what notifications and screen readers use.
FALLBACK_TEXT_LIMIT = 40_000
BUTTON_TEXT_LIMIT = 75
SHARED_QUESTION_LIMIT = 500
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
    """The answer, its suggestions, its sources and its buttons as Block Kit."""
    messages = messages_for(answer.language)
    blocks: list[Block] = []
    if view.shared_by is not None:
        blocks.append(_shared_by_block(messages, view.shared_by, answer.question))
    if view.usage:
        blocks.append(_section(mrkdwn_safe(messages.slash_usage)))
    blocks.extend(_answer_sections(answer.text))
    blocks.extend(_suggestion_blocks(answer))
    # The source lines and the quote button both show the sources: read them once.
    cited = _cited(answer)
    blocks.extend(_context([_source_text(source)]) for source in cited)
    actions = _answer_buttons(answer, messages, view, cited)
    if actions:
        blocks.append({"type": "actions", "elements": actions})
    return SlackMessage(text=fallback_text(plain_text(answer)), blocks=blocks)


def render_notice(text: str) -> SlackMessage:
    """A short message from the language pack (apology, thanks) as one section."""
    return SlackMessage(text=fallback_text(text), blocks=_answer_sections(text))


def render_quotes(value: QuoteValue) -> SlackMessage:
    """The quoted source sentences a "Show source sentence" button reveals, under their lines."""
    label = messages_for(value.language).quote_label
    blocks: list[Block] = [_context([mrkdwn_safe(label)])]
    for source in value.sources:
        # The value came back from a client: escape it like anything else we did not write.
        for quote in source.quotes:
            quoted = "\n".join("> " + line for line in mrkdwn_safe(quote).splitlines())
            blocks.append(_section(truncate(quoted, SECTION_TEXT_LIMIT) or "…"))
        blocks.append(_context([truncate(mrkdwn_safe(source.line), SECTION_TEXT_LIMIT)]))
    quotes = [quote for source in value.sources for quote in source.quotes]
    return SlackMessage(text=fallback_text("\n".join(quotes) or label), blocks=blocks)


def fallback_text(text: str) -> str:
    """The plain notification text Slack shows where blocks are not rendered."""
    return truncate(mrkdwn_safe(text), FALLBACK_TEXT_LIMIT) or "…"


def _shared_by_block(messages: Messages, user_id: str, question: str) -> Block:
    # The sharer's id comes from Slack's payload; it is the one mention we mean to make.
    sharer = f"<@{user_id}>" if _SLACK_ID.match(user_id) else mrkdwn_safe(user_id)
    block = _context([mrkdwn_safe(messages.shared_by).format(user=sharer)])
    if question.strip():
        # The asker's words as plain text: their *bold*, _italic_, ~strike~, code fences,
        # links and mentions are shown as typed, never rendered.
        shown = messages.slack_shared_question.format(
            question=truncate(question, SHARED_QUESTION_LIMIT)
        )
        block["elements"].append({"type": "plain_text", "text": plain_safe(shown), "emoji": False})
    return block


def _answer_sections(text: str) -> list[Block]:
    pieces = split_for_blocks(mrkdwn_safe(text), SECTION_TEXT_LIMIT)
    if len(pieces) > MAX_ANSWER_SECTIONS:
        pieces = pieces[:MAX_ANSWER_SECTIONS]
        pieces[-1] = truncate(pieces[-1], SECTION_TEXT_LIMIT - 1) + "…"
    return [_section(piece or "…") for piece in pieces]


def _suggestion_blocks(answer: Answer) -> list[Block]:
    candidates = (
        _button(
            f"{SUGGESTION_ACTION_PREFIX}{index}",
            suggestion_label(answer, index + 1, suggestion.question),
            SuggestionValue(fact_id=suggestion.fact_id, language=answer.language).encode(),
        )
        for index, suggestion in enumerate(answer.suggestions[:MAX_SUGGESTIONS])
    )
    buttons = [button for button in candidates if button is not None]
    # Slack rejects an actions block without elements.
    return [{"type": "actions", "elements": buttons}] if buttons else []


@dataclass(frozen=True)
class _Cited:
    """One source line as shown, with the sources of the answer it stands for. When an answer
    has several sources, each line is marked with their numbers, as the answer's text is;
    consecutive sources from one article share one line ("[1] [2] Source: ..."), so the lines
    keep the sources' order."""

    line: str
    marks: str
    url: str | None
    quotes: tuple[str, ...]


def _cited(answer: Answer) -> list[_Cited]:
    runs: list[tuple[str, list[tuple[int, SourceRef]]]] = []
    for number, source in enumerate(answer.sources, 1):
        line = source_line(source, answer.language)
        if runs and runs[-1][0] == line:
            runs[-1][1].append((number, source))
        else:
            runs.append((line, [(number, source)]))
    return [
        _Cited(
            line=line,
            marks="".join(source_mark(answer, number) for number, _ in sources),
            url=next((source.url for _, source in sources if source.url), None),
            quotes=tuple(source_mark(answer, number) + source.quote for number, source in sources),
        )
        for line, sources in runs[:MAX_SOURCES]
    ]


def _source_text(cited: _Cited) -> str:
    marks = mrkdwn_safe(cited.marks)
    line = truncate(mrkdwn_safe(cited.line), SECTION_TEXT_LIMIT - len(marks))
    if cited.url and cited.url.startswith(("https://", "http://")):
        linked = f"{marks}<{_link_safe(cited.url)}|{line}>"
        if len(linked) <= SECTION_TEXT_LIMIT:
            return linked
    return marks + line


def _answer_buttons(
    answer: Answer, messages: Messages, view: AnswerView, cited: list[_Cited]
) -> list[Block]:
    candidates = [_quote_button(answer, messages, cited)]
    if view.share_key is not None:
        share = ShareValue.encode_fitting(view.share_key, answer)
        candidates.append(_button(SHARE_ACTION, messages.share_button, share, primary=True))
    if answer.answered and answer.fact_ids:
        feedback = FeedbackValue(fact_ids=answer.fact_ids, language=answer.language).encode()
        candidates.append(_button(HELPFUL_ACTION, messages.helpful_button, feedback))
        candidates.append(_button(NOT_HELPFUL_ACTION, messages.not_helpful_button, feedback))
    return [button for button in candidates if button is not None]


def _quote_button(answer: Answer, messages: Messages, cited: list[_Cited]) -> Block | None:
    if not answer.sources:
        return None
    quoted = [(source.marks + source.line, quote) for source in cited for quote in source.quotes]
    value = QuoteValue.encode_fitting(answer.language, quoted)
    return _button(QUOTE_ACTION, messages.show_quote_button, value)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts]}


def _button(
    action_id: str, label: str, value: str | None, *, primary: bool = False
) -> Block | None:
    if value is None:
        # The value could not be made to fit: a message without this button beats no message.
        return None
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
