"""The look of the site's charts: one Vega-Lite template per kind of chart,
made with Altair from the theme's style.

A template has no data: it names its datasets, which :mod:`.plan` fills
in for each chart. ``BUILDERS`` gives each kind's builder by name;
``charts.template`` calls them, so this module (and Altair, which takes a
while to import) is loaded only when a template is not already at hand.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from generator.charts.style import (
    DATE_FORMAT,
    DEPENDENCY_KINDS,
    MILESTONE_STATES,
    ROADMAP_ROW,
    WIDTH,
    Style,
)
from generator.content.model import RAG
from generator.look.formats import RAG_LABELS
from generator.look.theme import TINTS, Colours, tint


def finish(chart: alt.TopLevelMixin, style: Style) -> dict[str, Any]:
    """An Altair chart as a template: its spec, with the theme's config."""
    spec = chart.to_dict()
    spec.pop("$schema", None)  # the renderer's own Vega-Lite draws it; no URL in the page
    spec["config"] = style.config()
    return spec


BY_ORDER = alt.EncodingSortField("order", op="min")  # rows and columns in the data's order


def _time(field: str) -> alt.X:
    return alt.X(f"{field}:T", title=None, scale=alt.Scale(type="utc", padding=12),
                 axis=alt.Axis(format=DATE_FORMAT, labelAngle=0))


def _asof_layers(style: Style) -> list:
    """A dashed line at the as-of date, labelled at the top."""
    base = alt.Chart(alt.NamedData("asof"))
    line = base.mark_rule(color=style.colours.fg, strokeDash=[4, 3]).encode(x=alt.X("date:T"))
    label = base.mark_text(align="left", baseline="bottom", dx=3, dy=-2, fontSize=10,
                           color=style.colours.fg).encode(x=alt.X("date:T"), y=alt.value(0),
                                                          text="label:N")
    return [line, label]


def roadmap_spec(style: Style) -> dict[str, Any]:
    c = style.colours
    assert c.forecast and c.bg, "a theme's colours are merged with the default's: all are set"
    rows = alt.Y("label:N", title=None, sort=BY_ORDER)
    bands = alt.Chart(alt.NamedData("tranches"))
    band = bands.mark_rect(color=c.band, stroke=c.bg, strokeWidth=2).encode(
        x=_time("start"), x2="end:T")
    band_label = bands.mark_text(align="left", baseline="bottom", dx=3, fontSize=10,
                                 color=c.muted).encode(x="start:T", y=alt.value(-14), text="name:N")
    lines = alt.Scale(domain=["Forecast", "Baseline", *DEPENDENCY_KINDS],
                      range=[tint(c.forecast, c.bg, TINTS["forecast-bar"][1]), c.plan, c.muted, c.red])
    series = alt.Color("series:N", title=None, scale=lines)
    bars = alt.Chart(alt.NamedData("bars"))
    forecast = bars.transform_filter("datum.series == 'Forecast'").mark_bar(size=14).encode(
        x=_time("start"), x2="end:T", y=rows, color=series)
    baseline = bars.transform_filter("datum.series == 'Baseline'").mark_bar(size=4).encode(
        x=_time("start"), x2="end:T", y=rows, color=series)
    links = alt.Chart(alt.NamedData("links")).mark_rule().encode(
        x=_time("from"), x2="to:T", y=alt.Y("from_label:N", sort=BY_ORDER, title=None),
        y2="to_label:N", color=alt.Color("kind:N", title=None, scale=lines),
        strokeWidth=alt.StrokeWidth("kind:N", legend=None, scale=alt.Scale(
            domain=list(DEPENDENCY_KINDS), range=[1.5, 3])))
    states = list(MILESTONE_STATES.values())
    milestones = alt.Chart(alt.NamedData("milestones"))
    marks = milestones.mark_point(filled=True, size=55, opacity=1).encode(
        x=_time("date"), y=rows,
        shape=alt.Shape("state:N", title="Milestones", scale=alt.Scale(
            domain=states, range=["circle", "circle", "diamond", "triangle-up", "circle"])),
        fill=alt.Fill("state:N", title="Milestones", scale=alt.Scale(
            domain=states, range=[c.actual, c.red, c.red, c.amber, c.bg])),
        stroke=alt.Stroke("state:N", title="Milestones", scale=alt.Scale(
            domain=states, range=[c.actual, c.red, c.red, c.amber, c.actual])))
    keys = [milestones.transform_filter(f"datum.level == '{level}'").mark_text(
        baseline=text_baseline, dy=dy, fontSize=9, fontWeight=600, color=c.fg).encode(
        x=_time("date"), y=rows, text="key:N")
        for level, text_baseline, dy in (("above", "alphabetic", -6), ("below", "top", 6))]
    extent = alt.Chart(alt.NamedData("extent")).mark_point(opacity=0).encode(x=_time("date"))
    chart = alt.layer(extent, band, band_label, forecast, baseline, *_asof_layers(style), links, marks,
                      *keys)
    return finish(chart.properties(width=WIDTH, height=alt.Step(ROADMAP_ROW)), style)


def _rag_scale(c: Colours) -> alt.Scale:
    return alt.Scale(domain=[RAG_LABELS[r] for r in RAG], range=[c.rag(r) for r in RAG])


def program_rag_spec(style: Style, *legend: str) -> dict[str, Any]:
    """Stacked bars to 100 %: ``legend`` is the used categories, then their
    colours, so the legend lists only what the bars show."""
    used, colours = list(legend[:len(legend) // 2]), list(legend[len(legend) // 2:])
    bars = alt.Chart(alt.NamedData("shares")).mark_bar(stroke=style.colours.bg, strokeWidth=1)
    chart = bars.encode(
        x=alt.X("month:N", title=None, sort=BY_ORDER, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Share of projects", stack="zero", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1])),
        color=alt.Color("rag:N", title="Overall status", sort=used,
                        scale=alt.Scale(domain=used, range=colours)),
        order=alt.Order("rank:Q"))
    return finish(chart.properties(width=alt.Step(48), height=180), style)


def team_load_spec(style: Style) -> dict[str, Any]:
    c = style.colours
    base = alt.Chart().encode(x=alt.X("month:N", title=None, sort=BY_ORDER,
                                      axis=alt.Axis(labelAngle=-45)))
    bars = base.mark_bar().encode(
        y=alt.Y("demand:Q", title="FTE (tick: capacity)"),
        color=alt.Color("load:N", title=None, scale=alt.Scale(
            domain=["Within capacity", "Over capacity"], range=[c.forecast, c.red])))
    capacity = base.mark_tick(thickness=2, color=c.actual).encode(y="capacity:Q")
    chart = alt.layer(bars, capacity, data=alt.NamedData("load")).properties(
        width=alt.Step(26), height=110).facet(
        row=alt.Row("team:N", title=None, sort=alt.EncodingSortField("team_order", op="min"),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top",
                                      labelFontWeight=600, labelColor=c.fg, labelFontSize=12)))
    return finish(chart, style)


BUILDERS = {
    "roadmap": roadmap_spec,
    "program-rag": program_rag_spec,
    "team-load": team_load_spec,
}
