"""The `funding-bot` command: serve, ask, check knowledge and settings, report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.logs import configure_logging
from bot.settings import CoreSettings, SettingsError, load_settings
from handlers.models import Answer, Asker
from handlers.rendering import plain_text
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge

if TYPE_CHECKING:
    from types import FrameType

    from bot.bootstrap import Service
    from bot.health import Health
    from bot.runner import Surface
    from handlers.service import FundingBot

# Each command imports what it needs when it runs: `ask` does not pay for asyncio, SQLite,
# the serving machinery or any chat platform's client (see benchmarks/startup.py).

EXIT_USAGE = 2
DEFAULT_HTTP_PORT = 3000
CLI = Asker(platform="cli", user_id="local")
# One-shot commands keep stderr quiet unless something is wrong.
QUIET_COMMANDS = frozenset({"ask", "knowledge", "config", "report"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `funding-bot` command; returns the exit status (2 for settings or knowledge)."""
    args = _parser().parse_args(argv)
    _use_utf8()
    try:
        settings = load_settings(CoreSettings)
        level = "WARNING" if args.command in QUIET_COMMANDS else settings.log_level
        configure_logging(json_lines=settings.log_format == "json", level=level)
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

    run = commands.add_parser("run", help="serve every configured platform (terminal if none)")
    run.set_defaults(handler=_run)

    slack = commands.add_parser("slack", help="serve Slack only")
    slack.add_argument("--http", action="store_true", help="HTTP mode instead of Socket Mode")
    slack.add_argument("--port", type=int, default=None, help="HTTP port (default $PORT or 3000)")
    slack.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="HTTP worker processes sharing the port (needs REDIS_URL when more than 1)",
    )
    # Set on each worker that `--workers` starts: several listen on one port.
    slack.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    slack.set_defaults(handler=_slack)

    discord = commands.add_parser("discord", help="serve Discord only, or register commands")
    discord.add_argument("--sync", action="store_true", help="register /funding and exit")
    discord.add_argument("--guild", type=int, default=None, help="register in this guild only")
    discord.set_defaults(handler=_discord)

    ask = commands.add_parser("ask", help="answer a question (or one per line of stdin)")
    ask.add_argument("question", nargs="*", help="the question; read from stdin when omitted")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument(
        "--explain", action="store_true", help="print how the question was read and matched"
    )
    ask.set_defaults(handler=_ask)

    knowledge = commands.add_parser("knowledge", help="knowledge file tools")
    knowledge_commands = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = knowledge_commands.add_parser("check", help="validate knowledge files")
    check.add_argument("path", nargs="?", type=Path, help="a knowledge directory or article file")
    check.set_defaults(handler=_knowledge_check)
    test = knowledge_commands.add_parser(
        "test", help="score the question files beside the articles (articles/*.questions.jsonl)"
    )
    test.add_argument("directory", nargs="?", type=Path, help="a knowledge directory")
    test.add_argument("--show-failures", action="store_true", help="print every failure")
    test.add_argument("--min-accuracy", type=float, default=None, help="fail below this")
    test.add_argument("--max-wrong", type=int, default=None, help="fail above this many")
    test.add_argument("--min-oos", type=float, default=None, help="fail below this rejection")
    test.add_argument(
        "--exclude-tag", action="append", default=[], metavar="TAG", help="leave out TAG rows"
    )
    test.set_defaults(handler=_knowledge_test)
    draft = knowledge_commands.add_parser(
        "draft", help="draft a knowledge file from an article's text, TODOs for a curator"
    )
    draft.add_argument("article", type=Path, help="the article's text file (UTF-8)")
    draft.add_argument("--published", required=True, type=_iso_date, help="YYYY-MM-DD")
    draft.add_argument("--outlet", default=None, help="the outlet's name or entity id")
    draft.add_argument("--language", choices=("ko", "en"), default=None, help="default: detected")
    draft.add_argument("-o", "--output", type=Path, default=None, help="write here, not stdout")
    draft.set_defaults(handler=_knowledge_draft)

    config = commands.add_parser("config", help="settings tools")
    config_commands = config.add_subparsers(dest="config_command", required=True)
    config_check = config_commands.add_parser("check", help="show what is configured")
    config_check.set_defaults(handler=_config_check)

    report = commands.add_parser("report", help="unanswered questions and disliked answers")
    report.add_argument("--limit", type=int, default=20, help="how many question groups")
    report.set_defaults(handler=_report)
    return parser


def _run(args: argparse.Namespace, settings: CoreSettings) -> int:
    import logging
    import signal

    from bot.bootstrap import bootstrap_service
    from bot.health import Health
    from bot.runner import configured_surfaces, platforms_configured
    from bot.terminal import chat

    health = Health()
    if not platforms_configured(os.environ):
        # The operator's own console: no rate limit.
        local = bootstrap_service(settings, rate_limited=False)
        if "LOG_LEVEL" not in os.environ:
            # Keep the chat readable: only warnings from the bot's own logs.
            logging.getLogger().setLevel(logging.WARNING)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            return chat(local.bot, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
        finally:
            local.journal.close()
    service = bootstrap_service(settings)
    return _serve(service, configured_surfaces(service.bot, settings, os.environ, health), health)


def _slack(args: argparse.Namespace, settings: CoreSettings) -> int:
    port = args.port if args.port is not None else (settings.port or DEFAULT_HTTP_PORT)
    if args.workers > 1:
        return _slack_workers(args.workers, port, http=args.http, settings=settings)
    from bot.bootstrap import bootstrap_service
    from bot.health import Health
    from bot.runner import slack_surface

    service = bootstrap_service(settings)
    health = Health()
    surface = slack_surface(
        service.bot,
        settings,
        socket_mode=not args.http,
        port=port,
        health=health,
        reuse_port=args.reuse_port,
    )
    return _serve(service, [surface], health)


def _slack_workers(count: int, port: int, *, http: bool, settings: CoreSettings) -> int:
    from bot.slack.settings import load_slack_settings
    from bot.workers import serve_workers

    if not http:
        raise SettingsError("--workers needs --http (Socket Mode runs one connection)")
    if settings.redis_url is None:
        raise SettingsError("REDIS_URL is not set (--workers needs a store the workers share)")
    if port == 0:
        raise SettingsError("--workers needs a fixed --port")
    load_slack_settings(http=True)  # a missing setting stops the parent, not N workers
    return serve_workers(count, ["slack", "--http", "--port", str(port), "--reuse-port"])


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _discord(args: argparse.Namespace, settings: CoreSettings) -> int:
    import asyncio

    import discord

    from bot.bootstrap import bootstrap_service
    from bot.discord.runner import sync_commands
    from bot.discord.settings import DiscordSettings
    from bot.health import Health
    from bot.runner import discord_surface

    service = bootstrap_service(settings)
    try:
        if not args.sync:
            health = Health()
            return _serve(service, [discord_surface(service.bot, health)], health)
        discord_settings = load_settings(DiscordSettings)
        count = asyncio.run(sync_commands(service.bot, discord_settings, guild_id=args.guild))
    except discord.LoginFailure:
        raise SettingsError("DISCORD_TOKEN was refused by Discord") from None
    except discord.HTTPException as error:
        print(f"funding-bot: Discord refused the request: {error.text or error}", file=sys.stderr)
        return 1
    where = f"guild {args.guild}" if args.guild else "all guilds (may take up to an hour)"
    print(f"registered {count} command(s) in {where}")
    return 0


def _serve(service: Service, surfaces: list[Surface], health: Health) -> int:
    """Serve until stopped, then write out what the journal still holds."""
    import asyncio

    try:
        return asyncio.run(_serve_then_close(service, surfaces, health))
    finally:
        service.journal.close()


async def _serve_then_close(service: Service, surfaces: list[Surface], health: Health) -> int:
    from bot.runner import serve

    try:
        return await serve(surfaces, knowledge=service.knowledge, health=health)
    finally:
        # In the loop that used it: Redis connections close cleanly.
        await service.bot.state.aclose()


def _ask(args: argparse.Namespace, settings: CoreSettings) -> int:
    from bot.bootstrap import bootstrap

    bot = bootstrap(settings)
    if args.explain:
        print(bot.explain(" ".join(args.question)))
        return 0
    if args.question:
        _print_answer(bot.ask(" ".join(args.question), asker=CLI), as_json=args.json)
        return 0
    import asyncio

    asyncio.run(_ask_lines(bot, sys.stdin, as_json=args.json))
    return 0


async def _ask_lines(bot: FundingBot, lines: Iterable[str], *, as_json: bool) -> None:
    """One question per line: plain text (an independent question) or a JSON object
    `{"text": ..., "conversation": ...}`, whose turns share context within a conversation."""
    for line in lines:
        text, conversation = _question_line(line.rstrip("\r\n"))
        answer = await bot.converse(text, asker=CLI, conversation=conversation)
        _print_answer(answer, as_json=as_json)


def _question_line(line: str) -> tuple[str, str | None]:
    if line.lstrip().startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return line, None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            conversation = data.get("conversation")
            return data["text"], str(conversation) if conversation is not None else None
    return line, None


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
        "computed": [c.model_dump(mode="json") for c in answer.computed],
    }


def _knowledge_check(args: argparse.Namespace, settings: CoreSettings) -> int:
    from knowledge.checks import check_knowledge

    report = check_knowledge(args.path or settings.knowledge_dir or DEFAULT_DIR)
    if report.ok:
        print(f"ok: {report.summary}")
    for warning in report.warnings:
        print(f"warning: {warning}")
    if not report.ok:
        raise KnowledgeError(report.errors)
    return 0


def _knowledge_test(args: argparse.Namespace, settings: CoreSettings) -> int:
    import asyncio

    from bot.bootstrap import bootstrap
    from bot.evaluation import QuestionFileError, evaluate, load_questions, question_files

    directory = args.directory or settings.knowledge_dir or DEFAULT_DIR
    paths = question_files(directory)
    if not paths:
        print(f"funding-bot: no question files ({directory}/articles/*.questions.jsonl)")
        return EXIT_USAGE
    try:
        questions = load_questions(paths, exclude_tags=args.exclude_tag)
    except QuestionFileError as error:
        print(f"funding-bot: the question files are broken:\n{error}", file=sys.stderr)
        return EXIT_USAGE
    bot = bootstrap(settings.model_copy(update={"knowledge_dir": directory}))
    evaluation = asyncio.run(evaluate(bot, questions))
    if args.show_failures:
        print("\n".join(evaluation.failure_lines()))
    print("\n".join(evaluation.summary_lines()))
    shortfalls = evaluation.shortfalls(
        min_accuracy=args.min_accuracy, max_wrong=args.max_wrong, min_oos=args.min_oos
    )
    for shortfall in shortfalls:
        print(f"FAIL: {shortfall}")
    return 1 if shortfalls else 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _knowledge_dir_of(article: Path, settings: CoreSettings) -> Path:
    """The knowledge directory an article file sits in (`DIR/articles/x.txt`), else the
    configured one: its entities are the names the draft recognises."""
    folder = article.resolve().parent
    if folder.name == "articles" and (folder.parent / "entities.toml").exists():
        return folder.parent
    return settings.knowledge_dir or DEFAULT_DIR


def _knowledge_draft(args: argparse.Namespace, settings: CoreSettings) -> int:
    from knowledge.draft import article_id_for, draft_article, render_draft
    from knowledge.loader import collect_path

    try:
        text = args.article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"funding-bot: cannot read {args.article}: {error}", file=sys.stderr)
        return EXIT_USAGE
    entities = collect_path(_knowledge_dir_of(args.article, settings)).entities
    draft = draft_article(
        text,
        published=args.published,
        article_id=article_id_for(args.article),
        text_file=args.article.name,
        entities=entities,
        outlet=args.outlet,
        language=args.language,
    )
    rendered = render_draft(draft)
    if args.output is None:
        sys.stdout.write(rendered)
        return 0
    args.output.write_text(rendered, encoding="utf-8")
    print(
        f"wrote {args.output}: {len(draft.statements)} draft statement(s); replace the TODOs, "
        f"keep {args.article.name} beside it, then: funding-bot knowledge check {args.output}"
    )
    return 0


def _config_check(args: argparse.Namespace, settings: CoreSettings) -> int:
    from bot.config_check import describe_configuration

    report, ready = describe_configuration(os.environ)
    print(report)
    return 0 if ready else EXIT_USAGE


def _report(args: argparse.Namespace, settings: CoreSettings) -> int:
    import sqlite3

    from bot.journal import SqliteJournal
    from bot.report import render_report

    path = settings.curation_db
    if not path.is_file():
        print(f"funding-bot: no curation journal at {path} (nothing recorded yet)", file=sys.stderr)
        return EXIT_USAGE
    journal = SqliteJournal(path)
    try:
        report = render_report(journal, load_knowledge(settings.knowledge_dir), limit=args.limit)
    except sqlite3.Error as error:
        print(f"funding-bot: cannot read the curation journal {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(report)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _use_utf8() -> None:
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
