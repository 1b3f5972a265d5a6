"""Where the curation journal lives by default: the user's data directory, not the cwd."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNANSWERED = "pizza toppings\nquit\n"


def run_terminal(cwd: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`funding-bot run` (terminal chat, piped input) with nothing configured."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO),
        "HOME": str(home),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=env,
        input=UNANSWERED,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_journal_goes_to_the_user_data_directory_not_the_working_one(tmp_path: Path) -> None:
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    done = run_terminal(cwd, home)
    assert done.returncode == 0, done.stderr
    assert not list(cwd.iterdir())
    assert (home / ".local" / "share" / "funding-bot" / "funding-bot.sqlite3").is_file()


def test_xdg_data_home_is_honoured(tmp_path: Path) -> None:
    cwd, home, xdg = tmp_path / "cwd", tmp_path / "home", tmp_path / "xdg"
    cwd.mkdir()
    home.mkdir()
    done = run_terminal(cwd, home, XDG_DATA_HOME=str(xdg))
    assert done.returncode == 0, done.stderr
    assert not list(cwd.iterdir())
    assert (xdg / "funding-bot" / "funding-bot.sqlite3").is_file()
    assert not (home / ".local").exists()
