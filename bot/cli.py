"""The `funding-bot` command: run the bot, ask one question, check knowledge files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.bootstrap import bootstrap
from bot.logs import configure_logging
from bot.settings import CoreSettings, SettingsError, load_settings
from bot.terminal import chat
from handlers.models import Answer, Asker
from handlers.rendering import plain_text
from handlers.service import FundingBot
from knowledge.loader import KnowledgeError, check_path

EXIT_USAGE = 2
CLI = Asker(platform="cli", user_id="local")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _use_utf8()
    try:
        settings = load_settings(CoreSettings)
        quiet = args.command in (None, "run", "ask", "knowledge")
        configure_logging(
            json_lines=settings.log_format == "json",
            level="WARNING" if quiet and args.command != "run" else settings.log_level,
        )
        return int(args.handler(args, settings))
    except SettingsError as error:
        print(f"funding-bot: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeError as error:
        print(f"funding-bot: the knowledge files are broken:\n{error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="funding-bot", description="Answers questions about AI funding, with sources."
    )
    parser.set_defaults(handler=_run, command=None)
    commands = parser.add_subparsers(dest="command")

    run = commands.add_parser("run", help="run every configured surface (terminal if none)")
    run.set_defaults(handler=_run)

    ask = commands.add_parser("ask", help="answer a question (or one per line of stdin)")
    ask.add_argument("question", nargs="*", help="the question; read from stdin when omitted")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.set_defaults(handler=_ask)

    knowledge = commands.add_parser("knowledge", help="knowledge file tools")
    knowledge_commands = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = knowledge_commands.add_parser("check", help="validate knowledge files")
    check.add_argument("path", nargs="?", type=Path, help="a knowledge directory or article file")
    check.set_defaults(handler=_knowledge_check)
    return parser


def _run(args: argparse.Namespace, settings: CoreSettings) -> int:
    bot = bootstrap(settings)
    return chat(bot, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())


def _ask(args: argparse.Namespace, settings: CoreSettings) -> int:
    bot = bootstrap(settings)
    if args.question:
        _print_answer(bot.ask(" ".join(args.question), asker=CLI), as_json=args.json)
        return 0
    for line in sys.stdin:
        _print_answer(bot.ask(line.rstrip("\r\n"), asker=CLI), as_json=args.json)
    return 0


def _print_answer(answer: Answer, *, as_json: bool, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    if as_json:
        out.write(json.dumps(answer_json(answer), ensure_ascii=False) + "\n")
    else:
        out.write(plain_text(answer, with_quotes=True) + "\n")
    out.flush()


def answer_json(answer: Answer) -> dict[str, object]:
    """The `ask --json` contract: one object per question."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "kind": answer.kind.value,
        "text": plain_text(answer),
        "language": answer.language,
        "sources": [source.model_dump(mode="json") for source in answer.sources],
        "confidence": answer.confidence,
        "fact_ids": list(answer.fact_ids),
        "suggestions": [s.question for s in answer.suggestions],
    }


def _knowledge_check(args: argparse.Namespace, settings: CoreSettings) -> int:
    path = args.path or settings.knowledge_dir
    kb = check_path(path) if path is not None else check_path(_default_dir())
    print(
        f"ok: {len(kb.articles)} article(s), {len(kb.facts)} facts, {len(kb.entities)} entities, "
        f"{len(kb.lexicon.concepts)} concepts"
    )
    return 0


def _default_dir() -> Path:
    from knowledge.loader import DEFAULT_DIR

    return DEFAULT_DIR


def _use_utf8() -> None:
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def run_bot(bot: FundingBot) -> int:
    return chat(bot, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
