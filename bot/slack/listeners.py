"""Slack listeners: turn an event into a question, ask FundingBot, post the rendered answer.

Every listener acknowledges Slack at once; anything that talks to Slack's API afterwards runs
as background work, so Slack always gets its acknowledgement within three seconds.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from pydantic import ValidationError
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.background import BackgroundTasks
from bot.slack.blocks import (
    HELPFUL_ACTION,
    AnswerView,
    SlackMessage,
    render_answer,
    render_notice,
    render_quotes,
)
from bot.slack.text import slack_to_plain
from bot.slack.values import FeedbackValue, QuoteValue, ShareValue, SuggestionValue
from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, Asker, Language
from handlers.ports import SharedState

if TYPE_CHECKING:
    from handlers.service import FundingBot

log = logging.getLogger("funding_bot.slack")

Payload = dict[str, Any]

# Message subtypes that are still a person writing to the bot.
_PERSON_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
_DELIVERY_ERRORS = (SlackApiError, aiohttp.ClientError, TimeoutError)
# A private answer can be shared while its response URL works: 30 minutes.
ANSWER_TTL_SECONDS = 30 * 60.0
FEEDBACK_TTL_SECONDS = 30 * 24 * 3600.0


class SlackListeners:
    """The bolt listeners of the funding bot; registered on an AsyncApp by `build_slack_app`."""

    def __init__(self, bot: FundingBot, background: BackgroundTasks, state: SharedState) -> None:
        self._bot = bot
        self._background = background
        # Answers kept for Share, shares and votes done once: shared by every worker.
        self._state = state

    # /funding

    async def on_command(self, ack: AsyncAck, command: Payload) -> None:
        """`/funding <question>`: the answer privately, in the acknowledgement itself."""
        message = await self._command_reply(command)
        await ack(text=message.text, blocks=message.blocks, response_type="ephemeral")

    async def _command_reply(self, command: Payload) -> SlackMessage:
        question = slack_to_plain(str(command.get("text") or ""))
        try:
            if not question:
                return await self._private(self._bot.help(self._bot.language_of(question)))
            user = str(command.get("user_id") or "")
            conversation = f"slack:{command.get('team_id')}:{command.get('channel_id')}:{user}"
            answer = await self._bot.converse(
                question, asker=_asker(user), conversation=conversation
            )
            return await self._private(answer)
        except Exception:
            log.exception("answering /funding failed")
            return self._apology_for(question)

    async def _private(self, answer: Answer) -> SlackMessage:
        key = await self._remember(answer) if answer.shareable else None
        return render_answer(
            answer, AnswerView(share_key=key, usage=answer.kind is AnswerKind.HELP)
        )

    async def _remember(self, answer: Answer) -> str:
        """Keep `answer` for its Share button; returns the unguessable key the button carries."""
        key = secrets.token_urlsafe(9)
        await self._state.put(_answer_key(key), answer.model_dump_json(), ttl=ANSWER_TTL_SECONDS)
        return key

    async def _recall(self, key: str) -> Answer | None:
        kept = await self._state.get(_answer_key(key))
        if kept is None:
            return None
        try:
            return Answer.model_validate_json(kept)
        except ValidationError:
            # Kept by another version of the bot: the replay stands in for it.
            return None

    def _apology_for(self, question: str) -> SlackMessage:
        try:
            language = self._bot.language_of(question)
        except Exception:
            language = "en"
        return _apology(language)

    # Mentions and direct messages

    async def on_app_mention(self, event: Payload, context: AsyncBoltContext) -> None:
        """`@funding-bot <question>` in a channel: answer in a thread on that message."""
        channel = str(event.get("channel") or "")
        # A mention inside a direct message also arrives as a message event; answer that one.
        if _from_a_bot(event) or not channel or _is_direct(channel):
            return
        # The reply goes into a thread: a mention outside one starts it, keyed on its own ts.
        thread_ts = event.get("thread_ts") or event.get("ts")
        conversation = f"slack:{_team(context)}:{channel}:{thread_ts}"
        self._background.spawn(
            self._reply(context, event, _Place(channel, thread_ts, conversation))
        )

    async def on_message(self, event: Payload, context: AsyncBoltContext) -> None:
        """A direct message to the bot: answer directly (in its thread if it has one)."""
        if event.get("channel_type") != "im" or event.get("subtype") not in _PERSON_SUBTYPES:
            return
        channel = str(event.get("channel") or "")
        if _from_a_bot(event) or not channel:
            return
        place = _Place(channel, event.get("thread_ts"), f"slack:{_team(context)}:{channel}")
        self._background.spawn(self._reply(context, event, place))

    async def _reply(self, context: AsyncBoltContext, event: Payload, place: _Place) -> None:
        question = slack_to_plain(str(event.get("text") or ""), bot_user_id=context.bot_user_id)
        user = str(event.get("user") or "")
        try:
            answer = await self._bot.converse(
                question, asker=_asker(user), conversation=place.conversation
            )
            message = render_answer(answer)
            private = answer.kind is AnswerKind.RATE_LIMITED
        except Exception:
            log.exception("answering a Slack message failed")
            message, private = self._apology_for(question), False
        # "Slow down" concerns the asker alone; in a channel only they should see it.
        if private and user and not _is_direct(place.channel):
            recipient = _Recipient(place.channel, user, place.thread_ts)
            await _post_ephemeral(context.client, recipient, message)
        else:
            await _post(context.client, place.channel, place.thread_ts, message)

    # Buttons

    async def on_share(
        self, ack: AsyncAck, action: Payload, body: Payload, context: AsyncBoltContext
    ) -> None:
        """The "Share in channel" button: post the answer publicly, naming the sharer."""
        await ack()
        value = ShareValue.decode(action.get("value"))
        if value is None:
            log.warning("ignoring a Share click with an unreadable value")
            return
        user = _user_id(body)
        self._background.spawn(
            _respond(context.respond, lambda: self._shared(value, user), value.language)
        )

    async def _shared(self, value: ShareValue, user: str) -> Reply | None:
        refusal = await self._bot.admit(_asker(user), value.language)
        if refusal is not None:
            return Reply(render_answer(refusal))
        # One answer is posted once, however often (and on whichever worker) Share is clicked.
        if not await self._state.claim(f"slack:shared:{value.key}", ttl=ANSWER_TTL_SECONDS):
            log.info("ignoring a repeated Share of one answer")
            return None
        # A replay is the same answer again, not a new question: not journaled.
        answer = await self._recall(value.key) or self._bot.replay(value.question)
        if answer.shareable and answer.fact_ids == value.fact_ids:
            return Reply(render_answer(answer, AnswerView(shared_by=user)), in_channel=True)
        # The store lost the answer and the replay no longer gives it (the knowledge changed,
        # or the question was cut to fit the button): nothing the sharer has not seen goes
        # public.
        return Reply(await self._private(answer))

    async def on_suggestion(
        self, ack: AsyncAck, action: Payload, body: Payload, context: AsyncBoltContext
    ) -> None:
        """A "did you mean" button: that fact's answer, to the clicker only, with Share."""
        await ack()
        value = SuggestionValue.decode(action.get("value"))
        if value is None:
            log.warning("ignoring a suggestion click with an unreadable value")
            return
        user = _user_id(body)
        channel = str((body.get("channel") or {}).get("id") or "")
        if _is_ephemeral(body):
            # The suggestions were the clicker's private reply: replace them with the answer.
            conversation = f"slack:{_team(context)}:{channel}:{user}"

            async def replaced() -> Reply:
                answer = await self._suggested(value, user, conversation)
                return Reply(answer, replace_original=True)

            self._background.spawn(_respond(context.respond, replaced, value.language))
            return
        # Under a public reply, the click is one person's question: answer them alone, in the
        # thread the suggestions are in.
        message = body.get("message") or {}
        thread_ts = message.get("thread_ts") or (None if _is_direct(channel) else message.get("ts"))
        # The conversation the buttons were offered in: the thread, or the DM.
        place = f"slack:{_team(context)}:{channel}"
        conversation = place if _is_direct(channel) else f"{place}:{thread_ts}"
        self._background.spawn(
            _post_ephemeral_built(
                context.client,
                _Recipient(channel, user, thread_ts),
                lambda: self._suggested(value, user, conversation),
                value.language,
            )
        )

    async def _suggested(
        self, value: SuggestionValue, user: str, conversation: str
    ) -> SlackMessage:
        answer = await self._bot.suggest(
            value.fact_id, value.language, asker=_asker(user), conversation=conversation
        )
        if answer is None:
            return render_notice(messages_for(value.language).not_found)
        return await self._private(answer)

    async def on_feedback(
        self, ack: AsyncAck, action: Payload, body: Payload, context: AsyncBoltContext
    ) -> None:
        """👍/👎: record it for the curation loop, then thank the clicker privately."""
        await ack()
        value = FeedbackValue.decode(action.get("value"))
        if value is None:
            log.warning("ignoring a feedback click with an unreadable value")
            return
        helpful = action.get("action_id") == HELPFUL_ACTION
        # Recorded here, not in the reply: a click without a response URL still counts.
        vote = _Vote(value, helpful, _user_id(body), _team(context))
        notice = await self._record_feedback(vote)

        async def thanks() -> Reply:
            return Reply(notice)

        self._background.spawn(_respond(context.respond, thanks, value.language))

    async def _record_feedback(self, vote: _Vote) -> SlackMessage:
        language = vote.value.language
        try:
            refusal = await self._bot.admit(_asker(vote.user), language)
            if refusal is not None:
                return render_answer(refusal)
            # One vote per user and answer, however often (and wherever) they click.
            if await self._state.claim(vote.key, ttl=FEEDBACK_TTL_SECONDS):
                asker = _asker(vote.user)
                self._bot.record_feedback(vote.value.fact_ids, helpful=vote.helpful, asker=asker)
        except Exception:
            log.exception("recording Slack feedback failed")
            return _apology(language)
        return render_notice(messages_for(language).feedback_thanks)

    async def on_quote(self, ack: AsyncAck, action: Payload, context: AsyncBoltContext) -> None:
        """The "Show source sentence" button: the quoted sentences, to the clicker only."""
        await ack()
        value = QuoteValue.decode(action.get("value"))
        if value is None:
            log.warning("ignoring a quote click with an unreadable value")
            return

        async def quotes() -> Reply:
            return Reply(render_quotes(value))

        self._background.spawn(_respond(context.respond, quotes, value.language))


@dataclass(frozen=True)
class Reply:
    """A message for an interaction's response URL, and how Slack should show it."""

    message: SlackMessage
    in_channel: bool = False
    replace_original: bool = False


@dataclass(frozen=True)
class _Place:
    """Where a reply goes (a channel, and a thread when `thread_ts` is set), and the
    conversation it continues."""

    channel: str
    thread_ts: str | None
    conversation: str


@dataclass(frozen=True)
class _Vote:
    """A 👍/👎 click: the answer's facts, the verdict, and who clicked in which workspace."""

    value: FeedbackValue
    helpful: bool
    user: str
    team: str

    @property
    def key(self) -> str:
        """The once-only key: this user's vote on this answer (its facts, in order)."""
        facts = hashlib.sha256("\n".join(self.value.fact_ids).encode()).hexdigest()[:16]
        return f"slack:feedback:{self.team}:{self.user}:{facts}"


@dataclass(frozen=True)
class _Recipient:
    """Who sees an ephemeral message, and where (a thread when `thread_ts` is set)."""

    channel: str
    user: str
    thread_ts: str | None


async def _respond(
    respond: AsyncRespond | None, build: Callable[[], Awaitable[Reply | None]], language: Language
) -> None:
    """Send `build()` through the response URL (nothing when it gives None), or an apology
    if building it failed."""
    if respond is None:
        log.warning("cannot reply: the interaction carries no response_url")
        return
    try:
        reply = await build()
    except Exception:
        log.exception("answering a Slack interaction failed")
        reply = Reply(_apology(language))
    if reply is None:
        return
    try:
        response = await respond(
            text=reply.message.text,
            blocks=reply.message.blocks,
            response_type="in_channel" if reply.in_channel else "ephemeral",
            replace_original=reply.replace_original,
        )
    except _DELIVERY_ERRORS:
        log.exception("sending a Slack response failed")
        return
    if response.status_code != 200:
        log.error("Slack refused a response: %s %s", response.status_code, response.body)


async def _post_ephemeral_built(
    client: AsyncWebClient,
    recipient: _Recipient,
    build: Callable[[], Awaitable[SlackMessage]],
    language: Language,
) -> None:
    if not recipient.channel or not recipient.user:
        log.warning("cannot reply privately: the interaction names no channel or user")
        return
    try:
        message = await build()
    except Exception:
        log.exception("answering a Slack interaction failed")
        message = _apology(language)
    await _post_ephemeral(client, recipient, message)


async def _post(
    client: AsyncWebClient, channel: str, thread_ts: str | None, message: SlackMessage
) -> None:
    try:
        await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
    except _DELIVERY_ERRORS:
        log.exception("posting a Slack message failed")


async def _post_ephemeral(
    client: AsyncWebClient, recipient: _Recipient, message: SlackMessage
) -> None:
    try:
        await client.chat_postEphemeral(
            channel=recipient.channel,
            user=recipient.user,
            thread_ts=recipient.thread_ts,
            text=message.text,
            blocks=message.blocks,
        )
    except _DELIVERY_ERRORS:
        log.exception("posting an ephemeral Slack message failed")


def _apology(language: Language) -> SlackMessage:
    return render_notice(messages_for(language).apology)


def _asker(user_id: object) -> Asker:
    return Asker(platform="slack", user_id=str(user_id or "unknown"))


def _answer_key(key: str) -> str:
    return f"slack:answer:{key}"


def _team(context: AsyncBoltContext) -> str:
    """The workspace (or, for an org-wide install, the organisation) an event comes from."""
    return str(context.team_id or context.enterprise_id or "unknown")


def _user_id(body: Payload) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _from_a_bot(event: Payload) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or (
        event.get("subtype") == "bot_message"
    )


def _is_direct(channel: str) -> bool:
    # Direct-message channel ids start with "D"; channels with "C", private groups "G".
    return channel.startswith("D")


def _is_ephemeral(body: Payload) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))
