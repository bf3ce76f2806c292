"""The site's files from the report: every page, rendered or taken from the
cache, the theme's static files, report.json and the feeds.

One function, one path, with a cache or without (``render``, a library
caller's way in, is this with a cache that keeps nothing): pages whose key
the cache holds are taken from it, and only the
charts of the pages left to render are drawn. The speed machinery lives
here, not in the build: while a forked worker renders the pages that any
change re-renders (the dashboard, the benefits page) and the theme's files,
this process renders the rest.
"""

from __future__ import annotations

from generator.analysis.report import Report
from generator.cache.stores import BuildCache
from generator.charts.draw import SiteCharts
from generator.errors import Progress
from generator.look.theme import Theme
from generator.render.feeds import feeds
from generator.render.pages import (
    PARALLEL_MIN_PAGES,
    data_files,
    find_in_cache,
    page_files,
    projects_to_render,
    render_pages,
    shows_everything,
    site_files,
    site_pages,
)
from generator.settings import Settings
from generator.workers import forked_job


def render(report: Report, settings: Settings, theme: Theme,
           charts: SiteCharts | None = None) -> dict[str, bytes]:
    """Every file of the site by its path, sorted, every page rendered:
    :func:`render_site` with a cache that keeps nothing, so it writes
    nothing. ``charts``: the site's charts, when the caller drew them."""
    cache = BuildCache(settings, theme, None)
    cache.for_program(report.program)
    return render_site(report, settings, theme, cache, charts=charts)[0]


def render_site(report: Report, settings: Settings, theme: Theme, cache: BuildCache,
                progress: Progress | None = None, every_chart: bool = False,
                charts: SiteCharts | None = None) -> tuple[dict[str, bytes], SiteCharts]:
    """Every file of the site by its path, sorted, and the site's charts
    (drawn as far as the pages needed them; ``every_chart``: all of them,
    as the PDFs show every chart; ``charts``: those, drawn by the caller)."""
    if charts is None:
        charts = SiteCharts(report, theme, cache.folder, progress, fresh=not cache.read,
                            templates=cache.templates, cache=cache.charts)
    site = site_pages(report, theme)
    program_pages = [page for page in site if shows_everything(page)]
    keyed_pages = [page for page in site if not shows_everything(page)]
    find_in_cache(program_pages, report, cache.pages)
    with forked_job(lambda: (render_pages(report, settings, theme, charts, program_pages),
                             site_files(report, theme)),
                    when=len(site) >= PARALLEL_MIN_PAGES) as program_files:
        find_in_cache(keyed_pages, report, cache.pages)
        # Only pages the cache does not hold need their charts. When that is
        # every project page, or every chart is wanted, all are drawn in one batch.
        stale = projects_to_render(keyed_pages)
        charts.prepare(None if every_chart or len(stale) == len(report.projects) else stale)
        rendered = render_pages(report, settings, theme, charts, keyed_pages, progress, len(site))
        data = data_files(report)
        rendered_program, others = program_files()
    if progress:
        progress("rendering pages", len(site), len(site))
    files = {**page_files(site, {**rendered, **rendered_program}, cache.pages), **data, **others,
             **feeds(report, settings)}
    return dict(sorted(files.items())), charts
