"""Charts: what they show, that they are the same bytes every build, cached,
drawn without the network, accessible, and coloured by the theme.

The chart SVG is also checked byte for byte by the golden site
(tests/golden/demo), and shown in a real browser by test_browser.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import vl_convert

from conftest import DEMO, ROOT, run_baton
from generator.analysis.report import analyse
from generator.cache.stores import ChartCache
from generator.charts import draw as drawing
from generator.charts.draw import draw, page_svg, render_svgs, spec_key
from generator.charts.plan import plan_charts
from generator.content.loader import load
from generator.look.theme import load_theme
from generator.settings import Settings, load_settings


@pytest.fixture(scope="module")
def demo():
    theme = load_theme(load_settings(DEMO))
    report = analyse(load(DEMO))
    return report, theme, plan_charts(report, theme)


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


# What the charts show ---------------------------------------------------------

def test_the_demo_has_every_kind_of_chart_where_its_data_is(demo):
    report, _, charts = demo
    kinds = {name.rsplit("/", 1)[-1] for name in charts}
    assert kinds == {"roadmap", "team-load", "risks", "rag-history", "slip", "budget", "trajectory"}
    # a chart only where there is something to draw
    with_periods = {p.id for p in report.projects if p.project.budget and p.project.budget.periods}
    assert {n.split("/")[1] for n in charts if n.endswith("/budget")} == with_periods
    one_report = {p.id for p in report.projects if len(p.project.status_reports) < 2}
    assert not {n for n in charts if n.endswith("/rag-history") and n.split("/")[1] in one_report}
    assert len([n for n in charts if n.startswith("benefits/")]) == len(report.benefits)


def test_the_roadmap_numbers_every_milestone_and_draws_every_dependency_between_projects(demo):
    report, _, charts = demo
    spec = charts["roadmap"].spec
    marks = spec["datasets"]["milestones"]
    for p in report.projects:
        mine = [m for m in marks if m["order"] == marks_order(spec, p.project.name)]
        assert [(m["key"], m["name"]) for m in mine] == [
            (str(n), m.milestone.name) for n, m in enumerate(p.milestones, 1)]
        assert {m["level"] for m in mine} <= {"above", "below"}
    links = spec["datasets"]["links"]
    assert len(links) == len(report.dependencies) > len(report.conflicts) > 0
    red = [link for link in links if link["kind"] == "Dependency conflict"]
    assert len(red) == sum(1 for m, needed in report.dependencies if report.conflict(m, needed))
    assert links[-len(red):] == red                      # drawn last, on top of the grey ones
    # the as-of line is drawn before the milestones and their numbers: it hides none
    layers = [layer.get("data", {}).get("name") for layer in spec["layer"]]
    assert layers.index("asof") < layers.index("links") < layers.index("milestones")
    assert layers.count("milestones") == 3              # the markers, numbers above and below


def marks_order(spec: dict, name: str) -> int:
    return next(b["order"] for b in spec["datasets"]["bars"] if b["label"] == name)


def test_milestone_numbers_that_would_touch_take_turns_above_and_below():
    from generator.charts.plan import _label_levels
    day = dt.date(2026, 1, 1)
    dates = [day, day + dt.timedelta(days=1), day + dt.timedelta(days=2), day + dt.timedelta(days=200)]
    assert _label_levels(dates, 365) == ["above", "below", "above", "above"]
    # listed out of date order, each keeps its own place
    assert _label_levels(dates[::-1], 365) == ["above", "above", "below", "above"]


def test_a_large_program_prints_its_roadmap_twenty_projects_a_page(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    report = analyse(load(generate(tmp_path, 45, 2)))
    charts = plan_charts(report, load_theme(load_settings(DEMO)))
    pages = [charts[f"roadmap/{n}"] for n in (1, 2, 3)]
    assert "roadmap/4" not in charts
    rows = [[b["label"] for b in c.spec["datasets"]["bars"] if b["series"] == "Forecast"] for c in pages]
    whole = [b["label"] for b in charts["roadmap"].spec["datasets"]["bars"] if b["series"] == "Forecast"]
    assert [len(r) for r in rows] == [20, 20, 5] and sum(rows, []) == whole
    assert pages[2].summary.startswith("Projects 41–45 of 45")
    # one time axis for all pages; a line only between two projects on the page
    assert len({json.dumps(c.spec["datasets"]["extent"]) for c in pages}) == 1
    for c, labels in zip(pages, rows):
        assert all({link["from_label"], link["to_label"]} <= set(labels)
                   for link in c.spec["datasets"]["links"])


def test_summaries_state_the_figures_of_the_report(demo):
    report, _, charts = demo
    late = sum(1 for p in report.projects if p.finish_slip_days > 0)
    assert f"{len(report.projects)} projects" in charts["roadmap"].summary
    assert f"{late} finish later than baseline" in charts["roadmap"].summary
    crossing = sum(1 for m, needed in report.dependencies if report.conflict(m, needed))
    assert (f"{len(report.dependencies)} dependencies between projects, {crossing} in conflict"
            in charts["roadmap"].summary)
    portal = next(p for p in report.projects if p.id == "portal-redesign")
    worst = max(portal.milestones, key=lambda m: m.variance_days)
    assert f"+{worst.variance_days} days ({worst.milestone.name})" in \
        charts["projects/portal-redesign/slip"].summary
    live = [r for p in report.projects if not p.project.closed for r in p.project.raid.risks
            if r.status in ("open", "mitigating") and r.probability and r.impact]
    assert charts["risks"].summary.startswith(f"{len(live)} open risks")
    assert sum(row[-1] for row in charts["risks"].rows) == len(live)
    over = len(report.overallocations)
    assert f"{over} team-months over capacity" in charts["team-load"].summary


def test_budget_burn_is_cumulative_and_stops_where_actuals_stop(demo):
    report, _, charts = demo
    chart = charts["projects/portal-redesign/budget"]
    budget = next(p for p in report.projects if p.id == "portal-redesign").project.budget
    periods = sorted(budget.periods, key=lambda x: x.month)
    planned = [row[3] for row in chart.rows]
    assert planned[-1] == pytest.approx(sum(x.planned or 0 for x in periods))
    assert planned == sorted(planned)
    actuals = [row[4] for row in chart.rows]
    reported = [x for x in periods if x.actual is not None]
    assert actuals[len(reported) - 1] == pytest.approx(sum(x.actual for x in reported))
    assert all(a is None for a in actuals[len(reported):])
    levels = {d["series"]: d["value"] for d in chart.spec["datasets"]["burn"]
              if d["series"].endswith("at completion")}
    assert levels == {"Baseline at completion": budget.baseline,
                      "Forecast at completion": budget.forecast}


def test_budget_burn_is_an_s_curve_with_earned_value_and_the_path_to_the_forecast(demo):
    report, _, charts = demo
    p = next(p for p in report.projects if p.id == "portal-redesign")
    budget = p.project.budget
    burn = charts["projects/portal-redesign/budget"].spec["datasets"]["burn"]
    last = max(x.month for x in budget.periods if x.actual is not None) + "-01"
    spent = sum(x.actual for x in budget.periods if x.actual is not None)
    assert [(d["month"], d["value"]) for d in burn if d["series"] == "Earned value"] == [
        (last, budget.earned_value)]
    path = [(d["month"], d["value"]) for d in burn if d["series"] == "Forecast to completion"]
    assert path == [(last, spent), (p.finish_date.strftime("%Y-%m-01"), budget.forecast)]
    # the levels run to the forecast finish, so the path ends on the forecast's level
    assert max(d["month"] for d in burn if d["series"] == "Forecast at completion") == path[-1][0]
    summary = charts["projects/portal-redesign/budget"].summary
    assert f"SPI {p.budget.spi:.2f}" in summary and " over its " in summary


def test_program_status_history_is_the_share_of_projects_under_way_each_month(demo):
    report, _, charts = demo
    chart = charts["rag-history"]
    rows = chart.rows
    months = [r[0] for r in rows]
    first = dt.date.fromisoformat(months[0] + "-01")
    every = [f"{y:04d}-{m:02d}" for y, m in
             ((first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1)
              for i in range(len(months)))]
    assert months == every and months[-1] == report.as_of.strftime("%Y-%m")  # no month vanishes
    names = [c.label for c in chart.columns[2:]]
    for row in rows:
        assert sum(row[2:]) == row[1]          # each project once a month
    assert all(any(row[2 + i] for row in rows) for i in range(len(names)))  # only used ratings
    end, month = report.as_of, months[-1]
    under_way = [p for p in report.projects if not (
        p.project.finish.actual and p.project.finish.actual.strftime("%Y-%m") < month)
        and not (p.project.start and p.project.start > end)]
    assert len(under_way) < len(report.projects)  # the demo has a project closed before
    assert rows[-1][1] == len(under_way)
    stale = [p for p in under_way if not p.project.status_reports or (
        p.project.tolerances.status_stale_days is not None
        and (end - p.project.status_reports[-1].date).days > p.project.tolerances.status_stale_days)]
    assert stale  # a stale Green stops counting as Green
    assert rows[-1][2 + names.index("Stale or no report")] == len(stale)
    shares = chart.spec["datasets"]["shares"]
    assert all(abs(sum(s["share"] for s in shares if s["order"] == i) - 1) < 1e-9
               for i in range(len(rows)))


# The SVG in the page ---------------------------------------------------------

def test_every_chart_is_inline_svg_fit_for_a_strict_page(demo_site: Path):
    pages = {p: p.read_text("utf-8") for p in demo_site.rglob("*.html")}
    svgs = [(p, s) for p, text in pages.items()
            for s in re.findall(r"<svg .*?</svg>", text, re.S) if "chart-svg" in s]
    assert len(svgs) == 29
    for page, text in pages.items():
        ids = re.findall(r'\bid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), page  # several charts share a page
    for page, svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "style=" not in svg, page      # the CSP allows no inline style
        assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/", "")
        assert 'font-family="Inter"' in svg
        assert svg.count("aria-") == 1 and svg.count("role=") == 1  # one image, named once
        for ref in re.findall(r"url\(#([^)]+)\)", svg):
            assert ref.startswith("chart-") and f'id="{ref}"' in svg


def test_content_text_in_a_chart_stays_text(minimal_copy: Path):
    project = minimal_copy / "projects" / "alpha" / "project.yaml"
    text = project.read_text().replace("name: Alpha", "name: \"<script>alert(1)</script> & co\"", 1)
    project.write_text(text)
    assert run_baton(["build", str(minimal_copy), "-o", str(minimal_copy.parent / "out"), "-q"],
                     minimal_copy.parent).exit_code == 0
    roadmap = (minimal_copy.parent / "out" / "roadmap" / "index.html").read_text()
    svg = re.search(r'<svg [^>]*class="chart-svg".*?</svg>', roadmap, re.S).group(0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    assert "<script" not in roadmap


# Same bytes, cache, workers, no network -----------------------------------------

def _draw_elsewhere(items: list, theme, tmp_path: Path, script: str, **env: str) -> str:
    """Run ``script`` in a fresh Python, with ``items`` (name, spec) and
    ``fonts`` (the theme's font folders) loaded; return what it prints."""
    (tmp_path / "items.json").write_text(json.dumps(items))
    (tmp_path / "fonts.json").write_text(json.dumps([str(d) for d in theme.font_dirs]))
    setup = ("import json, sys\nfrom pathlib import Path\n"
             "from generator import workers\nfrom generator.charts import draw\n"
             "items = [tuple(i) for i in json.load(open(sys.argv[1]))]\n"
             "fonts = tuple(Path(p) for p in json.load(open(sys.argv[2])))\n")
    run = subprocess.run([sys.executable, "-c", setup + script, str(tmp_path / "items.json"),
                          str(tmp_path / "fonts.json")], cwd=ROOT, env={**os.environ, **env},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_process_forked_after_vl_convert_started_still_draws(demo, tmp_path: Path):
    """vl-convert's threads do not survive a fork. A forked process (the
    build renders the dashboard in one) that inherits a started vl-convert
    must draw in a fresh worker, not wait for those threads for ever."""
    _, theme, charts = demo
    items = [(name, c.spec) for name, c in sorted(charts.items()) if "plot" not in c.spec]
    assert len(items) == 3
    printed = _draw_elsewhere(items, theme, tmp_path, (
        "here = dict(draw.render_svgs(items, fonts))   # vl-convert starts here\n"
        "with workers.forked_job(lambda: (dict(draw.render_svgs(items, fonts)), draw.os.getpid()),\n"
        "                       when=True) as forked:\n"
        "    svgs, pid = forked()\n"
        "print(pid != draw.os.getpid(), svgs == here)\n"))
    assert printed.split() == ["True", "True"]


def test_drawn_in_workers_or_here_under_any_time_zone_the_svg_is_the_same(demo, tmp_path: Path):
    report, theme, charts = demo
    items = [(name, chart.spec) for name, chart in sorted(charts.items())]
    here = dict(render_svgs(items, theme.font_dirs))
    printed = _draw_elsewhere(items, theme, tmp_path, (
        "draw.PARALLEL_MIN_CHARTS = 2\n"
        "print(json.dumps(dict(draw.render_svgs(items, fonts))))\n"),
        TZ="Pacific/Auckland", LC_ALL="C")
    assert json.loads(printed) == here


def test_an_unchanged_chart_comes_from_the_cache(demo, tmp_path: Path, monkeypatch):
    _, theme, charts = demo
    one = {"roadmap": charts["roadmap"]}
    first = draw(one, theme, tmp_path)
    cached = list((tmp_path / "charts").glob("*.svg"))
    assert len(cached) == 1
    # the second build reads the cache and draws nothing
    monkeypatch.setattr(drawing, "_render_batch", lambda *a: pytest.fail("drew a cached chart"))
    assert draw(one, theme, tmp_path) == first
    # a changed spec is a new key, drawn again, beside the first
    monkeypatch.undo()
    changed = dict(one["roadmap"].spec, width=300)
    assert spec_key(changed, "s") != spec_key(one["roadmap"].spec, "s")
    redrawn = draw({"roadmap": dataclasses.replace(one["roadmap"], spec=changed)}, theme, tmp_path)
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 2
    assert redrawn["roadmap"].svg != first["roadmap"].svg


def test_the_cache_is_outside_the_site_and_a_build_fills_it(minimal_copy: Path):
    out = minimal_copy.parent / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], minimal_copy.parent).exit_code == 0
    cache = minimal_copy.parent / ".baton-cache" / "charts"
    assert len(list(cache.glob("*.svg"))) >= 2
    assert not list(out.rglob("*.svg.tmp")) and not (out / ".baton-cache").exists()
    custom = minimal_copy.parent / "elsewhere"
    assert run_baton(["build", str(minimal_copy), "-o", str(out) + "2", "-q", "--cache-dir", str(custom)],
                     minimal_copy.parent).exit_code == 0
    assert sorted(p.name for p in (custom / "charts").iterdir()) == sorted(p.name for p in cache.iterdir())


def test_a_broken_cache_entry_is_drawn_again(demo, tmp_path: Path):
    _, theme, charts = demo
    one = {"risks": charts["risks"]}
    good = draw(one, theme, None)
    key = spec_key(one["risks"].spec, drawing.spec_salt(theme))
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / f"{key}.svg").write_bytes(b"\xff\xfe not utf-8")
    assert draw(one, theme, tmp_path) == good
    assert ChartCache(tmp_path).get(key).startswith("<svg")  # and the entry is mended


def test_the_renderer_may_fetch_nothing(demo):
    _, _, charts = demo
    for chart in charts.values():
        assert all("url" not in layer.get("data", {}) for layer in _layers(chart.spec))
    spec = json.loads(json.dumps(charts["roadmap"].spec))
    spec["layer"][0]["data"] = {"url": "https://example.org/tranches.json"}
    with pytest.raises(ValueError, match="not allowed"):
        drawing._to_svg(spec)


def _layers(spec: dict):
    yield spec
    for key in ("layer", "spec"):
        inner = spec.get(key)
        for part in inner if isinstance(inner, list) else [inner] if inner else []:
            yield from _layers(part)


def test_page_svg_gives_unique_ids_and_a_name(demo):
    _, _, charts = demo
    chart = charts["roadmap"]
    raw = vl_convert.vegalite_to_svg(chart.spec, allowed_base_urls=[])
    svg = page_svg(raw, chart)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg"')
    assert f'<title id="{chart.anchor}-title">Roadmap</title>' in svg
    assert not re.search(r'id="clip\d', svg)


# Theme ----------------------------------------------------------------------

def test_rag_colours_pass_contrast_and_read_apart_in_grey():
    theme = load_theme(Settings())
    light = theme.light
    for rag in ("green", "amber-green", "amber", "amber-red", "red"):
        assert contrast(light.rag(rag), light.bg) >= 3, rag   # WCAG 1.4.11, graphics
    for rag in ("green", "amber", "red"):
        assert contrast(theme.dark.rag(rag), theme.dark.bg) >= 3, rag
    greys = sorted(luminance(light.rag(r)) for r in ("green", "amber", "red"))
    assert all(contrast_of(a, b) >= 1.4 for a, b in zip(greys, greys[1:]))


def contrast_of(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def build_with_theme(minimal_copy: Path, theme_yaml: str):
    """Build the minimal site with a user theme that holds only ``theme.yaml``."""
    theme = minimal_copy.parent / "mytheme"
    theme.mkdir()
    (theme / "theme.yaml").write_text(theme_yaml)
    (minimal_copy.parent / "baton.yaml").write_text("theme: mytheme\n")
    return run_baton(["build", str(minimal_copy), "-o", str(minimal_copy.parent / "out")],
                     minimal_copy.parent)


def test_the_theme_palette_colours_pages_and_charts(minimal_copy: Path):
    result = build_with_theme(minimal_copy, 'light:\n  red: "#aa0000"\n  band: "#e0e0ff"\n')
    assert result.exit_code == 0, result.output
    out = minimal_copy.parent / "out"
    css = (out / "static" / "theme.css").read_text()
    assert "--red: #aa0000;" in css and "--green: #0e5e2a;" in css  # the rest from the default
    assert '@font-face { font-family: "Inter"' in css
    roadmap = (out / "roadmap" / "index.html").read_text()
    assert 'fill="#e0e0ff"' in roadmap  # the tranche bands


def test_a_wrong_theme_colour_names_its_line(minimal_copy: Path):
    result = build_with_theme(minimal_copy, 'light:\n  bg: "#ffffff"\n  red: "crimson"\n')
    assert result.exit_code == 1
    assert re.search(r"mytheme/theme\.yaml:3:\d+: error: light\.red: 'crimson' is not a colour",
                     result.output)
    assert "Traceback" not in result.output


def test_a_missing_font_file_names_its_line(minimal_copy: Path):
    result = build_with_theme(minimal_copy, "font:\n  family: Plex\n  files:\n    - {file: Plex.otf}\n")
    assert result.exit_code == 1
    assert re.search(r"theme\.yaml:4:\d+: error: font file 'Plex.otf' not found", result.output)


def test_a_generated_program_gets_every_chart_on_every_page(generated_site: tuple[Path, Path]):
    """Every chart in place on 30 synthetic projects, and every link whole."""
    from links import broken_links
    content, out = generated_site
    for page in (out / "projects").glob("*/index.html"):
        html = page.read_text("utf-8")
        for kind in ("slip", "budget", "risks", "rag-history"):
            assert f'id="chart-projects-{page.parent.name}-{kind}"' in html, (page, kind)
    assert html.count('class="chart-svg"') == 4
    assert 'id="chart-roadmap"' in (out / "roadmap" / "index.html").read_text()
    assert broken_links(out) == []


def test_a_cache_that_cannot_be_written_is_a_clear_error(minimal_copy: Path):
    blocker = minimal_copy.parent / "not-a-folder"
    blocker.write_text("a file where the cache should go")
    out = minimal_copy.parent / "out"
    (minimal_copy.parent / "baton.yaml").write_text("cache_dir: not-a-folder\n")
    result = run_baton(["build", str(minimal_copy), "-o", str(out)], minimal_copy.parent)
    assert result.exit_code == 1
    assert "cannot write the cache there" in result.output and "--cache-dir" in result.output
    assert "Traceback" not in result.output and not out.exists()
    assert blocker.read_text() == "a file where the cache should go"


def test_site_charts_draw_what_is_asked_for_and_nothing_more(demo, tmp_path: Path):
    """A rebuild prepares only the stale pages' charts; any other chart a
    theme asks for is drawn then, the same as in a full build."""
    report, theme, every = demo
    first, other = report.projects[0].id, report.projects[1].id
    charts = drawing.SiteCharts(report, theme, tmp_path)
    charts.prepare((first,))
    svgs = lambda: len(list((tmp_path / "charts").iterdir()))  # noqa: E731
    own = {name for name in every if name.startswith(f"projects/{first}/")}
    assert own and svgs() == len({json.dumps(every[n].spec, sort_keys=True) for n in own})
    full = draw(every, theme, None)
    for name in (f"projects/{other}/slip", "rag-history", "roadmap"):
        assert charts[name].svg == full[name].svg
    assert charts.get("projects/nowhere/slip") is None and "no-such-chart" not in charts
    assert list(charts) == list(every) and len(charts) == len(every)
