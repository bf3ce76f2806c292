"""How figures read: money, numbers, percentages, days and dates as text.

One place for both the pages (as Jinja filters, see :mod:`generator.render.filters`) and the
charts' summaries and tables (:mod:`generator.charts.plan`), so a figure reads the same
wherever it appears. Formatting only: no arithmetic on the model.
"""

from __future__ import annotations

import datetime as dt
import math

from generator.analysis.cost import BudgetStatus
from generator.analysis.projects import ProjectStatus
from generator.analysis.report import Report
from generator.analysis.schedule import DUE_WINDOW_DAYS, MilestoneStatus
from generator.analysis.verdict import Verdict

CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "A$", "CAD": "C$", "NZD": "NZ$",
                    "JPY": "¥", "INR": "₹"}
NONE = "–"
# Labels are data: a theme can replace them without touching the logic.
RAG_LABELS = {"green": "Green", "amber-green": "Amber/green", "amber": "Amber",
              "amber-red": "Amber/red", "red": "Red"}
STATE_LABELS = {"done": "Done", "done-late": "Done late", "overdue": "Overdue",
                "due": f"Due within {DUE_WINDOW_DAYS} days", "upcoming": "Upcoming"}
BENEFIT_LABELS = {"ahead": "Ahead", "on-track": "On track", "behind": "Behind",
                  "not-measured": "Not yet measured"}
# Signs before a label, so the eye finds the late and the done in a column.
STATE_MARKS = {"overdue": "!", "done": "✓", "done-late": "✓"}
BENEFIT_MARKS = {"ahead": "▲", "on-track": "●", "behind": "▼"}


def money(value: float | None, currency: str, signed: bool = False) -> str:
    if value is None:
        return NONE
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{symbol}{abs(value):,.0f}"


def number(value: float | None, places: int = 2) -> str:
    if value is None:
        return NONE
    text = f"{value:,.{places}f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace("-", "−")


def over_under(value: float | None, currency: str) -> str:
    """A cost against a budget in words, so that overspend has one reading
    everywhere: "€110,000 over", "€50,000 under", "on"."""
    if value is None:
        return NONE
    if round(value) == 0:
        return "on"
    return f"{money(abs(value), currency)} {'over' if value > 0 else 'under'}"


def _limits(t, unit: str) -> str:
    parts = [f"{name} past {number(getattr(t, name))}{unit}" for name in ("amber", "red")
             if t is not None and getattr(t, name) is not None]
    return ", ".join(parts) if parts else "no tolerance set"


def tolerance_status(p: ProjectStatus) -> list[tuple[str, str, str | None]]:
    """Each dimension a project is rated on, against its tolerance, as
    (dimension, what was measured against what, the rating): schedule and
    budget by the tolerances; scope and quality, which have none, by the
    newest report."""
    t = p.project.tolerances
    rows: list[tuple[str, str, str | None]] = [
        ("Schedule", f"finish {signed_days(p.finish_slip_days)}; "
                     f"{_limits(t.schedule_days, ' days')}", p.schedule_rag)]
    if p.budget:
        rows.append(("Budget", f"forecast {percent(p.budget.variance_pct, signed=True)} against "
                               f"baseline; {_limits(t.budget_pct, ' %')}", p.budget.rag))
    else:
        rows.append(("Budget", "no budget recorded", p.declared("budget")))
    for dimension in ("scope", "quality"):
        declared = p.declared(dimension)
        rows.append((dimension.capitalize(),
                     "no tolerance: as the newest report rates it" if declared else "not rated",
                     declared))
    return rows


def since_lines(p: ProjectStatus) -> list[str]:
    """What happened between the two newest reports, one line each:
    milestones done, RAID items raised, RAID items closed, by date."""
    since = p.since
    if since is None:
        return []
    item = lambda i, day: f"{type(i).__name__.lower()} {i.title} ({format_date(day)})"  # noqa: E731
    lines = [f"Done: {m.milestone.name} ({format_date(m.date)})" for m in since.done]
    lines += [f"Raised: {item(i, i.raised)}" for i in since.raised]
    lines += [f"Closed: {item(i, i.closed)}" for i in since.closed]
    return lines


def reconcile(b: BudgetStatus, currency: str) -> str:
    """The project's forecast beside the EAC that its CPI implies, in one
    sentence, so that the two figures are never left side by side unexplained."""
    return (f"The project forecasts {money(b.budget.forecast, currency)}, "
            f"{over_under(b.variance, currency)} its {money(b.budget.baseline, currency)} baseline. "
            f"At its cost performance to date (CPI {number(b.cpi)}) the baseline's work would cost "
            f"{money(b.eac, currency)} (BAC ÷ CPI), so the forecast is "
            f"{over_under(b.forecast_over_eac, currency)} that estimate.")


def measured(value: float | None, unit: str | None = None) -> str:
    """A benefit's figure with its unit, to the precision a reader can use:
    three significant figures, and no decimals from 100 up (386,264 days,
    12.7 days, 6.65). A currency code as unit reads as money with cents
    below 100 ($6.70); "%" follows the number after a space, as shares do."""
    if value is None:
        return NONE
    size = abs(value)
    if unit in CURRENCY_SYMBOLS:
        places = 2 if size < 100 else 0
        sign = "−" if value < 0 else ""
        return f"{sign}{CURRENCY_SYMBOLS[unit]}{size:,.{places}f}"
    places = 0 if size >= 100 or size == 0 else min(3, 2 - math.floor(math.log10(size)))
    text = number(round(value, places), places)
    return f"{text} {unit}" if unit else text


def percent(value: float | None, signed: bool = False, places: int = 1) -> str:
    if value is None:
        return NONE
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{value:.{places}f} %".replace("-", "−")


def share(value: float | None) -> str:
    """A fraction (0.25) as a percentage (25 %)."""
    return NONE if value is None else f"{value * 100:.0f} %".replace("-", "−")


def signed_days(value: int | None) -> str:
    if value is None:
        return NONE
    if value == 0:
        return "on plan"
    unit = "day" if abs(value) == 1 else "days"
    return f"{'+' if value > 0 else '−'}{abs(value)} {unit}"


def format_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else NONE


def format_month(month: str | None) -> str:
    """'2026-03' as 'Mar 2026'."""
    return dt.date.fromisoformat(month + "-01").strftime("%b %Y") if month else NONE


def state_text(state: str, days_away: int, needs: str | None = None) -> str:
    """A milestone's state with its real day count from the as-of date:
    'Due in 10 days', 'Due today', 'Overdue by 3 days'; the others as
    STATE_LABELS words them. An open milestone whose prerequisite ``needs``
    is forecast after it is 'At risk: needs …, forecast later'."""
    if needs and state not in ("done", "done-late"):
        return f"At risk: needs {needs}, forecast later"
    if state == "due":
        return {0: "Due today", 1: "Due tomorrow"}.get(days_away, f"Due in {days_away} days")
    if state == "overdue":
        late = -days_away
        return f"Overdue by {late} day{'' if late == 1 else 's'}"
    return STATE_LABELS[state]


def verdict_basis(v: Verdict) -> str:
    """What the program's rating stands on, in a sentence: 'From 5 active
    projects: 2 Red, 1 Amber, 2 Green. Since their previous reports 2 are
    worse, none better. 1 declares greener than its tolerances; 1 report is
    stale.'"""
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = []
    if v.counts:
        rated = ", ".join(f"{n} {RAG_LABELS[r]}" for r, n in reversed(v.counts))
        parts.append(f"From {count(v.rated, 'active project', 'active projects')}: {rated}.")
    if v.unrated:
        parts.append(f"{count(v.unrated, 'project has', 'projects have')} no status report yet.")
    if v.worse or v.better:
        parts.append(f"Since their previous reports {v.worse or 'none'} "
                     f"{'is' if v.worse == 1 else 'are'} worse, {v.better or 'none'} better.")
    notes = []
    if v.disagree:
        notes.append(f"{count(v.disagree, 'declares', 'declare')} greener than "
                     f"{'its' if v.disagree == 1 else 'their'} tolerances")
    if v.stale:
        notes.append(f"{count(v.stale, 'report is', 'reports are')} stale")
    if notes:
        parts.append("; ".join(notes) + ".")
    return " ".join(parts)


def milestone_state(report: Report, m: MilestoneStatus) -> str:
    """The milestone's state in words as every page and PDF shows it: with
    its day count, or what holds it up."""
    blocker = report.blocker(m)
    return state_text(m.state, m.days_away, blocker.milestone.name if blocker else None)
