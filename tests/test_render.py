"""Rendering on its own: a program made in code, analysed, drawn and
rendered with ``Settings()``, with no content folder and no cache, from an
empty working folder that it must leave empty."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.analysis.report import analyse
from generator.content.model import (
    DEFAULT_TOLERANCES,
    RAID,
    Budget,
    Finish,
    Milestone,
    Page,
    Program,
    Project,
    Risk,
    StatusReport,
)
from generator.look.theme import load_theme
from generator.render.site import render
from generator.settings import Settings

D = dt.date.fromisoformat
AS_OF = D("2026-06-30")


def _program() -> Program:
    late = Project(
        id="late", name="Late Project", manager="Ann Lee", start=D("2026-01-01"),
        finish=Finish(baseline=D("2026-09-30"), forecast=D("2026-11-30")),  # 61 days: red
        budget=Budget(baseline=1_000_000, actual=400_000, forecast=1_200_000),
        tolerances=DEFAULT_TOLERANCES,
        milestones=(Milestone(id="design", name="Design signed off", baseline=D("2026-03-31"),
                              forecast=D("2026-03-31"), actual=D("2026-04-10")),
                    Milestone(id="build", name="Build complete", baseline=D("2026-06-01"),
                              forecast=D("2026-08-15"))),
        raid=RAID(risks=(Risk(id="vendor", title="Vendor folds", probability=4, impact=5,
                              escalate=True),)),
        status_reports=(StatusReport(
            date=D("2026-06-26"), overall="green", schedule="green",
            headline="Build slips to August",
            body="Shown as text: <script>alert(1)</script> and "
                 "[a trap](javascript:alert(1)) and [the plan](https://example.org/plan)."),),
    )
    steady = Project(
        id="steady", name="Steady Project", manager="Bo Chen", start=D("2026-02-01"),
        finish=Finish(baseline=D("2026-12-31"), forecast=D("2026-12-31")),
        tolerances=DEFAULT_TOLERANCES,
        status_reports=(StatusReport(date=D("2026-06-29"), overall="green",
                                     headline="On plan"),),
    )
    return Program(name="Made in Code", objective="Show rendering alone.", as_of=AS_OF,
                   projects=(late, steady),
                   pages=(Page(id="about", title="About this program", body="# About\n\nPlain."),))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[dict[str, bytes], Path]:
    """The rendered files, and the working folder they were rendered from."""
    work = tmp_path_factory.mktemp("empty")
    before = os.getcwd()
    os.chdir(work)
    try:
        settings = Settings()
        report = analyse(_program())
        theme = load_theme(settings)
        files = render(report, settings, theme)
    finally:
        os.chdir(before)
    return files, work


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_settings_in_code_keep_no_cache():
    assert Settings().cache_path is None
    assert Settings(root="/srv/program").cache_path == Path("/srv/program/.baton-cache")
    assert Settings(root="/srv/program", cache_dir="").cache_path is None


def test_rendering_writes_nothing(site):
    _, work = site
    assert list(work.iterdir()) == []


def test_every_page_of_the_program_and_nothing_else(site):
    files, _ = site
    pages = sorted(path for path in files if path.endswith(".html"))
    assert pages == ["404.html", "benefits/index.html", "index.html", "pages/about/index.html",
                     "projects/late/index.html", "projects/steady/index.html",
                     "roadmap/index.html"]
    assert list(files) == sorted(files)


def test_the_dashboard_derives_red_from_the_figures(site):
    files, _ = site
    dashboard = _text(files["index.html"])
    assert "Made in Code" in dashboard and "Late Project" in dashboard
    project = _text(files["projects/late/index.html"])
    assert "Build slips to August" in project
    assert "+61 days" in project                     # the finish's slip, from the dates
    # declared green, derived red: the page says both
    assert "schedule is declared Green but the tolerances give Red" in project


def test_content_is_shown_as_text_never_run(site):
    files, _ = site
    html = files["projects/late/index.html"].decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://example.org/plan"' in html


def test_charts_are_inline_svg(site):
    files, _ = site
    html = files["projects/late/index.html"].decode()
    assert html.count("<svg") >= 2             # milestone slip and the risk map at least


def test_a_library_build_leaves_home_and_temp_untouched(tmp_path: Path):
    """In a fresh Python, with HOME, TMPDIR and the working folder empty."""
    home, temp, work = (tmp_path / name for name in ("home", "temp", "work"))
    for folder in (home, temp, work):
        folder.mkdir()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_render import _program\n"
        "from generator.analysis.report import analyse\n"
        "from generator.look.theme import load_theme\n"
        "from generator.render.site import render\n"
        "from generator.settings import Settings\n"
        "s = Settings(); r = analyse(_program()); t = load_theme(s)\n"
        "print(len(render(r, s, t)))\n")
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "tests")], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 7
    assert [list(folder.iterdir()) for folder in (home, temp, work)] == [[], [], []]
