"""Program analytics: pure functions of the model and its as-of date.

``analyse(program)`` answers the program manager's questions (how late, how
far over, what conflicts, what needs a decision) and returns a
:class:`Report`. Templates read the report and do no arithmetic of their own.
Every judgement ("late", "overdue", "stale") is made against the program's
as-of date, never against the clock. The parts are in their own modules:
:mod:`.schedule`, :mod:`.cost`, :mod:`.resources` and :mod:`.benefits`;
this one puts them together per project and across the program.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from generator.analysis.benefits import BenefitStatus, analyse_benefit
from generator.analysis.cost import BudgetRollup, budget_rollup
from generator.analysis.projects import ProjectStatus, project_status
from generator.analysis.resources import TeamMonth, team_load
from generator.analysis.schedule import (
    Conflict,
    Exposure,
    MilestoneStatus,
    conflicts,
    critical_path,
    exposures,
)
from generator.analysis.verdict import Verdict, verdict
from generator.content.model import (
    Assumption,
    Change,
    Decision,
    Dependency,
    Issue,
    Program,
    Project,
    Risk,
    Team,
    Tranche,
)

T = TypeVar("T")

TOP_RISKS = 5              # risks shown on the dashboard
NEXT_MILESTONES = 8        # key milestones shown on the dashboard
RECENT_DAYS = 90          # decisions made this long before the as-of date are "recent"

# What each kind of RAID item calls its answer and its date.
RAID_ANSWER = {"risk": "response", "issue": "resolution"}
RAID_DUE = {"risk": "due", "issue": "due", "assumption": "validate_by", "dependency": "need_by"}
# A RAID item is still live in these states; escalations only count live items.
LIVE = {Risk: {"open", "mitigating"}, Issue: {"open"}, Assumption: {"open"},
        Dependency: {"open", "late"}}


# Across projects -----------------------------------------------------------


@dataclass(frozen=True)
class RaidEntry:
    project: Project
    kind: str                     # risk | issue | assumption | dependency
    item: Any                     # Risk | Issue | Assumption | Dependency: by kind

    @property
    def score(self) -> int | None:
        item = self.item
        if isinstance(item, Risk) and item.probability and item.impact:
            return item.probability * item.impact
        return None

    @property
    def answer(self) -> str | None:
        """What is being done about it: a risk's response, an issue's resolution."""
        field = RAID_ANSWER.get(self.kind)
        return getattr(self.item, field) if field else None

    @property
    def due(self) -> dt.date | None:
        """When it must be dealt with, whatever each kind calls that date."""
        return getattr(self.item, RAID_DUE[self.kind])


@dataclass(frozen=True)
class DecisionEntry:
    project: Project
    decision: Decision
    overdue: bool
    days_left: int | None      # needed_by - as_of
    before_review: bool = False  # open and needed by the board's next review, not yet overdue

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.overdue and self.days_left is not None else 0


@dataclass(frozen=True)
class Report:
    """Everything the pages show, computed once."""

    program: Program
    as_of: dt.date
    projects: tuple[ProjectStatus, ...]             # as in the program: by id
    conflicts: tuple[Conflict, ...]                  # largest gap first
    top_risks: tuple[RaidEntry, ...]
    live_risks: tuple[RaidEntry, ...]               # open and mitigating, by project
    escalations: tuple[RaidEntry, ...]
    open_decisions: tuple[DecisionEntry, ...]        # overdue first, then by date
    recent_decisions: tuple[DecisionEntry, ...]      # made in the last RECENT_DAYS, newest first
    next_milestones: tuple[MilestoneStatus, ...]
    overdue_milestones: tuple[MilestoneStatus, ...]
    budget: BudgetRollup | None
    benefits: tuple[BenefitStatus, ...]
    moved: tuple[ProjectStatus, ...]                 # projects whose RAG moved
    critical_path: tuple[MilestoneStatus, ...]       # first to last
    exposures: tuple[Exposure, ...]                  # late milestones with dependents
    team_load: tuple[TeamMonth, ...]                 # by team (file order), then month
    unowned: tuple[RaidEntry, ...]                   # live RAID items without an owner
    unanswered: tuple[RaidEntry, ...]                # live risks without a response
    pending_changes: tuple[tuple[Project, Change], ...]  # proposed change requests
    verdict: Verdict                                 # the program's rating from its projects

    @property
    def overallocations(self) -> tuple[TeamMonth, ...]:
        return tuple(t for t in self.team_load if t.over)

    @property
    def current_overallocations(self) -> tuple[TeamMonth, ...]:
        """Over-allocations in the as-of month or later: the ones still to act on."""
        month = self.as_of.strftime("%Y-%m")
        return tuple(t for t in self.overallocations if t.month >= month)

    def load_of(self, team: Team) -> tuple[TeamMonth, ...]:
        return self._by_team.get(team.id, ())

    def milestone(self, ref: str) -> MilestoneStatus:
        """A milestone's status by its full reference, 'project/milestone'."""
        return self._milestones[ref]

    @cached_property
    def _milestones(self) -> dict[str, MilestoneStatus]:
        return {m.ref: m for p in self.projects for m in p.milestones}

    @property
    def mismatched(self) -> tuple[ProjectStatus, ...]:
        """Active projects that declare a rating greener than their tolerances give."""
        return tuple(p for p in self.projects if p.mismatches and not p.project.closed)

    @property
    def unguarded(self) -> tuple[ProjectStatus, ...]:
        """Active projects whose schedule is red by the tolerances and whose
        RAID log holds no live risk: late, and nobody says what could go worse."""
        at_risk = {e.project.id for e in self.live_risks}
        return tuple(p for p in self.projects if not p.project.closed
                     and p.schedule_rag == "red" and p.id not in at_risk)

    @property
    def stale(self) -> tuple[ProjectStatus, ...]:
        return tuple(p for p in self.projects if p.stale)

    # What one project's page shows, looked up in indexes made once: a scan of
    # the whole program for every project would make the site quadratic.

    def conflicts_of(self, project_id: str) -> tuple[Conflict, ...]:
        return self._conflicts_by_project.get(project_id, ())

    def exposures_of(self, project_id: str) -> tuple[Exposure, ...]:
        """Late milestones of this project, or late ones that hold it up."""
        return self._exposures_by_project.get(project_id, ())

    def risks_of(self, project_id: str) -> tuple[RaidEntry, ...]:
        """A project's live risks, ranked as the top risks are."""
        return self._risks_by_project.get(project_id, ())

    def benefits_of(self, project_id: str) -> tuple[BenefitStatus, ...]:
        return self._benefits_by_project.get(project_id, ())

    @cached_property
    def _conflicts_by_project(self) -> dict[str, tuple[Conflict, ...]]:
        return _grouped((c, (c.milestone.project.id, c.depends_on.project.id))
                        for c in self.conflicts)

    @cached_property
    def _exposures_by_project(self) -> dict[str, tuple[Exposure, ...]]:
        return _grouped((e, (e.late.project.id, *(d.project.id for d in e.downstream)))
                        for e in self.exposures)

    @cached_property
    def _risks_by_project(self) -> dict[str, tuple[RaidEntry, ...]]:
        return _grouped((e, (e.project.id,)) for e in sorted(self.live_risks, key=_risk_rank))

    @cached_property
    def _benefits_by_project(self) -> dict[str, tuple[BenefitStatus, ...]]:
        return _grouped((b, b.benefit.projects) for b in self.benefits)

    @cached_property
    def _by_team(self) -> dict[str, tuple[TeamMonth, ...]]:
        return _grouped((t, (t.team.id,)) for t in self.team_load)

    def by_tranche(self) -> tuple[tuple[Tranche | None, tuple[ProjectStatus, ...]], ...]:
        """Projects grouped by tranche, in the program's tranche order, then
        those without one; within a group by start date."""
        groups = []
        for tranche in (*self.program.tranches, None):
            tranche_id = tranche.id if tranche else None
            members = sorted((p for p in self.projects if p.project.tranche == tranche_id),
                             key=lambda p: (p.project.start, p.id))
            if members:
                groups.append((tranche, tuple(members)))
        return tuple(groups)

    @cached_property
    def dependencies(self) -> tuple[tuple[MilestoneStatus, MilestoneStatus], ...]:
        """Every cross-project dependency as (milestone, the one it needs)."""
        by_ref = self._milestones
        return tuple((m, by_ref[ref]) for p in self.projects for m in p.milestones
                     for ref in m.milestone.depends_on
                     if ref in by_ref and by_ref[ref].project.id != p.id)

    @cached_property
    def dependency_conflicts(self) -> tuple[Conflict, ...]:
        """The conflicts among the dependencies between projects, in their
        order; one inside a project is only on that project's page."""
        return tuple(c for m, needed in self.dependencies if (c := self.conflict(m, needed)))

    def conflict(self, milestone: MilestoneStatus, needed: MilestoneStatus) -> Conflict | None:
        return self._conflicts.get((milestone.ref, needed.ref))

    def blocker(self, milestone: MilestoneStatus) -> MilestoneStatus | None:
        """The prerequisite that lands furthest after this open milestone's
        forecast: it cannot happen on plan. None when none does."""
        return None if milestone.done else self._blockers.get(milestone.ref)

    @cached_property
    def _blockers(self) -> dict[str, MilestoneStatus]:
        found: dict[str, MilestoneStatus] = {}
        for c in self.conflicts:                       # largest gap first
            found.setdefault(c.milestone.ref, c.depends_on)
        return found

    @cached_property
    def _conflicts(self) -> dict[tuple[str, str], Conflict]:
        return {(c.milestone.ref, c.depends_on.ref): c for c in self.conflicts}

    @property
    def benefit_value(self) -> tuple[float, float]:
        """Annual value of the benefits that state one, and the value realised."""
        valued = [b for b in self.benefits if b.benefit.annual_value is not None
                  and not b.dis_benefit]
        return (sum(b.benefit.annual_value or 0 for b in valued),
                sum(b.value_realised or 0 for b in valued))


def analyse(program: Program) -> Report:
    """The report on ``program`` as of its as-of date."""
    as_of = program.as_of
    projects = tuple(project_status(p, as_of) for p in program.projects)
    by_ref = {m.ref: m for p in projects for m in p.milestones}
    active = [p for p in projects if not p.project.closed]
    open_milestones = sorted((m for p in active for m in p.milestones if not m.done),
                             key=lambda m: (m.date, m.ref))
    live = tuple(_live_raid(projects))
    live_risks = tuple(e for e in live if e.kind == "risk")
    by_id = {p.id: p for p in projects}
    return Report(
        program=program,
        as_of=as_of,
        projects=projects,
        conflicts=conflicts(by_ref),
        top_risks=_top_risks(live_risks),
        live_risks=live_risks,
        escalations=_escalations(live),
        open_decisions=_open_decisions(program.projects, as_of,
                                       program.governance.next_review if program.governance else None),
        recent_decisions=_recent_decisions(program.projects, as_of),
        next_milestones=tuple(m for m in open_milestones if m.date >= as_of)[:NEXT_MILESTONES],
        overdue_milestones=tuple(m for m in open_milestones if m.state == "overdue"),
        budget=budget_rollup(program),
        benefits=tuple(analyse_benefit(b, program, by_id) for b in program.benefits),
        moved=tuple(p for p in projects if p.moves),
        critical_path=critical_path(by_ref),
        exposures=exposures(by_ref),
        team_load=team_load(program),
        unowned=tuple(e for e in live if not e.item.owner),
        unanswered=tuple(e for e in live_risks if not e.answer),
        pending_changes=tuple((p, c) for p in program.projects for c in p.changes
                              if c.status == "proposed"),
        verdict=verdict(program, projects, as_of),
    )


def _live_raid(projects: tuple[ProjectStatus, ...]):
    for p in projects:
        raid = p.project.raid
        for kind, items in (("risk", raid.risks), ("issue", raid.issues),
                            ("assumption", raid.assumptions), ("dependency", raid.dependencies)):
            for item in items:
                if item.status in LIVE[type(item)]:
                    yield RaidEntry(p.project, kind, item)


def _top_risks(live_risks: tuple[RaidEntry, ...]) -> tuple[RaidEntry, ...]:
    risks = sorted((e for e in live_risks if not e.project.closed), key=_risk_rank)
    return tuple(risks[:TOP_RISKS])


def _grouped(items: Iterable[tuple[T, Iterable[str]]]) -> dict[str, tuple[T, ...]]:
    """Each item under each of its keys (once per key), in the items' order."""
    groups: dict[str, list[T]] = {}
    for item, keys in items:
        for key in dict.fromkeys(keys):
            groups.setdefault(key, []).append(item)
    return {key: tuple(found) for key, found in groups.items()}


def _risk_rank(entry: RaidEntry) -> tuple:
    """Highest score first, escalated first among equals."""
    return (-(entry.score or 0), not entry.item.escalate, entry.project.id, entry.item.id)


def _escalations(live: tuple[RaidEntry, ...]) -> tuple[RaidEntry, ...]:
    order = {"issue": 0, "risk": 1, "dependency": 2, "assumption": 3}
    escalated = [e for e in live if e.item.escalate]
    escalated.sort(key=lambda e: (order[e.kind], -(e.score or 0), e.project.id, e.item.id))
    return tuple(escalated)


def _open_decisions(projects: tuple[Project, ...], as_of: dt.date,
                    review: dt.date | None) -> tuple[DecisionEntry, ...]:
    """Open decisions, overdue first, then by the date they are needed; each
    marked when it is needed by the board's next review."""
    entries = []
    for project in projects:
        for d in project.decisions:
            if d.status == "open":
                left = (d.needed_by - as_of).days if d.needed_by else None
                overdue = left is not None and left < 0
                soon = bool(review and d.needed_by and not overdue and d.needed_by <= review)
                entries.append(DecisionEntry(project, d, overdue, left, soon))
    far = dt.date.max
    entries.sort(key=lambda e: (not e.overdue, e.decision.needed_by or far, e.project.id,
                                e.decision.id))
    return tuple(entries)


def _recent_decisions(projects: tuple[Project, ...], as_of: dt.date) -> tuple[DecisionEntry, ...]:
    """Decisions made in the RECENT_DAYS up to the as-of date: what the board
    has settled since it last met, for the executive pack."""
    since = as_of - dt.timedelta(days=RECENT_DAYS)
    entries = [DecisionEntry(project, d, False, None) for project in projects
               for d in project.decisions
               if d.status == "made" and d.decided and since < d.decided <= as_of]
    entries.sort(key=lambda e: (-_ordinal(e.decision.decided), e.project.id, e.decision.id))
    return tuple(entries)


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else 0
