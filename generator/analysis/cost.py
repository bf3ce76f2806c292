"""Cost analysis: budget variance, derived budget RAG, earned value, roll-up."""

from __future__ import annotations

from dataclasses import dataclass

from generator.analysis.schedule import rag_for
from generator.content.model import Budget, Program, Thresholds


@dataclass(frozen=True)
class BudgetStatus:
    budget: Budget
    variance: float                      # forecast - baseline
    variance_pct: float | None        # of the baseline; None when it is 0
    rag: str | None
    spent_pct: float | None           # actual / baseline
    spi: float | None = None          # EV / PV
    cpi: float | None = None          # EV / AC
    eac: float | None = None          # BAC / CPI
    vac: float | None = None          # BAC - EAC (EVM's sign: negative is overspend)

    @property
    def eac_over(self) -> float | None:
        """EAC − BAC: what the cost performance to date says the project
        will overspend (positive) or save, with the same sign as ``variance``."""
        return -self.vac if self.vac is not None else None

    @property
    def forecast_over_eac(self) -> float | None:
        """The project's own forecast less the EAC from its CPI: how far the
        forecast is from what its cost performance to date implies."""
        return self.budget.forecast - self.eac if self.eac is not None else None


def budget_status(budget: Budget, thresholds: Thresholds | None) -> BudgetStatus:
    bac = budget.baseline
    variance = budget.forecast - bac
    pct = variance / bac * 100 if bac else None
    spent = budget.actual / bac * 100 if bac and budget.actual is not None else None
    pv, ev, ac = budget.planned_value, budget.earned_value, budget.actual
    spi = ev / pv if ev is not None and pv else None
    cpi = ev / ac if ev is not None and ac else None
    eac = bac / cpi if cpi else None
    return BudgetStatus(budget, variance, pct, rag_for(pct, thresholds), spent, spi, cpi, eac,
                        bac - eac if eac is not None else None)


@dataclass(frozen=True)
class BudgetRollup:
    currency: str
    baseline: float
    forecast: float
    actual: float
    variance: float
    variance_pct: float | None
    projects: int                 # how many projects have a budget
    spi: float | None = None      # ΣEV / ΣPV over the projects that report earned value
    cpi: float | None = None      # ΣEV / ΣAC over the same projects
    earned: int = 0               # how many projects report earned value


def budget_rollup(program: Program) -> BudgetRollup | None:
    budgets = [p.budget for p in program.projects if p.budget]
    if not budgets:
        return None
    baseline = sum(b.baseline for b in budgets)
    forecast = sum(b.forecast for b in budgets)
    variance = forecast - baseline
    earning = [b for b in budgets if b.earned_value is not None and b.planned_value and b.actual]
    ev = sum(b.earned_value or 0 for b in earning)
    pv, ac = sum(b.planned_value or 0 for b in earning), sum(b.actual or 0 for b in earning)
    return BudgetRollup(program.currency, baseline, forecast,
                        sum(b.actual or 0 for b in budgets), variance,
                        variance / baseline * 100 if baseline else None, len(budgets),
                        ev / pv if earning else None, ev / ac if earning else None, len(earning))
