"""A real redis-server for the tests: started on a free 127.0.0.1 port, in its own directory."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

START_ATTEMPTS = 3
READY_SECONDS = 10.0
STOP_SECONDS = 5.0


def free_port() -> int:
    """A TCP port nothing listens on right now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_server_path() -> str | None:
    return shutil.which("redis-server")


@contextlib.contextmanager
def running_redis(executable: str) -> Iterator[str]:
    """Run redis-server (no persistence) until the context closes; yields its URL."""
    with tempfile.TemporaryDirectory(prefix="funding-bot-redis-") as directory:
        process, port = _start(executable, Path(directory))
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_SECONDS)


def _start(executable: str, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    # The free port may be taken between choosing it and binding it: try a few.
    for _ in range(START_ATTEMPTS):
        port = free_port()
        log = directory / "redis.log"
        command = [
            executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(directory), "--logfile", str(log),
        ]  # fmt: skip
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        if _ready(process, port):
            return process, port
        process.kill()
        process.wait(STOP_SECONDS)
    raise RuntimeError(f"redis-server did not start; see {directory / 'redis.log'}")


def _ready(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if _pong(port):
            return True
        time.sleep(0.05)
    return False


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False
