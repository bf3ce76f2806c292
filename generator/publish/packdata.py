"""The data of each part of the executive pack: the dashboard, benefits,
roadmap and escalations, and one summary page per active project; the
shape is in docs/pdf.md, the common pieces in :mod:`.printing`."""

from __future__ import annotations

from generator.analysis.benefits import ON_TRACK_TOLERANCE, BenefitStatus
from generator.analysis.report import RECENT_DAYS, DecisionEntry, ProjectStatus, RaidEntry
from generator.look.formats import (
    BENEFIT_LABELS,
    number,
    percent,
    share,
    signed_days,
)
from generator.publish.printing import (
    SUMMARY_ROWS,
    Printing,
    body_loc,
    date,
    facts,
    milestone_row,
    owner,
    program_facts,
    project_page,
    ratings,
    source_loc,
)

# The parts of the executive pack -------------------------------------------

def dashboard(pr: Printing) -> dict:
    report = pr.report
    program = report.program
    page = "index.html"
    governance = program.governance
    review = None
    if governance and governance.next_review:
        review = date(governance.next_review) + (f" ({governance.board})" if governance.board else "")
    budget = report.budget
    return {
        "name": program.name,
        "objective": program.objective,
        "facts": program_facts(report) + facts([("Next review", review)]),
        "summary": pr.markdown(program.summary, page, source_loc(program, "summary")),
        "decisions": [decision(pr, d) for d in report.open_decisions],
        "escalations": [{"kind": e.kind, "title": e.item.title, "project": pr.project(e.project),
                         "owner": owner(e.item)} for e in report.escalations],
        "conflicts": [{"milestone": pr.milestone(c.milestone), "date": date(c.milestone.date),
                       "gap_days": c.gap_days, "needs": pr.milestone(c.depends_on),
                       "needs_date": date(c.depends_on.date)} for c in report.conflicts],
        "overallocations": [{"team": t.team.name, "month": t.month, "demand": number(t.demand_fte),
                             "capacity": number(t.team.capacity_fte),
                             "projects": [pr.project(p) for p in t.projects]}
                            for t in report.current_overallocations],
        "team_load": pr.links.page("roadmap/index.html", "team-load"),
        "pending_changes": [{"change": pr.project(project, c.id) | {"text": c.title},
                             "project": project.name, "cost": pr.money(c.cost, signed=True),
                             "schedule": signed_days(c.schedule_days)}
                            for project, c in report.pending_changes],
        "unowned": [{"kind": e.kind, "item": pr.project(e.project, e.item.id) | {"text": e.item.title}}
                    for e in report.unowned],
        "unanswered": [{"item": pr.project(e.project, e.item.id) | {"text": e.item.title}}
                       for e in report.unanswered],
        "stale": [{"project": pr.project(p.project),
                   "last": date(p.status.date) if p.status else None,
                   "age_days": p.status_age_days} for p in report.stale],
        "health": [health_row(pr, p) for p in report.projects],
        "mismatches": any(p.mismatches for p in report.projects),
        "rag_history": pr.chart("rag-history"),
        "moved": [{"project": pr.project(p.project),
                   "moves": [{"dimension": m.dimension, "before": m.before, "after": m.after,
                              "direction": m.direction} for m in p.moves]} for p in report.moved],
        "next_milestones": [milestone_row(pr, m) for m in report.next_milestones],
        "overdue_milestones": [milestone_row(pr, m) for m in report.overdue_milestones],
        "top_risks": [risk_row(pr, e) for e in report.top_risks],
        "risks": pr.chart("risks"),
        "budget": None if budget is None else {
            "baseline": pr.money(budget.baseline), "forecast": pr.money(budget.forecast),
            "variance": pr.money(budget.variance, signed=True),
            "variance_pct": percent(budget.variance_pct, signed=True),
            "actual": pr.money(budget.actual), "projects": budget.projects,
            "currency": budget.currency},
        "objectives": [{"name": o.name, "description": pr.markdown(o.description, page,
                                                                   source_loc(o, "description"))}
                       for o in program.objectives],
    }


def health_row(pr: Printing, p: ProjectStatus) -> dict:
    return {"project": pr.project(p.project), "code": p.project.code, "closed": p.project.closed,
            "stale": p.stale, "ratings": ratings(p),
            "headline": p.status.headline if p.status and p.status.headline else None,
            "finish": date(p.finish_date), "slip": signed_days(p.finish_slip_days)}


def decision(pr: Printing, d: DecisionEntry) -> dict:
    return {"title": d.decision.title, "project": pr.project(d.project),
            "from": d.decision.from_, "needed_by": date(d.decision.needed_by) if d.decision.needed_by
            else None, "overdue_days": d.overdue_days if d.overdue else None}


def risk_row(pr: Printing, e: RaidEntry) -> dict:
    item = e.item
    page = project_page(e.project.id)
    return {"title": item.title, "escalated": bool(item.escalate), "project": pr.project(e.project),
            "score": e.score, "probability": item.probability, "impact": item.impact,
            "owner": owner(item),
            "response": pr.markdown(item.response, page, source_loc(item, "response"))}


def benefits(pr: Printing) -> dict:
    report = pr.report
    page = "benefits/index.html"
    total, realised = report.benefit_value
    counts = [{"label": label, "count": sum(b.status == status for b in report.benefits)}
              for status, label in BENEFIT_LABELS.items()]
    return {
        "count": len(report.benefits),
        "counts": counts,
        "value": pr.money(total),
        "realised": pr.money(realised),
        "tolerance": share(ON_TRACK_TOLERANCE),
        "benefits": [benefit_row(pr, b, page) for b in report.benefits],
        "trajectories": [c for b in report.benefits
                         if (c := pr.chart(f"benefits/{b.benefit.id}/trajectory"))],
    }


def benefit_row(pr: Printing, b: BenefitStatus, page: str) -> dict:
    benefit = b.benefit
    program = pr.report.program
    measure = None
    if benefit.measure:
        unit = f" ({benefit.unit})" if benefit.unit else ""
        better = "higher" if benefit.direction == "increase" else "lower"
        measure = f"{benefit.measure}{unit}, {better} is better"
    return {
        "id": benefit.id, "name": benefit.name, "dis_benefit": b.dis_benefit, "measure": measure,
        "owner": benefit.owner,
        "baseline": _point(benefit.baseline, ""), "target": _point(benefit.target, "by "),
        "expected": number(b.expected),
        "latest": _point(b.latest, ""),
        "status": b.status, "at_risk": list(b.at_risk),
        "realised_share": share(b.realised_share),
        "annual_value": pr.money(benefit.annual_value),
        "value_realised": pr.money(b.value_realised) if b.value_realised is not None else None,
        "enablers": [pr.project(enabler) for id in benefit.projects
                     if (enabler := program.project(id)) is not None],
        "description": pr.markdown(benefit.description, page, source_loc(benefit, "description")),
        "note": b.latest.note if b.latest and getattr(b.latest, "note", None) else None,
    }


def _point(point, prefix: str) -> dict | None:
    return {"value": number(point.value), "date": prefix + date(point.date)} if point else None


def roadmap(pr: Printing) -> dict:
    report = pr.report
    program = report.program
    tranches = []
    for tranche, members in report.by_tranche():
        span = None
        if tranche and (tranche.start or tranche.end):
            span = f"{date(tranche.start)} – {date(tranche.end)}"
        tranches.append({
            "name": tranche.name if tranche else "Not in a tranche", "span": span,
            "projects": [{
                "project": pr.project(p.project), "overall": p.declared("overall"),
                "span": f"{date(p.project.start)} to {date(p.finish_date)}",
                "baseline": date(p.project.finish.baseline), "finish": date(p.finish_date),
                "slip": signed_days(p.finish_slip_days),
                "phase": "Closed" if p.project.closed else (p.project.phase or "–").capitalize(),
                "milestones": [milestone_row(pr, m) | {"baseline": date(m.milestone.baseline)}
                               for m in p.milestones]} for p in members]})
    dependencies = []
    for m, needed in report.dependencies:
        c = report.conflict(m, needed)
        dependencies.append({"milestone": pr.milestone(m), "date": date(m.date),
                             "needs": pr.milestone(needed), "needs_date": date(needed.date),
                             "conflict_days": c.gap_days if c else None})
    teams = []
    for team in program.teams:
        load = report.load_of(team)
        if load:
            teams.append({"name": team.name, "capacity": number(team.capacity_fte)
                          if team.capacity_fte is not None else None,
                          "months": [{"month": t.month, "demand": number(t.demand_fte),
                                      "over": t.over, "projects": [pr.project(p) for p in t.projects]}
                                     for t in load]})
    return {
        "as_of": date(report.as_of),
        "chart": pr.chart("roadmap"),
        "tranches": tranches,
        "critical_path": [milestone_row(pr, m) for m in report.critical_path],
        "exposures": [{"late": milestone_row(pr, e.late),
                       "downstream": [pr.milestone(d) for d in e.downstream]}
                      for e in report.exposures],
        "dependencies": dependencies,
        "team_load": pr.chart("team-load") if report.team_load else None,
        "teams": teams,
    }


def escalations(pr: Printing) -> dict:
    report = pr.report

    def escalation(e: RaidEntry) -> dict:
        page = project_page(e.project.id)
        field = "response" if e.kind == "risk" else "resolution"
        return {"kind": e.kind, "title": e.item.title, "score": e.score,
                "severity": getattr(e.item, "severity", None) if e.kind == "issue" else None,
                "project": pr.project(e.project), "owner": owner(e.item),
                "answer": pr.markdown(e.answer, page, source_loc(e.item, field)),
                "due": date(e.due) if e.due else None}

    return {
        "as_of": date(report.as_of),
        "escalations": [escalation(e) for e in report.escalations],
        "open_decisions": [decision(pr, d) for d in report.open_decisions],
        "recent_days": RECENT_DAYS,
        "recent_decisions": [{"title": d.decision.title, "project": pr.project(d.project),
                              "made": date(d.decision.decided),
                              "outcome": pr.markdown(d.decision.outcome, project_page(d.project.id),
                                                     source_loc(d.decision, "outcome"))}
                             for d in report.recent_decisions],
    }


def project_summary(pr: Printing, p: ProjectStatus) -> dict:
    """A project on one page of the pack."""
    project = p.project
    page = project_page(p.id)
    open_milestones = [m for m in p.milestones if not m.done]
    risks = pr.report.risks_of(project.id)
    status = p.status
    return {
        "id": p.id, "name": project.name, "code": project.code,
        "facts": facts([("Manager", project.manager), ("Sponsor", project.sponsor),
                        ("Phase", project.phase.capitalize() if project.phase else None),
                        ("Finish", f"{date(p.finish_date)} ({signed_days(p.finish_slip_days)})"),
                        ("Budget forecast", f"{pr.money(p.budget.budget.forecast)} "
                                            f"({percent(p.budget.variance_pct, signed=True)})"
                         if p.budget else None)]),
        "ratings": ratings(p),
        "status": None if status is None else {
            "date": date(status.date), "stale_days": p.status_age_days if p.stale else None,
            "headline": status.headline,
            "body": pr.markdown(status.body, page, body_loc(status))},
        "milestones": [milestone_row(pr, m, link=False) for m in open_milestones[:SUMMARY_ROWS]],
        "milestone_count": len(open_milestones),
        "slip": pr.chart(f"projects/{p.id}/slip"),
        "risks": [risk_row(pr, e) for e in risks[:SUMMARY_ROWS]],
        "risk_count": len(risks),
        "rows": SUMMARY_ROWS,
    }
