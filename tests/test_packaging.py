"""A regular install: build the wheel, install it into a fresh environment, ask from elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers", "knowledge", "pyproject.toml", "README.md")
DATA = REPO / "knowledge" / "data"


def run(*args: str | Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a clean copy of the sources (no stale build/ directory)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        original = REPO / name
        if original.is_dir():
            shutil.copytree(original, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(original, source / name)
    out = tmp_path_factory.mktemp("wheel")
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-q", "-w", out, ".", cwd=source,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("funding_bot-*.whl")
    return path


@pytest.mark.slow
def test_the_wheel_ships_every_knowledge_file(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"knowledge/data/{path.relative_to(DATA).as_posix()}"
        for path in DATA.rglob("*")
        if path.is_file()
    }
    assert expected
    assert expected <= shipped


@pytest.mark.slow
def test_an_installed_wheel_answers_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "env"
    created = run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    python = environment / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "-q", wheel, cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    site_packages = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).stdout.strip()
    )
    # The dependencies come from this test environment (no download); funding-bot itself only
    # from the wheel: a plain path entry, so this environment's editable install stays out.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    where = tmp_path / "elsewhere"
    where.mkdir()
    asked = run(environment / "bin" / "funding-bot", "ask", "openai valuation", cwd=where)
    assert asked.returncode == 0, asked.stderr
    assert "$100 billion" in asked.stdout
    origin = run(python, "-c", "import knowledge; print(knowledge.__file__)", cwd=where)
    assert origin.stdout.startswith(str(site_packages))
    assert not list(where.iterdir()), "asking must leave no file behind"
