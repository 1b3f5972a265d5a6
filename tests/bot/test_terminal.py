"""The terminal chat: one session is one conversation, and the operator's console is unlimited."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from bot.bootstrap import StaticKnowledge, bootstrap
from bot.terminal import chat, converse_lines
from handlers.messages import messages_for
from handlers.service import FundingBot
from handlers.state import MemoryState
from knowledge.loader import load_knowledge

REPO = Path(__file__).resolve().parents[2]
TOTAL = "How much has Amazon invested in Anthropic in total?"
MARCH_ANSWER = (
    "In March 2024 Amazon invested an additional $2.75 billion (about 3.6977 trillion won) in "
    "Anthropic through its cloud subsidiary Amazon Web Services (AWS)."
)


def run_terminal(session: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`funding-bot run` with no platform configured, its input piped."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input=session,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(REPO),
            "CURATION_DB": str(tmp_path / "journal.sqlite3"),
            **env,
        },
        check=False,
    )


def replies(stdout: str) -> list[str]:
    """One reply per question: the terminal ends each with a blank line."""
    return [reply for reply in stdout.split("\n\n") if reply.strip()]


def test_a_piped_follow_up_continues_the_previous_question(tmp_path: Path) -> None:
    result = run_terminal(f"{TOTAL}\nand in March?\nthanks!\n", tmp_path)

    assert result.returncode == 0, result.stderr
    total, march, thanks = replies(result.stdout)
    assert total.startswith("Including earlier money, Amazon has invested $4 billion")
    assert march.splitlines()[0] == MARCH_ANSWER
    assert march.splitlines()[1] == "Source: Chosun Biz (Jeon Hyo-jin), 2024-09-02"
    assert "27억5000만달러" in march.splitlines()[2]  # the quoted sentence
    assert thanks.strip() == messages_for("en").courtesy


def test_the_terminal_is_not_rate_limited(tmp_path: Path) -> None:
    session = "and in March?\n".join([TOTAL + "\n"] * 8)
    result = run_terminal(session, tmp_path, RATE_LIMIT_PER_MINUTE="1")

    assert result.returncode == 0, result.stderr
    answers = replies(result.stdout)
    assert len(answers) == 15
    assert sum(a.splitlines()[0] == MARCH_ANSWER for a in answers) == 7
    assert "try again" not in result.stdout.lower()


async def test_each_session_is_a_conversation_of_its_own() -> None:
    bot = bootstrap(knowledge=StaticKnowledge(load_knowledge()))
    first, second = io.StringIO(), io.StringIO()

    # Two sessions on one bot and one store: only the conversation id tells them apart.
    await converse_lines(bot, io.StringIO(f"{TOTAL}\n"), first, interactive=False)
    await converse_lines(bot, io.StringIO("and in March?\n"), second, interactive=False)

    assert "$4 billion" in first.getvalue()
    # A new session has no previous question: the follow-up is declined, not guessed.
    assert second.getvalue().startswith(messages_for("en").not_found)
    assert "$2.75 billion" not in second.getvalue()


def test_an_interactive_session_greets_prompts_and_says_bye() -> None:
    bot = bootstrap(knowledge=StaticKnowledge(load_knowledge()))
    out = io.StringIO()

    status = chat(bot, io.StringIO(f"{TOTAL}\nand in March?\nquit\n"), out, interactive=True)

    assert status == 0
    shown = out.getvalue()
    english = messages_for("en")
    assert shown.startswith(english.terminal_greeting)
    assert shown.count(english.terminal_prompt) == 3
    assert MARCH_ANSWER in shown
    assert shown.rstrip().endswith(english.terminal_bye)


class ClosingState(MemoryState):
    """The in-memory store, counting how often it is closed."""

    closed = 0

    async def aclose(self) -> None:
        self.closed += 1
        await super().aclose()


def test_the_chat_closes_the_bots_shared_state_when_it_ends() -> None:
    state = ClosingState()
    bot = FundingBot(StaticKnowledge(load_knowledge()), state=state)

    chat(bot, io.StringIO("thanks!\n"), io.StringIO(), interactive=False)

    assert state.closed == 1


async def test_which_one_lists_numbered_options_and_a_number_picks_one() -> None:
    bot = bootstrap(knowledge=StaticKnowledge(load_knowledge()))
    out = io.StringIO()

    await converse_lines(bot, io.StringIO("valuation?\n2\n"), out, interactive=False)

    clarify, picked = replies(out.getvalue())
    assert clarify.splitlines()[1:] == [
        "1. What is Mistral worth after its June round?",
        "2. What could OpenAI be valued at after the new funding?",
    ]
    assert picked.startswith("According to The Wall Street Journal, OpenAI is negotiating")
