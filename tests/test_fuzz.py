"""Fuzzing the loader: whatever the bytes, a model or a located ContentError;
and whatever loads, renders.

Hypothesis mutates real content files (the minimal site and the demo's
portal project) and front matter, and feeds the result to ``load``.
A deeper run: BATON_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DEMO, MINIMAL
from generator import ContentError, load
from generator.analysis.report import analyse
from generator.charts.draw import SiteCharts
from generator.content.model import Program
from generator.look.theme import load_theme
from generator.render.site import render
from generator.settings import Settings

TARGETS = {
    "program.yaml": (MINIMAL / "content/program.yaml").read_text(),
    "projects/alpha/project.yaml": (DEMO / "projects/portal-redesign/project.yaml").read_text(),
    "projects/beta/status/2026-06-16.md":
        (DEMO / "projects/portal-redesign/status/2026-11-15.md").read_text(),
    "benefits.yaml": (DEMO / "benefits.yaml").read_text(),
    "pages/about.md": (DEMO / "pages/governance.md").read_text(),
}
YAMLISH = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t\n ") + [
    "---", "...", "<<: *a", "&a ", "*a", "!!python/object:os.system", "!!binary", "~", "null",
    "2026-02-30", "1e400", ".nan", "yes", "\x00", "\x85", "\ufeff", "é", "\r\n", "- ", "  ",
])


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(TARGETS)))
    text = TARGETS[name]
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "swap-lines"]))
        if action == "insert":
            text = text[:position] + draw(YAMLISH) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif action == "replace":
            text = text[:position] + draw(st.text(max_size=8)) + text[position + 1:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    as_bytes = draw(st.booleans())
    data = text.encode("utf-8", "surrogatepass") if not as_bytes else text.encode("latin-1", "replace")
    return name, data


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A folder that pytest cleans up, with a pristine copy of the minimal program."""
    base = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(MINIMAL / "content", base / "pristine")
    return base


@settings(max_examples=int(os.environ.get("BATON_FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_loader_returns_model_or_located_error(base: Path, case):
    name, data = case
    work = base / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base / "pristine", work)
    (work / name).parent.mkdir(parents=True, exist_ok=True)
    (work / name).write_bytes(data)
    try:
        program = load(work)
    except ContentError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.loc.file and diagnostic.loc.line >= 1 and diagnostic.loc.col >= 1
            assert diagnostic.message
    else:
        assert isinstance(program, Program)
        # whatever loads also renders, and nothing in it becomes a script
        report, theme = analyse(program), load_theme(Settings())
        charts = SiteCharts(report, theme, base / "cache")   # kept between examples: fast
        files = render(report, Settings(), theme, charts)
        for path, data in files.items():
            if path.endswith(".html"):
                assert b"<script" not in data, path
