"""The demo program is the site a newcomer sees first: it must use every key
of the format somewhere, and read like a real program."""

from __future__ import annotations

import dataclasses

from conftest import DEMO
from generator import load
from generator.content.fields import Source, yaml_keys
from generator.content.model import CONTENT_CLASSES


def _walk(value, seen: set[tuple[str, str]]) -> None:
    if isinstance(value, tuple):
        for item in value:
            _walk(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, Source):
        for key in value.src.keys:
            if "[" not in key:
                seen.add((type(value).__name__, key))
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), seen)


def test_demo_uses_every_key():
    program = load(DEMO)
    seen = {("BenefitsFile", "benefits"), ("ResourcesFile", "teams")}  # the files' one key
    _walk(program, seen)
    every = {(cls.__name__, key) for cls in CONTENT_CLASSES for key in yaml_keys(cls)}
    assert sorted(every - seen) == []


def test_demo_shape():
    program = load(DEMO)
    active = [p for p in program.projects if not p.closed]
    closed = [p for p in program.projects if p.closed]
    assert len(closed) == 1
    assert all(len(p.status_reports) >= 3 for p in active)
    cross = [ref for p in program.projects for m in p.milestones for ref in m.depends_on
             if not ref.startswith(p.id + "/")]
    assert len(cross) >= 3
    shared = {d.team for p in program.projects for d in p.resources}
    users = {team: {p.id for p in program.projects for d in p.resources if d.team == team}
             for team in shared}
    assert any(len(projects) >= 3 for projects in users.values())
    assert any(b.measurements for b in program.benefits)
    assert any(b.kind == "dis-benefit" for b in program.benefits)
    assert {r.overall for p in program.projects for r in p.status_reports} >= {"green", "amber", "red"}
