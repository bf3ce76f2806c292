"""What each PDF shows, as plain data for the print templates: the project
PDF's data here, the pack's parts in :mod:`.packdata`, and ``PARTS``, the
function that makes each kind of part.

The data's rules (plain JSON, figures formatted, Markdown as trees, links
resolved) are those of :mod:`.printing`; docs/pdf.md describes the shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.analysis.projects import ProjectStatus
from generator.analysis.schedule import MilestoneStatus
from generator.look.formats import (
    milestone_state,
    number,
    over_under,
    percent,
    reconcile,
    share,
    signed_days,
    since_lines,
    tolerance_status,
)
from generator.publish.packdata import benefits, dashboard, project_summary, roadmap, verdict
from generator.publish.printing import (
    Printing,
    body_loc,
    date,
    facts,
    owner,
    project_page,
    ratings,
    source_loc,
)

# A project's own PDF -------------------------------------------------------

def project_anchors(p: ProjectStatus) -> frozenset[str]:
    """The places in a project's PDF that a link may reach by fragment."""
    project = p.project
    return frozenset({f"m-{m.id}" for m in project.milestones}
                     | {item.id for item in project.raid.items}
                     | {c.id for c in project.changes} | {d.id for d in project.decisions})


def project(pr: Printing, p: ProjectStatus) -> dict:
    """Everything the project's page shows, for its sponsor."""
    report = pr.report
    project = p.project
    page = project_page(p.id)
    tranche_names = {t.id: t.name for t in report.program.tranches}
    team_names = {t.id: t.name for t in report.program.teams}
    status = p.status
    tolerances = project.tolerances.schedule_days
    assert tolerances is not None, "the loader merges every project's tolerances with the defaults"
    b = p.budget

    def raid_row(item, kind: str, *fields: str) -> dict:
        row: dict[str, Any] = {"id": item.id, "title": item.title, "status": item.status.capitalize(),
                               "escalated": bool(getattr(item, "escalate", False)),
                               "owner": owner(item)}
        for name in fields:
            value = getattr(item, name)
            if name in ("response", "resolution"):
                row[name] = pr.markdown(value, page, source_loc(item, name))
            elif name in ("due", "validate_by", "need_by"):
                row["date"] = date(value) if value else None
            else:
                row[name] = value
        return row

    def needs(m: MilestoneStatus) -> list[dict]:
        found = []
        for ref in m.milestone.depends_on:
            target = report.milestone(ref)
            found.append(pr.milestone(target) if target.project.id != project.id else
                         {"text": target.milestone.name,
                          "to": pr.links.page(page, "m-" + target.milestone.id), "project": None})
        return found

    raid = project.raid
    older = [s for s in reversed(project.status_reports) if status and s.date != status.date]
    return {
        "id": p.id, "name": project.name, "code": project.code, "closed": project.closed,
        "overall": p.declared("overall"),
        "facts": facts([("Project manager", project.manager), ("Sponsor", project.sponsor),
                        ("Phase", project.phase.capitalize() if project.phase else None),
                        ("Tranche", tranche_names.get(project.tranche) if project.tranche else None),
                        ("Start", date(project.start)),
                        ("Finish", f"{date(p.finish_date)} "
                                   f"({'actual' if project.finish.actual else 'forecast'}); "
                                   f"baseline {date(project.finish.baseline)}, "
                                   f"{signed_days(p.finish_slip_days)}")]),
        "summary": pr.markdown(project.summary, page, source_loc(project, "summary")),
        "status": None if status is None else {
            "date": date(status.date), "headline": status.headline,
            "body": pr.markdown(status.body, page, body_loc(status)),
            "previous": date(p.previous.date) if p.previous else None,
            "moves": [{"dimension": m.dimension, "before": m.before, "after": m.after}
                      for m in p.moves],
            "new_headline": p.new_headline, "since": since_lines(p)},
        "tolerances": [{"dimension": dimension, "text": text, "rag": rag}
                       for dimension, text, rag in tolerance_status(p)],
        "stale": p.stale, "age_days": p.status_age_days, "as_of": date(report.as_of),
        "ratings": ratings(p),
        "mismatches": [{"dimension": m.dimension, "declared": m.declared, "derived": m.derived}
                       for m in p.mismatches],
        "conflicts": [{"milestone": pr.milestone(c.milestone), "date": date(c.milestone.date),
                       "needs": pr.milestone(c.depends_on), "needs_date": date(c.depends_on.date),
                       "gap_days": c.gap_days} for c in report.conflicts_of(project.id)],
        "exposures": [{"late": pr.milestone(e.late), "variance": signed_days(e.late.variance_days),
                       "downstream": [pr.milestone(d) for d in e.downstream],
                       "own": e.late.project.id == project.id}
                      for e in report.exposures_of(project.id)],
        "milestones": [{"id": "m-" + m.milestone.id, "name": m.milestone.name,
                        "owner": m.milestone.owner, "baseline": date(m.milestone.baseline),
                        "forecast": date(m.milestone.forecast),
                        "actual": date(m.milestone.actual) if m.milestone.actual else None,
                        "variance": signed_days(m.variance_days), "state": m.state,
                        "state_text": milestone_state(pr.report, m),
                        "needs": needs(m)} for m in p.milestones],
        "slip": pr.chart(f"projects/{p.id}/slip"),
        "schedule_note": (f"Finish slip {signed_days(p.finish_slip_days)}"
                          + (f" · {share(p.on_time_share)} of completed milestones done on time"
                             if p.on_time_share is not None else "")
                          + f". Schedule tolerances: amber past {number(tolerances.amber)} days, "
                            f"red past {number(tolerances.red)}."),
        "budget": None if b is None else {
            "facts": facts([
                ("Baseline (BAC)", pr.money(b.budget.baseline)),
                ("Forecast at completion", pr.money(b.budget.forecast)),
                ("Forecast against baseline", f"{over_under(b.variance, pr.currency)} "
                                              f"({percent(b.variance_pct, signed=True)})"),
                ("Spent to date", pr.money(b.budget.actual)
                 + (f" ({percent(b.spent_pct)} of baseline)" if b.spent_pct is not None else "")),
                ("SPI", number(b.spi) if b.spi is not None else None),
                ("CPI", number(b.cpi) if b.cpi is not None else None),
                ("Estimate at completion at this CPI",
                 f"{pr.money(b.eac)}: {over_under(b.eac_over, pr.currency)} baseline"
                 if b.eac is not None else None)]),
            "reconcile": None if b.eac is None else reconcile(b, pr.currency),
            "rag": b.rag, "chart": pr.chart(f"projects/{p.id}/budget")},
        "risk_map": pr.chart(f"projects/{p.id}/risks"),
        "risks": [raid_row(r, "risk", "response", "due") | {
            "score": f"{r.probability} × {r.impact}" if r.probability and r.impact else None,
            "closed": r.status == "closed"} for r in raid.risks],
        "issues": [raid_row(i, "issue", "resolution", "due")
                   | {"severity": (i.severity or "–").capitalize()} for i in raid.issues],
        "assumptions": [raid_row(a, "assumption", "validate_by") for a in raid.assumptions],
        "dependencies": [raid_row(d, "dependency", "need_by") for d in raid.dependencies],
        "changes": [{"id": c.id, "title": c.title,
                     "description": pr.markdown(c.description, page, source_loc(c, "description")),
                     "status": c.status.capitalize(), "cost": pr.money(c.cost, signed=True),
                     "schedule": signed_days(c.schedule_days), "raised": date(c.raised),
                     "decided": date(c.decided) if c.decided else None} for c in project.changes],
        "decisions": [{"id": d.id, "title": d.title, "from": d.from_,
                       "needed_by": date(d.needed_by) if d.needed_by else None,
                       "made": date(d.decided) if d.status == "made" else None,
                       "outcome": pr.markdown(d.outcome, page, source_loc(d, "outcome"))}
                      for d in project.decisions],
        "kpis": [{"name": k.name, "value": number(k.value) + (f" {k.unit}" if k.unit else ""),
                  "target": number(k.target) + (f" {k.unit}" if k.unit else ""),
                  "better": "higher" if k.direction == "increase" else "lower"}
                 for k in project.kpis],
        "resources": [{"team": team_names.get(d.team, d.team), "from": date(d.from_),
                       "to": date(d.to), "fte": number(d.fte)} for d in project.resources],
        "benefits": [{"benefit": {"text": b.benefit.name,
                                  "to": pr.links.page("benefits/index.html", b.benefit.id)},
                      "dis_benefit": b.dis_benefit, "status": b.status}
                     for b in report.benefits_of(project.id)],
        "history": pr.chart(f"projects/{p.id}/rag-history"),
        "reports": [{"date": date(s.date), "overall": s.overall, "schedule": s.schedule,
                     "budget": s.budget, "headline": s.headline}
                    for s in reversed(project.status_reports)],
        "older": len(older),
    }


PARTS: dict[str, Callable[..., dict]] = {
    "verdict": verdict, "dashboard": dashboard, "benefits": benefits, "roadmap": roadmap,
    "project-summary": project_summary, "project": project,
}
