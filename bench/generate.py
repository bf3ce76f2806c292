"""Write a synthetic program that follows content format v1.

Deterministic for a seed: N projects with K status reports each, 10
milestones, a dozen RAID items, monthly budgets, cross-project dependencies
(always to an earlier project, so there are no cycles), shared teams and
benefits. Used by the benchmarks and by tests that need a large program.

    python bench/generate.py OUT_DIR --projects 1000 --reports 6 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

START = dt.date(2026, 1, 5)
AS_OF = dt.date(2026, 11, 15)
RAG = ["green", "green", "amber-green", "amber", "amber", "amber-red", "red"]
WORDS = ["portal", "billing", "identity", "routing", "data", "mobile", "payments", "search",
         "records", "scheduling", "reporting", "messaging", "warehouse", "integration"]


def generate(out: Path, projects: int, reports: int, seed: int = 1) -> Path:
    """Write the program into ``out/content`` and return that folder."""
    rng = random.Random(seed)
    content = out / "content"
    (content / "projects").mkdir(parents=True, exist_ok=True)
    teams = max(4, projects // 10)
    (content / "program.yaml").write_text(_program(projects))
    (content / "resources.yaml").write_text(
        "teams:\n" + "".join(f"  - id: team-{t:03d}\n    name: Team {t}\n    capacity_fte: "
                             f"{rng.choice([3, 4, 5, 6])}\n" for t in range(teams)))
    ids = [f"p{i:04d}-{WORDS[i % len(WORDS)]}" for i in range(projects)]
    for index, project_id in enumerate(ids):
        folder = content / "projects" / project_id
        (folder / "status").mkdir(parents=True, exist_ok=True)
        (folder / "project.yaml").write_text(_project(rng, index, ids, teams))
        for k in range(reports):
            date = AS_OF - dt.timedelta(days=14 * (reports - 1 - k))
            (folder / "status" / f"{date}.md").write_text(_report(rng, project_id, date))
    (content / "benefits.yaml").write_text(_benefits(rng, ids))
    return content


def _program(projects: int) -> str:
    return f"""name: Synthetic Portfolio of {projects} Projects
objective: Exercise Baton at scale
manager: Bench Mark
as_of: {AS_OF}
objectives:
  - {{id: cost, name: Cost}}
  - {{id: cx, name: Customer experience}}
tranches:
  - {{id: t1, name: Tranche 1, start: 2026-01-01, end: 2026-12-31}}
  - {{id: t2, name: Tranche 2, start: 2027-01-01, end: 2027-12-31}}
"""


def _project(rng: random.Random, index: int, ids: list[str], teams: int) -> str:
    start = START + dt.timedelta(days=rng.randrange(0, 120))
    lines = [
        f"name: {ids[index].split('-', 1)[1].title()} project {index}",
        f"code: P-{index:04d}",
        f"summary: Synthetic project number {index}, for benchmarks.",
        f"manager: Manager {index % 50}",
        f"sponsor: Sponsor {index % 7}",
        "phase: delivery",
        f"priority: {1 + index % 3}",
        f"tranche: t{1 + index % 2}",
        f"start: {start}",
    ]
    milestones, last = [], start
    for m in range(10):
        baseline = last + dt.timedelta(days=rng.randrange(20, 45))
        slip = rng.choice([0, 0, 0, 5, 12, 35])
        item = [f"  - id: m{m:02d}", f"    name: Milestone {m}", f"    baseline: {baseline}",
                f"    forecast: {baseline + dt.timedelta(days=slip)}", f"    owner: Owner {m}"]
        if baseline + dt.timedelta(days=slip) < AS_OF:
            item.append(f"    actual: {baseline + dt.timedelta(days=slip)}")
        deps = [f"m{m - 1:02d}"] if m else []
        if index and rng.random() < 0.15:
            deps.append(f"{ids[rng.randrange(0, index)]}/m{rng.randrange(0, 10):02d}")
        if deps:
            item.append(f"    depends_on: [{', '.join(deps)}]")
        milestones.append("\n".join(item))
        last = baseline
    finish = last + dt.timedelta(days=10)
    budget = rng.randrange(200, 3000) * 1000
    forecast_finish = finish + dt.timedelta(days=rng.choice([0, 7, 40]))
    forecast_budget = budget * rng.choice([95, 100, 108, 115]) // 100
    lines += [f"finish:\n  baseline: {finish}\n  forecast: {forecast_finish}",
              f"budget:\n  baseline: {budget}\n  actual: {budget // 2}\n  forecast: {forecast_budget}",
              "  periods:"]
    month = start.replace(day=1)
    while month <= finish:
        lines.append(f"    - {{month: {month:%Y-%m}, planned: {budget // 12}, actual: {budget // 13}}}")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    lines.append("milestones:")
    lines += milestones
    lines.append("raid:\n  risks:")
    for r in range(6):
        lines.append(f"    - {{id: r-{r}, title: Risk {r} of project {index}, owner: Owner {r}, "
                     f"raised: {start}, status: open, probability: {rng.randint(1, 5)}, "
                     f"impact: {rng.randint(1, 5)}, response: Mitigate., "
                     f"escalate: {str(r == 0 and index % 9 == 0).lower()}}}")
    lines.append("  issues:")
    for r in range(3):
        lines.append(f"    - {{id: i-{r}, title: Issue {r}, owner: Owner {r}, raised: {start}, "
                     f"status: open, severity: {rng.choice(['low', 'medium', 'high'])}}}")
    lines.append("  assumptions:")
    lines.append(f"    - {{id: a-0, title: An assumption, raised: {start}, status: open}}")
    lines.append("  dependencies:")
    for r in range(2):
        lines.append(f"    - {{id: d-{r}, title: Dependency {r}, raised: {start}, status: open, "
                     f"need_by: {finish}}}")
    lines.append("decisions:")
    lines.append(f"  - {{id: dec-0, title: A decision, from: sponsor, "
                 f"needed_by: {AS_OF + dt.timedelta(days=10)}}}")
    lines.append("resources:")
    lines.append(f"  - {{team: team-{rng.randrange(0, teams):03d}, from: {start}, to: {finish}, "
                 f"fte: {rng.choice([0.5, 1, 2])}}}")
    lines.append(f"kpis:\n  - {{name: Open defects, value: {rng.randrange(0, 40)}, target: 5, "
                 f"direction: decrease}}")
    return "\n".join(lines) + "\n"


def _report(rng: random.Random, project_id: str, date: dt.date) -> str:
    overall = rng.choice(RAG)
    return f"""---
overall: {overall}
schedule: {rng.choice(RAG)}
budget: {rng.choice(RAG)}
headline: Fortnightly report for {project_id} on {date}.
---
## What changed

- Work continued on the current milestone; {rng.randrange(1, 30)} tasks closed.
- The team resolved {rng.randrange(0, 5)} issues and raised {rng.randrange(0, 3)}.

## Why it matters

The next milestone depends on this work.

## What we need

Nothing this period.
"""


def _benefits(rng: random.Random, ids: list[str]) -> str:
    lines = ["benefits:"]
    for b in range(max(3, len(ids) // 20)):
        base = rng.randrange(20, 80)
        lines += [
            f"  - id: benefit-{b:03d}",
            f"    name: Benefit {b}",
            f"    objective: {'cost' if b % 2 else 'cx'}",
            "    measure: A measure",
            "    unit: points",
            f"    baseline: {{value: {base}, date: 2025-12-31}}",
            f"    target: {{value: {base + 20}, date: 2027-12-31}}",
            f"    measurements:\n      - {{date: 2026-06-30, value: {base + rng.randrange(0, 8)}}}",
            f"    projects: [{', '.join(rng.sample(ids, min(3, len(ids))))}]",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.projects, args.reports, args.seed))


if __name__ == "__main__":
    main()
