"""What Baton's own charts are drawn with: text measured from the theme's
font files, an SVG canvas, time and linear scales with round ticks, axes and
legends, in the look of the Vega-Lite charts (:mod:`.style`). The charts
themselves are in :mod:`.native`."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.charts.style import DATE_FORMAT

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
                          f'stroke="{colour}" stroke-width="{num(width)}"{dashed(dash)}/>')

    def polyline(self, points: list[tuple[float, float]], colour: str, width: float,
                 dash: Iterable[float] | None = None) -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                          f'stroke-width="{num(width)}" stroke-linejoin="round"{dashed(dash)}/>')

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


def dashed(dash: Iterable[float] | None) -> str:
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
    if high <= low:   # one value: a band around it, from zero when it is zero
        low, high = (0, 1) if low == 0 else (low - abs(low) / 10, high + abs(high) / 10)
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


def month_label(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


# Axes ------------------------------------------------------------------------

def time_axis(c: Canvas, x: TimeScale, height: float) -> tuple[float, float]:
    """Grid lines, ticks and month labels below a plot of ``height``; returns
    the axis's depth below the plot and how far its last label reaches past
    the plot's right edge."""
    widest = max(c.width(month_label(dt.date(2000, m, 1))) for m in range(1, 13))
    ticks = x.ticks(widest)
    for day in ticks:
        c.line(x(day), 0, x(day), height, c.grid)
    depth = axis_below(c, [(x(day), month_label(day)) for day in ticks], height, x.width)
    reach = max((x(day) + c.width(month_label(day)) / 2 for day in ticks), default=0)
    return depth, max(0.0, reach - x.width)


def axis_below(c: Canvas, ticks: list[tuple[float, str]], height: float, length: float) -> float:
    """The axis line under a plot of ``height``, and (x, label) ticks on it;
    returns its depth."""
    c.line(0, height, length, height, c.muted)
    for x, label in ticks:
        c.line(x, height, x, height + TICK, c.muted)
        c.text(x, height + TICK + LABEL_GAP + LABEL_SIZE * 0.8, label, "middle")
    return TICK + LABEL_GAP + LABEL_SIZE


def axis_left(c: Canvas, ticks: list[tuple[float, float, str]], top: float,
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
    width = axis_left(c, [(y, middle(y), label) for y, label in zip(centres, labels)], 0, height)
    return left_title(c, title, width, height)


def band_axis_below(c: Canvas, labels: list[str], step: float, height: float,
                    title: str = "") -> float:
    depth = axis_below(c, [((i + 0.5) * step, label) for i, label in enumerate(labels)],
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
    taken = axis_left(c, placed, y(ticks[0]), y(ticks[-1]))
    return left_title(c, title, taken, y(ticks[0]) - y(ticks[-1]), top=y(ticks[-1]))


def left_title(c: Canvas, title: str, taken: float, height: float, top: float = 0) -> float:
    if not title:
        return taken
    c.text(-taken - TITLE_GAP, top + height / 2, title, "middle", weight=BOLD, rotate=True)
    return taken + TITLE_GAP + LABEL_SIZE


# Legends ---------------------------------------------------------------------

@dataclass(frozen=True)
class LegendEntry:
    """One legend entry: a symbol (circle, square, diamond) or a line
    (``shape`` "line", with an optional dash), and its label."""

    shape: str
    colour: str
    label: str
    dash: tuple[float, ...] = ()


def legend(c: Canvas, keys: list[LegendEntry], left: float, top: float, width: float,
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
