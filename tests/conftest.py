"""Fixtures every test package may use: a real redis-server for the session."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.redis_server import redis_server_path, running_redis


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of a redis-server started for this test session (and stopped after it).

    Without redis-server installed the tests that need it are skipped, except in CI (the `CI`
    variable set), where they fail: CI installs it (`.ci/run`).
    """
    executable = redis_server_path()
    if executable is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must provide it")
        pytest.skip(reason)
    with running_redis(executable) as url:
        yield url
