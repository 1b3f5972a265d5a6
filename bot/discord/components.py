"""Buttons under an answer, and the interaction replies that carry them.

Buttons are `DynamicItem`s: a click is dispatched by parsing its custom_id, so buttons on
messages sent before a restart keep working, and no view has to be kept in memory.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import discord
from discord.ui import Button, DynamicItem, Item, View

from bot.discord.custom_ids import (
    SHARE_TEMPLATE,
    SUGGESTION_TEMPLATE,
    VOTE_TEMPLATE,
    parse_language,
    parse_tokens,
    share_id,
    suggestion_id,
    vote_id,
)
from bot.discord.embeds import render_answer, trim
from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, Asker, Language
from handlers.rendering import suggestion_label
from handlers.service import FundingBot

log = logging.getLogger("funding_bot.discord")

NO_PINGS = discord.AllowedMentions.none()
# Discord drops an interaction not answered within 3 s; one that reaches us this late is
# deferred first, so that a slow answer still arrives (as an edit, within 15 minutes).
LATE_AFTER = timedelta(seconds=1.5)
BUTTON_LABEL_LIMIT = 80
SUGGESTION_BUTTON_LIMIT = 5
SUGGESTION_ROW = 0
ACTION_ROW = 1

Clock = Callable[[], datetime]
Send = Callable[[str], Awaitable[object]]


def funding_of(interaction: discord.Interaction[Any]) -> FundingBot:
    """The FundingBot behind the client that received this interaction."""
    funding = getattr(interaction.client, "funding", None)
    if not isinstance(funding, FundingBot):
        raise TypeError("this Discord client carries no FundingBot")
    return funding


def clock_of(interaction: discord.Interaction[Any]) -> Clock:
    """The clock of the client that received this interaction (tests give it a fixed one)."""
    clock: Clock = getattr(interaction.client, "clock", discord.utils.utcnow)
    return clock


def asker_of(user: discord.abc.User) -> Asker:
    """Who asked, as the core records it."""
    return Asker(platform="discord", user_id=str(user.id))


class ShareButton(DynamicItem[Button[View]], template=SHARE_TEMPLATE):
    """Posts a private answer to the channel, for everyone."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        label = messages_for(language).share_button
        button: Button[View] = Button(
            label=trim(label, BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.primary,
            custom_id=share_id(language),
        )
        super().__init__(button, row=ACTION_ROW)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Item[Any], match: re.Match[str], /
    ) -> ShareButton:
        return cls(parse_language(match["language"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await share(interaction, self.language)


class SuggestionButton(DynamicItem[Button[View]], template=SUGGESTION_TEMPLATE):
    """A "did you mean" question; clicking it answers exactly that fact."""

    def __init__(self, fact_id: str, language: Language, label: str, custom_id: str) -> None:
        self.fact_id = fact_id
        self.language: Language = language
        button: Button[View] = Button(
            label=trim(label.strip() or fact_id, BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id,
        )
        super().__init__(button, row=SUGGESTION_ROW)

    @classmethod
    def from_match(cls, match: re.Match[str], label: str | None) -> SuggestionButton:
        """The button a matched custom_id stands for, with the label it was shown with."""
        language = parse_language(match["language"])
        return cls(match["fact_id"], language, label or match["fact_id"], match.string)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        return cls.from_match(match, item.label if isinstance(item, Button) else None)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await answer_suggestion(interaction, self.fact_id, self.language)


class VoteButton(DynamicItem[Button[View]], template=VOTE_TEMPLATE):
    """👍 or 👎 on an answer, recorded for the curation loop against all its facts."""

    def __init__(self, tokens: tuple[str, ...], *, helpful: bool, language: Language) -> None:
        custom_id = vote_id(tokens, helpful=helpful, language=language)
        if custom_id is None:
            raise ValueError("no fact token fits in a vote button")
        self.tokens = parse_tokens(custom_id.rsplit(":", 1)[1])
        self.helpful = helpful
        self.language: Language = language
        messages = messages_for(language)
        label = messages.helpful_button if helpful else messages.not_helpful_button
        button: Button[View] = Button(
            label=trim(label, BUTTON_LABEL_LIMIT),
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id,
        )
        super().__init__(button, row=ACTION_ROW)

    @classmethod
    def from_match(cls, match: re.Match[str], label: str | None = None) -> VoteButton:
        """The button a matched custom_id stands for (its label comes from the language)."""
        language = parse_language(match["language"])
        return cls(parse_tokens(match["tokens"]), helpful=match["vote"] == "up", language=language)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls.from_match(match)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await record_vote(interaction, self.tokens, helpful=self.helpful, language=self.language)


DYNAMIC_ITEMS: tuple[type[DynamicItem[Any]], ...] = (ShareButton, SuggestionButton, VoteButton)
# The buttons a shared copy carries over from the private answer: all but Share.
CARRIED_OVER: tuple[tuple[str, Callable[[re.Match[str], str | None], Item[Any]]], ...] = (
    (SUGGESTION_TEMPLATE, SuggestionButton.from_match),
    (VOTE_TEMPLATE, VoteButton.from_match),
)


def answer_view(answer: Answer, fact_tokens: tuple[str, ...], *, offer_share: bool) -> View:
    """The buttons under an answer: suggestions, 👍/👎 on its facts, and Share when offered
    (on a private reply) and the answer is worth sharing."""
    view = View(timeout=None)
    for button in suggestion_buttons(answer):
        view.add_item(button)
    if answer.answered and vote_id(fact_tokens, helpful=True, language=answer.language):
        for helpful in (True, False):
            view.add_item(VoteButton(fact_tokens, helpful=helpful, language=answer.language))
    if offer_share and answer.shareable:
        view.add_item(ShareButton(answer.language))
    return view


def detached(view: View) -> View:
    """The view, marked finished so that discord.py sends it without keeping it in memory.

    Clicks are dispatched through the DynamicItem templates registered on the client, so a kept
    view would only hold memory (and, for private replies, a 15-minute timer) for nothing.
    """
    view.stop()
    return view


def suggestion_buttons(answer: Answer) -> list[SuggestionButton]:
    """One button per distinct suggested fact that fits in a custom_id, at most one row."""
    buttons: list[SuggestionButton] = []
    seen: set[str] = set()
    for number, suggestion in enumerate(answer.suggestions, 1):
        custom_id = suggestion_id(suggestion.fact_id, answer.language)
        if custom_id is None or custom_id in seen:
            continue
        seen.add(custom_id)
        # Under "which one?" the labels keep the core's numbers: a reply of "2" picks that one.
        label = suggestion_label(answer, number, suggestion.question)
        buttons.append(SuggestionButton(suggestion.fact_id, answer.language, label, custom_id))
        if len(buttons) == SUGGESTION_BUTTON_LIMIT:
            break
    return buttons


def is_late(interaction: discord.Interaction[Any]) -> bool:
    """Whether this interaction is already too old to be answered directly with confidence."""
    return clock_of(interaction)() - interaction.created_at > LATE_AFTER


async def answer_in_time(
    interaction: discord.Interaction[Any],
    reply: Callable[[], Awaitable[None]],
    *,
    language: Language,
    ephemeral: bool,
) -> None:
    """Run `reply`, deferring first when late; on any failure log it and apologise."""
    try:
        if is_late(interaction):
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        await reply()
    except Exception:
        log.exception("answering a Discord interaction failed")
        await apologise(functools.partial(tell_privately, interaction), language)


async def apologise(send: Send, language: Language) -> None:
    """Send the short apology through `send`; a failure to deliver it is only logged."""
    try:
        await send(messages_for(language).apology)
    except discord.HTTPException:
        log.warning("could not deliver the apology for a failed Discord answer")


async def tell_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """A private text reply, whether or not the interaction was answered or deferred yet."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


async def respond(
    interaction: discord.Interaction[Any],
    *,
    ephemeral: bool,
    content: str | None = None,
    embeds: list[discord.Embed] | None = None,
    view: View | None = None,
) -> None:
    """The interaction's reply: the initial response, or the edit of a deferred one."""
    embeds = embeds or []
    view = detached(view or View(timeout=None))
    if interaction.response.is_done():
        await interaction.edit_original_response(
            content=content, embeds=embeds, view=view, allowed_mentions=NO_PINGS
        )
    else:
        await interaction.response.send_message(
            content, embeds=embeds, view=view, ephemeral=ephemeral, allowed_mentions=NO_PINGS
        )


async def send_answer(
    interaction: discord.Interaction[Any], answer: Answer, *, ephemeral: bool
) -> None:
    """Reply with the answer's embed and buttons; anything but an answer proper stays private."""
    if answer.kind is AnswerKind.ERROR:
        # The core's own apology for a failure: a short private line, like ours.
        await tell_privately(interaction, answer.text)
        return
    private = ephemeral or not answer.shareable
    if answer.kind is AnswerKind.COURTESY:
        # "You're welcome": a line of text, with nothing to cite, rate or share.
        await respond(interaction, ephemeral=private, content=answer.text)
        return
    tokens = funding_of(interaction).fact_tokens(answer.fact_ids)
    view = answer_view(answer, tokens, offer_share=private)
    await respond(interaction, ephemeral=private, embeds=[render_answer(answer)], view=view)


async def share(interaction: discord.Interaction[Any], language: Language) -> None:
    """Post the clicked private answer to the channel, saying who shared it.

    The answer is the one the asker saw, as Discord hands back the clicked message: nothing is
    asked again (so nothing counts against the rate limit), and Share is only ever offered on
    a shareable answer, so nothing else can be posted this way.
    """

    async def reply() -> None:
        message = interaction.message
        if message is None or not message.embeds:
            raise ValueError("the Share button came without the answer to share")
        content = messages_for(language).shared_by.format(user=interaction.user.mention)
        view = public_copy(message)
        embeds = message.embeds
        await respond(interaction, ephemeral=False, content=content, embeds=embeds, view=view)

    await answer_in_time(interaction, reply, language=language, ephemeral=False)


def public_copy(message: discord.Message) -> View:
    """The shared message's buttons: those of the private answer, without Share."""
    view = View(timeout=None)
    for row in message.components:
        for component in getattr(row, "children", ()):
            item = _carried_over(component)
            if item is not None:
                view.add_item(item)
    return view


def _carried_over(component: object) -> Item[Any] | None:
    if not isinstance(component, discord.Button) or component.custom_id is None:
        return None
    for template, build in CARRIED_OVER:
        if match := re.fullmatch(template, component.custom_id):
            return build(match, component.label)
    return None


def conversation_of(interaction: discord.Interaction[Any]) -> str:
    """/funding's conversation, the same as a mention's there: a DM or a thread as a whole,
    else the asker's own in a server channel."""
    if interaction.guild_id is None or isinstance(interaction.channel, discord.Thread):
        return f"discord:{interaction.channel_id}"
    return f"discord:{interaction.guild_id}:{interaction.channel_id}:{interaction.user.id}"


async def answer_suggestion(
    interaction: discord.Interaction[Any], fact_id: str, language: Language
) -> None:
    """Answer exactly the suggested fact, privately (the asker can share it)."""

    async def reply() -> None:
        asker = asker_of(interaction.user)
        answer = await funding_of(interaction).suggest(
            fact_id, language, asker=asker, conversation=conversation_of(interaction)
        )
        if answer is None:
            # The knowledge was reloaded since the button was sent and the fact is gone.
            text = messages_for(language).not_found
            answer = Answer(question="", kind=AnswerKind.NOT_FOUND, language=language, text=text)
        await send_answer(interaction, answer, ephemeral=True)

    await answer_in_time(interaction, reply, language=language, ephemeral=True)


async def record_vote(
    interaction: discord.Interaction[Any],
    tokens: tuple[str, ...],
    *,
    helpful: bool,
    language: Language,
) -> None:
    """Record 👍/👎 for every fact of the answer and thank the voter privately."""

    async def reply() -> None:
        funding = funding_of(interaction)
        fact_ids = funding.fact_ids_for(tokens)
        # Facts removed by a knowledge reload since the answer was sent cannot be rated.
        if fact_ids:
            asker = asker_of(interaction.user)
            funding.record_feedback(fact_ids, helpful=helpful, asker=asker)
        await respond(interaction, ephemeral=True, content=messages_for(language).feedback_thanks)

    await answer_in_time(interaction, reply, language=language, ephemeral=True)
