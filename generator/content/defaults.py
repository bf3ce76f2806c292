"""Defaults one file takes from another: a project's tolerances from the
program's, milestone references qualified with their project, and a
benefit's direction from its baseline and target."""

from __future__ import annotations

from dataclasses import replace

from generator.content.model import (
    Benefit,
    Milestone,
    Thresholds,
    Tolerances,
)


def merge_tolerances(base: Tolerances, override: Tolerances | None) -> Tolerances:
    """``override``'s values where given, else ``base``'s, key by key."""
    if override is None:
        return base

    def merge(b: Thresholds | None, o: Thresholds | None) -> Thresholds | None:
        if o is None or b is None:
            return o or b
        return replace(o, amber=b.amber if o.amber is None else o.amber,
                       red=b.red if o.red is None else o.red)

    return replace(
        override,
        schedule_days=merge(base.schedule_days, override.schedule_days),
        budget_pct=merge(base.budget_pct, override.budget_pct),
        status_stale_days=override.status_stale_days or base.status_stale_days,
    )


def qualified(project_id: str, milestone: Milestone) -> Milestone:
    """Dependencies within a project are written 'beta'; the model says 'portal/beta'."""
    refs = tuple(ref if "/" in ref else f"{project_id}/{ref}" for ref in milestone.depends_on)
    return replace(milestone, depends_on=refs) if refs != milestone.depends_on else milestone


def with_direction(benefit: Benefit) -> Benefit:
    """Direction defaults to the way from baseline to target."""
    if benefit.direction or not (benefit.baseline and benefit.target):
        return benefit if benefit.direction else replace(benefit, direction="increase")
    if None in (benefit.baseline.value, benefit.target.value):
        return replace(benefit, direction="increase")
    going_down = benefit.target.value < benefit.baseline.value
    return replace(benefit, direction="decrease" if going_down else "increase")
