"""Large programs load in worker processes; the model must not depend on it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator import ContentError, load, loader

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("big"), projects=loader.PARALLEL_MIN_PROJECTS + 10,
                    reports=2, seed=7)


def test_workers_give_the_same_model_as_one_process(big, monkeypatch):
    in_workers = load(big)
    monkeypatch.setattr(loader, "PARALLEL_MIN_PROJECTS", 10**9)
    one_process = load(big)
    assert in_workers == one_process
    assert [p.id for p in in_workers.projects] == sorted(p.id for p in in_workers.projects)
    assert in_workers.projects[-1].milestones[1].depends_on[0].startswith(in_workers.projects[-1].id)


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
