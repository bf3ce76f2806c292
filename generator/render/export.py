"""The analysis as data: ``data/report.json`` for other tools.

The schema is documented in docs/report-json.md and versioned by
``SCHEMA_VERSION``; add fields freely, but renaming or removing one is a new
version. Dates are ISO strings, money is in the program's currency, and
every list has a stable order, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.analysis.benefits import BenefitStatus
from generator.analysis.cost import BudgetStatus
from generator.analysis.projects import DIMENSIONS, ProjectStatus
from generator.analysis.report import DecisionEntry, RaidEntry, Report
from generator.analysis.schedule import MilestoneStatus
from generator.analysis.verdict import Verdict

SCHEMA_VERSION = 1


def report_json(report: Report) -> bytes:
    data = {
        "schema_version": SCHEMA_VERSION,
        "program": {"id": report.program.id, "name": report.program.name,
                    "currency": report.program.currency},
        "as_of": report.as_of,
        "verdict": _verdict(report.verdict),
        "projects": [_project(p) for p in report.projects],
        "dependency_conflicts": [
            {"milestone": c.milestone.ref, "depends_on": c.depends_on.ref, "gap_days": c.gap_days,
             "milestone_date": c.milestone.date, "depends_on_date": c.depends_on.date}
            for c in report.conflicts],
        "critical_path": [m.ref for m in report.critical_path],
        "exposures": [{"milestone": e.late.ref, "downstream": [d.ref for d in e.downstream]}
                      for e in report.exposures],
        "overallocations": [
            {"team": t.team.id, "month": t.month, "demand_fte": t.demand_fte,
             "capacity_fte": t.team.capacity_fte, "projects": [p.id for p in t.projects]}
            for t in report.overallocations],
        "benefits": [_benefit(b) for b in report.benefits],
        "stale_status": [{"project": p.id, "newest_report": p.status.date if p.status else None,
                          "age_days": p.status_age_days} for p in report.stale],
        "overdue_milestones": [_milestone(m) for m in report.overdue_milestones],
        "escalations": [_raid(e) for e in report.escalations],
        "open_decisions": [_decision(d) for d in report.open_decisions],
        "raid_without_owner": [_raid(e) for e in report.unowned],
        "risks_without_response": [_raid(e) for e in report.unanswered],
        "pending_changes": [{"project": p.id, "id": c.id, "title": c.title, "cost": c.cost,
                             "schedule_days": c.schedule_days} for p, c in report.pending_changes],
        "budget": None if report.budget is None else {
            "baseline": report.budget.baseline, "forecast": report.budget.forecast,
            "actual": report.budget.actual, "variance": report.budget.variance,
            "variance_pct": _round(report.budget.variance_pct),
            "spi": _round(report.budget.spi), "cpi": _round(report.budget.cpi),
            "earned_value_projects": report.budget.earned},
    }
    # Compact: Python's JSON encoder runs in C only without indent, five
    # times faster on a large program (jq or a browser shows it indented).
    return (json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False,
                       default=_iso) + "\n").encode("utf-8")


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _verdict(v: Verdict) -> dict[str, Any]:
    declared = v.declared
    return {"rating": v.rating, "counts": dict(v.counts), "unrated": v.unrated, "worse": v.worse,
            "better": v.better, "disagree": v.disagree, "stale": v.stale,
            "declared": None if declared is None else {
                "date": declared.date, "overall": declared.overall, "headline": declared.headline,
                "previous": v.previous.overall if v.previous else None, "trend": v.trend,
                "age_days": v.declared_age_days, "stale": v.declared_stale,
                "disagrees": v.disagrees}}


def _project(p: ProjectStatus) -> dict:
    project = p.project
    return {
        "id": p.id,
        "name": project.name,
        "phase": project.phase,
        "closed": project.closed,
        "declared": {dim: p.declared(dim) for dim in DIMENSIONS},
        "derived": {"schedule": p.schedule_rag, "budget": p.budget.rag if p.budget else None},
        "rating": p.rating,
        "mismatches": [{"dimension": m.dimension, "declared": m.declared, "derived": m.derived}
                       for m in p.mismatches],
        "finish": {"baseline": project.finish.baseline, "forecast": project.finish.forecast,
                   "actual": project.finish.actual, "slip_days": p.finish_slip_days},
        "milestones": [_milestone(m) for m in p.milestones],
        "on_time_share": _round(p.on_time_share),
        "budget": _budget(p.budget),
        "status_date": p.status.date if p.status else None,
        "status_age_days": p.status_age_days,
        "stale": p.stale,
        "headline": p.status.headline if p.status else None,
        "changes_since_previous": {
            "previous_date": p.previous.date if p.previous else None,
            "moves": [{"dimension": m.dimension, "from": m.before, "to": m.after,
                       "direction": m.direction} for m in p.moves],
            "new_headline": p.new_headline,
        },
    }


def _milestone(m: MilestoneStatus) -> dict:
    milestone = m.milestone
    return {"ref": m.ref, "name": milestone.name, "baseline": milestone.baseline,
            "forecast": milestone.forecast, "actual": milestone.actual,
            "variance_days": m.variance_days, "state": m.state, "days_away": m.days_away}


def _budget(b: BudgetStatus | None) -> dict | None:
    if b is None:
        return None
    return {"baseline": b.budget.baseline, "forecast": b.budget.forecast, "actual": b.budget.actual,
            "variance": b.variance, "variance_pct": _round(b.variance_pct), "rag": b.rag,
            "spi": _round(b.spi), "cpi": _round(b.cpi), "eac": _round(b.eac, 2),
            "vac": _round(b.vac, 2), "eac_over": _round(b.eac_over, 2),
            "forecast_over_eac": _round(b.forecast_over_eac, 2)}


def _benefit(b: BenefitStatus) -> dict:
    return {"id": b.benefit.id, "name": b.benefit.name, "kind": b.benefit.kind,
            "status": b.status, "expected": _round(b.expected),
            "latest": None if b.latest is None else {"date": b.latest.date, "value": b.latest.value},
            "expected_at_latest": _round(b.expected_at_latest),
            "realised_share": _round(b.realised_share), "value_realised": _round(b.value_realised, 2),
            "at_risk": list(b.at_risk), "projects": list(b.benefit.projects)}


def _raid(e: RaidEntry) -> dict:
    item = e.item
    return {"project": e.project.id, "kind": e.kind, "id": item.id, "title": item.title,
            "owner": item.owner, "status": item.status, "score": e.score}


def _decision(d: DecisionEntry) -> dict:
    return {"project": d.project.id, "id": d.decision.id, "title": d.decision.title,
            "needed_by": d.decision.needed_by, "overdue": d.overdue, "days_left": d.days_left,
            "before_review": d.before_review}
