"""Large programs load, and their pages render, in worker processes; the
model and the site must not depend on it."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_baton
from generator import ContentError, load, workers
from generator.content import loader
from generator.render import pages as render

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("big"), projects=loader.PARALLEL_MIN_PROJECTS + 10,
                    reports=2, seed=7)


@pytest.mark.slow
def test_workers_give_the_same_model_as_one_process(big, monkeypatch):
    in_workers = load(big)
    monkeypatch.setattr(loader, "PARALLEL_MIN_PROJECTS", 10**9)
    one_process = load(big)
    assert in_workers == one_process
    assert [p.id for p in in_workers.projects] == sorted(p.id for p in in_workers.projects)
    assert in_workers.projects[-1].milestones[1].depends_on[0].startswith(in_workers.projects[-1].id)


@pytest.mark.slow
def test_workers_report_problems_with_locations(big, monkeypatch):
    last = sorted((big / "projects").iterdir())[-1] / "project.yaml"
    last.write_text(last.read_text().replace("phase: delivery", "phase: deliverd"))
    with pytest.raises(ContentError) as parallel:
        load(big)
    monkeypatch.setattr(loader, "PARALLEL_MIN_PROJECTS", 10**9)
    with pytest.raises(ContentError) as sequential:
        load(big)
    assert parallel.value.diagnostics == sequential.value.diagnostics
    (problem,) = parallel.value.errors
    assert problem.loc.file == str(last) and problem.loc.line == 6
    assert problem.hint == "did you mean 'delivery'?"


# Pages ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("many"), projects=render.PARALLEL_MIN_PAGES + 10,
                    reports=2, seed=11)


def _site(content: Path, tmp: Path, *options: str) -> tuple[int, str, dict[str, bytes]]:
    out = tmp / "site"
    shutil.rmtree(out, ignore_errors=True)
    result = run_baton(["build", str(content), "-o", str(out), "-q", "--no-pdf", "--clean",
                        "--cache-dir", str(tmp / "cache"), *options], tmp)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
             if p.is_file()} if out.exists() else {}
    return result.exit_code, result.output, files


@pytest.mark.slow
def test_pages_rendered_in_workers_are_the_pages_rendered_here(many, tmp_path, monkeypatch):
    pids = {}
    original = render._render_page

    def noted(*args):   # the forked workers inherit this; their pids come back in the page
        return original(*args) + f"<!-- pid {os.getpid()} -->".encode()

    monkeypatch.setattr(render, "_render_page", noted)
    code, output, in_workers = _site(many, tmp_path)
    assert code == 0, output
    for path, data in in_workers.items():
        if path.endswith(".html"):
            found = re.search(rb"<!-- pid (\d+) -->$", data)
            pids[path] = int(found.group(1))
            in_workers[path] = data[:found.start()]
    project_pids = {pid for path, pid in pids.items() if path.startswith("projects/")}
    if workers._cores() == 1:                  # nothing to fork for: all rendered here
        assert set(pids.values()) == {os.getpid()}
    else:                                      # forked workers did it
        assert os.getpid() not in pids.values() and len(project_pids) >= 2
        # the dashboard and the benefits page, in a job of their own, meanwhile
        assert pids["index.html"] == pids["benefits/index.html"]
        assert pids["index.html"] not in project_pids
    monkeypatch.setattr(render, "_render_page", original)
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 10**9)
    code, output, here = _site(many, tmp_path)
    assert code == 0, output
    assert in_workers.keys() == here.keys()
    assert all(in_workers[p] == here[p] for p in here if p != ".baton")


@pytest.mark.parametrize("template", ["project.html", "dashboard.html"])
@pytest.mark.slow
def test_a_template_error_in_a_worker_names_its_line(many, tmp_path, monkeypatch, template: str):
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / template).write_text('{% extends "base.html" %}\n'
                                  "{% block content %}\n{{ 1 // 0 }}\n{% endblock %}\n")
    code, output, _ = _site(many, tmp_path, "--theme", str(tmp_path / "theme"))
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 10**9)
    code_here, output_here, _ = _site(many, tmp_path, "--theme", str(tmp_path / "theme"))
    assert code == code_here == 1
    assert output == output_here
    assert re.search(rf"{re.escape(template)}:3:\d+: error: .*division", output), output


@pytest.mark.slow
def test_templates_read_aside_are_kept_for_the_next_rebuild(many, tmp_path):
    """The dashboard's chart templates are read in the forked worker; the cache
    must keep them, or every later rebuild imports Altair to make them again."""
    content = tmp_path / "content"
    shutil.copytree(many, content)
    specs = tmp_path / "cache" / "chart-templates"
    status = sorted(content.glob("projects/*/status/*.md"))[-1]
    kept = []
    for edit in range(4):
        result = run_baton(["build", str(content), "-o", str(tmp_path / "site"), "-q",
                            "--no-pdf", "--cache-dir", str(tmp_path / "cache")], tmp_path)
        assert result.exit_code == 0, result.output
        kept.append(sorted(p.name for p in specs.glob("*/[0-9a-f]*")))
        status.write_text(status.read_text() + f"\nEdit {edit}.\n")
    assert len(kept[0]) >= 2   # the roadmap's, team load's and status over time's
    assert kept == [kept[0]] * 4
