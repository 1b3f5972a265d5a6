"""Questions asked by mentioning the bot in a channel, or by writing to it in a DM.

Discord delivers the content of these messages without the privileged message-content intent,
so the bot needs no privileged intent at all.
"""

from __future__ import annotations

import functools
import logging
import re

import discord

from bot.discord.components import NO_PINGS, answer_view, apologise, asker_of, detached
from bot.discord.embeds import render_answer
from handlers.models import AnswerKind
from handlers.service import FundingBot

log = logging.getLogger("funding_bot.discord")

ANSWERED_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})


def is_question_for(message: discord.Message, bot_user_id: int) -> bool:
    """A person's message in a DM, or one that mentions the bot by name (not @everyone)."""
    if message.author.bot or message.webhook_id is not None:
        return False
    if message.type not in ANSWERED_TYPES:
        return False
    # Decided by the channel, not by `message.guild`, which is also None for a guild that is
    # not (yet) cached: answering every message there would be wrong.
    is_dm = isinstance(message.channel, discord.DMChannel)
    return is_dm or bot_user_id in message.raw_mentions


def strip_mention(text: str, bot_user_id: int) -> str:
    """The question without the bot's own mention(s)."""
    return " ".join(re.sub(rf"<@!?{bot_user_id}>", " ", text).split())


async def answer_mention(funding: FundingBot, message: discord.Message, bot_user_id: int) -> None:
    """Reply to the message with the answer; on failure, log it and apologise."""
    if not is_question_for(message, bot_user_id):
        return
    question = strip_mention(message.content, bot_user_id)
    language = FundingBot.language_of(question)
    reply = functools.partial(message.reply, allowed_mentions=NO_PINGS, mention_author=False)
    try:
        answer = funding.ask(question, asker=asker_of(message.author))
        if answer.kind is AnswerKind.ERROR:
            await apologise(reply, language)
            return
        # Already in the channel: there is nothing to share.
        view = answer_view(answer, funding.fact_tokens(answer.fact_ids), offer_share=False)
        await message.reply(
            embed=render_answer(answer),
            view=detached(view),
            allowed_mentions=NO_PINGS,
            mention_author=False,
        )
    except Exception:
        log.exception("answering a Discord message failed")
        await apologise(reply, language)
