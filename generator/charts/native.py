"""Baton's own drawing of the charts every project page carries.

Vega, through vl-convert, measures each label by laying it out as paths,
which costs about a millisecond a label; a project's four charts have about
a hundred labels, so a thousand-project site spent two minutes on them. These
kinds (milestone slip, budget burn, risk heat map, RAG history) are few and
fixed, so Baton draws them itself, in the look of its Vega-Lite charts: the
theme's colours and font, the same sizes, axes, grid lines and legends. Text
is measured from the theme's own font files, so labels are placed as a
browser sets them.

``draw_plot(spec, font_dirs)`` returns the SVG of a spec that :mod:`.charts`
plans: ``{"plot": kind, "look": ..., "datasets": ...}``. Everything here is a
pure function of the spec and the font files: same spec, same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.charts.style import BURN_SERIES, DATE_FORMAT, ROW, WIDTH, tint

PADDING = 8              # around the whole chart
LABEL_SIZE = 11          # axis and legend labels; titles are the same size, semibold
TICK = 5                 # tick length
LABEL_GAP = 2            # between a tick and its label
TITLE_GAP = 4            # between labels and an axis title
LEGEND_GAP = 18          # between the axes and the legend
SWATCH = 10              # a legend symbol's width
TIME_PADDING = 12        # px kept free at each end of a time axis
MIN_LABEL_GAP = 8        # px between two axis labels
BOLD = 600


# Text ------------------------------------------------------------------------

@dataclass(frozen=True)
class Face:
    """Advance widths of one font file, in em."""

    weight: int
    advances: dict[str, float]
    default: float            # for a character the font lacks


ESTIMATE = 0.6             # em per character when the theme has no font file


class Measure:
    """Text widths in the theme's font, read from its files (an estimate
    when the family has none, e.g. a system font)."""

    def __init__(self, faces: tuple[Face, ...]):
        self.faces = faces

    def width(self, text: str, size: float, weight: int = 400) -> float:
        if not self.faces:
            return len(text) * size * ESTIMATE
        face = min(self.faces, key=lambda f: (abs(f.weight - weight), f.weight))
        get, default = face.advances.get, face.default
        return sum(get(ch, default) for ch in text) * size


@lru_cache(maxsize=8)
def measure_for(faces: tuple[tuple[int, str], ...], font_dirs: tuple[Path, ...]) -> Measure:
    """The measure of the theme's font: its files by (weight, name), each
    found in the first of ``font_dirs`` that has it, as the site's pages
    find them."""
    from fontTools.ttLib import TTFont  # only when a chart is drawn

    found = []
    for weight, name in faces:
        path = next((d / name for d in font_dirs if (d / name).is_file()), None)
        if path is None:
            continue   # the theme check has said so; measure the others
        font = TTFont(str(path), lazy=True)
        em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        advances = {chr(code): metrics[glyph][0] / em
                    for code, glyph in font.getBestCmap().items() if glyph in metrics}
        found.append(Face(weight, advances, advances.get("0", ESTIMATE)))
    return Measure(tuple(found))


# SVG ---------------------------------------------------------------------------

def num(x: float) -> str:
    """A coordinate, to a hundredth of a pixel, without trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class Canvas:
    """SVG elements in drawing order, in one font and palette."""

    def __init__(self, look: dict, measure: Measure):
        self.colour: dict[str, str] = look["colours"]   # the theme's, by name
        self.fg, self.bg, self.muted, self.grid = (self.colour[name] for name in
                                                   ("fg", "bg", "muted", "line"))
        self.font = look["font"]
        self.measure = measure
        self.parts: list[str] = []

    def width(self, text: str, size: float = LABEL_SIZE, weight: int = 400) -> float:
        return self.measure.width(text, size, weight)

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str,
             width: float = 1, dash: Iterable[float] | None = None) -> None:
        self.parts.append(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
                          f'stroke="{colour}" stroke-width="{num(width)}"{_dashed(dash)}/>')

    def polyline(self, points: list[tuple[float, float]], colour: str, width: float,
                 dash: Iterable[float] | None = None) -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                          f'stroke-width="{num(width)}" stroke-linejoin="round"{_dashed(dash)}/>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str,
             stroke: str | None = None, stroke_width: float = 0) -> None:
        edge = f' stroke="{stroke}" stroke-width="{num(stroke_width)}"' if stroke else ""
        self.parts.append(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
                          f'fill="{fill}"{edge}/>')

    def symbol(self, shape: str, x: float, y: float, size: float, fill: str) -> None:
        """A point mark: ``size`` is its area in px², as in Vega."""
        r = math.sqrt(size) / 2
        if shape == "circle":
            self.parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}"/>')
        elif shape == "square":
            self.rect(x - r, y - r, 2 * r, 2 * r, fill)
        elif shape == "cross":   # Vega's: arms a fifth of the size wide
            t = r / 2.5
            corners = [(-r, -t), (-r, t), (-t, t), (-t, r), (t, r), (t, t), (r, t), (r, -t),
                       (t, -t), (t, -r), (-t, -r), (-t, -t)]
            self.parts.append('<path d="M' + "L".join(f"{num(x + a)},{num(y + b)}" for a, b in corners)
                              + f'Z" fill="{fill}"/>')
        elif shape == "diamond":
            self.parts.append(f'<path d="M{num(x - r)},{num(y)}L{num(x)},{num(y - r)}'
                              f'L{num(x + r)},{num(y)}L{num(x)},{num(y + r)}Z" fill="{fill}"/>')
        else:
            raise ValueError(f"no symbol {shape!r}")

    def text(self, x: float, y: float, text: str, anchor: str = "start",
             size: float = LABEL_SIZE, weight: int = 400, fill: str | None = None,
             rotate: bool = False) -> None:
        """``text`` with its baseline at ``y``; ``rotate``: read upwards."""
        place = (f'transform="translate({num(x)},{num(y)}) rotate(-90)"' if rotate
                 else f'x="{num(x)}" y="{num(y)}"')
        bold = f' font-weight="{weight}"' if weight != 400 else ""
        self.parts.append(f'<text {place} text-anchor="{anchor}" font-family="{html.escape(self.font)}" '
                          f'font-size="{num(size)}px"{bold} fill="{fill or self.fg}">'
                          f"{html.escape(text, quote=False)}</text>")

    def svg(self, width: float, height: float, left: float, top: float) -> str:
        """The whole chart, the plot's origin at (left, top)."""
        w, h = math.ceil(width), math.ceil(height)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
                f'viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="{self.bg}"/>'
                f'<g transform="translate({num(left)},{num(top)})">' + "".join(self.parts)
                + "</g></svg>")


def _dashed(dash: Iterable[float] | None) -> str:
    return f' stroke-dasharray="{",".join(num(d) for d in dash)}"' if dash else ""


def middle(y: float, size: float = LABEL_SIZE) -> float:
    """The baseline that centres a line of text on ``y``."""
    return y + size * 0.35


# Scales ----------------------------------------------------------------------

class TimeScale:
    """Dates to x, across ``width`` with TIME_PADDING free at each end."""

    def __init__(self, days: Iterable[dt.date], width: float):
        days = list(days)
        first, last = min(days), max(days)
        if first == last:
            first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
        self.first, self.last, self.width = first, last, width
        self.per_day = (width - 2 * TIME_PADDING) / (last - first).days

    def __call__(self, day: dt.date) -> float:
        return TIME_PADDING + (day - self.first).days * self.per_day

    def ticks(self, label_width: float) -> list[dt.date]:
        """First days of months, every 1, 2, 3, 6 or 12·n months: the fewest
        steps whose labels keep MIN_LABEL_GAP apart."""
        for months in (1, 2, 3, 6, *(12 * n for n in range(1, 100))):
            if months * 30.4 * self.per_day >= label_width + MIN_LABEL_GAP:
                break
        index = self.first.year * 12 + self.first.month - 1   # months since year 0
        index -= index % months                               # steps counted from January
        ticks: list[dt.date] = []
        while True:
            year, month = divmod(index, 12)
            day = dt.date(year, month + 1, 1)
            if day > self.last + dt.timedelta(days=TIME_PADDING / self.per_day):
                return ticks
            if self(day) >= 0:
                ticks.append(day)
            index += months


def nice_ticks(top: float, count: int) -> list[float]:
    """0 and about ``count`` round steps (1, 2 or 5 × 10ⁿ) up to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    return nice_range(0, top, count)


def nice_range(low: float, high: float, count: int) -> list[float]:
    """About ``count`` round steps (1, 2 or 5 × 10ⁿ) from at most ``low`` to at
    least ``high``, each a whole number of steps."""
    if high <= low:
        low, high = low - (abs(low) / 10 or 1), high + (abs(high) / 10 or 1)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 12) for i in range(first, last + 1)]


def grouped(values: list[float]) -> list[str]:
    """Axis labels in full, thousands grouped, as many decimals as the steps
    need: 12,500 … 13,000, or 0.25 … 0.5."""
    step = min((b - a for a, b in zip(values, values[1:])), default=1) or 1
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return [f"{v if abs(v) >= step / 2 else 0.0:,.{decimals}f}" for v in values]


SI = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def si(values: list[float]) -> list[str]:
    """Axis labels in one SI unit, as few decimals as the steps need: 0, 0.2M …"""
    top = max(abs(v) for v in values)
    scale, unit = next(((s, u) for s, u in SI if top >= s), (1.0, ""))
    step = min((b - a for a, b in zip(values, values[1:])), default=top) / scale or 1
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    labels = []
    for v in values:
        text = f"{v / scale:.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        labels.append("0" if float(text) == 0 else text + unit)
    return labels


# Axes ------------------------------------------------------------------------

def time_axis(c: Canvas, x: TimeScale, height: float) -> tuple[float, float]:
    """Grid lines, ticks and month labels below a plot of ``height``; returns
    the axis's depth below the plot and how far its last label reaches past
    the plot's right edge."""
    widest = max(c.width(_month_label(dt.date(2000, m, 1))) for m in range(1, 13))
    ticks = x.ticks(widest)
    for day in ticks:
        c.line(x(day), 0, x(day), height, c.grid)
    depth = _axis_below(c, [(x(day), _month_label(day)) for day in ticks], height, x.width)
    reach = max((x(day) + c.width(_month_label(day)) / 2 for day in ticks), default=0)
    return depth, max(0.0, reach - x.width)


def _axis_below(c: Canvas, ticks: list[tuple[float, str]], height: float, length: float) -> float:
    """The axis line under a plot of ``height``, and (x, label) ticks on it;
    returns its depth."""
    c.line(0, height, length, height, c.muted)
    for x, label in ticks:
        c.line(x, height, x, height + TICK, c.muted)
        c.text(x, height + TICK + LABEL_GAP + LABEL_SIZE * 0.8, label, "middle")
    return TICK + LABEL_GAP + LABEL_SIZE


def _axis_left(c: Canvas, ticks: list[tuple[float, float, str]], top: float,
               bottom: float) -> float:
    """The axis line at the left from ``top`` to ``bottom``, and (y, baseline,
    label) ticks on it; returns the width it takes."""
    c.line(0, top, 0, bottom, c.muted)
    for y, baseline, label in ticks:
        c.line(-TICK, y, 0, y, c.muted)
        c.text(-TICK - LABEL_GAP, baseline, label, "end")
    return TICK + LABEL_GAP + max((c.width(label) for *_, label in ticks), default=0)


def band_axis_left(c: Canvas, labels: list[str], step: float, title: str = "") -> float:
    """Labels centred on each row of ``step``; returns the width it takes."""
    height = step * len(labels)
    centres = [(i + 0.5) * step for i in range(len(labels))]
    width = _axis_left(c, [(y, middle(y), label) for y, label in zip(centres, labels)], 0, height)
    return _left_title(c, title, width, height)


def band_axis_below(c: Canvas, labels: list[str], step: float, height: float,
                    title: str = "") -> float:
    depth = _axis_below(c, [((i + 0.5) * step, label) for i, label in enumerate(labels)],
                        height, step * len(labels))
    if title:
        c.text(step * len(labels) / 2, height + depth + TITLE_GAP + LABEL_SIZE * 0.8, title,
               "middle", weight=BOLD)
        depth += TITLE_GAP + LABEL_SIZE
    return depth


def linear_axis_left(c: Canvas, ticks: list[float], labels: list[str], y: Callable[[float], float],
                     width: float, title: str) -> float:
    """Grid lines across ``width``, ticks and labels at the left; returns the
    width it takes."""
    for value in ticks:
        c.line(0, y(value), width, y(value), c.grid)
    # the lowest label sits on its tick, clear of the time axis's first label
    placed = [(y(value), y(value) - LABEL_GAP if value == ticks[0] else middle(y(value)), label)
              for value, label in zip(ticks, labels)]
    taken = _axis_left(c, placed, y(ticks[0]), y(ticks[-1]))
    return _left_title(c, title, taken, y(ticks[0]) - y(ticks[-1]), top=y(ticks[-1]))


def _left_title(c: Canvas, title: str, taken: float, height: float, top: float = 0) -> float:
    if not title:
        return taken
    c.text(-taken - TITLE_GAP, top + height / 2, title, "middle", weight=BOLD, rotate=True)
    return taken + TITLE_GAP + LABEL_SIZE


# Legends ---------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """One legend entry: a symbol (circle, square, diamond) or a line
    (``shape`` "line", with an optional dash), and its label."""

    shape: str
    colour: str
    label: str
    dash: tuple[float, ...] = ()


def legend(c: Canvas, keys: list[Key], left: float, top: float, width: float,
           title: str = "") -> tuple[float, float]:
    """The keys in rows from (``left``, ``top``), wrapped at ``width``;
    returns where it ends, bottom and right."""
    y, right = top, left
    if title:
        c.text(left, y + LABEL_SIZE * 0.8, title, weight=BOLD)
        right = left + c.width(title, weight=BOLD)
        y += LABEL_SIZE + 5
    x, mid = left, y + LABEL_SIZE / 2
    for key in keys:
        swatch = 18 if key.shape == "line" else SWATCH
        wide = swatch + 4 + c.width(key.label)
        if x > left and x + wide > left + width:
            x, mid = left, mid + LABEL_SIZE + 6
        if key.shape == "line":
            c.line(x, mid, x + swatch, mid, key.colour, 2, key.dash or None)
        else:
            c.symbol(key.shape, x + swatch / 2, mid, 80, key.colour)
        c.text(x + swatch + 4, middle(mid), key.label)
        right = max(right, x + wide)
        x += wide + 14
    return mid + LABEL_SIZE / 2, right


# The charts ------------------------------------------------------------------

def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _month_label(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


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
    keys = [Key(shape, colour, name) for name, (shape, colour) in shapes.items()]
    keys += [Key("line", c.colour["red"], late), Key("line", c.colour["plan"], "On or before baseline")]
    bottom, right = legend(c, keys, -left, height + depth + LEGEND_GAP, left + WIDTH + overhang)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + (12 if data["asof"] else 0),
                   bottom)


BURN = dict(zip(BURN_SERIES, (("plan", (5, 3)), ("actual", ()), ("plan", (1, 3)),
                              ("forecast", (1, 3)))))   # colour and dash of each series
BURN_HEIGHT = 220


def burn(c: Canvas, data: dict) -> str:
    """Cumulative planned and actual spend by month, with the baseline and
    the forecast at completion as dotted levels."""
    rows = data["burn"]
    x = TimeScale([_date(r["month"]) for r in rows], WIDTH)
    ticks = nice_ticks(max(r["value"] for r in rows), 7)
    top = ticks[-1] or 1
    y = lambda v: BURN_HEIGHT - v / top * BURN_HEIGHT   # noqa: E731
    left = linear_axis_left(c, ticks, si(ticks), y, WIDTH, data["y_title"])
    depth, overhang = time_axis(c, x, BURN_HEIGHT)
    for series, (colour, dash) in BURN.items():
        mine = [r for r in rows if r["series"] == series]
        c.polyline([(x(_date(r["month"])), y(r["value"])) for r in mine],
                   c.colour[colour], 2, dash or None)
        for r in mine:
            if r.get("month_point"):
                c.symbol("circle", x(_date(r["month"])), y(r["value"]), 25, c.colour[colour])
    keys = [Key("line", c.colour[colour], series, dash) for series, (colour, dash) in BURN.items()]
    bottom, right = legend(c, keys, -left, BURN_HEIGHT + depth + LEGEND_GAP, left + WIDTH)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + LABEL_SIZE / 2, bottom)


def risk(c: Canvas, data: dict) -> str:
    """Open risks counted in a 5 × 5 grid of probability and impact."""
    step_x, step_y = 52, 40
    zones = {"Low": tint(c.colour["green"], c.bg, .22), "Medium": tint(c.colour["amber"], c.bg, .3),
             "High": tint(c.colour["red"], c.bg, .3)}
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
    keys = [Key("square", colour, zone) for zone, colour in zones.items()]
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
    keys = [Key("square", colour, label) for label, colour in colours.items()]
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
    keys = [Key("line", c.colour[colour], series, dash) for series, (colour, dash) in BENEFIT.items()]
    bottom, right = legend(c, keys, -left, BENEFIT_HEIGHT + depth + LEGEND_GAP, left + WIDTH)
    return _finish(c, left, max(WIDTH + overhang, right), PADDING + 12, bottom)


PLOTS: dict[str, Callable[[Canvas, dict], str]] = {
    "slip": slip, "burn": burn, "risk": risk, "rag-history": rag_history, "benefit": benefit,
}


def draw_plot(spec: dict, font_dirs: tuple[Path, ...]) -> str:
    """The SVG of a spec that :mod:`.charts` planned for Baton to draw."""
    look = spec["look"]
    faces = tuple((weight, name) for weight, name in look["faces"])
    canvas = Canvas(look, measure_for(faces, font_dirs))
    return PLOTS[spec["plot"]](canvas, spec["datasets"])
