"""Charts to SVG: vl-convert or Baton's own drawer, a disk cache, and
worker processes.

``draw(charts, theme, cache_dir)`` gives every chart its SVG. A chart is
looked up in the cache by a hash of its spec (with the drawers' versions and
the font files), so an unchanged chart is never drawn twice; the ones missing
are drawn, a Vega-Lite spec by vl-convert and a plot spec by :mod:`.native`,
in worker processes when there are enough of them.
vl-convert may fetch nothing: every spec has its data inlined and no base URL
is allowed. The SVG is then made fit for a page: ids unique to the chart, and
a title and description for assistive technology.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from generator.analysis.report import Report
from generator.cache.stores import ChartCache
from generator.charts import native as plot
from generator.charts.plan import Chart, plan_charts
from generator.charts.style import TemplateStore
from generator.errors import BatonBug, Progress
from generator.look.theme import FONT_FORMATS, Theme
from generator.workers import in_batches

CACHE_FORMAT = 2              # bump when what the cache holds changes
PARALLEL_MIN_CHARTS = 40      # Vega-Lite charts' worth: below this, starting workers costs more
NATIVE_SHARE = 40             # what one Vega-Lite chart costs in charts Baton draws (40 ms to 1 ms)
SERIAL_BATCH = 20             # charts between progress reports in this process


def draw(charts: dict[str, Chart], theme: Theme, cache_dir: Path | None,
         progress: Progress | None = None, fresh: bool = False,
         salt: str | None = None, cache: ChartCache | None = None) -> dict[str, Chart]:
    """``charts`` with their SVG filled in. ``cache_dir`` None: no cache;
    ``fresh``: draw every chart, and cache what is drawn; ``salt``: the
    theme's ``spec_salt``, when the caller has it; ``cache``: the build's
    chart cache (else one for ``cache_dir``)."""
    salt = salt or spec_salt(theme)
    keys = {name: spec_key(chart.spec, salt) for name, chart in charts.items()}
    specs = {keys[name]: chart.spec for name, chart in charts.items()}
    cache = cache or ChartCache(cache_dir)
    kept = {key: None if fresh else cache.get(key) for key in sorted(specs)}
    svgs = {key: svg for key, svg in kept.items() if svg is not None}
    missing = [(key, specs[key]) for key in kept if key not in svgs]
    for key, svg in render_svgs(missing, theme.font_dirs, progress):
        cache.put(key, svg)
        svgs[key] = svg
    return {name: replace(chart, svg=page_svg(svgs[keys[name]], chart))
            for name, chart in charts.items()}


class SiteCharts(Mapping[str, Chart]):
    """The site's charts by name, each drawn when it is first needed.

    ``prepare(projects)`` plans and draws, in one batch, the charts of the
    given projects' pages (all the site's charts when None): the pages about
    to be rendered. A page that a cached copy answers needs none of its
    charts, so a rebuild after one edit plans a handful, not thousands. Any
    other chart asked for (a program page's, or any chart a theme shows on
    any page) is planned and drawn then: a project's with the rest of that
    project's, a program page's on its own. No page ever lacks one.
    """

    def __init__(self, report: Report, theme: Theme, cache_dir: Path | None,
                 progress: Progress | None = None, fresh: bool = False,
                 templates: TemplateStore | None = None, cache: ChartCache | None = None):
        self.report, self.theme, self.cache_dir = report, theme, cache_dir
        self.progress, self.fresh, self.templates = progress, fresh, templates
        self.cache = cache or ChartCache(cache_dir)
        self._salt = ""                 # spec_salt: it reads the font files, so once a build
        self._drawn: dict[str, Chart] = {}
        self._asked: set[str] = set()   # names planned once, whether the site has them or not
        self._complete = False          # every chart is drawn

    def prepare(self, projects: Collection[str] | None = None) -> None:
        if not self._complete:
            self._draw(self._plan(projects, None if projects is None else ()))
            self._complete = projects is None

    @property
    def complete(self) -> bool:
        """Every chart of the site is drawn: asking for one draws nothing."""
        return self._complete

    def __getitem__(self, name: str) -> Chart:
        if name not in self._drawn and name not in self._asked and not self._complete:
            self._asked.add(name)
            parts = name.split("/")
            if parts[0] == "projects" and len(parts) == 3:
                self._draw(self._plan((parts[1],), ()))
            else:
                self._draw(self._plan((), (name,)))
        return self._drawn[name]  # KeyError: the site has no such chart

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._every()))  # name order, as plan_charts gives them

    def __len__(self) -> int:
        return len(self._every())

    def _every(self) -> dict[str, Chart]:
        self.prepare(None)
        return self._drawn

    def _plan(self, projects: Collection[str] | None,
              program: Collection[str] | None) -> dict[str, Chart]:
        return plan_charts(self.report, self.theme, projects, program, self.templates)

    def _draw(self, charts: dict[str, Chart]) -> None:
        todo = {name: chart for name, chart in charts.items() if name not in self._drawn}
        if todo:
            self._salt = self._salt or spec_salt(self.theme)
            self._drawn.update(draw(todo, self.theme, self.cache_dir, self.progress, self.fresh,
                                    self._salt, self.cache))


def spec_key(spec: dict, salt: str) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()


def spec_salt(theme: Theme) -> str:
    """What else decides a chart's SVG: the two drawers (vl-convert's version,
    the code of Baton's own) and the font files."""
    digest = hashlib.sha256(Path(plot.__file__).read_bytes())
    for folder in theme.font_dirs:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in FONT_FORMATS:
                digest.update(path.name.encode() + path.read_bytes())
    return f"{CACHE_FORMAT}:{version('vl-convert-python')}:{digest.hexdigest()}:"


# Rendering -------------------------------------------------------------------

_registered: set[str] = set()
_converter: int | None = None   # the process in which vl-convert started its threads


def _converts_here() -> bool:
    """Whether vl-convert can run in this process: it has not started here,
    or it started in this very process. A forked process inherits the
    record but not vl-convert's threads, and would wait for them for ever."""
    return _converter in (None, os.getpid())


def _register_fonts(font_dirs: Iterable[Path]) -> None:
    import vl_convert  # here, not at the top: a rebuild that draws no Vega chart never needs it

    for folder in font_dirs:
        if str(folder) not in _registered:
            vl_convert.register_font_directory(str(folder))
            _registered.add(str(folder))


def _to_svg(spec: dict) -> str:
    import vl_convert

    global _converter
    _converter = os.getpid()
    return slim(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))


# What Vega writes for interaction and for its own screen-reader tree: the
# page's SVG is one image (role="img") with a title and description, and no
# script runs, so these are dead weight (about half the bytes).
EMPTY_PATHS = re.compile(r'<path class="(?:background|foreground)" aria-hidden="true" d="[^"]*"'
                         r'(?: pointer-events="none")?(?: display="none")?/>')
DEAD_ATTRIBUTES = re.compile(r' (?:role="graphics-[a-z-]+"|aria-roledescription="[^"]*"|'
                             r'aria-label="[^"]*"|aria-hidden="true"|pointer-events="none"|'
                             r'opacity="1"|class="(?:mark|role)-[^"]*")')


def slim(svg: str) -> str:
    """Vega's SVG without what only interaction and its ARIA tree use."""
    return DEAD_ATTRIBUTES.sub("", EMPTY_PATHS.sub("", svg))


def _render_batch(font_dirs: tuple[Path, ...], batch: list[tuple[str, dict]]) -> list[tuple[str, str]]:
    _register_fonts(font_dirs)
    return [(key, plot.draw_plot(spec, font_dirs) if "plot" in spec else _to_svg(spec))
            for key, spec in batch]


def render_svgs(items: list[tuple[str, dict]], font_dirs: tuple[Path, ...],
                progress: Progress | None = None) -> Iterable[tuple[str, str]]:
    """(key, SVG) for every (key, spec), in worker processes when there are
    many (native charts count for a fortieth of a Vega-Lite one), or when
    vl-convert cannot run in this process. A spec that vl-convert rejects
    is a Baton bug, reported as such."""
    vega = sum(1 for _, spec in items if "plot" not in spec)
    work = vega + (len(items) - vega) / NATIVE_SHARE
    try:
        yield from in_batches(_render_batch, font_dirs, items, parallel=work >= PARALLEL_MIN_CHARTS,
                              here=not vega or _converts_here(), serial_batch=SERIAL_BATCH,
                              step="drawing charts", progress=progress)
    except ValueError as exc:  # vl-convert's way to say a spec is wrong
        raise BatonBug(f"a chart could not be drawn: {exc}") from exc


# Making the SVG fit for a page ----------------------------------------------

ID = re.compile(r'\bid="([^"]+)"')
ROOT = re.compile(r"<svg\b[^>]*>")
SIZE = re.compile(r'\b(width|height|viewBox)="([^"]*)"')


def page_svg(svg: str, chart: Chart) -> str:
    """The SVG as it goes in a page: its ids prefixed with the chart's anchor
    (several charts share a page, and a worker numbers ids its own way), and
    ``role="img"`` with a title and description."""
    ids = {old: f"{chart.anchor}-{n}" for n, old in enumerate(dict.fromkeys(ID.findall(svg)), 1)}
    for old, new in ids.items():
        svg = (svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
               .replace(f'href="#{old}"', f'href="#{new}"'))
    root = ROOT.search(svg)
    if root is None:
        raise ValueError(f"{chart.name}: the renderer returned no SVG")
    size = " ".join(f'{k}="{v}"' for k, v in SIZE.findall(root.group(0)))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" {size} role="img" '
            f'aria-labelledby="{chart.anchor}-title {chart.anchor}-desc">'
            f'<title id="{chart.anchor}-title">{html.escape(chart.title)}</title>'
            f'<desc id="{chart.anchor}-desc">{html.escape(chart.summary)}</desc>')
    return head + svg[root.end():]
