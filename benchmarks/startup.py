"""Start-up: wall time of `funding-bot ask "openai valuation"`, against `python -c pass`.

    .venv/bin/python benchmarks/startup.py [--runs 10]

Both commands run alternately in the same run, so a busy machine slows both; the ratio is the
figure to compare between runs. It also prints the CPU time of each (less sensitive to other
processes than wall time) and, from one `python -X importtime` run, the slowest imports and
whether any chat platform's client (slack_bolt, slack_sdk, discord, aiohttp, redis), sqlite3,
pydantic_settings or asyncio was imported: answering one question needs none of them. Prints
figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTION = "openai valuation"
TARGET_SECONDS = 0.35
# Modules `funding-bot ask` should not import (each belongs to a command that serves).
NOT_NEEDED = (
    *("slack_bolt", "slack_sdk", "discord", "aiohttp", "redis", "sqlite3"),
    *("pydantic_settings", "asyncio"),
)


def command() -> list[str]:
    script = Path(sys.executable).parent / "funding-bot"
    if script.exists():
        return [str(script), "ask", QUESTION]
    return [sys.executable, "-m", "bot", "ask", QUESTION]


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=REPO, capture_output=True, check=True, env=_env())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _env() -> dict[str, str]:
    # The deployed `ask`: no platform tokens needed, nothing written.
    env = dict(os.environ)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "REDIS_URL"):
        env.pop(name, None)
    return env


def imports(argv: list[str]) -> tuple[list[tuple[int, str]], list[str]]:
    """The slowest top-level imports (cumulative microseconds) and the unneeded ones seen."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *argv[-2:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    )
    top: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        module = name.strip()
        seen.add(module.split(".")[0])
        if cumulative.strip().isdigit() and name.startswith("   ") and not name.startswith("    "):
            top.append((int(cumulative), module))
    unneeded = [module for module in NOT_NEEDED if module in seen]
    return sorted(top, reverse=True)[:8], unneeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    ask, bare = command(), [sys.executable, "-c", "pass"]
    timed(ask)  # warm the file cache and bytecode
    walls: dict[str, list[float]] = {"ask": [], "pass": []}
    cpus: dict[str, list[float]] = {"ask": [], "pass": []}
    for _ in range(args.runs):
        for label, argv in (("ask", ask), ("pass", bare)):
            wall, cpu = timed(argv)
            walls[label].append(wall)
            cpus[label].append(cpu)
    ask_wall, bare_wall = statistics.median(walls["ask"]), statistics.median(walls["pass"])
    print(f"start-up on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {args.runs} runs")
    print(f"{'command':<40} {'median s':>9} {'best s':>7} {'CPU s':>6}")
    for label, argv in (("ask", ask), ("pass", bare)):
        shown = " ".join(Path(argv[0]).name if i == 0 else a for i, a in enumerate(argv))
        print(
            f"{shown:<40} {statistics.median(walls[label]):>9.3f} {min(walls[label]):>7.3f} "
            f"{statistics.median(cpus[label]):>6.3f}"
        )
    verdict = "meets" if ask_wall <= TARGET_SECONDS else "misses"
    print(
        f"ask / python -c pass: {ask_wall / bare_wall:.1f}x wall; "
        f"ask median {ask_wall:.3f} s {verdict} the target of {TARGET_SECONDS} s"
    )
    top, unneeded = imports(ask)
    print("slowest imports under bot.cli (python -X importtime, cumulative, inflated by it):")
    for micros, module in top:
        print(f"  {micros / 1000:7.1f} ms  {module}")
    print(f"imported by ask but not needed: {', '.join(unneeded) or 'none'}")


if __name__ == "__main__":
    main()
