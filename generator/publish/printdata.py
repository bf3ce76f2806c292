"""What each PDF shows, as plain data for the print templates.

The print templates (``print/*.typ`` in the theme) lay out data; they never
see content as markup. Every value here is JSON: names, titles and owners
are strings, figures are already formatted (:mod:`.formats`, as on the
site), Markdown bodies are trees (:func:`.markdown.print_markdown`), links
are resolved targets and charts are their SVG. docs/pdf.md describes the
shape; the default theme's templates read every field.

A link target is ``{"label": …}`` (a place in this PDF) or ``{"url": …}``
(the published site when there is a base URL, else a path relative to the
PDF in the site), made by :class:`Links`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.analysis.benefits import ON_TRACK_TOLERANCE, BenefitStatus
from generator.analysis.report import RECENT_DAYS, DecisionEntry, ProjectStatus, RaidEntry, Report
from generator.analysis.schedule import MilestoneStatus
from generator.charts.plan import Chart
from generator.errors import Diagnostic, Loc
from generator.look.formats import (
    BENEFIT_LABELS,
    BENEFIT_MARKS,
    RAG_LABELS,
    STATE_LABELS,
    STATE_MARKS,
    format_date,
    money,
    number,
    percent,
    share,
    signed_days,
)
from generator.look.markdown import _is_local, print_markdown

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")   # what Typst can draw
SUMMARY_ROWS = 4            # milestones and risks on a project's pack page
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


@dataclass
class Links:
    """Where a link from one PDF goes. ``holds`` maps the site pages this PDF
    holds to their labels; ``anchors`` are the labels of places inside them
    that a fragment may reach (a project PDF's milestones and RAID items)."""

    pdf: str                                # the PDF's path in the site
    holds: Mapping[str, str]
    base_url: str | None
    anchors: frozenset[str] = frozenset()

    def page(self, site_path: str, fragment: str = "") -> dict:
        """A link to a page of the site (``projects/x/index.html``)."""
        label = self.holds.get(site_path)
        if label is not None:
            return {"label": fragment if fragment in self.anchors else label}
        target = site_path + (f"#{fragment}" if fragment else "")
        if self.base_url:
            return {"url": self.base_url.rstrip("/") + "/" + target}
        relative = posixpath.relpath(site_path or ".", posixpath.dirname(self.pdf))
        return {"url": relative + (f"#{fragment}" if fragment else "")}

    def href(self, href: str, page: str) -> dict | None:
        """A Markdown link written on site page ``page``, resolved as the site
        resolves it (site-root-relative, or relative to the page)."""
        if not _is_local(href):
            return {"url": href}
        path, _, fragment = href.partition("#")
        if not path:
            return self.page(page, fragment)
        if path.startswith(("./", "../")):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return self.page(path.lstrip("/"), fragment)


@dataclass
class Printing:
    """What every part's data is made with: the report, the charts, the
    links of the PDF being planned, and the problems found on the way
    (an image the content names that the site lacks)."""

    report: Report
    charts: Mapping[str, Chart]
    links: Links
    assets: frozenset[str]                           # site paths under assets/
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.report.program.currency

    def money(self, value: float | None, signed: bool = False) -> str:
        return money(value, self.currency, signed)

    def markdown(self, text: str | None, page: str, loc: Loc) -> list:
        """Content Markdown written on site page ``page``, from ``loc`` (the
        first line of the text in its file)."""
        if not text:
            return []

        def image(src: str, line: int) -> str | None:
            path, _, _ = src.partition("#")
            if path.startswith(("./", "../")):
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            path = path.lstrip("/")
            at = Loc(loc.file, loc.line + line, 1)
            if path not in self.assets:
                self.errors.append(Diagnostic(at, "error", f"PDF: image '{src}' is not in the site",
                                              "put the file in content/assets/, or fix the path"))
                return None
            if not path.lower().endswith(IMAGE_TYPES):
                self.warnings.append(Diagnostic(
                    at, "warning", f"PDF: image '{src}' cannot be drawn in a PDF; its text is shown",
                    "use PNG, JPEG, GIF, WebP or SVG"))
                return None
            return "/" + path

        return print_markdown(text, lambda href: self.links.href(href, page), image)

    def chart(self, name: str) -> dict | None:
        """A chart by name, or None when the content gives it no data."""
        c = self.charts.get(name)
        if c is None or not c.svg:
            return None
        size = SVG_SIZE.search(c.svg)
        width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 320.0)
        return {"name": c.name, "title": c.title, "summary": c.summary, "svg": c.svg,
                "width": width, "height": height}

    # Links to pages of the site

    def project(self, project, fragment: str = "") -> dict:
        return {"text": project.name, "to": self.links.page(_project_page(project.id), fragment)}

    def milestone(self, m: MilestoneStatus) -> dict:
        return {**self.project(m.project, "m-" + m.milestone.id), "text": m.milestone.name,
                "project": m.project.name}


def _project_page(project_id: str) -> str:
    return f"projects/{project_id}/index.html"


def date(value) -> str:
    return format_date(value)


def labels() -> dict:
    """The words the templates show for the scales."""
    return {"rag": RAG_LABELS, "state": STATE_LABELS, "state_marks": STATE_MARKS,
            "benefit": BENEFIT_LABELS, "benefit_marks": BENEFIT_MARKS}


# Pieces --------------------------------------------------------------------

def ratings(p: ProjectStatus) -> list[dict]:
    """The newest report's five ratings, with the rating the tolerances give
    where it is worse than the one declared."""
    derived = {mm.dimension: mm.derived for mm in p.mismatches}
    return [{"dimension": dimension.capitalize(), "declared": p.declared(dimension),
             "derived": derived.get(dimension)}
            for dimension in ("overall", "schedule", "budget", "scope", "quality")]


def milestone_row(pr: Printing, m: MilestoneStatus, link: bool = True) -> dict:
    return {"milestone": pr.milestone(m) if link else {"text": m.milestone.name, "to": None},
            "date": date(m.date), "variance": signed_days(m.variance_days), "state": m.state}


def owner(item) -> str | None:
    return item.owner or None


def _loc(obj, key: str = "") -> Loc:
    return obj.src.at(key) if key else obj.src.loc


def _body_loc(obj) -> Loc:
    return Loc(obj.src.loc.file, obj.body_line, 1)


def facts(pairs: list[tuple[str, str | None]]) -> list[dict]:
    return [{"label": label, "value": value} for label, value in pairs if value]


def program_facts(report: Report, count_closed: bool = False) -> list[dict]:
    program = report.program
    closed = sum(p.project.closed for p in report.projects)
    projects = str(len(report.projects)) + (f" ({closed} closed)" if count_closed and closed else "")
    return facts([("As of", date(report.as_of)), ("Sponsor", program.sponsor),
                  ("Program manager", program.manager), ("Projects", projects)])


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
        "summary": pr.markdown(program.summary, page, _loc(program, "summary")),
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
                                                                   _loc(o, "description"))}
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
    page = _project_page(e.project.id)
    return {"title": item.title, "escalated": bool(item.escalate), "project": pr.project(e.project),
            "score": e.score, "probability": item.probability, "impact": item.impact,
            "owner": owner(item),
            "response": pr.markdown(item.response, page, _loc(item, "response"))}


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
        "description": pr.markdown(benefit.description, page, _loc(benefit, "description")),
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
        page = _project_page(e.project.id)
        field = "response" if e.kind == "risk" else "resolution"
        return {"kind": e.kind, "title": e.item.title, "score": e.score,
                "severity": getattr(e.item, "severity", None) if e.kind == "issue" else None,
                "project": pr.project(e.project), "owner": owner(e.item),
                "answer": pr.markdown(e.answer, page, _loc(e.item, field)),
                "due": date(e.due) if e.due else None}

    return {
        "as_of": date(report.as_of),
        "escalations": [escalation(e) for e in report.escalations],
        "open_decisions": [decision(pr, d) for d in report.open_decisions],
        "recent_days": RECENT_DAYS,
        "recent_decisions": [{"title": d.decision.title, "project": pr.project(d.project),
                              "made": date(d.decision.decided),
                              "outcome": pr.markdown(d.decision.outcome, _project_page(d.project.id),
                                                     _loc(d.decision, "outcome"))}
                             for d in report.recent_decisions],
    }


def project_summary(pr: Printing, p: ProjectStatus) -> dict:
    """A project on one page of the pack."""
    project = p.project
    page = _project_page(p.id)
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
            "body": pr.markdown(status.body, page, _body_loc(status))},
        "milestones": [milestone_row(pr, m, link=False) for m in open_milestones[:SUMMARY_ROWS]],
        "milestone_count": len(open_milestones),
        "slip": pr.chart(f"projects/{p.id}/slip"),
        "risks": [risk_row(pr, e) for e in risks[:SUMMARY_ROWS]],
        "risk_count": len(risks),
        "rows": SUMMARY_ROWS,
    }


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
    page = _project_page(p.id)
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
                row[name] = pr.markdown(value, page, _loc(item, name))
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
        "summary": pr.markdown(project.summary, page, _loc(project, "summary")),
        "status": None if status is None else {
            "date": date(status.date), "headline": status.headline,
            "body": pr.markdown(status.body, page, _body_loc(status)),
            "previous": date(p.previous.date) if p.previous else None,
            "moves": [{"dimension": m.dimension, "before": m.before, "after": m.after}
                      for m in p.moves],
            "new_headline": p.new_headline},
        "stale": p.stale, "age_days": p.status_age_days, "as_of": date(report.as_of),
        "ratings": ratings(p),
        "mismatches": [{"dimension": m.dimension, "declared": m.declared, "derived": m.derived}
                       for m in p.mismatches],
        "conflicts": [{"milestone": pr.milestone(c.milestone), "date": date(c.milestone.date),
                       "needs": pr.milestone(c.depends_on), "needs_date": date(c.depends_on.date),
                       "gap_days": c.gap_days} for c in report.conflicts_of(project.id)],
        "exposures": [{"late": pr.milestone(e.late), "variance": signed_days(e.late.variance_days),
                       "downstream": [pr.milestone(d) for d in e.downstream]}
                      for e in report.exposures_of(project.id)],
        "milestones": [{"id": "m-" + m.milestone.id, "name": m.milestone.name,
                        "owner": m.milestone.owner, "baseline": date(m.milestone.baseline),
                        "forecast": date(m.milestone.forecast),
                        "actual": date(m.milestone.actual) if m.milestone.actual else None,
                        "variance": signed_days(m.variance_days), "state": m.state,
                        "needs": needs(m)} for m in p.milestones],
        "slip": pr.chart(f"projects/{p.id}/slip"),
        "schedule_note": (f"Finish slip {signed_days(p.finish_slip_days)}"
                          + (f" · {share(p.on_time_share)} of completed milestones done on time"
                             if p.on_time_share is not None else "")
                          + f". Schedule tolerances: amber past {number(tolerances.amber)} days, "
                            f"red past {number(tolerances.red)}."),
        "budget": None if b is None else {
            "facts": facts([
                ("Baseline", pr.money(b.budget.baseline)), ("Forecast", pr.money(b.budget.forecast)),
                ("Variance", f"{pr.money(b.variance, signed=True)} "
                             f"({percent(b.variance_pct, signed=True)})"),
                ("Spent to date", pr.money(b.budget.actual)
                 + (f" ({percent(b.spent_pct)} of baseline)" if b.spent_pct is not None else "")),
                ("SPI", number(b.spi) if b.spi is not None else None),
                ("CPI", number(b.cpi) if b.cpi is not None else None),
                ("Estimate at completion", pr.money(b.eac) if b.eac is not None else None),
                ("Variance at completion", pr.money(b.vac, signed=True) if b.vac is not None
                 else None)]),
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
                     "description": pr.markdown(c.description, page, _loc(c, "description")),
                     "status": c.status.capitalize(), "cost": pr.money(c.cost, signed=True),
                     "schedule": signed_days(c.schedule_days), "raised": date(c.raised),
                     "decided": date(c.decided) if c.decided else None} for c in project.changes],
        "decisions": [{"id": d.id, "title": d.title, "from": d.from_,
                       "needed_by": date(d.needed_by) if d.needed_by else None,
                       "made": date(d.decided) if d.status == "made" else None,
                       "outcome": pr.markdown(d.outcome, page, _loc(d, "outcome"))}
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
    "dashboard": dashboard, "benefits": benefits, "roadmap": roadmap, "escalations": escalations,
    "project-summary": project_summary, "project": project,
}
