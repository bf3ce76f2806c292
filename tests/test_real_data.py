"""Real portfolio data: the UK GMPP 2023 file, converted by bench/gmpp.py,
loads as a program, with its narratives and ratings intact."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from conftest import REAL_DATA, ROOT
from generator import check

sys.path.insert(0, str(ROOT / "bench"))
import gmpp  # noqa: E402

CSV = REAL_DATA / "uk-gmpp" / "uk_2023.csv"
pytestmark = pytest.mark.skipif(not CSV.exists(), reason=f"real data not found at {CSV}")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    content, written, skipped = gmpp.convert(tmp_path_factory.mktemp("gmpp"), CSV)
    return content, written, skipped


def test_real_portfolio_loads_without_errors(converted):
    content, written, skipped = converted
    assert (written, skipped) == (213, 31)  # 244 rows; 31 have withheld dates
    result = check(content)
    assert result.errors == ()
    program = result.program
    assert len(program.projects) == 213
    assert program.as_of == dt.date(2023, 3, 31) and program.currency == "GBP"
    # Projects whose rating is withheld have no report: a warning each, not an error.
    assert len(result.warnings) == 213 - sum(1 for p in program.projects if p.status_reports)


def test_a_real_project_reads_as_published(converted):
    program = check(converted[0]).program
    pensions = program.project("co-0024-2021-q2")
    assert pensions.name == "Civil Service Pensions 2015 Remedy"
    assert (pensions.start, pensions.finish.baseline) == (dt.date(2020, 5, 20), dt.date(2024, 9, 30))
    assert pensions.budget.baseline == 34_000_000
    report = pensions.latest_status
    assert report.overall == "amber"
    assert "supplier" in report.body and report.body.startswith("## Delivery confidence")


def test_every_rating_on_the_dca_scale_survives(converted):
    program = check(converted[0]).program
    ratings = {p.latest_status.overall for p in program.projects if p.latest_status}
    assert ratings == {"green", "amber", "red"}  # 2023 uses the three-point scale
