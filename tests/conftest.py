"""Shared helpers: sample sites, invalid cases and running the real CLI.

Tests come in two tiers. ``slow`` ones drive a browser or a server, read
PDFs back, build and install a wheel, or build programs of 100 projects or
more; ``make test-fast`` leaves them out, ``make test`` (and CI) runs all.
A test is slow when it says so (``@pytest.mark.slow``), when its module is
in ``SLOW_MODULES``, or when it uses a fixture in ``SLOW_FIXTURES``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "sites" / "minimal"
INVALID = TESTS / "invalid"
BUILD_ERRORS = TESTS / "build-errors"
DEMO = ROOT / "content"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"

SLOW_MODULES = {"test_browser", "test_serve", "test_pdf", "test_print_text"}
SLOW_FIXTURES = {"browser", "generated_site", "published"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def invalid_cases() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def make_case(case: str, dest: Path, corpus: Path = INVALID) -> Path:
    """The minimal site with a case's changes applied (a case of
    tests/invalid/, or of another ``corpus`` laid out the same); returns
    ``dest``. A case may remove files of the minimal site (remove.txt, one
    path a line; a folder goes whole), then lay its overlay/ over it, then
    make symlinks (links.txt, lines of 'link -> target', the target as the
    link will hold it)."""
    shutil.copytree(MINIMAL, dest, dirs_exist_ok=True)
    folder = corpus / case
    removals = folder / "remove.txt"
    if removals.is_file():
        for line in removals.read_text().split():
            target = dest / line
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    overlay = folder / "overlay"
    if overlay.is_dir():
        shutil.copytree(overlay, dest, dirs_exist_ok=True)
    links = folder / "links.txt"
    if links.is_file():
        for line in links.read_text().splitlines():
            link, target = (part.strip() for part in line.split("->"))
            (dest / link).parent.mkdir(parents=True, exist_ok=True)
            (dest / link).symlink_to(target)
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


CHROMIUM = Path(os.environ.get("BATON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless, driven by Playwright."""
    require(CHROMIUM.exists(), "chromium", "apt-get install chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served_at(site: Path, subpath: str, root: Path):
    """``site`` copied under ``root`` at ``subpath`` and served over HTTP, as a
    static host serves a project site; yields the site's URL."""
    shutil.copytree(site, root / subpath.strip("/"))
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{subpath}"
    finally:
        httpd.shutdown()
        httpd.server_close()


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
