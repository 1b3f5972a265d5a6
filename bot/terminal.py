"""The terminal adapter: a chat at a prompt, or one answer per line of piped input.

One terminal session is one conversation: a follow-up ("and in March?") is read with the
context of the previous question, as in a Slack thread or a Discord DM. The operator's own
console has no rate limit (`bootstrap_service(settings, rate_limited=False)`).
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TextIO

from handlers.messages import messages_for
from handlers.models import Asker
from handlers.rendering import plain_text
from handlers.service import FundingBot

QUIT_WORDS = frozenset({"quit", "exit", "bye", "q", ":q", "종료", "끝", "나가기"})
TERMINAL = Asker(platform="terminal", user_id="local")


def chat(bot: FundingBot, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> int:
    """Answer each line until `quit` or end of input. Returns the exit status.

    The chat runs its own event loop and is the bot's whole life: its shared state (a Redis
    connection when REDIS_URL is set) is closed at the end, in the loop it was used in."""

    async def session() -> int:
        try:
            return await converse_lines(bot, stdin, stdout, interactive=interactive)
        finally:
            await bot.state.aclose()

    return asyncio.run(session())


def session_conversation() -> str:
    """A conversation id of its own for one terminal session (unique even when several
    terminals share one Redis)."""
    return f"terminal:{secrets.token_hex(8)}"


async def converse_lines(
    bot: FundingBot,
    stdin: TextIO,
    stdout: TextIO,
    *,
    interactive: bool,
    conversation: str | None = None,
) -> int:
    """`chat` inside a running event loop: every line continues one conversation."""
    conversation = conversation or session_conversation()
    english = messages_for("en")
    if interactive:
        stdout.write(f"{english.terminal_greeting}\n{messages_for('ko').terminal_greeting}\n")
    while True:
        if interactive:
            stdout.write(english.terminal_prompt)
            stdout.flush()
        # A blocking read is right here: nothing else runs in this loop meanwhile, and Ctrl-C
        # interrupts it at once (a reading thread would hold up the exit until Enter).
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in QUIT_WORDS:
            stdout.write(messages_for(bot.language_of(question)).terminal_bye + "\n")
            break
        if not question and not interactive:
            continue
        answer = await bot.converse(question, asker=TERMINAL, conversation=conversation)
        stdout.write(plain_text(answer, with_quotes=True) + "\n\n")
        stdout.flush()
    return 0
