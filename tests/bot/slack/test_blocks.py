import json
from datetime import date

import pytest

from bot.slack.blocks import (
    FALLBACK_TEXT_LIMIT,
    HELPFUL_ACTION,
    NOT_HELPFUL_ACTION,
    QUOTE_ACTION,
    SECTION_TEXT_LIMIT,
    SHARE_ACTION,
    SUGGESTION_ACTION_PREFIX,
    AnswerView,
    render_answer,
    render_notice,
    render_quotes,
)
from bot.slack.values import (
    BUTTON_VALUE_LIMIT,
    FeedbackValue,
    QuoteValue,
    ShareValue,
    SuggestionValue,
)
from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, SourceRef, Suggestion
from handlers.rendering import plain_text, source_line
from tests.bot.slack.slack_requests import all_texts, buttons_starting_with, find_button

SOURCE = SourceRef(
    outlet="Example Daily",
    published=date(2025, 3, 1),
    title="A big round",
    author="Kim Reporter",
    url="https://example.com/a?x=1|2",
    via="Wire Service",
    via_reported=date(2025, 2, 28),
    quote="The company raised $6.6 billion, the paper said.",
)
BROADCAST_WORDS = ("@channel", "@here", "@everyone")


def answer(**changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "How much did it raise?",
        "kind": AnswerKind.ANSWER,
        "language": "en",
        "text": "It raised $6.6 billion.",
        "sources": (SOURCE,),
        "fact_ids": ("fact.one",),
        "confidence": 0.9,
    }
    fields.update(changes)
    return Answer.model_validate(fields)


def every_text_object(blocks: list[dict[str, object]]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def test_answer_section_source_context_and_buttons() -> None:
    message = render_answer(answer(), AnswerView(share_key="k1"))
    assert message.blocks[0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "It raised $6.6 billion."},
    }
    context = next(block for block in message.blocks if block["type"] == "context")
    line = context["elements"][0]["text"]
    expected = "Source: Example Daily (Kim Reporter), 2025-03-01, citing Wire Service (2025-02-28)"
    assert source_line(SOURCE, "en") == expected
    assert line == f"<https://example.com/a?x=1%7C2|{expected}>"
    for action_id in (QUOTE_ACTION, SHARE_ACTION, HELPFUL_ACTION, NOT_HELPFUL_ACTION):
        find_button(message.blocks, action_id)
    assert message.text == f"It raised $6.6 billion.\n{expected}"


def test_sources_of_one_article_share_one_line_and_every_fact_keeps_its_quote() -> None:
    second = SOURCE.model_copy(update={"quote": "A second sentence."})
    other = SOURCE.model_copy(update={"outlet": "Other Times", "url": None, "quote": "Third."})
    three = answer(sources=(SOURCE, second, other), fact_ids=("f.1", "f.2", "f.3"))
    blocks = render_answer(three, AnswerView(share_key="k")).blocks
    lines = [block["elements"][0]["text"] for block in blocks if block["type"] == "context"]
    # One line per article, marked with the number of every source it stands for.
    assert lines == [
        f"[1] [2] <https://example.com/a?x=1%7C2|{source_line(SOURCE, 'en')}>",
        f"[3] {source_line(other, 'en')}",
    ]
    feedback = FeedbackValue.decode(find_button(blocks, NOT_HELPFUL_ACTION)["value"])
    assert feedback is not None
    assert feedback.fact_ids == ("f.1", "f.2", "f.3")
    share = ShareValue.decode(find_button(blocks, SHARE_ACTION)["value"])
    assert share is not None
    assert share.fact_ids == ("f.1", "f.2", "f.3")
    quotes = QuoteValue.decode(find_button(blocks, QUOTE_ACTION)["value"])
    assert quotes is not None
    shown = all_texts(render_quotes(quotes).blocks)
    for number, source in enumerate((SOURCE, second, other), 1):
        assert f"[{number}] {source.quote}" in shown
    assert f"[3] {source_line(other, 'en')}" in shown


@pytest.mark.parametrize(
    "question",
    ['"' * 1200, "\n" * 1500, '"\n' * 5000, "How much? " + "“”\\" * 900],
)
def test_a_question_full_of_quotes_or_newlines_never_breaks_rendering(question: str) -> None:
    message = render_answer(answer(question=question), AnswerView(share_key="k", shared_by="U1"))
    assert message.blocks[1]["text"]["text"] == "It raised $6.6 billion."
    share = find_button(message.blocks, SHARE_ACTION)
    assert len(share["value"]) <= BUTTON_VALUE_LIMIT
    value = ShareValue.decode(share["value"])
    assert value is not None
    assert question.startswith(value.question)
    assert len(value.question) > 300


def test_a_value_that_cannot_fit_drops_its_button_not_the_message() -> None:
    lines = [f"{i} " + '"' * 400 for i in range(5)]
    assert QuoteValue.encode_fitting("en", [(line, "q" * 900) for line in lines]) is None
    huge_ids = tuple(f"fact.{i}" * 60 for i in range(8))
    message = render_answer(answer(fact_ids=huge_ids), AnswerView(share_key="k"))
    assert message.blocks[0]["text"]["text"] == "It raised $6.6 billion."
    assert HELPFUL_ACTION not in all_texts(message.blocks)
    find_button(message.blocks, QUOTE_ACTION)


def test_quote_button_reveals_the_source_sentence() -> None:
    button = find_button(render_answer(answer()).blocks, QUOTE_ACTION)
    value = QuoteValue.decode(button["value"])
    assert value is not None
    quotes = render_quotes(value)
    assert SOURCE.quote in all_texts(quotes.blocks)
    assert messages_for("en").quote_label in all_texts(quotes.blocks)


def test_public_answers_have_no_share_button_and_feedback_carries_the_facts() -> None:
    blocks = render_answer(answer()).blocks
    assert SHARE_ACTION not in all_texts(blocks)
    value = FeedbackValue.decode(find_button(blocks, HELPFUL_ACTION)["value"])
    assert value == FeedbackValue(fact_ids=("fact.one",), language="en")


def test_no_feedback_buttons_on_what_is_not_an_answer() -> None:
    blocks = render_answer(answer(kind=AnswerKind.NOT_FOUND, fact_ids=(), sources=())).blocks
    assert HELPFUL_ACTION not in all_texts(blocks)
    assert QUOTE_ACTION not in all_texts(blocks)


def test_suggestions_become_buttons_that_name_their_fact() -> None:
    suggestions = tuple(
        Suggestion(fact_id=f"fact.{i}", question=f"Question {i}?") for i in range(3)
    )
    not_found = answer(
        kind=AnswerKind.CLARIFY,
        text="Which one?",
        suggestions=suggestions,
        sources=(),
        fact_ids=(),
    )
    message = render_answer(not_found)
    assert [block["type"] for block in message.blocks] == ["section", "actions"]
    assert message.blocks[0]["text"]["text"] == "Which one?"
    assert message.text == plain_text(not_found)
    buttons = buttons_starting_with(message.blocks, SUGGESTION_ACTION_PREFIX)
    labels = [button["text"]["text"] for button in buttons]
    # Numbered: a reply of "2" picks the second option.
    assert labels == ["1. Question 0?", "2. Question 1?", "3. Question 2?"]
    assert SuggestionValue.decode(buttons[2]["value"]) == SuggestionValue(
        fact_id="fact.2", language="en"
    )


def test_labels_follow_the_answer_language() -> None:
    korean_answer = answer(language="ko", text="66억 달러를 투자받았습니다.")
    korean = render_answer(korean_answer, AnswerView(share_key="k"))
    labels = [
        button["text"]["text"]
        for block in korean.blocks
        if block["type"] == "actions"
        for button in block["elements"]
    ]
    ko = messages_for("ko")
    assert ko.share_button in labels
    assert ko.show_quote_button in labels


def test_no_section_over_slack_limit_even_for_a_huge_answer() -> None:
    huge = answer(text=("word " * 4000 + "x" * 9000 + "\n") * 5, question="q" * 50_000)
    message = render_answer(huge, AnswerView(share_key="k", shared_by="UASKER01", usage=True))
    assert len(message.blocks) <= 50
    for block in message.blocks:
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= BUTTON_VALUE_LIMIT
            assert len(element.get("text", "")) <= SECTION_TEXT_LIMIT
    assert len(message.text) <= FALLBACK_TEXT_LIMIT


def test_huge_quotes_from_many_sources_fit_one_button() -> None:
    sources = tuple(
        SOURCE.model_copy(update={"quote": "“quoted” " * 500, "outlet": f"Outlet {i}"})
        for i in range(8)
    )
    button = find_button(render_answer(answer(sources=sources)).blocks, QUOTE_ACTION)
    assert len(button["value"]) <= BUTTON_VALUE_LIMIT
    value = QuoteValue.decode(button["value"])
    assert value is not None
    assert len(value.sources) == 5


def test_mentions_in_anything_echoed_are_neutralised() -> None:
    hostile = "<!channel> <!here> <!everyone> <!subteam^S1|@team> @channel @here @everyone"
    message = render_answer(
        answer(text=f"My sources say nothing about {hostile}.", question=hostile),
        AnswerView(shared_by="UASKER01"),
    )
    texts = [*every_text_object(message.blocks), message.text]
    for text in texts:
        assert "<!" not in text
        assert not any(word in text.lower() for word in BROADCAST_WORDS)
    assert "<@UASKER01>" in json.dumps(message.blocks)


def test_shared_answer_names_who_shared_it() -> None:
    blocks = render_answer(answer(), AnswerView(shared_by="UASKER01")).blocks
    assert blocks[0]["type"] == "context"
    assert messages_for("en").shared_by.format(user="<@UASKER01>") in all_texts(blocks)
    assert "How much did it raise?" in all_texts(blocks)


def test_a_shared_question_is_quoted_as_plain_text_not_rendered() -> None:
    question = "*bold* _italic_ ~strike~ ```code``` `tick` <https://evil.example|click> www.x.io"
    blocks = render_answer(answer(question=question), AnswerView(shared_by="UASKER01")).blocks
    header = blocks[0]["elements"]
    (quoted,) = [element for element in header if "bold" in element["text"]]
    assert quoted["type"] == "plain_text"
    assert quoted["emoji"] is False
    assert quoted["text"].replace("\u2060", "") == (
        messages_for("en").slack_shared_question.format(question=question)
    )
    mrkdwn = [element["text"] for element in header if element["type"] == "mrkdwn"]
    assert not any("bold" in text for text in mrkdwn)


def test_help_in_reply_to_the_slash_command_adds_the_usage() -> None:
    help_answer = answer(kind=AnswerKind.HELP, text="I answer questions.", sources=(), fact_ids=())
    blocks = render_answer(help_answer, AnswerView(usage=True)).blocks
    assert "/funding" in blocks[0]["text"]["text"]


def test_notice_is_one_escaped_section() -> None:
    message = render_notice("Sorry <!here>")
    assert message.blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Sorry &lt;!here&gt;"}}
    ]
