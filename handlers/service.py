"""The application service: the one object every adapter calls.

Adapters translate an event into `await FundingBot.converse(...)` and render the `Answer` they
get; nothing about matching, limits or logging lives in them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from handlers.answering import (
    answer_for_fact,
    answer_in_context,
    answer_question,
    help_answer,
    sources_answer,
)
from handlers.completion import complete
from handlers.conversation import context_for_fact
from handlers.language import detect_language
from handlers.messages import messages_for
from handlers.models import Answer, AnswerKind, Asker, Language
from handlers.ports import KnowledgeSource, QuestionJournal, SharedState
from handlers.state import MemoryState
from knowledge.base import KnowledgeBase, token_of

log = logging.getLogger("funding_bot.questions")
DEFAULT_CONTEXT_TTL = 30 * 60.0
RATE_WINDOW_SECONDS = 60.0

# Longer questions are declined politely: nothing keeps, logs or journals more than this.
MAX_ACCEPTED_QUESTION_CHARS = 2000


class FundingBot:
    """Answers questions from the current knowledge, within the asker's rate limit."""

    def __init__(
        self,
        knowledge: KnowledgeSource,
        *,
        journal: QuestionJournal | None = None,
        log_questions: bool = True,
        state: SharedState | None = None,
        context_ttl: float = DEFAULT_CONTEXT_TTL,
        rate_limit_per_minute: int = 0,
    ) -> None:
        self._knowledge = knowledge
        self._state: SharedState = state or MemoryState()
        self._context_ttl = context_ttl
        self._per_minute = rate_limit_per_minute
        self._journal = journal
        self._log_questions = log_questions

    @property
    def state(self) -> SharedState:
        """The state this bot shares with the other workers (adapters keep theirs there too)."""
        return self._state

    def ask(self, question: str, *, asker: Asker) -> Answer:
        """Answer one question, without a rate limit (the terminal and the CLI); never raises
        for any text a user can type."""
        if len(question) > MAX_ACCEPTED_QUESTION_CHARS:
            kept = question[:MAX_ACCEPTED_QUESTION_CHARS]
            return self._serve(kept, asker, lambda _: _too_long(kept))
        return self._serve(question, asker, lambda kb: answer_question(kb, question))

    async def converse(
        self, question: str, *, asker: Asker, conversation: str | None = None
    ) -> Answer:
        """Answer one message of a conversation (a thread, a DM, a terminal session), within the
        asker's rate limit: what it leaves out is filled from the conversation's context, which
        is then updated. Without a `conversation`, `ask` within the rate limit."""
        refusal = await self._refusal(question, asker)
        if refusal is not None:
            return refusal
        if conversation is None or len(question) > MAX_ACCEPTED_QUESTION_CHARS:
            return self.ask(question, asker=asker)
        key = f"conversation:{conversation}"
        previous = await self._state.get(key)
        kept: list[str | None] = [previous]

        def produce(kb: KnowledgeBase) -> Answer:
            answer, kept[0] = answer_in_context(kb, question, previous)
            return answer

        answer = self._serve(question, asker, produce)
        if kept[0] is not None:
            await self._state.put(key, kept[0], ttl=self._context_ttl)
        return answer

    def explain(self, question: str) -> str:
        """How `question` is read and matched, step by step (`ask --explain`)."""
        from handlers.explain import explain

        return explain(self._knowledge.current(), question)

    async def admit(self, asker: Asker, language: Language) -> Answer | None:
        """Count one use that is not a question (a Share, a 👍/👎) against the asker's rate
        limit: None when allowed, else the polite "try again in N s" in `language`."""
        retry_after = await self._retry_after(asker)
        if retry_after is None:
            return None
        return self._rate_limited("", retry_after, language)

    async def suggest(
        self, fact_id: str, language: Language, *, asker: Asker, conversation: str | None = None
    ) -> Answer | None:
        """`answer_fact` for a suggestion button's click, within the asker's rate limit; in a
        `conversation`, the answered statement becomes what a follow-up continues from."""
        kb = self._knowledge.current()
        if fact_id not in kb.by_id:
            return None
        refusal = await self._refusal("", asker, language)
        if refusal is not None:
            return refusal
        answer = self.answer_fact(fact_id, language, asker=asker)
        if conversation is not None and answer is not None:
            kept = context_for_fact(kb, fact_id)
            await self._state.put(f"conversation:{conversation}", kept, ttl=self._context_ttl)
        return answer

    def answer_fact(self, fact_id: str, language: Language, *, asker: Asker) -> Answer | None:
        """The answer for one known fact, without a rate limit; None when the fact is not
        known (any more)."""
        kb = self._knowledge.current()
        item = kb.by_id.get(fact_id)
        if item is None:
            return None
        question = item.fact.example.in_(language)
        # The same knowledge throughout, even if a reload lands meanwhile.
        return self._serve(question, asker, lambda _: answer_for_fact(kb, item, language))

    def replay(self, question: str) -> Answer:
        """The answer again, to re-post it (a Share): not a new question, so not counted."""
        return answer_question(self._knowledge.current(), question)

    def help(self, language: Language) -> Answer:
        """What the bot knows and how to ask, in `language`."""
        return help_answer(self._knowledge.current(), language)

    def sources(self, language: Language) -> Answer:
        """The articles the bot answers from."""
        return sources_answer(self._knowledge.current(), language)

    def complete(
        self, partial: str, *, limit: int = 25, language: Language | None = None
    ) -> list[str]:
        """Example questions that continue what the user is typing, best first; `language`
        is used while nothing is typed yet (e.g. the client's locale)."""
        return complete(self._knowledge.current(), partial, limit=limit, language=language)

    def record_feedback(self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker) -> None:
        """A 👍/👎 on an answer, for the curation report."""
        if self._journal is not None:
            self._journal.record_feedback(fact_ids, helpful=helpful, asker=asker)

    def fact_tokens(self, fact_ids: tuple[str, ...]) -> tuple[str, ...]:
        """Short stand-ins for fact ids (8 characters each), for size-limited button ids."""
        return tuple(token_of(fact_id) for fact_id in fact_ids)

    def fact_ids_for(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The fact ids behind tokens; unknown tokens (facts since removed) are left out."""
        by_token = self._knowledge.current().by_token
        return tuple(by_token[token] for token in tokens if token in by_token)

    @staticmethod
    def language_of(text: str) -> Language:
        """The language a reply to `text` should be in."""
        return detect_language(text)

    def _serve(
        self, question: str, asker: Asker, produce: Callable[[KnowledgeBase], Answer]
    ) -> Answer:
        started = time.perf_counter()
        answer = self._produce(question, produce)
        latency_ms = (time.perf_counter() - started) * 1000
        self._log(answer, asker, latency_ms)
        if self._journal is not None:
            self._journal.record_answer(answer, asker, latency_ms)
        return answer

    async def _retry_after(self, asker: Asker) -> float | None:
        if self._per_minute <= 0:
            return None
        key = f"rate:{asker.platform}:{asker.user_id}"
        return await self._state.hit(key, limit=self._per_minute, window=RATE_WINDOW_SECONDS)

    async def _refusal(
        self, question: str, asker: Asker, language: Language | None = None
    ) -> Answer | None:
        """The polite refusal (logged, not journaled) when the asker is over the limit."""
        started = time.perf_counter()
        retry_after = await self._retry_after(asker)
        if retry_after is None:
            return None
        answer = self._rate_limited(question, retry_after, language)
        self._log(answer, asker, (time.perf_counter() - started) * 1000)
        return answer

    def _produce(self, question: str, produce: Callable[[KnowledgeBase], Answer]) -> Answer:
        try:
            return produce(self._knowledge.current())
        except Exception:
            # A bug must cost one answer, never the bot: the asker gets an apology.
            log.exception("answering failed")
            language = detect_language(question)
            text = messages_for(language).apology
            return Answer(question=question, kind=AnswerKind.ERROR, language=language, text=text)

    def _rate_limited(
        self, question: str, retry_after: float, language: Language | None = None
    ) -> Answer:
        language = language or detect_language(question)
        seconds = max(1, round(retry_after))
        text = messages_for(language).rate_limited.format(seconds=seconds)
        return Answer(question=question, kind=AnswerKind.RATE_LIMITED, language=language, text=text)

    def _log(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        fields: dict[str, object] = {
            "platform": asker.platform,
            "language": answer.language,
            "latency_ms": round(latency_ms, 3),
            "fact_ids": list(answer.fact_ids),
            "confidence": round(answer.confidence, 3),
            "answered": answer.answered,
            "kind": answer.kind.value,
        }
        if self._log_questions:
            fields["question"] = answer.question
        log.info("question", extra={"fields": fields})


def _too_long(kept: str) -> Answer:
    language = detect_language(kept)
    text = messages_for(language).question_too_long.format(limit=MAX_ACCEPTED_QUESTION_CHARS)
    return Answer(question=kept, kind=AnswerKind.TOO_LONG, language=language, text=text)
