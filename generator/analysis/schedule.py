"""Schedule analysis: milestone variances and states, derived RAG, and the
dependencies between milestones (conflicts, the critical path, exposure).

Pure functions of the model and the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import Milestone, Project, Thresholds

DUE_WINDOW_DAYS = 30       # a milestone is "due" when its forecast is this close


@dataclass(frozen=True)
class MilestoneStatus:
    project: Project
    milestone: Milestone
    date: dt.date                 # actual, else forecast
    variance_days: int            # date - baseline
    state: str                    # done | done-late | overdue | due | upcoming
    days_away: int                # date - as-of date: negative when it is past

    @property
    def ref(self) -> str:
        return f"{self.project.id}/{self.milestone.id}"

    @property
    def done(self) -> bool:
        return self.milestone.actual is not None

    @property
    def late(self) -> bool:
        return self.state in ("done-late", "overdue") or (not self.done and self.variance_days > 0)


def milestone_status(project: Project, milestone: Milestone, as_of: dt.date) -> MilestoneStatus:
    date = milestone.actual or milestone.forecast
    variance = (date - milestone.baseline).days
    if milestone.actual is not None:
        state = "done-late" if variance > 0 else "done"
    elif milestone.forecast < as_of:
        state = "overdue"
    elif (milestone.forecast - as_of).days <= DUE_WINDOW_DAYS:
        state = "due"
    else:
        state = "upcoming"
    return MilestoneStatus(project, milestone, date, variance, state, (date - as_of).days)


def rag_for(value: float | None, thresholds: Thresholds | None) -> str | None:
    """Derived RAG: amber when ``value`` is more than the amber threshold, red
    when more than the red one; exactly at a threshold is still within it."""
    if value is None or thresholds is None:
        return None
    value = round(value, 9)  # 10.000000000000002 % is exactly at a 10 % threshold
    if thresholds.red is not None and value > thresholds.red:
        return "red"
    if thresholds.amber is not None and value > thresholds.amber:
        return "amber"
    return "green"


@dataclass(frozen=True)
class Conflict:
    """``milestone`` is planned before ``depends_on``, which it needs."""

    milestone: MilestoneStatus
    depends_on: MilestoneStatus
    gap_days: int                 # how far the prerequisite lands after it


@dataclass(frozen=True)
class Exposure:
    """A late milestone and the open milestones downstream of it."""

    late: MilestoneStatus
    downstream: tuple[MilestoneStatus, ...]   # by date


def conflicts(by_ref: dict[str, MilestoneStatus]) -> tuple[Conflict, ...]:
    conflicts = []
    for status in by_ref.values():
        for ref in status.milestone.depends_on:
            needed = by_ref.get(ref)
            if needed is not None and status.date < needed.date:
                conflicts.append(Conflict(status, needed, (needed.date - status.date).days))
    return tuple(sorted(conflicts, key=lambda c: (-c.gap_days, c.milestone.ref, c.depends_on.ref)))


def critical_path(by_ref: dict[str, MilestoneStatus]) -> tuple[MilestoneStatus, ...]:
    """The driving chain into the program's latest milestone: from the latest,
    step back to whichever prerequisite lands last, until there is none."""
    if not by_ref:
        return ()
    last = max(by_ref.values(), key=lambda m: (m.date, m.ref))
    chain = [last]
    while True:
        before = [by_ref[ref] for ref in chain[-1].milestone.depends_on if ref in by_ref]
        if not before:
            return tuple(reversed(chain))
        chain.append(max(before, key=lambda m: (m.date, m.ref)))


def exposures(by_ref: dict[str, MilestoneStatus]) -> tuple[Exposure, ...]:
    dependents: dict[str, list[MilestoneStatus]] = {}
    for m in by_ref.values():
        for ref in m.milestone.depends_on:
            dependents.setdefault(ref, []).append(m)
    exposures = []
    for m in sorted(by_ref.values(), key=lambda m: (m.date, m.ref)):
        if m.done or not m.late:
            continue
        seen: dict[str, MilestoneStatus] = {}
        stack = list(dependents.get(m.ref, ()))
        while stack:
            d = stack.pop()
            if d.ref not in seen:
                seen[d.ref] = d
                stack.extend(dependents.get(d.ref, ()))
        downstream = sorted((d for d in seen.values() if not d.done), key=lambda d: (d.date, d.ref))
        if downstream:
            exposures.append(Exposure(m, tuple(downstream)))
    return tuple(exposures)
