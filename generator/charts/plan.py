"""The site's charts: what each one shows, as a spec for one of the two
drawers (the package docstring says which and why).

``plan_charts(report, theme)`` returns every chart of the site by its stable
name (``roadmap``, ``projects/<id>/slip`` …). A :class:`Chart` carries a
title, a one-sentence summary, its numbers as a table, and a spec with its
data inlined; :mod:`.draw` turns specs into SVG. Templates place charts by
name and read their words and tables; they never build a chart.

Each Vega-Lite kind of chart has one template, made with Altair in :mod:`.vega` from
the theme's style (``template``), and gets its data as named datasets, so a
site with a thousand projects builds a thousand dicts, not a thousand Altair
objects. A build keeps the templates in its cache, so a rebuild need not
import Altair at all; what the functions here return is still a pure
function of the report and the theme.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.analysis.benefits import BenefitStatus, profile_points
from generator.analysis.projects import DIMENSIONS, ProjectStatus, stale_on
from generator.analysis.report import RaidEntry, Report
from generator.charts.style import (
    CONFLICT,
    MET,
    MILESTONE_STATES,
    WIDTH,
    Style,
    TemplateStore,
)
from generator.content.model import RAG
from generator.look.formats import (
    RAG_LABELS,
    format_date,
    format_month,
    measured,
    money,
    number,
    over_under,
    signed_days,
)
from generator.look.theme import Theme

LABEL_CHARS = 40            # longer row labels are cut here (Vega's own cut is slow)
RAG_HISTORY_REPORTS = 12    # newest reports on a project's RAG history
RAG_HISTORY_MONTHS = 12     # months on the program's RAG history
HIGH_RISK = 15              # probability × impact from here is the high zone
MEDIUM_RISK = 5             # … and from here the medium zone
ROADMAP_PAGE_ROWS = 20      # projects on one printed page of the roadmap
KEY_GAP_PX = 14             # milestone numbers closer than this on a row take turns above and below
RAG_SYMBOLS = {"green": "●", "amber-green": "◐", "amber": "▲", "amber-red": "◆", "red": "■"}
@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"      # text | date | month | money | number | days


@dataclass(frozen=True)
class Chart:
    """One chart: its words, its numbers and its Vega-Lite spec."""

    name: str                          # stable: roadmap, projects/<id>/slip …
    title: str
    summary: str                       # the chart's point, in one sentence
    spec: dict[str, Any]               # Vega-Lite with every dataset inlined
    columns: tuple[Column, ...]        # the data table beside the chart
    rows: tuple[tuple, ...]
    svg: str = ""                      # set by draw

    @property
    def anchor(self) -> str:
        return "chart-" + self.name.replace("/", "-")


def plan_charts(report: Report, theme: Theme, projects: Collection[str] | None = None,
                program: Collection[str] | None = None,
                templates: TemplateStore | None = None) -> dict[str, Chart]:
    """Every chart of the site, by name, in name order. ``projects`` (ids):
    only those projects' own charts; ``program`` (names): only those of the
    charts of the program's pages (roadmap, dashboard, benefits). None: all.
    ``templates`` keeps the charts' templates between builds."""
    faces = tuple((face.weight, face.file) for face in theme.font.files)
    style = Style(theme.light, theme.font.family, faces, report.program.currency, templates)
    planners = _program_planners(report, style)
    charts = [planners[name]() for name in (planners if program is None else program)
              if name in planners]
    for p in report.projects:
        if projects is not None and p.id not in projects:
            continue
        charts += [milestone_slip(p, report.as_of, style), budget_burn(p, style),
                   risk_map(f"projects/{p.id}/risks", [e for e in report.risks_of(p.id) if e.score],
                            style),
                   rag_history(p, style)]
    return {c.name: c for c in sorted((c for c in charts if c), key=lambda c: c.name)}


def _program_planners(report: Report, style: Style) -> dict[str, Callable[[], Chart | None]]:
    """Each chart of the program's pages, by name, planned when called."""
    planners: dict[str, Callable[[], Chart | None]] = {
        "roadmap": lambda: roadmap(report, style),
        **{f"roadmap/{page}": functools.partial(roadmap, report, style, page)
           for page in range(1, roadmap_pages(len(report.projects)) + 1)},
        "team-load": lambda: team_load(report, style),
        "risks": lambda: risk_map("risks", [e for e in report.live_risks
                                            if e.score and not e.project.closed], style),
        "rag-history": lambda: program_rag_history(report, style),
    }
    for b in report.benefits:
        planners[f"benefits/{b.benefit.id}/trajectory"] = (
            functools.partial(benefit_trajectory, b, report.as_of, style))
    return planners


@lru_cache(maxsize=64)   # a build's few kinds; `baton serve` builds again and again
def template(kind: str, style: Style, *args: str) -> dict[str, Any]:
    """The Vega-Lite template of one kind of chart, from :mod:`.vega`: read
    back from ``style.templates`` when it holds it, else made with Altair
    (and kept there). The store's keys carry Baton's code and libraries."""
    store, key = style.templates, ""
    if store is not None:
        key = store.key(kind, repr(style), *args)
        data = store.get(key)
        if data is not None:
            try:
                return json.loads(data)
            except ValueError:
                pass  # a damaged copy is made again
    from generator.charts.vega import BUILDERS  # imports Altair
    spec = BUILDERS[kind](style, *args)
    if store is not None:
        store.put(key, json.dumps(spec, ensure_ascii=False).encode("utf-8"))
    return spec


def _with_data(spec: dict[str, Any], **datasets: list[dict]) -> dict[str, Any]:
    return {**spec, "datasets": {name: rows for name, rows in sorted(datasets.items())}}


def _plotted(kind: str, style: Style, **datasets: Any) -> dict[str, Any]:
    """The spec of a chart that Baton draws itself (:mod:`.native`)."""
    return _with_data({"plot": kind, "look": style.look()}, **datasets)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _asof(as_of: dt.date) -> list[dict]:
    return [{"date": _iso(as_of), "label": "As of " + format_date(as_of)}]


def _labels(rows: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """A unique row label per (key, name, qualifier): the name, cut short,
    with its qualifier when two rows share a name."""
    rows = list(rows)
    names = Counter(name for _, name, _ in rows)
    return {key: _short(name) if names[name] == 1
            else f"{_short(name, LABEL_CHARS - 12)} ({qualifier})"
            for key, name, qualifier in rows}


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# Roadmap ---------------------------------------------------------------------

def roadmap_pages(projects: int) -> int:
    """How many printed pages the roadmap takes, ROADMAP_PAGE_ROWS projects a
    page, as the charts ``roadmap/1`` … (0: the one ``roadmap`` chart fits)."""
    return 0 if projects <= ROADMAP_PAGE_ROWS else -(-projects // ROADMAP_PAGE_ROWS)


def roadmap(report: Report, style: Style, page: int = 0) -> Chart | None:
    """Each project's forecast and baseline bars, its milestones numbered as
    in the roadmap's tables (1 is its first milestone), and every
    dependency between projects: grey where it holds, red in conflict.
    ``page`` (from 1): only that printed page's projects, on the whole
    program's time axis, with the dependencies among them."""
    groups = report.by_tranche()
    every = [p for _, members in groups for p in members]
    if not every:
        return None
    skip = (page - 1) * ROADMAP_PAGE_ROWS if page else 0
    ordered = every[skip:skip + ROADMAP_PAGE_ROWS] if page else every
    labels = _labels((p.id, p.project.name, p.project.code or p.id) for p in ordered)
    order = {p.id: i for i, p in enumerate(ordered)}
    dates = [report.as_of, *(p.project.start for p in every), *(p.finish_date for p in every),
             *(p.project.finish.baseline for p in every), *(m.date for p in every for m in p.milestones)]
    days = _span_days(dates)
    bars, marks, rows = [], [], []
    for p in ordered:
        project, label = p.project, labels[p.id]
        common = {"label": label, "order": order[p.id], "start": _iso(project.start)}
        bars.append({**common, "series": "Forecast", "end": _iso(p.finish_date)})
        bars.append({**common, "series": "Baseline", "end": _iso(project.finish.baseline)})
        levels = _label_levels([m.date for m in p.milestones], days)
        for key, (m, level) in enumerate(zip(p.milestones, levels), 1):
            marks.append({"label": label, "order": order[p.id], "date": _iso(m.date),
                          "state": MILESTONE_STATES[m.state], "name": m.milestone.name,
                          "key": str(key), "level": level})
        rows.append((label, project.start, project.finish.baseline, p.finish_date,
                     p.finish_slip_days, len(p.milestones)))
    links = [{"from": _iso(needed.date), "to": _iso(m.date),
              "from_label": labels[needed.project.id], "to_label": labels[m.project.id],
              "order": order[needed.project.id],
              "kind": CONFLICT if report.conflict(m, needed) else MET}
             for m, needed in report.dependencies
             if m.project.id in order and needed.project.id in order]
    links.sort(key=lambda link: link["kind"] == CONFLICT)  # red on top
    tranches = [{"name": t.name, "start": _iso(t.start), "end": _iso(t.end)}
                for t in report.program.tranches if t.start and t.end]
    late = sum(1 for p in ordered if p.finish_slip_days > 0)
    first, last = min(p.project.start for p in ordered), max(p.finish_date for p in ordered)
    conflicts = sum(1 for link in links if link["kind"] == CONFLICT)
    shown = (f"Projects {skip + 1}–{skip + len(ordered)} of {len(every)}" if page
             else _count(len(ordered), "project"))
    summary = (f"{shown} from {format_month(first.strftime('%Y-%m'))} to "
               f"{format_month(last.strftime('%Y-%m'))}; {_count(late, 'finishes', 'finish')} later "
               f"than baseline; {_count(len(links), 'dependency', 'dependencies')} between "
               + ("projects" if not page else "these projects")
               + (f", {conflicts} in conflict (red lines)" if conflicts else "")
               + ". A milestone's number is its place in its project's list of milestones.")
    extent = [{"date": _iso(min(dates))}, {"date": _iso(max(dates))}]
    name, title = (f"roadmap/{page}", f"Roadmap, page {page} of {roadmap_pages(len(every))}") if page \
        else ("roadmap", "Roadmap")
    return Chart(name, title, summary,
                 _with_data(template("roadmap", style), bars=bars, milestones=marks, links=links,
                            tranches=tranches, asof=_asof(report.as_of), extent=extent),
                 (Column("Project"), Column("Start", "date"), Column("Baseline finish", "date"),
                  Column("Forecast finish", "date"), Column("Slip", "days"),
                  Column("Milestones", "number")),
                 tuple(rows))


def _span_days(dates: list[dt.date]) -> int:
    return max(1, (max(dates) - min(dates)).days)


def _label_levels(dates: list[dt.date], span_days: int) -> list[str]:
    """Where each milestone's number goes, "above" or "below" its marker:
    on the first side where it clears the last number by KEY_GAP_PX on a
    chart WIDTH wide showing ``span_days``; where neither side is clear, on
    the side whose last number is furthest back."""
    px_per_day = WIDTH / span_days
    last: dict[str, float] = {"above": -1e9, "below": -1e9}
    levels: dict[int, str] = {}
    for i in sorted(range(len(dates)), key=lambda i: (dates[i], i)):
        x = (dates[i] - dates[0]).days * px_per_day
        side = next((s for s in last if x - last[s] >= KEY_GAP_PX), min(last, key=last.__getitem__))
        levels[i], last[side] = side, x
    return [levels[i] for i in range(len(dates))]


# Milestone slip -------------------------------------------------------------

def milestone_slip(p: ProjectStatus, as_of: dt.date, style: Style) -> Chart | None:
    if not p.milestones:
        return None
    ordered = sorted(p.milestones, key=lambda m: (m.milestone.baseline, m.milestone.id))
    names = _labels((m.milestone.id, m.milestone.name, m.milestone.id) for m in ordered)
    lines, points, rows = [], [], []
    for i, m in enumerate(ordered):
        name = names[m.milestone.id]
        series = "Actual" if m.done else "Forecast"
        lines.append({"name": name, "order": i, "baseline": _iso(m.milestone.baseline),
                      "date": _iso(m.date), "slip": "Later than baseline" if m.variance_days > 0
                      else "On or before baseline"})
        points.append({"name": name, "order": i, "series": "Baseline",
                       "date": _iso(m.milestone.baseline)})
        points.append({"name": name, "order": i, "series": series, "date": _iso(m.date)})
        rows.append((name, m.milestone.baseline, m.date, series.lower(), m.variance_days))
    late = [m for m in ordered if m.variance_days > 0]
    worst = max(late, key=lambda m: m.variance_days, default=None)
    summary = (f"{len(late)} of {_count(len(ordered), 'milestone')} forecast or done after baseline"
               + (f"; the largest slip is {signed_days(worst.variance_days)} "
                  f"({worst.milestone.name})." if worst else "."))
    return Chart(f"projects/{p.id}/slip", "Milestone slip", summary,
                 _plotted("slip", style, milestones=lines, points=points, asof=_asof(as_of)),
                 (Column("Milestone"), Column("Baseline", "date"), Column("Forecast or actual", "date"),
                  Column("Which"), Column("Slip", "days")),
                 tuple(rows))


# Budget burn ----------------------------------------------------------------

def budget_burn(p: ProjectStatus, style: Style) -> Chart | None:
    budget, b = p.project.budget, p.budget      # b: the analysis of that budget
    if not budget or not budget.periods or b is None:
        return None
    periods = sorted(budget.periods, key=lambda x: x.month)
    burn, rows, planned, actual, planned_then = [], [], 0.0, 0.0, 0.0
    last_actual = max((x.month for x in periods if x.actual is not None), default="")
    for period in periods:
        month = period.month + "-01"
        planned += period.planned or 0
        burn.append({"month": month, "series": "Planned", "value": planned, "month_point": True})
        reported = period.month <= last_actual  # actual spend runs to the last month that has one
        if reported:
            actual += period.actual or 0
            planned_then = planned
            burn.append({"month": month, "series": "Actual", "value": actual, "month_point": True})
        rows.append((period.month, period.planned, period.actual, planned,
                     actual if reported else None))
    finish = p.finish_date.strftime("%Y-%m")
    if last_actual and budget.earned_value is not None:
        burn.append({"month": last_actual + "-01", "series": "Earned value",
                     "value": budget.earned_value, "mark": True})
    if last_actual and finish > last_actual and not p.project.closed:
        burn += [{"month": last_actual + "-01", "series": "Forecast to completion", "value": actual},
                 {"month": finish + "-01", "series": "Forecast to completion",
                  "value": budget.forecast}]
    ends = (periods[0].month + "-01", max(periods[-1].month, finish) + "-01")
    burn += [{"month": month, "series": series, "value": value}
             for series, value in (("Baseline at completion", budget.baseline),
                                   ("Forecast at completion", budget.forecast)) for month in ends]
    cur = style.currency
    spent = (f"{money(actual, cur)} spent by {format_month(last_actual)} against "
             f"{money(planned_then, cur)} planned" if last_actual
             else "No actual spend reported yet")
    earned = (f", {money(budget.earned_value, cur)} earned (SPI {number(b.spi)}, CPI {number(b.cpi)})"
              if b.spi is not None and b.cpi is not None else "")
    summary = (f"{spent}{earned}; forecast at completion {money(budget.forecast, cur)} by "
               f"{format_month(finish)}, {over_under(b.variance, cur)} its "
               f"{money(budget.baseline, cur)} baseline.")
    return Chart(f"projects/{p.id}/budget", "Budget burn", summary,
                 _plotted("burn", style, burn=burn, y_title=f"Cumulative spend ({cur})"),
                 (Column("Month", "month"), Column("Planned", "money"), Column("Actual", "money"),
                  Column("Planned to date", "money"), Column("Actual to date", "money")),
                 tuple(rows))


# Risk heat map --------------------------------------------------------------

def _zone(score: int) -> str:
    return "High" if score >= HIGH_RISK else "Medium" if score >= MEDIUM_RISK else "Low"


def risk_map(name: str, risks: list[RaidEntry], style: Style) -> Chart | None:
    """Live risks with a probability and an impact, counted per cell."""
    if not risks:
        return None
    counts = Counter((e.item.probability, e.item.impact) for e in risks)
    cells = [{"probability": p, "impact": i, "zone": _zone(p * i),
              **({"count": counts[(p, i)]} if (p, i) in counts else {})}
             for p in range(1, 6) for i in range(1, 6)]
    high = sum(1 for e in risks if (e.score or 0) >= HIGH_RISK)
    summary = (f"{_count(len(risks), 'open risk')} by probability and impact; "
               f"{high} in the high zone (score {HIGH_RISK} or more).")
    rows = tuple((p, i, p * i, _zone(p * i), n) for (p, i), n in
                 sorted(counts.items(), key=lambda kv: (-kv[0][0] * kv[0][1], -kv[0][0], kv[0][1])))
    return Chart(name, "Risk heat map", summary, _plotted("risk", style, cells=cells),
                 (Column("Probability", "number"), Column("Impact", "number"),
                  Column("Score", "number"), Column("Zone"), Column("Open risks", "number")),
                 rows)


# RAG history ----------------------------------------------------------------

def rag_history(p: ProjectStatus, style: Style) -> Chart | None:
    reports = p.project.status_reports[-RAG_HISTORY_REPORTS:]
    if len(reports) < 2:
        return None
    cells, rows = [], []
    for i, r in enumerate(reports):
        label = f"{r.date.day} {r.date:%b %y}"
        for dim in DIMENSIONS:
            rag = getattr(r, dim)
            if rag:
                cells.append({"report": label, "order": i, "dimension": dim.capitalize(),
                              "rag": RAG_LABELS[rag], "symbol": RAG_SYMBOLS[rag]})
        rows.append((r.date, *(RAG_LABELS.get(getattr(r, d), "–") for d in DIMENSIONS)))
    trail = " → ".join(RAG_LABELS[r.overall].lower() for r in reports)
    summary = f"Overall status over the last {len(reports)} reports: {trail}."
    return Chart(f"projects/{p.id}/rag-history", "Status history", summary,
                 _plotted("rag-history", style, cells=cells,
                          dimensions=[d.capitalize() for d in DIMENSIONS],
                          scale=[[RAG_LABELS[r], style.colours.rag(r)] for r in RAG]),
                 (Column("Report", "date"), *(Column(d.capitalize()) for d in DIMENSIONS)),
                 tuple(rows))


STALE_OR_NONE = "Stale or no report"


def rating_at(p: ProjectStatus, end: dt.date) -> str | None:
    """A project's category at the end of a month: its newest report's
    overall rating by then, or STALE_OR_NONE where it had none or it was
    older than the project's stale limit; None where the project had not
    started or had closed before that month."""
    project = p.project
    closed = project.finish.actual
    if (project.start and project.start > end) or (
            closed and (closed.year, closed.month) < (end.year, end.month)):
        return None
    newest = next((r for r in reversed(project.status_reports) if r.date <= end), None)
    if newest is None or stale_on(project, newest, end):
        return STALE_OR_NONE
    return RAG_LABELS[newest.overall]


def program_rag_history(report: Report, style: Style) -> Chart | None:
    """The share of the projects under way at each month end by their
    newest overall rating then, stale or missing reports as a category of
    their own: every month from the program's first report."""
    months = [(month, end, [c for p in report.projects if (c := rating_at(p, end))])
              for month, end in _months_to(report.as_of, RAG_HISTORY_MONTHS)]
    first = min((p.project.status_reports[0].date for p in report.projects
                 if p.project.status_reports), default=None)
    months = [m for m in months if first and first <= m[1]]
    if len(months) < 2 or not months[-1][2]:
        return None
    colour = {**{RAG_LABELS[r]: style.colours.rag(r) for r in reversed(RAG)},  # red first, as drawn
              STALE_OR_NONE: style.colours.muted}
    used = [c for c in colour if any(c in cats for _, _, cats in months)]
    shares, rows = [], []
    for i, (month, _, cats) in enumerate(months):
        label = dt.date.fromisoformat(month + "-01").strftime("%b %y")
        for rank, category in enumerate(used):
            n = cats.count(category)
            if n:
                shares.append({"month": label, "order": i, "rag": category, "rank": rank,
                               "share": n / len(cats), "projects": n, "of": len(cats)})
        rows.append((month, len(cats), *(cats.count(c) for c in used)))
    last = months[-1][2]
    words = ", ".join(f"{round(100 * last.count(c) / len(last))} % {c.lower()}"
                      for c in used if c in last)
    summary = (f"The share of the projects under way at each month end by their newest overall "
               f"rating then; in {format_month(months[-1][0])}, of {len(last)}: {words}.")
    return Chart("rag-history", "Status over time", summary,
                 _with_data(template("program-rag", style, *used, *(colour[c] for c in used)), shares=shares),
                 (Column("Month", "month"), Column("Projects", "number"),
                  *(Column(c, "number") for c in used)),
                 tuple(rows))


def _months_to(as_of: dt.date, count: int) -> list[tuple[str, dt.date]]:
    """The ``count`` months up to the as-of month, each with the day it ends
    (the as-of date for the as-of month)."""
    months, year, month = [], as_of.year, as_of.month
    for _ in range(count):
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        months.append((f"{year:04d}-{month:02d}", min(as_of, nxt - dt.timedelta(days=1))))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


# Benefit trajectory ---------------------------------------------------------

def benefit_trajectory(b: BenefitStatus, as_of: dt.date, style: Style) -> Chart | None:
    benefit = b.benefit
    expected = profile_points(benefit)
    points = sorted((m.date, m.value) for m in benefit.measurements)
    if len(expected) < 2 and not points:
        return None
    lines = ([{"series": "Expected", "date": _iso(d), "value": v} for d, v in expected]
             + [{"series": "Measured", "date": _iso(d), "value": v} for d, v in points])
    target = ([{"date": _iso(benefit.target.date), "value": benefit.target.value,
                "label": f"Target {measured(benefit.target.value, benefit.unit)}"}] if benefit.target else [])
    rows = tuple(sorted([(d, "expected", v) for d, v in expected]
                        + [(d, "measured", v) for d, v in points]))
    if b.latest:
        summary = (f"{benefit.measure or 'Measured'}: {measured(b.latest.value, benefit.unit)} on "
                   f"{format_date(b.latest.date)} against {measured(b.judged_expected, benefit.unit)} "
                   f"expected by then: {b.status.replace('-', ' ')}.")
    else:
        summary = "Not measured yet; the line shows the expected profile to the target."
    return Chart(f"benefits/{benefit.id}/trajectory", f"{benefit.name}: trajectory", summary,
                 _plotted("benefit", style, lines=lines, target=target, asof=_asof(as_of),
                          y_title=benefit.unit or "Value"),
                 (Column("Date", "date"), Column("Series"), Column("Value", "number")),
                 rows)


# Team load ------------------------------------------------------------------

def team_load(report: Report, style: Style) -> Chart | None:
    if not report.team_load:
        return None
    months = sorted({t.month for t in report.team_load})
    order = {m: i for i, m in enumerate(months)}
    teams = {t.id: i for i, t in enumerate(report.program.teams)}
    load = [{"team": t.team.name, "team_order": teams[t.team.id], "month": format_month(t.month),
             "order": order[t.month], "demand": t.demand_fte,
             **({"capacity": t.team.capacity_fte} if t.team.capacity_fte is not None else {}),
             "load": "Over capacity" if t.over else "Within capacity"}
            for t in report.team_load]
    over = report.overallocations
    teams_loaded = len({t.team.id for t in report.team_load})
    summary = (f"Demand against capacity for {_count(teams_loaded, 'team')}; "
               f"{_count(len(over), 'team-month')} over capacity"
               + (f", the first {over[0].team.name} in {format_month(over[0].month)}." if over else "."))
    return Chart("team-load", "Team load", summary, _with_data(template("team-load", style), load=load),
                 (Column("Team"), Column("Month", "month"), Column("Demand (FTE)", "number"),
                  Column("Capacity (FTE)", "number")),
                 tuple((t.team.name, t.month, t.demand_fte, t.team.capacity_fte)
                       for t in report.team_load))


def _count(n: int, singular: str, plural: str = "") -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
