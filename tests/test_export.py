"""data/report.json: what other tools read, checked against the demo and the docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT

DOCS = (ROOT / "docs" / "report-json.md").read_text()


def test_report_json_on_the_demo(demo_site: Path):
    data = json.loads((demo_site / "data" / "report.json").read_text())
    assert data["as_of"] == "2026-11-15" and data["schema_version"] == 1
    assert data["dependency_conflicts"] == [{
        "milestone": "portal-redesign/beta", "depends_on": "identity-modernisation/sso-live",
        "gap_days": 7, "milestone_date": "2026-11-20", "depends_on_date": "2026-11-27"}]
    integration = [o for o in data["overallocations"] if o["team"] == "integration"]
    assert [o["month"] for o in integration] == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert integration[1] == {"team": "integration", "month": "2026-10", "demand_fte": 5.0,
                              "capacity_fte": 3, "projects": ["case-routing", "data-platform",
                                                              "identity-modernisation", "portal-redesign"]}
    assert [s["project"] for s in data["stale_status"]] == ["data-platform"]
    assert data["stale_status"][0]["age_days"] == 26
    assert [d["id"] for d in data["open_decisions"]][0] == "dec-licence"
    assert data["open_decisions"][0]["overdue"] is True
    assert data["critical_path"][-1] == "staff-training/wave-2"
    portal = next(p for p in data["projects"] if p["id"] == "portal-redesign")
    assert portal["finish"]["slip_days"] == 72 and portal["derived"]["schedule"] == "red"
    assert portal["budget"]["variance"] == 110000 and portal["budget"]["rag"] == "amber"
    assert portal["budget"]["spi"] == round(860000 / 1020000, 4)
    beta = next(m for m in portal["milestones"] if m["ref"] == "portal-redesign/beta")
    assert (beta["variance_days"], beta["state"]) == (80, "due")
    statuses = {b["id"]: b["status"] for b in data["benefits"]}
    assert statuses["fewer-account-takeovers"] == "not-measured"
    assert next(b for b in data["benefits"] if b["kind"] == "dis-benefit")
    # the program office's own report beside the rating from the projects
    assert data["verdict"]["declared"] == {
        "date": "2026-11-15", "overall": "amber", "headline": data["verdict"]["declared"]["headline"],
        "previous": "amber-green", "trend": "worse", "age_days": 0, "stale": False, "disagrees": False}
    assert data["verdict"]["declared"]["headline"].startswith("Go-live holds at 11 December")


def _section(title: str) -> str:
    start = DOCS.index(f"\n## {title}\n")
    end = DOCS.find("\n## ", start + 1)
    return DOCS[start:end if end > 0 else None]


def _rows(title: str) -> dict[str, str]:
    """A section's table: each key of the first column, with its row's text."""
    rows = {}
    for line in _section(title).splitlines():
        cells = line.split("|")
        if line.startswith("| `") and len(cells) > 2:
            for key in re.findall(r"`([^`]+)`", cells[1]):
                rows[key] = line
    return rows


def _named(text: str) -> set[str]:
    """Every name in backticks or in a ``{a, b}`` list of ``text``."""
    words = set(re.findall(r"`([a-z_]+)`", text))
    for listed in re.findall(r"\{([a-z_, ]+)\}", text):
        words |= {w.strip() for w in listed.split(",")}
    return words


def _union(items) -> set[str]:
    return set().union(*(item.keys() for item in items))


def test_every_key_is_documented_where_its_object_is(demo_site: Path):
    data = json.loads((demo_site / "data" / "report.json").read_text())
    top, project, benefit = _rows("Top level"), _rows("A project"), _rows("A benefit")
    assert set(data) == set(top)
    assert _union(data["projects"]) == set(project)
    assert _union(data["benefits"]) == set(benefit)
    milestones = [m for p in data["projects"] for m in p["milestones"]] + data["overdue_milestones"]
    assert _union(milestones) == _named(_section("A milestone").split(":")[0])
    raid = data["escalations"] + data["raid_without_owner"] + data["risks_without_response"]
    assert raid and _union(raid) == _named(_section("A RAID item").split(":")[0])
    # an object's keys are named in its row
    for key, row in top.items():
        value = data[key]
        listed = value if isinstance(value, list) else []
        inner = [value] if isinstance(value, dict) else [v for v in listed if isinstance(v, dict)]
        if key not in ("projects", "benefits", "overdue_milestones", "escalations",
                       "raid_without_owner", "risks_without_response") and inner:
            assert _union(inner) <= _named(row), key
    for p in data["projects"]:
        for key in ("declared", "derived", "finish", "budget", "changes_since_previous"):
            if p[key]:
                assert set(p[key]) <= _named(project[key]), (p["id"], key)
        moves = p["changes_since_previous"]["moves"] if p["changes_since_previous"] else []
        assert _union(moves) <= _named(project["changes_since_previous"])
        assert _union(p["mismatches"]) <= _named(project["mismatches"])
