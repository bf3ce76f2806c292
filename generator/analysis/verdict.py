"""The program's verdict: one rating derived from its projects, and which
way they are moving, for the first thing the board reads.

The rule, as docs/site.md states it: each active project with a report
counts with its rating to act on (the declared overall rating, or the
tolerances' where they rate it worse), scored green 0 to red 4 on the
five-point scale. The program's rating is the mean score, rounded half
towards red, and never better than amber while any project is red.
Projects without a report are counted apart, never as green.

Beside it stands the program office's own rating, where the program keeps
status reports of its own (``status/YYYY-MM-DD.md``): the newest, with the
one before it for the trend, and stale as a project's would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.analysis.projects import RAG_RANK, ProjectStatus, worst
from generator.content.model import RAG, Program, StatusReport


@dataclass(frozen=True)
class Verdict:
    rating: str | None                    # derived from the projects; None when none has a report
    counts: tuple[tuple[str, int], ...]   # projects by rating to act on, green first; used ones only
    unrated: int                          # active projects without a status report
    worse: int                            # overall rating worse than at the project's report before
    better: int
    disagree: int                         # the tolerances rate them worse than declared
    stale: int                            # reports older than the project's stale limit
    declared: StatusReport | None = None  # the program's own newest report
    previous: StatusReport | None = None  # the program's report before it
    declared_age_days: int | None = None  # from the declared report to the as-of date
    declared_stale: bool = False          # older than the program's status_stale_days

    @property
    def rated(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def trend(self) -> str | None:
        """'worse', 'better' or 'same': the declared rating against the
        program's report before; None without two reports."""
        if self.declared is None or self.previous is None:
            return None
        now, before = RAG_RANK[self.declared.overall], RAG_RANK[self.previous.overall]
        return "worse" if now > before else "better" if now < before else "same"

    @property
    def disagrees(self) -> bool:
        """The projects give a worse rating than the program office declares."""
        return (self.declared is not None and self.rating is not None
                and RAG_RANK[self.rating] > RAG_RANK[self.declared.overall])


def program_rating(ratings: Sequence[str]) -> str | None:
    """The program's rating from its projects' ratings to act on."""
    if not ratings:
        return None
    mean = sum(RAG_RANK[r] for r in ratings) / len(ratings)
    rating = RAG[min(int(mean + 0.5), len(RAG) - 1)]
    return worst(rating, "amber") if "red" in ratings else rating


def verdict(program: Program, projects: Sequence[ProjectStatus], as_of: dt.date) -> Verdict:
    """The verdict on the active projects among ``projects``, beside the
    program's own newest report."""
    active = [p for p in projects if not p.project.closed]
    reports = program.status_reports
    declared = reports[-1] if reports else None
    age = (as_of - declared.date).days if declared else None
    limit = program.tolerances.status_stale_days
    ratings = [p.rating for p in active if p.rating]
    moves = [m for p in active for m in p.moves if m.dimension == "overall"]
    return Verdict(
        rating=program_rating(ratings),
        counts=tuple((r, ratings.count(r)) for r in RAG if r in ratings),
        unrated=sum(p.status is None for p in active),
        worse=sum(m.direction == "worse" for m in moves),
        better=sum(m.direction == "better" for m in moves),
        disagree=sum(any(m.dimension == "overall" for m in p.mismatches) for p in active),
        stale=sum(p.stale and p.status is not None for p in active),
        declared=declared,
        previous=reports[-2] if len(reports) > 1 else None,
        declared_age_days=age,
        declared_stale=age is not None and limit is not None and age > limit,
    )
