"""The data of each part of the executive pack, a board paper: the verdict
and the asks, the dashboard, benefits, roadmap, and a summary page for each
project the board must look at; the shape is in docs/pdf.md, the common
pieces in :mod:`.printing`.

Which projects get a page is :func:`in_full`. A list that grows with the
program (conflicts, over-allocated months, open decisions) shows its first
``PACK_ROWS`` rows and says how many there are; the site holds them all.
"""

from __future__ import annotations

from generator.analysis.benefits import ON_TRACK_TOLERANCE, BenefitStatus
from generator.analysis.projects import RAG_RANK, ProjectStatus
from generator.analysis.report import RECENT_DAYS, DecisionEntry, RaidEntry
from generator.analysis.verdict import Verdict
from generator.charts.plan import ROADMAP_PAGE_ROWS, roadmap_pages
from generator.look.formats import (
    BENEFIT_LABELS,
    measured,
    number,
    over_under,
    percent,
    share,
    signed_days,
    verdict_basis,
)
from generator.publish.printing import (
    SUMMARY_ROWS,
    Printing,
    body_loc,
    date,
    facts,
    milestone_row,
    owner,
    project_page,
    ratings,
    source_loc,
)
from generator.settings import PdfSettings

PACK_ROWS = 10     # rows of a list that grows with the program, in the pack
PAGE_FROM = "amber"  # a board pack gives a page to projects rated this or worse


def in_full(projects: list[ProjectStatus], pdf: PdfSettings) -> list[ProjectStatus]:
    """The active projects that get a page of the pack, in the order they
    come: every one in a full pack (by id); in a board pack, those whose
    rating to act on is Amber or worse, worst first (then the latest finish
    against baseline, then id), at most ``pdf.pack_projects`` of them."""
    if pdf.pack == "full":
        return projects
    worst = sorted((p for p in projects if p.rating and RAG_RANK[p.rating] >= RAG_RANK[PAGE_FROM]),
                   key=lambda p: (-RAG_RANK[p.rating or "green"], -p.finish_slip_days, p.id))
    return worst[:pdf.pack_projects]


def _first(rows: list) -> list:
    return rows[:PACK_ROWS]


# The parts of the executive pack -------------------------------------------

def verdict(pr: Printing) -> dict:
    """Page 1: the program's rating, what the board must decide and by when,
    what is escalated to it, and what it decided lately."""
    report = pr.report
    program = report.program
    governance = program.governance
    review = None
    if governance and governance.next_review:
        review = date(governance.next_review) + (f" ({governance.board})" if governance.board else "")
    return {
        "rating": report.verdict.rating, "basis": verdict_basis(report.verdict),
        "declared": program_report(pr, report.verdict), "disagrees": report.verdict.disagrees,
        "review": review, "as_of": date(report.as_of),
        "asks": _first([decision(pr, d) for d in report.open_decisions]),
        "ask_count": len(report.open_decisions),
        "escalations": _first([escalation(pr, e) for e in report.escalations]),
        "escalation_count": len(report.escalations),
        "recent_days": RECENT_DAYS,
        "recent_decisions": _first([
            {"title": d.decision.title, "project": pr.project(d.project),
             "made": date(d.decision.decided),
             "outcome": pr.markdown(d.decision.outcome, project_page(d.project.id),
                                    source_loc(d.decision, "outcome"))}
            for d in report.recent_decisions]),
        "recent_count": len(report.recent_decisions),
    }


def program_report(pr: Printing, v: Verdict) -> dict | None:
    """The program office's own newest report, with the trend since the one
    before; None when the program keeps no reports of its own."""
    d = v.declared
    if d is None:
        return None
    return {"date": date(d.date), "overall": d.overall, "headline": d.headline,
            "body": pr.markdown(d.body, "index.html", body_loc(d)),
            "stale_days": v.declared_age_days if v.declared_stale else None,
            "previous": ({"date": date(v.previous.date), "overall": v.previous.overall}
                         if v.previous else None),
            "trend": v.trend,
            "ratings": [{"dimension": dim.capitalize(), "rating": getattr(d, dim)}
                        for dim in ("schedule", "budget", "scope", "quality") if getattr(d, dim)]}


def escalation(pr: Printing, e: RaidEntry) -> dict:
    page = project_page(e.project.id)
    field = "response" if e.kind == "risk" else "resolution"
    return {"kind": e.kind, "title": e.item.title, "score": e.score,
            "severity": getattr(e.item, "severity", None) if e.kind == "issue" else None,
            "project": pr.project(e.project), "owner": owner(e.item),
            "answer": pr.markdown(e.answer, page, source_loc(e.item, field)),
            "due": date(e.due) if e.due else None}


def dashboard(pr: Printing) -> dict:
    report = pr.report
    program = report.program
    page = "index.html"
    budget = report.budget
    active = [p for p in report.projects if not p.project.closed]
    health = sorted(active, key=lambda p: (-RAG_RANK.get(p.rating or "", -1), -p.finish_slip_days,
                                           p.id))
    conflicts = [{"milestone": pr.milestone(c.milestone), "date": date(c.milestone.date),
                  "gap_days": c.gap_days, "needs": pr.milestone(c.depends_on),
                  "needs_date": date(c.depends_on.date)} for c in report.conflicts]
    over = report.current_overallocations
    return {
        "summary": pr.markdown(program.summary, page, source_loc(program, "summary")),
        "conflicts": _first(conflicts), "conflict_count": len(conflicts),
        # one line: the roadmap's team load lists the months
        "overallocated_teams": sorted({t.team.name for t in over}),
        "overallocation_count": len(over),
        "team_load": pr.links.page("roadmap/index.html", "team-load"),
        "pending_changes": _first([{"change": pr.project(project, c.id) | {"text": c.title},
                                    "project": project.name, "cost": pr.money(c.cost, signed=True),
                                    "schedule": signed_days(c.schedule_days)}
                                   for project, c in report.pending_changes]),
        "pending_change_count": len(report.pending_changes),
        "unowned_count": len(report.unowned), "unanswered_count": len(report.unanswered),
        "mismatched": _first([{"project": pr.project(p.project),
                               "mismatches": [{"dimension": m.dimension, "declared": m.declared,
                                          "derived": m.derived} for m in p.mismatches]}
                              for p in report.mismatched]),
        "mismatched_count": len(report.mismatched),
        "overdue": _first([milestone_row(pr, m) for m in report.overdue_milestones]),
        "overdue_count": len(report.overdue_milestones),
        "unguarded": _first([{"project": pr.project(p.project), "slip": signed_days(p.finish_slip_days)}
                             for p in report.unguarded]),
        "unguarded_count": len(report.unguarded),
        "stale": _first([{"project": pr.project(p.project),
                          "last": date(p.status.date) if p.status else None,
                          "age_days": p.status_age_days} for p in report.stale]),
        "stale_count": len(report.stale),
        "health": [health_row(pr, p) for p in health],
        "closed_count": len(report.projects) - len(active),
        "mismatches": any(p.mismatches for p in active),
        "moved": _first([{"project": pr.project(p.project),
                          "moves": [{"dimension": m.dimension, "before": m.before, "after": m.after,
                                     "direction": m.direction} for m in p.moves]}
                         for p in report.moved]),
        "moved_count": len(report.moved),
        "next_milestones": [milestone_row(pr, m) for m in report.next_milestones],
        # the escalated ones are on page 1, with their responses
        "top_risks": [risk_row(pr, e) for e in report.top_risks if not e.item.escalate],
        "escalated_risks": sum(bool(e.item.escalate) for e in report.top_risks),
        "budget": None if budget is None else {
            "baseline": pr.money(budget.baseline), "forecast": pr.money(budget.forecast),
            "variance": over_under(budget.variance, budget.currency),
            "variance_pct": percent(budget.variance_pct, signed=True),
            "actual": pr.money(budget.actual), "projects": budget.projects,
            "currency": budget.currency, "earned": budget.earned,
            "spi": number(budget.spi) if budget.spi is not None else None,
            "cpi": number(budget.cpi) if budget.cpi is not None else None},
    }


def health_row(pr: Printing, p: ProjectStatus) -> dict:
    return {"project": pr.project(p.project), "code": p.project.code, "closed": p.project.closed,
            "stale": p.stale, "ratings": ratings(p),
            "headline": p.status.headline if p.status and p.status.headline else None,
            "finish": date(p.finish_date), "slip": signed_days(p.finish_slip_days)}


def decision(pr: Printing, d: DecisionEntry) -> dict:
    return {"title": d.decision.title, "project": pr.project(d.project),
            "from": d.decision.from_, "needed_by": date(d.decision.needed_by) if d.decision.needed_by
            else None, "overdue_days": d.overdue_days if d.overdue else None,
            "before_review": d.before_review}


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
        "baseline": _point(benefit.baseline, "", benefit.unit),
        "target": _point(benefit.target, "by ", benefit.unit),
        "expected": ({"value": measured(b.judged_expected, benefit.unit),
                      "date": "on " + date(b.judged_on)}
                     if b.judged_expected is not None and b.judged_on else None),
        "latest": _point(b.latest, "", benefit.unit),
        "status": b.status, "at_risk": list(b.at_risk),
        "realised_share": share(b.realised_share),
        "annual_value": pr.money(benefit.annual_value),
        "value_realised": pr.money(b.value_realised) if b.value_realised is not None else None,
        "enablers": [pr.project(enabler) for id in benefit.projects
                     if (enabler := program.project(id)) is not None],
        "description": pr.markdown(benefit.description, page, source_loc(benefit, "description")),
        "note": b.latest.note if b.latest and getattr(b.latest, "note", None) else None,
    }


def _point(point, prefix: str, unit: str | None) -> dict | None:
    return ({"value": measured(point.value, unit), "date": prefix + date(point.date)}
            if point else None)


def roadmap(pr: Printing) -> dict:
    """The roadmap chart and what drives the end date; team load only where
    a team is asked for more than it has."""
    report = pr.report
    pages = roadmap_pages(len(report.projects))
    over = [t for t in report.team_load if t.over]
    exposures = [{"late": milestone_row(pr, e.late),
                  "downstream": [pr.milestone(d) for d in e.downstream]} for e in report.exposures]
    return {
        "as_of": date(report.as_of),
        "charts": [pr.chart(f"roadmap/{page}") for page in range(1, pages + 1)] if pages
                  else [pr.chart("roadmap")],
        "page_rows": ROADMAP_PAGE_ROWS,
        "critical_path": [milestone_row(pr, m) for m in report.critical_path],
        "exposures": _first(exposures), "exposure_count": len(exposures),
        "dependency_count": len(report.dependencies),
        "conflict_count": len(report.dependency_conflicts),
        "team_load": pr.chart("team-load") if report.team_load else None,
        "over": _first([{"team": t.team.name, "month": t.month, "demand": number(t.demand_fte),
                         "capacity": number(t.team.capacity_fte),
                         "projects": [pr.project(p) for p in t.projects]} for t in over]),
        "over_count": len(over),
        "within_count": len(report.team_load) - len(over),
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
