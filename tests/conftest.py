"""Shared helpers: sample sites, invalid cases and running the real CLI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "sites" / "minimal"
INVALID = TESTS / "invalid"
DEMO = ROOT / "content"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"


def invalid_cases() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def make_case(case: str, dest: Path) -> Path:
    """The minimal site with an invalid case's overlay applied; returns ``dest``."""
    shutil.copytree(MINIMAL, dest, dirs_exist_ok=True)
    folder = INVALID / case
    overlay = folder / "overlay"
    if overlay.is_dir():
        shutil.copytree(overlay, dest, dirs_exist_ok=True)
    removals = folder / "remove.txt"
    if removals.is_file():
        for line in removals.read_text().split():
            (dest / line).unlink()
    return dest


def run_baton(args: list[str], cwd: Path):
    """Run the real `baton` command in ``cwd``; returns click's Result."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal site; tests break it on purpose."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    return tmp_path / "content"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo program built once, read by many tests (do not modify it)."""
    out = tmp_path_factory.mktemp("demo") / "site"
    result = run_baton(["build", str(DEMO), "-o", str(out), "--quiet"], ROOT)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory) -> tuple[Path, Path]:
    """(content, site) of 30 projects of varied synthetic data (bench/generate.py),
    built once with PDFs by the real command: not just the demo."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    folder = tmp_path_factory.mktemp("generated")
    content = generate(folder, 30, 4)
    out = folder / "site"
    result = run_baton(["build", str(content), "-o", str(out), "-q", "--pdf"], folder)
    assert result.exit_code == 0, result.output
    return content, out


def require(present: bool, what: str, how: str) -> None:
    """Skip with the reason, or fail in CI, where nothing may skip."""
    if present:
        return
    message = f"{what} not found: {how}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run every test)")
    pytest.skip(message)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
