"""The program model: typed, frozen objects read from content format v1.

Each class declares its YAML keys with :func:`~generator.fields.key`; those
declarations *are* the content contract (docs/content.md documents every one,
and a test keeps the two in step). Fields without ``key`` are derived by the
loader: a project's id from its folder, a report's date from its file name.
Every object carries ``src``: the file, line and key path it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from functools import cached_property

from generator.content.fields import NO_SOURCE, ListOf, Obj, Source, key
from generator.content.fields import record as model
from generator.content.scalars import (
    Bool,
    Currency,
    Date,
    Enum,
    Id,
    Markdown,
    MilestoneRef,
    Month,
    Number,
    Text,
)

SRC = field(default=NO_SOURCE, compare=False, repr=False)

RAG = ("green", "amber-green", "amber", "amber-red", "red")
PHASES = ("initiation", "planning", "delivery", "closing", "closed")
DIRECTIONS = ("increase", "decrease")

Money = Number
Probability = Number(1, 5, integer=True)


# program.yaml --------------------------------------------------------------

@model
class Objective:
    id: str = key(Id(), required=True)
    name: str = key(Text(), required=True)
    description: str | None = key(Markdown())
    src: Source = SRC


@model
class Tranche:
    id: str = key(Id(), required=True)
    name: str = key(Text(), required=True)
    start: dt.date | None = key(Date())
    end: dt.date | None = key(Date())
    src: Source = SRC


@model
class Thresholds:
    amber: float | None = key(Number(0))
    red: float | None = key(Number(0))
    src: Source = SRC


@model
class Tolerances:
    schedule_days: Thresholds | None = key(Obj(Thresholds))
    budget_pct: Thresholds | None = key(Obj(Thresholds))
    status_stale_days: int | None = key(Number(1, integer=True))
    src: Source = SRC


DEFAULT_TOLERANCES = Tolerances(
    schedule_days=Thresholds(amber=10, red=30),
    budget_pct=Thresholds(amber=5, red=10),
    status_stale_days=21,
)


@model
class Governance:
    board: str | None = key(Text())
    cadence: str | None = key(Text())
    next_review: dt.date | None = key(Date())
    src: Source = SRC


@model
class Stakeholder:
    name: str = key(Text(), required=True)
    role: str | None = key(Text())
    audience: str | None = key(Enum("executive", "sponsor", "team", "vendor"))
    src: Source = SRC


# projects/<id>/project.yaml ------------------------------------------------

@model
class Finish:
    baseline: dt.date = key(Date(), required=True)
    forecast: dt.date = key(Date(), default_from="baseline")
    actual: dt.date | None = key(Date())
    src: Source = SRC


@model
class BudgetPeriod:
    month: str = key(Month(), required=True)
    planned: float | None = key(Money())
    actual: float | None = key(Money())
    src: Source = SRC


@model
class Budget:
    baseline: float = key(Money(0), required=True)
    actual: float | None = key(Money(0))
    forecast: float = key(Money(0), default_from="baseline")
    planned_value: float | None = key(Money(0))
    earned_value: float | None = key(Money(0))
    periods: tuple[BudgetPeriod, ...] = key(ListOf(Obj(BudgetPeriod)), default=())
    src: Source = SRC


@model
class Milestone:
    id: str = key(Id(), required=True)
    name: str = key(Text(), required=True)
    baseline: dt.date = key(Date(), required=True)
    forecast: dt.date = key(Date(), default_from="baseline")
    actual: dt.date | None = key(Date())
    owner: str | None = key(Text())
    depends_on: tuple[str, ...] = key(ListOf(MilestoneRef()), default=())
    src: Source = SRC


@model
class Risk:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    owner: str | None = key(Text())
    raised: dt.date | None = key(Date())
    closed: dt.date | None = key(Date())     # when it was closed (validated, found invalid, met)
    status: str = key(Enum("open", "mitigating", "closed"), default="open")
    probability: int | None = key(Probability)
    impact: int | None = key(Probability)
    response: str | None = key(Markdown())
    due: dt.date | None = key(Date())
    escalate: bool = key(Bool(), default=False)
    src: Source = SRC


@model
class Issue:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    owner: str | None = key(Text())
    raised: dt.date | None = key(Date())
    closed: dt.date | None = key(Date())     # when it was closed (validated, found invalid, met)
    status: str = key(Enum("open", "closed"), default="open")
    severity: str | None = key(Enum("low", "medium", "high", "critical"))
    resolution: str | None = key(Markdown())
    due: dt.date | None = key(Date())
    escalate: bool = key(Bool(), default=False)
    src: Source = SRC


@model
class Assumption:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    owner: str | None = key(Text())
    raised: dt.date | None = key(Date())
    closed: dt.date | None = key(Date())     # when it was closed (validated, found invalid, met)
    status: str = key(Enum("open", "validated", "invalid"), default="open")
    validate_by: dt.date | None = key(Date())
    escalate: bool = key(Bool(), default=False)
    src: Source = SRC


@model
class Dependency:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    owner: str | None = key(Text())
    raised: dt.date | None = key(Date())
    closed: dt.date | None = key(Date())     # when it was closed (validated, found invalid, met)
    status: str = key(Enum("open", "met", "late"), default="open")
    need_by: dt.date | None = key(Date())
    escalate: bool = key(Bool(), default=False)
    src: Source = SRC


@model
class RAID:
    risks: tuple[Risk, ...] = key(ListOf(Obj(Risk)), default=())
    issues: tuple[Issue, ...] = key(ListOf(Obj(Issue)), default=())
    assumptions: tuple[Assumption, ...] = key(ListOf(Obj(Assumption)), default=())
    dependencies: tuple[Dependency, ...] = key(ListOf(Obj(Dependency)), default=())
    src: Source = SRC

    @property
    def items(self) -> tuple:
        return self.risks + self.issues + self.assumptions + self.dependencies


@model
class Change:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    description: str | None = key(Markdown())
    status: str = key(Enum("proposed", "approved", "rejected", "withdrawn"), default="proposed")
    raised: dt.date | None = key(Date())
    decided: dt.date | None = key(Date())
    cost: float | None = key(Money())
    schedule_days: int | None = key(Number(integer=True))
    src: Source = SRC


@model
class Decision:
    id: str = key(Id(), required=True)
    title: str = key(Text(), required=True)
    from_: str | None = key(Text(), name="from")
    needed_by: dt.date | None = key(Date())
    status: str = key(Enum("open", "made"), default="open")
    decided: dt.date | None = key(Date())
    outcome: str | None = key(Markdown())
    src: Source = SRC


@model
class Demand:
    team: str = key(Id(), required=True)
    from_: dt.date = key(Date(), required=True, name="from")
    to: dt.date = key(Date(), required=True)
    fte: float = key(Number(0), required=True)
    src: Source = SRC


@model
class KPI:
    name: str = key(Text(), required=True)
    value: float | None = key(Number())
    target: float | None = key(Number())
    unit: str | None = key(Text())
    direction: str = key(Enum(*DIRECTIONS), default="increase")
    src: Source = SRC


@model
class StatusReport:
    """projects/<id>/status/<date>.md: front matter plus a Markdown body."""

    date: dt.date = key(Date())  # from the file name; `date:` must agree
    overall: str = key(Enum(*RAG), required=True)
    schedule: str | None = key(Enum(*RAG))
    budget: str | None = key(Enum(*RAG))
    scope: str | None = key(Enum(*RAG))
    quality: str | None = key(Enum(*RAG))
    headline: str | None = key(Text())
    body: str = ""
    body_line: int = 1
    src: Source = SRC


@model
class Project:
    id: str = ""  # the folder's name
    name: str = key(Text(), required=True)
    code: str | None = key(Text())
    summary: str | None = key(Markdown())
    manager: str = key(Text(), required=True)
    sponsor: str | None = key(Text())
    phase: str | None = key(Enum(*PHASES))
    priority: int | None = key(Number(1, integer=True))
    tranche: str | None = key(Id())
    tags: tuple[str, ...] = key(ListOf(Text()), default=())
    start: dt.date = key(Date(), required=True)
    finish: Finish = key(Obj(Finish), required=True)
    budget: Budget | None = key(Obj(Budget))
    tolerances: Tolerances = key(Obj(Tolerances))  # resolved against the program's
    milestones: tuple[Milestone, ...] = key(ListOf(Obj(Milestone)), default=())
    raid: RAID = key(Obj(RAID), default=RAID())
    changes: tuple[Change, ...] = key(ListOf(Obj(Change)), default=())
    decisions: tuple[Decision, ...] = key(ListOf(Obj(Decision)), default=())
    resources: tuple[Demand, ...] = key(ListOf(Obj(Demand)), default=())
    kpis: tuple[KPI, ...] = key(ListOf(Obj(KPI)), default=())
    status_reports: tuple[StatusReport, ...] = ()  # oldest first
    src: Source = SRC

    @property
    def closed(self) -> bool:
        return self.phase == "closed" or self.finish.actual is not None

    @property
    def latest_status(self) -> StatusReport | None:
        return self.status_reports[-1] if self.status_reports else None

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


# benefits.yaml -------------------------------------------------------------

@model
class Measurement:
    date: dt.date = key(Date(), required=True)
    value: float = key(Number(), required=True)
    note: str | None = key(Text())
    src: Source = SRC


@model
class Benefit:
    id: str = key(Id(), required=True)
    name: str = key(Text(), required=True)
    description: str | None = key(Markdown())
    owner: str | None = key(Text())
    kind: str = key(Enum("benefit", "dis-benefit"), default="benefit")
    category: str = key(Enum("efficiency", "cost", "revenue", "satisfaction", "risk",
                             "compliance", "other"), default="other")
    objective: str | None = key(Id())
    measure: str | None = key(Text())
    unit: str | None = key(Text())
    direction: str | None = key(Enum(*DIRECTIONS))  # default: from baseline to target
    baseline: Measurement | None = key(Obj(Measurement))
    target: Measurement | None = key(Obj(Measurement))
    profile: tuple[Measurement, ...] = key(ListOf(Obj(Measurement)), default=())
    measurements: tuple[Measurement, ...] = key(ListOf(Obj(Measurement)), default=())
    annual_value: float | None = key(Money())
    projects: tuple[str, ...] = key(ListOf(Id()), default=())
    src: Source = SRC


@model
class BenefitsFile:
    benefits: tuple[Benefit, ...] = key(ListOf(Obj(Benefit)), default=())
    src: Source = SRC


# resources.yaml ------------------------------------------------------------

@model
class Team:
    id: str = key(Id(), required=True)
    name: str = key(Text(), default_from="id")
    capacity_fte: float | None = key(Number(0))
    src: Source = SRC


@model
class ResourcesFile:
    teams: tuple[Team, ...] = key(ListOf(Obj(Team)), default=())
    src: Source = SRC


# pages/<id>.md -------------------------------------------------------------

@model
class Page:
    id: str = ""  # the file's name without .md
    title: str = key(Text(), required=True)
    order: int = key(Number(integer=True), default=0)
    body: str = ""
    body_line: int = 1
    src: Source = SRC


# the whole program ---------------------------------------------------------

@model
class Program:
    id: str = key(Id())  # default: made from the name
    name: str = key(Text(), required=True)
    objective: str = key(Text(), required=True)
    summary: str | None = key(Markdown())
    sponsor: str | None = key(Text())
    manager: str | None = key(Text())
    as_of: dt.date = key(Date())  # default: the newest status report's date
    currency: str = key(Currency(), default="USD")
    objectives: tuple[Objective, ...] = key(ListOf(Obj(Objective)), default=())
    tranches: tuple[Tranche, ...] = key(ListOf(Obj(Tranche)), default=())
    tolerances: Tolerances = key(Obj(Tolerances), default=DEFAULT_TOLERANCES)
    governance: Governance | None = key(Obj(Governance))
    stakeholders: tuple[Stakeholder, ...] = key(ListOf(Obj(Stakeholder)), default=())
    projects: tuple[Project, ...] = ()     # sorted by id
    benefits: tuple[Benefit, ...] = ()     # from benefits.yaml, in file order
    teams: tuple[Team, ...] = ()           # from resources.yaml, in file order
    pages: tuple[Page, ...] = ()           # by order, then id
    assets: tuple[str, ...] = ()           # paths under assets/, sorted
    status_reports: tuple[StatusReport, ...] = ()  # the program's own, from status/; oldest first
    content_dir: str = ""
    src: Source = SRC

    @property
    def latest_status(self) -> StatusReport | None:
        return self.status_reports[-1] if self.status_reports else None

    @cached_property
    def projects_by_id(self) -> dict[str, Project]:
        return {p.id: p for p in self.projects}

    def project(self, project_id: str) -> Project | None:
        return self.projects_by_id.get(project_id)

    def milestone(self, ref: str) -> Milestone | None:
        """A milestone by its full reference, 'project-id/milestone-id'."""
        project_id, _, milestone_id = ref.partition("/")
        project = self.project(project_id)
        return project.milestone(milestone_id) if project else None


# Every class that content declares, for docs and tests.
CONTENT_CLASSES = (
    Program, Objective, Tranche, Tolerances, Thresholds, Governance, Stakeholder,
    Project, Finish, Budget, BudgetPeriod, Milestone, RAID, Risk, Issue, Assumption,
    Dependency, Change, Decision, Demand, KPI, StatusReport, BenefitsFile, Benefit,
    Measurement, ResourcesFile, Team, Page,
)
