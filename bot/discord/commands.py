"""The /funding slash command, its autocomplete, and its Korean localisation."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import discord
from discord import app_commands

from bot.discord.components import (
    answer_in_time,
    asker_of,
    conversation_of,
    funding_of,
    send_answer,
)
from bot.discord.embeds import trim
from handlers.messages import messages_for
from handlers.models import Language
from handlers.service import FundingBot

log = logging.getLogger("funding_bot.discord")

COMMAND_NAME = "funding"
CHOICE_COUNT_LIMIT = 25
CHOICE_LENGTH_LIMIT = 100
# Discord shows command texts in the user's client language: English by default, Korean here.
LOCALISED: dict[discord.Locale, Language] = {discord.Locale.korean: "ko"}


def _text(key: str) -> app_commands.locale_str:
    """A command text in English, keyed to its field in the language packs."""
    return app_commands.locale_str(getattr(messages_for("en"), key), key=key)


class MessagesTranslator(app_commands.Translator):
    """Translates the command's descriptions from the language packs."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        language = LOCALISED.get(locale)
        if not isinstance(key, str) or language is None:
            return None
        return str(getattr(messages_for(language), key))


def build_funding_command() -> app_commands.Command[Any, ..., None]:
    """`/funding question:<text> [public:<bool>]`, with autocomplete on `question`."""

    @app_commands.command(name=COMMAND_NAME, description=_text("discord_command_description"))
    @app_commands.describe(
        question=_text("discord_question_description"),
        public=_text("discord_public_description"),
    )
    async def funding(
        interaction: discord.Interaction[Any], question: str, public: bool = False
    ) -> None:
        await answer_slash(interaction, question, public=public)

    @funding.autocomplete("question")
    async def complete_question(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        try:
            language = locale_language(interaction.locale)
            funding = funding_of(interaction)
            candidates = funding.complete(current, limit=CHOICE_COUNT_LIMIT, language=language)
            return question_choices(candidates)
        except Exception:
            log.exception("autocomplete failed")
            return []

    return funding


async def answer_slash(
    interaction: discord.Interaction[Any], question: str, *, public: bool
) -> None:
    """Answer /funding: privately with a Share button, or in the channel when `public`."""
    funding = funding_of(interaction)

    async def reply() -> None:
        answer = await funding.converse(
            question, asker=asker_of(interaction.user), conversation=conversation_of(interaction)
        )
        await send_answer(interaction, answer, ephemeral=not public)

    language = FundingBot.language_of(question)
    await answer_in_time(interaction, reply, language=language, ephemeral=not public)


def locale_language(locale: discord.Locale) -> Language:
    """The language of the user's Discord client, for suggestions before anything is typed."""
    return LOCALISED.get(locale, "en")


def question_choices(questions: Iterable[str]) -> list[app_commands.Choice[str]]:
    """The first 25 distinct questions, in the core's order, each within 100 characters.

    Discord rejects the whole autocomplete reply beyond either limit, and the core applies
    neither, so both are enforced here.
    """
    choices: list[app_commands.Choice[str]] = []
    seen: set[str] = set()
    for question in questions:
        text = trim(" ".join(question.split()), CHOICE_LENGTH_LIMIT)
        if not text or text in seen:
            continue
        seen.add(text)
        choices.append(app_commands.Choice(name=text, value=text))
        if len(choices) == CHOICE_COUNT_LIMIT:
            break
    return choices
