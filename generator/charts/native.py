"""Baton's own drawing of the charts every project page carries.

Vega, through vl-convert, measures each label by laying it out as paths,
which costs about a millisecond a label; a project's four charts have about
a hundred labels, so a thousand-project site spent two minutes on them. These
kinds (milestone slip, budget burn, risk heat map, RAG history) are few and
fixed, so Baton draws them itself, in the look of its Vega-Lite charts: the
theme's colours and font, the same sizes, axes, grid lines and legends. Text
is measured from the theme's own font files, so labels are placed as a
browser sets them.

``draw_plot(spec, font_dirs)`` returns the SVG of a spec that :mod:`.plan`
plans: ``{"plot": kind, "look": ..., "datasets": ...}``. Everything here is a
pure function of the spec and the font files: same spec, same bytes.
What they are drawn with (text, canvas, scales, axes, legends) is
:mod:`.canvas`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from generator.charts.canvas import (
    BOLD,
    LABEL_SIZE,
    LEGEND_GAP,
    PADDING,
    Canvas,
    LegendEntry,
    TimeScale,
    band_axis_below,
    band_axis_left,
    grouped,
    legend,
    linear_axis_left,
    measure_for,
    middle,
    nice_range,
    nice_ticks,
    si,
    time_axis,
)
from generator.charts.style import BURN_SERIES, ROW, WIDTH
from generator.look.theme import TINTS, tint

# The charts ------------------------------------------------------------------

def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _in_order(rows: list[dict], field: str) -> list[str]:
    """The distinct values of ``field``, in the rows' ``order``."""
    ordered = sorted(rows, key=lambda r: r["order"])
    return list(dict.fromkeys(r[field] for r in ordered))


def _as_of(c: Canvas, x: TimeScale, height: float, asof: list[dict]) -> float:
    """The dashed as-of line, labelled above the plot; returns how far its
    label reaches past the plot's right edge."""
    if not asof:
        return 0.0
    day, label = _date(asof[0]["date"]), asof[0]["label"]
    c.line(x(day), 0, x(day), height, c.fg, 1, (4, 3))
    c.text(x(day) + 3, -2, label, size=10)
    return max(0.0, x(day) + 3 + c.width(label, 10) - x.width)


def _finish(c: Canvas, left: float, right: float, top: float, bottom: float) -> str:
    """The SVG: the plot's origin ``left`` and ``top`` inside the padding,
    its drawing reaching ``right`` and ``bottom`` from there."""
    return c.svg(PADDING + left + right + PADDING, top + bottom + PADDING, PADDING + left, top)


def slip(c: Canvas, data: dict) -> str:
    """Each milestone's row: a rule from baseline to forecast or actual,
    red when later, with a symbol at each end."""
    lines, points = data["milestones"], data["points"]
    rows = _in_order(lines, "name")
    row = {name: i for i, name in enumerate(rows)}
    height = ROW * len(rows)
    x = TimeScale([_date(r["baseline"]) for r in lines] + [_date(r["date"]) for r in lines]
                  + [_date(r["date"]) for r in data["asof"]], WIDTH)
    depth, overhang = time_axis(c, x, height)
    left = band_axis_left(c, rows, ROW)
    overhang = max(overhang, _as_of(c, x, height, data["asof"]))
    late = "Later than baseline"
    for r in lines:
        y = (row[r["name"]] + 0.5) * ROW
        c.line(x(_date(r["baseline"])), y, x(_date(r["date"])), y,
               c.colour["red"] if r["slip"] == late else c.colour["plan"], 2)
    shapes = {"Baseline": ("circle", c.colour["plan"]), "Forecast": ("diamond", c.colour["forecast"]),
              "Actual": ("square", c.colour["actual"])}
    for p in points:
        shape, colour = shapes[p["series"]]
        c.symbol(shape, x(_date(p["date"])), (row[p["name"]] + 0.5) * ROW, 60, colour)
    keys = [LegendEntry(shape, colour, name) for name, (shape, colour) in shapes.items()]
    keys += [LegendEntry("line", c.colour["red"], late),
             LegendEntry("line", c.colour["plan"], "On or before baseline")]
    bottom, right = legend(c, keys, -left, height + depth + LEGEND_GAP, left + WIDTH + overhang)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + (12 if data["asof"] else 0),
                   bottom)


BURN = dict(zip(BURN_SERIES, (("plan", (5, 3)), ("actual", ()), ("accent", ()), ("forecast", (5, 3)),
                              ("plan", (1, 3)), ("forecast", (1, 3)))))   # colour and dash of each series
BURN_HEIGHT = 220


def burn(c: Canvas, data: dict) -> str:
    """An S-curve: cumulative planned and actual spend by month, the earned
    value to date as a diamond, the forecast's path from the last actual to
    the forecast at completion at the forecast finish, and the baseline and
    forecast at completion as dotted levels. The legend keys what is drawn."""
    rows = data["burn"]
    x = TimeScale([_date(r["month"]) for r in rows], WIDTH)
    ticks = nice_ticks(max(r["value"] for r in rows), 7)
    top = ticks[-1] or 1
    y = lambda v: BURN_HEIGHT - v / top * BURN_HEIGHT   # noqa: E731
    left = linear_axis_left(c, ticks, si(ticks), y, WIDTH, data["y_title"])
    depth, overhang = time_axis(c, x, BURN_HEIGHT)
    keys = []
    for series, (colour, dash) in BURN.items():
        mine = [r for r in rows if r["series"] == series]
        if not mine:
            continue
        if mine[0].get("mark"):   # a value to date (earned value): a mark, not a line
            c.symbol("diamond", x(_date(mine[0]["month"])), y(mine[0]["value"]), 90, c.colour[colour])
            keys.append(LegendEntry("diamond", c.colour[colour], series))
            continue
        c.polyline([(x(_date(r["month"])), y(r["value"])) for r in mine],
                   c.colour[colour], 2, dash or None)
        for r in mine:
            if r.get("month_point"):
                c.symbol("circle", x(_date(r["month"])), y(r["value"]), 25, c.colour[colour])
        keys.append(LegendEntry("line", c.colour[colour], series, dash))
    bottom, right = legend(c, keys, -left, BURN_HEIGHT + depth + LEGEND_GAP, left + WIDTH)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + LABEL_SIZE / 2, bottom)


def risk(c: Canvas, data: dict) -> str:
    """Open risks counted in a 5 × 5 grid of probability and impact."""
    step_x, step_y = 52, 40
    zones = {zone: tint(c.colour[TINTS[key][0]], c.bg, TINTS[key][1])
             for zone, key in (("Low", "zone-low"), ("Medium", "zone-medium"), ("High", "zone-high"))}
    for cell in data["cells"]:
        x0, y0 = (cell["impact"] - 1) * step_x, (5 - cell["probability"]) * step_y
        c.rect(x0, y0, step_x, step_y, zones[cell["zone"]], c.bg, 2)
        if cell.get("count"):
            c.text(x0 + step_x / 2, middle(y0 + step_y / 2, 15), str(cell["count"]), "middle",
                   size=15, weight=BOLD)
    depth = band_axis_below(c, ["1", "2", "3", "4", "5"], step_x, 5 * step_y,
                            "Impact (1 minor – 5 severe)")
    left = band_axis_left(c, ["5", "4", "3", "2", "1"], step_y,
                          "Probability (1 rare – 5 almost certain)")
    keys = [LegendEntry("square", colour, zone) for zone, colour in zones.items()]
    bottom, right = legend(c, keys, -left, 5 * step_y + depth + LEGEND_GAP, left + 5 * step_x,
                           "Zone (probability × impact)")
    return _finish(c, left, max(5 * step_x, right), PADDING, bottom)


def rag_history(c: Canvas, data: dict) -> str:
    """Each dimension's RAG in each report: a coloured cell with its symbol.
    ``scale`` gives each RAG label its colour, in the legend's order."""
    cells, step_x, step_y = data["cells"], 72, 28
    colours = dict(data["scale"])
    reports = _in_order(cells, "report")
    dimensions = [d for d in data["dimensions"] if any(r["dimension"] == d for r in cells)]
    column = {name: i for i, name in enumerate(reports)}
    row = {name: i for i, name in enumerate(dimensions)}
    for cell in cells:
        x0, y0 = column[cell["report"]] * step_x, row[cell["dimension"]] * step_y
        c.rect(x0, y0, step_x, step_y, colours[cell["rag"]], c.bg, 2)
        c.text(x0 + step_x / 2, middle(y0 + step_y / 2, 13), cell["symbol"], "middle",
               size=13, fill=c.bg)
    height = step_y * len(dimensions)
    depth = band_axis_below(c, reports, step_x, height, "Status report")
    left = band_axis_left(c, dimensions, step_y)
    keys = [LegendEntry("square", colour, label) for label, colour in colours.items()]
    width = step_x * len(reports)
    bottom, right = legend(c, keys, -left, height + depth + LEGEND_GAP, left + width)
    return _finish(c, left, max(width, right), PADDING, bottom)


BENEFIT = {"Expected": ("forecast", (5, 3)), "Measured": ("actual", ())}   # colour, dash
BENEFIT_HEIGHT = 200


def benefit(c: Canvas, data: dict) -> str:
    """A benefit's expected profile (dashed) and its measurements (solid),
    each point marked, its target as a cross, on a scale that fits them
    rather than one from zero."""
    lines, target = data["lines"], data["target"]
    values = [r["value"] for r in lines + target]
    ticks = nice_range(min(values), max(values), 5)
    low, span = ticks[0], ticks[-1] - ticks[0]
    y = lambda v: BENEFIT_HEIGHT - (v - low) / span * BENEFIT_HEIGHT   # noqa: E731
    x = TimeScale([_date(r["date"]) for r in lines + target + data["asof"]], WIDTH)
    left = linear_axis_left(c, ticks, grouped(ticks), y, WIDTH, data["y_title"])
    depth, overhang = time_axis(c, x, BENEFIT_HEIGHT)
    overhang = max(overhang, _as_of(c, x, BENEFIT_HEIGHT, data["asof"]))
    for series, (colour, dash) in BENEFIT.items():
        points = [(x(_date(r["date"])), y(r["value"])) for r in lines if r["series"] == series]
        c.polyline(points, c.colour[colour], 2, dash or None)
        for px, py in points:
            c.symbol("circle", px, py, 30, c.colour[colour])
    for t in target:
        tx, ty = x(_date(t["date"])), y(t["value"])
        c.symbol("cross", tx, ty, 120, c.colour["green"])
        c.text(tx - 8, middle(ty - 8, 10), t["label"], "end", size=10)
    keys = [LegendEntry("line", c.colour[colour], series, dash) for series, (colour, dash) in BENEFIT.items()]
    bottom, right = legend(c, keys, -left, BENEFIT_HEIGHT + depth + LEGEND_GAP, left + WIDTH)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + 12, bottom)


PLOTS: dict[str, Callable[[Canvas, dict], str]] = {
    "slip": slip, "burn": burn, "risk": risk, "rag-history": rag_history, "benefit": benefit,
}


def draw_plot(spec: dict, font_dirs: tuple[Path, ...]) -> str:
    """The SVG of a spec that :mod:`.plan` planned for Baton to draw."""
    look = spec["look"]
    faces = tuple((weight, name) for weight, name in look["faces"])
    canvas = Canvas(look, measure_for(faces, font_dirs))
    return PLOTS[spec["plot"]](canvas, spec["datasets"])
