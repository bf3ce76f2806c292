"""Benefits realisation: where each benefit should be by the as-of date, where
it is, and whether the projects that enable it put it at risk.

Progress is measured as a share of the distance from baseline to target, so
"increase" and "decrease" benefits read the same way: 0 at the baseline, 1 at
the target. A measurement within ``ON_TRACK_TOLERANCE`` of the expected share
is on track.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from generator.content.model import Benefit, Measurement, Program, Project


class Enabler(Protocol):
    """What a benefit's realisation needs to know of a project that enables
    it (the analysis's ProjectStatus is one)."""

    @property
    def project(self) -> Project: ...

    @property
    def finish_date(self) -> dt.date: ...

    def declared(self, dimension: str) -> str | None: ...

ON_TRACK_TOLERANCE = 0.05  # of the baseline-to-target distance


@dataclass(frozen=True)
class BenefitStatus:
    benefit: Benefit
    expected: float | None           # on the expected profile at the as-of date
    latest: Measurement | None       # newest measurement on or before the as-of date
    expected_at_latest: float | None  # on the profile at the latest measurement's date
    realised_share: float | None     # of the baseline-to-target distance, at the latest
    status: str                         # ahead | on-track | behind | not-measured
    value_realised: float | None     # annual value times the realised share (0..1)
    at_risk: tuple[str, ...]            # reasons, one per enabling project in trouble
    judged_on: dt.date | None = None    # the latest measurement's date, else the as-of date

    @property
    def dis_benefit(self) -> bool:
        return self.benefit.kind == "dis-benefit"

    @property
    def judged_expected(self) -> float | None:
        """The one expected figure a reader sees: the profile's value on
        ``judged_on``, what the latest measurement is judged against."""
        return self.expected_at_latest if self.latest else self.expected


def profile_points(benefit: Benefit) -> list[tuple[dt.date, float]]:
    """The expected profile as (date, value): baseline, profile points and
    target, by date."""
    return sorted((m.date, m.value) for m in (benefit.baseline, *benefit.profile, benefit.target) if m)


def expected_value(benefit: Benefit, on: dt.date) -> float | None:
    """The profile's value on a date: straight lines between baseline, profile
    points and target; flat before the first point and after the last."""
    points = profile_points(benefit)
    if not points:
        return None
    if on <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if on <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * (on - d0).days / span
    return points[-1][1]


def share_of_distance(benefit: Benefit, value: float | None) -> float | None:
    if value is None or not (benefit.baseline and benefit.target):
        return None
    distance = benefit.target.value - benefit.baseline.value
    return (value - benefit.baseline.value) / distance if distance else None


def analyse_benefit(benefit: Benefit, program: Program,
                    projects: Mapping[str, Enabler]) -> BenefitStatus:
    as_of = program.as_of
    measured = [m for m in benefit.measurements if m.date <= as_of]
    latest = max(measured, key=lambda m: m.date) if measured else None
    expected_at_latest = expected_value(benefit, latest.date) if latest else None
    realised = share_of_distance(benefit, latest.value if latest else None)
    expected_share = share_of_distance(benefit, expected_at_latest)
    if realised is None or expected_share is None:
        status = "not-measured"
    elif round(abs(realised - expected_share), 9) <= ON_TRACK_TOLERANCE:  # no float fuzz at the edge
        status = "on-track"
    else:
        status = "ahead" if realised > expected_share else "behind"
    value = None
    if benefit.annual_value is not None and realised is not None:
        value = benefit.annual_value * min(max(realised, 0.0), 1.0)
    return BenefitStatus(
        benefit=benefit,
        expected=expected_value(benefit, as_of),
        latest=latest,
        expected_at_latest=expected_at_latest,
        realised_share=realised,
        status=status,
        value_realised=value,
        at_risk=_risks(benefit, projects),
        judged_on=latest.date if latest else as_of,
    )


def _risks(benefit: Benefit, projects: Mapping[str, Enabler]) -> tuple[str, ...]:
    reasons = []
    for project_id in benefit.projects:
        p = projects.get(project_id)
        if p is None or p.project.closed:
            continue
        if p.declared("overall") == "red":
            reasons.append(f"{p.project.name} is red")
        if benefit.target and p.finish_date > benefit.target.date:
            reasons.append(f"{p.project.name} finishes after the target date")
    return tuple(reasons)
