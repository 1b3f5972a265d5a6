"""Language packs: every user-facing string, one module per language."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from handlers.models import Language


class Messages(BaseModel):
    """All the words the bot says that are not facts. Templates use str.format fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Core replies
    not_found: str
    not_found_about: str
    grounding_failed: str
    out_of_scope_topic: str
    unknown_entity: str
    claim_holds: str
    claim_wrong: str
    claim_unstated: str
    not_reported: str
    own_amount_not_reported: str
    what_they_say: str
    these_names: str
    courtesy: str
    compose_sum: str
    compose_before: str
    compose_rest: str
    compose_more_than: str
    compose_claim_above: str
    compose_claim_not_above: str
    compose_claim_below: str
    compose_claim_not_below: str
    compose_claim_same: str
    compose_claim_other: str
    compose_compare: str
    compose_share: str
    compose_share_more_than: str
    compose_ratio: str
    compose_ratio_more_than: str
    compose_equal: str
    compose_most: str
    compose_least: str
    chronology_first: str
    chronology_last: str
    chronology_tied: str
    compose_in_won: str
    compose_refused_overlap: str
    compose_refused_qualifier: str
    compose_refused_currency: str
    compose_refused_same: str
    clarify: str
    empty_question: str
    too_long_note: str
    question_too_long: str
    suggestions_intro: str
    rate_limited: str
    apology: str
    help: str
    help_examples_intro: str
    sources_intro: str
    sources_line: str

    # How a source is cited
    source_label: str
    quote_label: str
    source_line: str
    source_author: str
    source_via: str
    source_via_dated: str

    # Chat surfaces
    share_button: str
    show_quote_button: str
    shared_by: str
    helpful_button: str
    not_helpful_button: str
    feedback_thanks: str
    terminal_prompt: str
    terminal_greeting: str
    terminal_bye: str
    slash_usage: str
    answer_title: str
    footer: str

    # Slack
    slack_shared_question: str

    # Discord
    discord_command_description: str
    discord_question_description: str
    discord_public_description: str


def messages_for(language: Language) -> Messages:
    if not _LOADED:
        # Imported on first use: the packs import this module.
        from handlers.messages import en, ko

        _LOADED.extend((ko.MESSAGES, en.MESSAGES))
    return _LOADED[0] if language == "ko" else _LOADED[1]


# The Korean and English packs, once loaded (messages_for runs several times per answer).
_LOADED: list[Messages] = []
