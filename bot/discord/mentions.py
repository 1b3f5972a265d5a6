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
from handlers.models import Answer, AnswerKind
from handlers.service import RATE_WINDOW_SECONDS, FundingBot

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


def conversation_of(message: discord.Message) -> str:
    """The conversation a message continues: a thread or a DM as a whole, else the asker's own
    in that channel (context never crosses users, channels or servers)."""
    channel = message.channel
    if isinstance(channel, discord.DMChannel | discord.Thread):
        return f"discord:{channel.id}"
    guild = message.guild.id if message.guild is not None else "none"
    return f"discord:{guild}:{channel.id}:{message.author.id}"


async def answer_mention(funding: FundingBot, message: discord.Message, bot_user_id: int) -> None:
    """Reply to the message with the answer; on failure, log it and apologise."""
    if not is_question_for(message, bot_user_id):
        return
    question = strip_mention(message.content, bot_user_id)
    language = FundingBot.language_of(question)
    reply = functools.partial(message.reply, allowed_mentions=NO_PINGS, mention_author=False)
    try:
        asker = asker_of(message.author)
        answer = await funding.converse(
            question, asker=asker, conversation=conversation_of(message)
        )
        if answer.kind is AnswerKind.RATE_LIMITED:
            await tell_limited(funding, message, answer)
            return
        if answer.kind is AnswerKind.ERROR:
            await apologise(reply, language)
            return
        if answer.kind is AnswerKind.COURTESY:
            # "You're welcome": a line of text, with nothing to cite, rate or share.
            await reply(answer.text)
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


async def tell_limited(funding: FundingBot, message: discord.Message, answer: Answer) -> None:
    """ "Slow down", once per window however many messages follow, and privately (a DM) when
    the question was asked in a server and the asker accepts DMs."""
    key = f"discord:limited:{message.author.id}"
    if not await funding.state.claim(key, ttl=RATE_WINDOW_SECONDS):
        return
    if not isinstance(message.channel, discord.DMChannel):
        try:
            await message.author.send(answer.text, allowed_mentions=NO_PINGS)
            return
        except discord.HTTPException:
            log.info("could not tell a rate-limited Discord user privately; replying instead")
    await message.reply(answer.text, allowed_mentions=NO_PINGS, mention_author=False)
