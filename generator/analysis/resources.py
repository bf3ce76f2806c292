"""Resource analysis: each shared team's demand against its capacity, by month.

A project's FTE counts in every month that its demand period touches, the
way resource plans are usually drawn up month by month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import Program, Project, Team


@dataclass(frozen=True)
class TeamMonth:
    """One team's demand against its capacity in one month."""

    team: Team
    month: str                       # YYYY-MM
    demand_fte: float
    projects: tuple[Project, ...]    # those with demand that month, by id

    @property
    def over(self) -> bool:
        capacity = self.team.capacity_fte
        return capacity is not None and self.demand_fte > capacity


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, (year, month) = [], (start.year, start.month)
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def team_load(program: Program) -> tuple[TeamMonth, ...]:
    """Demand per team and month: a project's FTE counts in every month its
    demand period touches."""
    demand: dict[str, dict[str, dict[str, float]]] = {}   # team -> month -> project -> FTE
    for project in program.projects:
        for d in project.resources:
            months = demand.setdefault(d.team, {})
            for month in _months(d.from_, d.to):
                by_project = months.setdefault(month, {})
                by_project[project.id] = by_project.get(project.id, 0) + d.fte
    projects = program.projects_by_id
    return tuple(TeamMonth(team, month, round(sum(by_project.values()), 6),
                           tuple(projects[pid] for pid in sorted(by_project)))
                 for team in program.teams
                 for month, by_project in sorted(demand.get(team.id, {}).items()))
