"""One project's standing at the as-of date: its milestones, finish slip
and budget against tolerance, what its newest report declares, where the
tolerances rate it worse, and how its ratings moved since the report before.

:mod:`.report` puts every project's standing together across the program.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.analysis.cost import BudgetStatus, budget_status
from generator.analysis.schedule import MilestoneStatus, milestone_status, rag_for
from generator.content.model import RAG, Project, StatusReport

DIMENSIONS = ("overall", "schedule", "budget", "scope", "quality")
RAG_RANK = {rag: rank for rank, rag in enumerate(RAG)}  # green 0 … red 4


def worst(*ratings: str | None) -> str | None:
    """The reddest of the ratings given, or None when none is."""
    given = [r for r in ratings if r]
    return max(given, key=RAG_RANK.__getitem__) if given else None


@dataclass(frozen=True)
class Mismatch:
    """A declared RAG greener than the tolerances allow."""

    dimension: str   # overall | schedule | budget
    declared: str
    derived: str


@dataclass(frozen=True)
class RagMove:
    dimension: str
    before: str
    after: str

    @property
    def direction(self) -> str:
        return "worse" if RAG_RANK[self.after] > RAG_RANK[self.before] else "better"


@dataclass(frozen=True)
class SinceLast:
    """What happened between the report before the newest (``start``,
    excluded) and the newest (``end``, included): milestones done, and RAID
    items raised and closed, by their own dates."""

    start: dt.date
    end: dt.date
    done: tuple[MilestoneStatus, ...]
    raised: tuple = ()       # RAID items
    closed: tuple = ()


def stale_on(project: Project, newest: StatusReport | None, day: dt.date) -> bool:
    """The stale rule, on any day: no report by then, or the newest older
    than the project's ``status_stale_days``."""
    limit = project.tolerances.status_stale_days
    return newest is None or (limit is not None and (day - newest.date).days > limit)


def since_last(project: Project, milestones: tuple[MilestoneStatus, ...],
               previous: StatusReport | None, status: StatusReport | None) -> SinceLast | None:
    if previous is None or status is None:
        return None
    within = lambda day: day is not None and previous.date < day <= status.date  # noqa: E731
    items = project.raid.items
    return SinceLast(previous.date, status.date,
                     tuple(sorted((m for m in milestones if within(m.milestone.actual)),
                                  key=lambda m: m.date)),   # done: its date is its actual
                     tuple(sorted((i for i in items if within(i.raised)), key=lambda i: i.raised)),
                     tuple(sorted((i for i in items if within(i.closed)), key=lambda i: i.closed)))


@dataclass(frozen=True)
class ProjectStatus:
    project: Project
    status: StatusReport | None           # the newest report
    previous: StatusReport | None         # the one before it
    milestones: tuple[MilestoneStatus, ...]
    finish_date: dt.date                     # actual, else forecast
    finish_slip_days: int
    on_time_share: float | None           # of done milestones, done by baseline
    schedule_rag: str                        # derived from the finish slip
    budget: BudgetStatus | None
    mismatches: tuple[Mismatch, ...]
    moves: tuple[RagMove, ...]               # since the previous report
    status_age_days: int | None
    stale: bool
    since: SinceLast | None = None           # between the previous report and the newest

    @property
    def id(self) -> str:
        return self.project.id

    def declared(self, dimension: str) -> str | None:
        return getattr(self.status, dimension) if self.status else None

    @property
    def rating(self) -> str | None:
        """The overall rating to act on: the declared one, or the tolerances'
        where they rate the project worse. None without a report."""
        declared = self.declared("overall")
        derived = next((m.derived for m in self.mismatches if m.dimension == "overall"), None)
        return worst(declared, derived)

    @property
    def new_headline(self) -> bool:
        return bool(self.previous and self.status and self.status.headline != self.previous.headline)


def project_status(project: Project, as_of: dt.date) -> ProjectStatus:
    tolerances = project.tolerances
    milestones = tuple(milestone_status(project, m, as_of) for m in project.milestones)
    done = [m for m in milestones if m.done]
    finish = project.finish.actual or project.finish.forecast
    slip = (finish - project.finish.baseline).days
    schedule_rag = rag_for(slip, tolerances.schedule_days) or "green"
    budget = budget_status(project.budget, tolerances.budget_pct) if project.budget else None
    reports = project.status_reports
    status = reports[-1] if reports else None
    previous = reports[-2] if len(reports) > 1 else None
    declared = {dim: getattr(status, dim) for dim in DIMENSIONS} if status else {}
    before = {dim: getattr(previous, dim) for dim in DIMENSIONS} if previous else {}
    derived = {"schedule": schedule_rag, "budget": budget.rag if budget else None}
    derived = {"overall": worst(*derived.values()), **derived}
    mismatches = tuple(Mismatch(dim, declared[dim], rag) for dim, rag in derived.items()
                       if rag and declared.get(dim) and RAG_RANK[declared[dim]] < RAG_RANK[rag])
    moves = tuple(RagMove(dim, before[dim], declared[dim]) for dim in DIMENSIONS
                  if before.get(dim) and declared.get(dim) and before[dim] != declared[dim])
    age = (as_of - status.date).days if status else None
    stale = not project.closed and stale_on(project, status, as_of)
    return ProjectStatus(
        project=project, status=status, previous=previous, milestones=milestones,
        finish_date=finish, finish_slip_days=slip,
        on_time_share=sum(m.state == "done" for m in done) / len(done) if done else None,
        schedule_rag=schedule_rag, budget=budget, mismatches=mismatches, moves=moves,
        status_age_days=age, stale=stale, since=since_last(project, milestones, previous, status),
    )
