"""Checks that need more than one value: ids, references, dates, cycles.

Each check reads the loaded program and reports into a Diagnostics collector;
none changes the model. They run in the order of ``CHECKS``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from generator.content.fields import Source
from generator.content.model import Benefit, Program, StatusReport, Thresholds, Tolerances
from generator.errors import Diagnostics, did_you_mean


def run(program: Program, diags: Diagnostics, broken: frozenset[str] = frozenset()) -> None:
    """Run every check. ``broken`` names files that already failed to load: a
    reference into one of them is not reported again as unknown."""
    context = Context(program, diags, broken)
    for check in CHECKS:
        check(context)


class Context:
    """What every check reads: the program, the collector, the broken files."""

    def __init__(self, program: Program, diags: Diagnostics, broken: frozenset[str]):
        self.program, self.diags, self.broken = program, diags, broken
        self.root = Path(program.content_dir)

    def is_broken(self, relative: str) -> bool:
        """True when the named content file, or any file under the named folder, failed."""
        path = str(self.root / relative)
        return path in self.broken or any(b.startswith(path + os.sep) for b in self.broken)


def _unique(items: Iterable, field: str, what: str, diags: Diagnostics, scope: str) -> None:
    seen: dict = {}
    for item in items:
        value = getattr(item, field)
        if value is None:
            continue
        if value in seen:
            first = seen[value].src
            diags.error(item.src.at(field), f"{item.src.where(field)}: {what} '{value}' is already "
                        f"used by {first.where(field)} on line {first.at(field).line}",
                        f"{what}s must be unique within {scope}")
        else:
            seen[value] = item


def unique_ids(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    _unique(program.objectives, "id", "objective id", diags, "program.yaml")
    _unique(program.tranches, "id", "tranche id", diags, "program.yaml")
    _unique(program.benefits, "id", "benefit id", diags, "benefits.yaml")
    _unique(program.teams, "id", "team id", diags, "resources.yaml")
    for project in program.projects:
        _unique(project.milestones, "id", "milestone id", diags, "a project")
        _unique(project.raid.items, "id", "RAID id", diags, "a project's RAID log")
        _unique(project.changes, "id", "change id", diags, "a project")
        _unique(project.decisions, "id", "decision id", diags, "a project")
        if project.budget:
            _unique(project.budget.periods, "month", "budget month", diags, "a budget")
    for benefit in program.benefits:
        _unique(benefit.profile, "date", "profile date", diags, "a benefit")
        _unique(benefit.measurements, "date", "measurement date", diags, "a benefit")


def _before(diags: Diagnostics, src: Source, first: str, second: str, a, b,
            hint: str = "") -> None:
    """Report when date ``b`` (key ``second``) comes before date ``a`` (``first``)."""
    if a is not None and b is not None and b < a:
        diags.error(src.at(second), f"{src.where(second)} {b} is before {first} {a}", hint)


def date_order(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    for tranche in program.tranches:
        _before(diags, tranche.src, "start", "end", tranche.start, tranche.end)
    for project in program.projects:
        finish = project.finish
        if finish is not None:
            for name in ("baseline", "forecast", "actual"):
                date = getattr(finish, name)
                written = name in finish.src.keys
                if written and project.start and date and date < project.start:
                    diags.error(finish.src.at(name),
                                f"finish.{name} {date} is before start {project.start}",
                                "a project cannot finish before it starts")
        for milestone in project.milestones:
            if project.start and milestone.baseline and milestone.baseline < project.start:
                diags.warning(milestone.src.at("baseline"),
                              f"{milestone.src.where('baseline')} {milestone.baseline} is before "
                              f"the project's start {project.start}")
        for demand in project.resources:
            _before(diags, demand.src, "from", "to", demand.from_, demand.to)
        for change in project.changes:
            _before(diags, change.src, "raised", "decided", change.raised, change.decided)
    for benefit in program.benefits:
        if benefit.baseline and benefit.target:
            _before(diags, benefit.src, "baseline.date", "target", benefit.baseline.date,
                    benefit.target.date, "the target date comes after the baseline date")


def _suggest(ref: str, choices: Iterable[str], fallback: str) -> str:
    return did_you_mean(ref, choices) or fallback


def references(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    tranches = {t.id for t in program.tranches}
    objectives = {o.id for o in program.objectives}
    teams = {t.id for t in program.teams}
    projects = {p.id for p in program.projects}
    milestones = {f"{p.id}/{m.id}" for p in program.projects for m in p.milestones}
    for project in program.projects:
        if project.tranche and project.tranche not in tranches and not ctx.is_broken("program.yaml"):
            diags.error(project.src.at("tranche"), f"tranche: unknown tranche '{project.tranche}'",
                        _suggest(project.tranche, tranches, "define it under tranches: in program.yaml"))
        for demand in project.resources:
            if demand.team and demand.team not in teams and not ctx.is_broken("resources.yaml"):
                diags.error(demand.src.at("team"),
                            f"{demand.src.where('team')}: unknown team '{demand.team}'",
                            _suggest(demand.team, teams, "define it under teams: in resources.yaml"))
        for milestone in project.milestones:
            for index, full in enumerate(milestone.depends_on):  # 'project/milestone'
                where = milestone.src.where(f"depends_on[{index}]")
                loc = milestone.src.at(f"depends_on[{index}]")
                if full == f"{project.id}/{milestone.id}":
                    diags.error(loc, f"{where}: a milestone cannot depend on itself")
                elif full not in milestones and not ctx.is_broken(
                        f"projects/{full.partition('/')[0]}/project.yaml"):
                    diags.error(loc, f"{where}: unknown milestone '{full}'",
                                _suggest(full, milestones, "write '<project-id>/<milestone-id>'"))
    for benefit in program.benefits:
        if benefit.objective and benefit.objective not in objectives \
                and not ctx.is_broken("program.yaml"):
            diags.error(benefit.src.at("objective"),
                        f"{benefit.src.where('objective')}: unknown objective '{benefit.objective}'",
                        _suggest(benefit.objective, objectives,
                                 "define it under objectives: in program.yaml"))
        for index, project_id in enumerate(benefit.projects):
            if project_id not in projects and not ctx.is_broken(f"projects/{project_id}"):
                key = f"projects[{index}]"
                diags.error(benefit.src.at(key), f"{benefit.src.where(key)}: unknown project '{project_id}'",
                            _suggest(project_id, projects, "a project id is its folder's name"))


def dependency_cycles(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    graph: dict[str, list[str]] = {}
    where: dict[tuple[str, str], tuple] = {}
    for project in program.projects:
        for milestone in project.milestones:
            node = f"{project.id}/{milestone.id}"
            graph.setdefault(node, [])
            for index, target in enumerate(milestone.depends_on):
                graph[node].append(target)
                where.setdefault((node, target), (milestone.src, f"depends_on[{index}]"))
    for cycle in find_cycles(graph):
        src, key = where[(cycle[0], cycle[1])]
        diags.error(src.at(key), "dependency cycle: " + " → ".join(cycle + [cycle[0]]),
                    "a milestone cannot wait for itself; remove one of these dependencies")


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each elementary cycle found by depth-first search, once, rotated to start at
    its smallest node; self-loops are left to the reference check."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    cycles: dict[tuple, list[str]] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if child == node or child not in graph:
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child):]
                smallest = cycle.index(min(cycle))
                rotated = cycle[smallest:] + cycle[:smallest]
                cycles.setdefault(tuple(rotated), rotated)
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    return [cycles[k] for k in sorted(cycles)]


def _thresholds(diags: Diagnostics, tolerances: Tolerances) -> None:
    """Resolved thresholds whose amber is above red, reported where they were written."""
    for name in ("schedule_days", "budget_pct"):
        value: Thresholds = getattr(tolerances, name)
        if value.amber is not None and value.red is not None and value.amber > value.red:
            diags.error(value.src.loc,
                        f"{value.src.path}: amber ({value.amber:g}) is above red ({value.red:g})",
                        "amber is the smaller tolerance, red the larger")


def tolerances(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    _thresholds(diags, program.tolerances)
    for project in program.projects:
        if "tolerances" in project.src.keys:  # the project overrides the program's
            _thresholds(diags, project.tolerances)


def status_and_dates(ctx: Context) -> None:
    """Warnings about dates that make no sense against the as-of date."""
    program, diags = ctx.program, ctx.diags
    as_of = program.as_of
    for project in program.projects:
        if not project.status_reports and not project.closed \
                and not ctx.is_broken(f"projects/{project.id}/status"):
            diags.warning(project.src.loc, f"project '{project.id}' has no status reports",
                          f"add projects/{project.id}/status/YYYY-MM-DD.md")
        if as_of is None:
            continue
        _reports_by(as_of, project.status_reports, diags)
        if project.finish and project.finish.actual and project.finish.actual > as_of:
            diags.warning(project.finish.src.at("actual"),
                          f"finish.actual {project.finish.actual} is after the as-of date {as_of}",
                          "an actual date is one that has passed")
        for milestone in project.milestones:
            if milestone.actual and milestone.actual > as_of:
                diags.warning(milestone.src.at("actual"),
                              f"{milestone.src.where('actual')} {milestone.actual} is after the "
                              f"as-of date {as_of}", "an actual date is one that has passed")
    if as_of is not None:
        _reports_by(as_of, program.status_reports, diags)


def _reports_by(as_of: dt.date, reports: Iterable[StatusReport], diags: Diagnostics) -> None:
    """A warning for each report dated after the as-of date."""
    for report in reports:
        if report.date > as_of:
            diags.warning(report.src.loc, f"report dated {report.date} is after the as-of date {as_of}",
                          "set as_of in program.yaml to the date the report describes")


def consistency(ctx: Context) -> None:
    """Values that contradict each other without being wrong on their own."""
    program, diags = ctx.program, ctx.diags
    for project in program.projects:
        for decision in project.decisions:
            if decision.status == "made" and decision.decided is None and decision.outcome is None:
                diags.warning(decision.src.at("status"),
                              f"{decision.src.where('status')}: decision is made but has no outcome",
                              "add 'outcome:' and 'decided:'")
        if project.finish is None:
            continue
        if project.phase == "closed" and project.finish.actual is None:
            diags.warning(project.src.at("phase"), "phase is closed but finish.actual is not set",
                          "add the date the project closed")
        if project.finish.actual is not None and project.phase not in (None, "closing", "closed"):
            diags.warning(project.finish.src.at("actual"),
                          f"finish.actual is set but phase is {project.phase}",
                          "set phase: closed")
        budget = project.budget
        if budget and (budget.planned_value is None) != (budget.earned_value is None):
            diags.warning(budget.src.loc, "budget: earned value needs both planned_value and earned_value")


def benefits(ctx: Context) -> None:
    program, diags = ctx.program, ctx.diags
    for benefit in program.benefits:
        _benefit_direction(benefit, diags)
        if benefit.baseline is None or benefit.baseline.date is None:
            continue
        for measurement in benefit.measurements:
            if measurement.date and measurement.date < benefit.baseline.date:
                diags.warning(measurement.src.loc,
                              f"{measurement.src.path}: measured {measurement.date}, before the "
                              f"baseline date {benefit.baseline.date}")


def _benefit_direction(benefit: Benefit, diags: Diagnostics) -> None:
    base, target = benefit.baseline, benefit.target
    if not (base and target and base.value is not None and target.value is not None):
        return
    if "direction" not in benefit.src.keys:
        return
    wrong = ((benefit.direction == "increase" and target.value < base.value)
             or (benefit.direction == "decrease" and target.value > base.value))
    if wrong:
        diags.error(benefit.src.at("direction"),
                    f"{benefit.src.where('direction')}: {benefit.direction}, but the target "
                    f"{target.value:g} is {'below' if target.value < base.value else 'above'} "
                    f"the baseline {base.value:g}",
                    "fix the direction, the baseline or the target")


CHECKS: tuple[Callable[[Context], None], ...] = (
    unique_ids, date_order, references, dependency_cycles, tolerances, status_and_dates,
    consistency, benefits,
)
