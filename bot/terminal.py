"""The terminal adapter: a chat at a prompt, or one answer per line of piped input."""

from __future__ import annotations

from typing import TextIO

from handlers.messages import messages_for
from handlers.models import Asker
from handlers.rendering import plain_text
from handlers.service import FundingBot

QUIT_WORDS = frozenset({"quit", "exit", "bye", "q", ":q", "종료", "끝", "나가기"})
TERMINAL = Asker(platform="terminal", user_id="local")


def chat(bot: FundingBot, stdin: TextIO, stdout: TextIO, *, interactive: bool) -> int:
    """Answer each line until `quit` or end of input. Returns the exit status."""
    english = messages_for("en")
    if interactive:
        stdout.write(f"{english.terminal_greeting}\n{messages_for('ko').terminal_greeting}\n")
    while True:
        if interactive:
            stdout.write(english.terminal_prompt)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if question.lower() in QUIT_WORDS:
            stdout.write(messages_for(bot.language_of(question)).terminal_bye + "\n")
            break
        if not question and not interactive:
            continue
        answer = bot.ask(question, asker=TERMINAL)
        stdout.write(plain_text(answer, with_quotes=True) + "\n\n")
        stdout.flush()
    return 0
