"""Baton's own chart drawing (generator/plot.py): layout from the font's real
widths, axes whose labels never crowd, and SVG that is well formed and safe
for any content. test_browser.py checks the drawn charts in a real browser:
no label cut off, none over another."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from conftest import DEMO
from generator.analysis.report import analyse
from generator.charts.canvas import MIN_LABEL_GAP, grouped, measure_for, nice_range, nice_ticks, si
from generator.charts.native import BENEFIT_HEIGHT, draw_plot
from generator.charts.plan import (
    benefit_trajectory,
    budget_burn,
    milestone_slip,
    plan_charts,
    rag_history,
    risk_map,
)
from generator.content.loader import load
from generator.look.formats import measured
from generator.look.theme import load_theme
from generator.settings import load_settings

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def demo():
    theme = load_theme(load_settings(DEMO))
    report = analyse(load(DEMO))
    return report, theme, plan_charts(report, theme)


def drawn(spec: dict, theme) -> ET.Element:
    svg = draw_plot(spec, theme.font_dirs)
    assert not re.search(r"nan|inf", svg)
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(SVG + "text"))


def test_every_native_chart_of_the_demo_is_well_formed(demo):
    _, theme, charts = demo
    native = {name: c for name, c in charts.items() if "plot" in c.spec}
    kinds = {name.rsplit("/", 1)[-1] for name in native}
    assert kinds == {"slip", "budget", "risks", "rag-history", "trajectory"}
    for name, chart in native.items():
        root = drawn(chart.spec, theme)
        width, height = float(root.get("width")), float(root.get("height"))
        assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
        assert 150 < width < 1000 and 80 < height < 700, name
        assert len(texts(root)) > 5


def test_the_font_files_are_measured_and_the_layout_follows(demo):
    _, theme, _ = demo
    faces = tuple((f.weight, f.file) for f in theme.font.files)
    measure = measure_for(faces, theme.font_dirs)
    assert len(measure.faces) == 2
    narrow, wide = measure.width("iiii", 11), measure.width("WWWW", 11)
    assert 0 < narrow < wide / 2                       # real advances, not a per-letter guess
    assert measure.width("Status", 11, 600) > measure.width("Status", 11)   # semibold is wider
    assert measure_for((), theme.font_dirs).width("iiii", 11) == pytest.approx(4 * 11 * 0.6)

    report = demo[0]
    p = next(p for p in report.projects if p.id == "portal-redesign")
    slip = milestone_slip(p, report.as_of, _style(theme))
    widest = "Public beta (10 % of customers)"   # the widest row label
    longer = _renamed(slip.spec, widest, widest + ", at last")
    left = [float(re.search(r"translate\(([\d.]+),", draw_plot(s, theme.font_dirs)).group(1))
            for s in (slip.spec, longer)]
    assert left[1] - left[0] == pytest.approx(measure.width(", at last", 11), abs=0.02)


def _style(theme):
    from generator.charts.style import Style
    faces = tuple((f.weight, f.file) for f in theme.font.files)
    return Style(theme.light, theme.font.family, faces, "GBP")


def _renamed(spec: dict, old: str, new: str) -> dict:
    data = {name: [{k: (new if v == old else v) for k, v in row.items()} for row in rows]
            if isinstance(rows, list) else rows for name, rows in spec["datasets"].items()}
    return {**spec, "datasets": data}


@pytest.mark.parametrize("days", [1, 20, 45, 100, 300, 700, 1500, 4000])
def test_time_axis_labels_keep_apart_and_mark_first_days_of_months(demo, days: int):
    report, theme, _ = demo
    p = next(p for p in report.projects if p.id == "portal-redesign")
    start = dt.date(2025, 1, 17)
    milestones = tuple(replace(m, date=start + dt.timedelta(days=days * i // max(1, len(p.milestones) - 1)))
                       for i, m in enumerate(p.milestones))
    chart = milestone_slip(replace(p, milestones=milestones), start, _style(theme))
    root = drawn(chart.spec, theme)
    measure = measure_for(tuple((f.weight, f.file) for f in theme.font.files), theme.font_dirs)
    axis = [t for t in texts(root) if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t.text or "")]
    xs = [float(t.get("x")) for t in axis]
    assert xs == sorted(xs)
    for a, b, left, right in zip(axis, axis[1:], xs, xs[1:]):
        room = (measure.width(a.text, 11) + measure.width(b.text, 11)) / 2 + MIN_LABEL_GAP
        assert right - left >= room, (a.text, b.text)
    assert all(0 <= x <= 640 for x in xs)
    assert len(axis) >= (2 if days >= 45 else 1)


def test_si_labels_share_one_unit_and_only_needed_decimals():
    assert si([0, 200_000, 400_000, 1_400_000]) == ["0", "0.2M", "0.4M", "1.4M"]
    assert si([0, 500, 1000, 1500]) == ["0", "0.5k", "1k", "1.5k"]
    assert si([0, 20, 40]) == ["0", "20", "40"]
    assert si([0, 0.5, 1]) == ["0", "0.5", "1"]
    assert si([0, 2e9, 4e9]) == ["0", "2G", "4G"]


@pytest.mark.parametrize("top", [0.7, 3, 41, 1_310_000, 7.5e9])
def test_nice_ticks_start_at_zero_cover_the_top_in_round_steps(top: float):
    ticks = nice_ticks(top, 7)
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert ticks[0] == 0 and ticks[-1] >= top and ticks[-2] < top
    assert len(steps) == 1 and 4 <= len(ticks) <= 12
    mantissa = steps.pop() / 10 ** int(f"{ticks[1]:e}".split("e")[1])
    assert round(mantissa, 6) in (1, 2, 5)


@pytest.mark.parametrize("low, high", [(4.5, 6.8), (29, 32), (12_400, 31_000), (-3, 2), (7, 7),
                                       (0.012, 0.019)])
def test_nice_range_covers_the_values_in_round_steps(low: float, high: float):
    ticks = nice_range(low, high, 5)
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert ticks[0] <= low and ticks[-1] >= high
    if low < high:                                      # (one value: a step either side)
        assert ticks[1] > low and ticks[-2] < high      # no empty step at either end
    assert len(steps) == 1 and 3 <= len(ticks) <= 12
    labels = grouped(ticks)
    assert len(set(labels)) == len(labels)              # as many decimals as the steps need


def test_a_range_of_zero_alone_runs_from_zero_not_below_it():
    # a dis-benefit held at zero: its axis is 0 to 1, not -1 to 1
    assert nice_range(0, 0, 5)[0] == 0 and nice_range(0, 0, 5)[-1] > 0


def test_grouped_labels_group_thousands_and_keep_needed_decimals():
    assert grouped([12_000, 14_000, 16_000]) == ["12,000", "14,000", "16,000"]
    assert grouped([4.5, 5, 5.5]) == ["4.5", "5.0", "5.5"]
    assert grouped([-0.5, 0, 0.5]) == ["-0.5", "0.0", "0.5"]


def test_a_benefit_trajectory_fits_its_values_and_marks_its_target(demo):
    report, theme, _ = demo
    for b in report.benefits:
        chart = benefit_trajectory(b, report.as_of, _style(theme))
        root = drawn(chart.spec, theme)
        values = [r["value"] for r in chart.spec["datasets"]["lines"] + chart.spec["datasets"]["target"]]
        plot = root.find(SVG + "g")
        lines = {line.get("stroke-dasharray"): line for line in plot.iter(SVG + "polyline")}
        assert set(lines) == {"5,3", None}             # expected dashed, measured solid
        ys = [float(xy.split(",")[1]) for line in lines.values() for xy in line.get("points").split()]
        # the scale is the values', not one from zero: they fill most of the plot's height
        assert min(ys) >= 0 and max(ys) <= BENEFIT_HEIGHT
        assert max(ys) - min(ys) > BENEFIT_HEIGHT / 3, b.benefit.id
        if min(values) > 0:
            assert "0" not in {t.text for t in texts(root)}
        words = {t.text for t in texts(root)}
        assert {"Expected", "Measured", b.benefit.unit or "Value"} <= words
        assert f"Target {measured(b.benefit.target.value, b.benefit.unit)}" in words
        assert len([p for p in plot.iter(SVG + "path")]) == 1   # the target's cross


def test_one_month_of_budget_and_two_reports_still_draw(demo):
    report, theme, _ = demo
    p = next(p for p in report.projects if p.id == "portal-redesign")
    budget = p.project.budget
    one = replace(p, project=replace(p.project, budget=replace(budget, periods=budget.periods[:1])))
    root = drawn(budget_burn(one, _style(theme)).spec, theme)
    # planned, actual, the path to the forecast, and the two levels at completion
    assert len(list(root.iter(SVG + "polyline"))) == 5
    two = replace(p, project=replace(p.project, status_reports=p.project.status_reports[:2]))
    root = drawn(rag_history(two, _style(theme)).spec, theme)
    assert {t.text for t in texts(root)} >= {"Status report", "Overall", "Green", "Red"}


def test_content_in_a_native_chart_stays_text(demo):
    report, theme, _ = demo
    p = next(p for p in report.projects if p.id == "portal-redesign")
    slip = milestone_slip(p, report.as_of, _style(theme))
    hostile = _renamed(slip.spec, "Service design signed off", '<script>alert("x")</script> & co')
    svg = draw_plot(hostile, theme.font_dirs)
    assert "<script" not in svg and "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; co" in svg
    assert any(t.text == '<script>alert("x")</script> & co' for t in texts(ET.fromstring(svg)))


def test_risk_counts_sit_in_their_cells(demo):
    report, theme, _ = demo
    risks = [e for e in report.live_risks if e.score and not e.project.closed]
    chart = risk_map("risks", risks, _style(theme))
    root = drawn(chart.spec, theme)
    placed = set()
    for t in texts(root):
        if t.get("font-size") == "15px":   # a count, centred in its 52 × 40 cell
            x, y = float(t.get("x")), float(t.get("y")) - 15 * 0.35
            assert x % 52 == pytest.approx(26) and y % 40 == pytest.approx(20)
            placed.add((5 - int(y // 40), int(x // 52) + 1, int(t.text)))
    assert placed == {(p, i, n) for p, i, _, _, n in chart.rows}
    assert sum(n for *_, n in placed) == len(risks)
