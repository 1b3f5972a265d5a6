"""Several HTTP worker processes on one port: `funding-bot slack --http --workers N`.

The parent starts N copies of the command, each listening with SO_REUSEPORT (the kernel
spreads connections across them), forwards SIGTERM/SIGINT to them and waits for them to finish.
They share de-duplication, rate limits and conversations through Redis (REDIS_URL).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

log = logging.getLogger("funding_bot.workers")

POLL_SECONDS = 0.2
# Each worker drains its answers in flight (up to 30 s) before it exits.
STOP_SECONDS = 45.0


def serve_workers(count: int, worker_argv: Sequence[str]) -> int:
    """Run `count` workers (`python -m bot` + `worker_argv`) until SIGTERM or SIGINT (then 0),
    or until one of them exits by itself (then the others are stopped too, and 1)."""
    stopping: list[int] = []

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    command = [sys.executable, "-m", "bot", *worker_argv]
    workers = [subprocess.Popen(command, stdin=subprocess.DEVNULL) for _ in range(count)]
    log.info("workers started", extra={"fields": {"pids": [w.pid for w in workers]}})
    try:
        while not stopping and all(worker.poll() is None for worker in workers):
            time.sleep(POLL_SECONDS)
        failed = not stopping
        if failed:
            log.error("a worker stopped by itself; stopping the others")
    finally:
        _stop_all(workers)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 1 if failed else 0


def _stop_all(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for worker in workers:
        try:
            worker.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("a worker did not stop in time; killing it")
            worker.kill()
            worker.wait()
