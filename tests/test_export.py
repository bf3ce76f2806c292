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


def _keys(value, found: set):
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            _keys(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, found)
    return found


def test_every_key_is_documented(demo_site: Path):
    data = json.loads((demo_site / "data" / "report.json").read_text())
    documented = {word for span in re.findall(r"`([^`]+)`", DOCS)
                  for word in re.findall(r"[a-z_]+", span)}
    assert _keys(data, set()) - documented == set()
