"""Render the report into the site's files: ``{relative path: bytes}``.

Rendering is pure: it reads the analysed report, the theme and the content's
assets, and returns every file of the site without touching the output folder
(:mod:`generator.publish.output` writes). The site's pages are one table,
``PAGES``; the Jinja environment is :mod:`.templates`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator.analysis.benefits import ON_TRACK_TOLERANCE
from generator.analysis.report import Report
from generator.cache.keys import digest
from generator.cache.scan import files_under
from generator.cache.stores import PageCache
from generator.charts.plan import Chart
from generator.content.assets import clean_svg
from generator.errors import ContentError, Progress
from generator.look.formats import (
    BENEFIT_LABELS,
    BENEFIT_MARKS,
    RAG_LABELS,
    STATE_LABELS,
    STATE_MARKS,
)
from generator.look.theme import CSS_PATH, Theme, theme_css
from generator.render.export import report_json
from generator.render.filters import FREE_PAGE, PACK_PDF, PROJECT_PAGE
from generator.render.templates import LAYOUT, environment, template_error, using_user_templates
from generator.settings import Settings
from generator.workers import forked_map


@dataclass(frozen=True)
class PageSpec:
    """One kind of page: where it goes, which template, and for what."""

    path: str                                  # may hold {id}
    template: str
    items: Callable[[Report], Iterable]        # one page per item; its .id fills {id}
    section: str                               # the navigation entry it comes under
    nav: str = ""                              # its label, when it is a navigation entry
    # What one page shows besides the program (see incremental.page_key); a
    # page without it shows the whole program and is re-rendered on any change.
    shows: Callable[[Report, object], object] | None = None


def _once(report: Report) -> Iterable:
    return (None,)


def _program_only(report: Report, item: object) -> object:
    return ()


def project_shows(report: Report, p) -> object:
    """What a project page shows besides its own project: what the analysis
    finds between it and other projects (conflicts, exposures, benefits) and
    the milestones its milestones depend on.

    The project itself (all of it) and the program's as-of date are in every
    project page's key already, so ``p`` is not written out again: it is
    ``analysis.project_status(project, as_of)``, nothing else."""
    needs = tuple(report.milestone(ref) for m in p.milestones for ref in m.milestone.depends_on)
    return (report.conflicts_of(p.id), report.exposures_of(p.id), report.benefits_of(p.id), needs)


def roadmap_shows(report: Report, item: object) -> object:
    """What the roadmap shows: every project's schedule and overall rating,
    and the cross-project analysis; not what status reports say, nor RAID
    logs or budgets. An edited report's text leaves it as it was."""
    projects = tuple((p.project, p.project.start, p.project.finish, p.project.phase,
                      p.project.tranche, p.declared("overall"), p.finish_date, p.finish_slip_days,
                      p.milestones) for p in report.projects)
    return (report.as_of, projects, report.critical_path, report.conflicts, report.exposures,
            report.team_load)


PARALLEL_MIN_PAGES = 100   # below this, forking workers costs more than it saves

PAGES = (
    PageSpec("index.html", "dashboard.html", _once, "index.html", nav="Dashboard"),
    PageSpec(PROJECT_PAGE, "project.html", lambda r: r.projects, "index.html", shows=project_shows),
    PageSpec("roadmap/index.html", "roadmap.html", _once, "roadmap/index.html", nav="Roadmap",
             shows=roadmap_shows),
    PageSpec("benefits/index.html", "benefits.html", _once, "benefits/index.html", nav="Benefits"),
    PageSpec(FREE_PAGE, "page.html", lambda r: r.program.pages, "", shows=_program_only),
    PageSpec("404.html", "404.html", _once, "", shows=_program_only),
)


@dataclass(frozen=True)
class PageContext:
    """What a template knows about the page it is rendering."""

    path: str          # its path in the site, e.g. projects/portal/index.html
    root: str          # the way back to the site root, e.g. ../../
    section: str       # the navigation entry it comes under, e.g. index.html
    canonical: str     # its absolute URL, when the settings give a base URL


@dataclass
class SitePage:
    """One page of the site: its kind, its item, its path, and its cache key
    and cached bytes when the page cache holds it."""

    spec: PageSpec
    item: Any            # the Project, Page or Benefit it shows, or None
    path: str
    # What it shows besides the program, for its key: its spec's, or None
    # (the whole program) when its template uses one of the user's templates.
    shows: Callable[[Report, object], object] | None = None
    key: str = ""
    cached: bytes | None = None


def site_pages(report: Report, theme: Theme | None = None) -> list[SitePage]:
    """Every page of the site, in PAGES order, not yet looked up (see find_in_cache).
    A page made from a template of the user's ``theme`` (or one that uses
    one) shows the whole program, as far as its key knows: a user's template
    may show anything, so it can never go stale."""
    whole = using_user_templates(theme, {spec.template for spec in PAGES}) if theme else set()
    return [SitePage(spec, item, spec.path.format(id=getattr(item, "id", "")),
                     shows=None if spec.template in whole else spec.shows)
            for spec in PAGES for item in spec.items(report)]


def find_in_cache(pages: Iterable[SitePage], report: Report, cache: PageCache) -> None:
    """Give each page its key, and its bytes when ``cache`` holds them."""
    for page in pages:
        page.key = _page_key(cache, page, report)
        page.cached = cache.get(page.key)


def shows_everything(page: SitePage) -> bool:
    """Whether the page shows the whole program (the dashboard, the benefits
    page): then any change re-renders it."""
    return page.shows is None


def projects_to_render(pages: Iterable[SitePage]) -> set[str]:
    """The ids of the projects whose pages the cache does not hold."""
    return {page.item.id for page in pages if page.cached is None and page.spec.path == PROJECT_PAGE}


def render_pages(report: Report, settings: Settings, theme: Theme, charts: Mapping[str, Chart],
                 pages: list[SitePage], progress: Progress | None = None,
                 total: int = 0) -> dict[str, bytes]:
    """The pages without cached bytes, rendered, by path. ``progress`` hears
    how many of ``pages`` are done, of ``total`` (``len(pages)`` when 0)."""
    env = environment(theme, settings.cache_path)
    env.globals.update(site_globals(report, settings), charts=charts)
    try:
        templates = {spec.template: env.get_template(spec.template) for spec in PAGES}
    except Exception as exc:  # a theme's template can fail in any way: say where
        raise template_error(exc) from None

    def render_one(page: SitePage) -> bytes:
        try:
            return _render_page(templates[page.spec.template], report, settings, page.path,
                                page.spec.section, page.item)
        except ContentError:
            raise
        except Exception as exc:
            raise template_error(exc) from None   # here, where the traceback is

    todo = [page for page in pages if page.cached is None]
    # Forked workers may not draw a chart (vl-convert's threads do not survive
    # a fork), so pages are rendered in them only once every chart is drawn.
    complete = getattr(charts, "complete", True)
    made = forked_map(render_one, todo, parallel=complete and len(todo) >= PARALLEL_MIN_PAGES)
    files: dict[str, bytes] = {}
    cached = len(pages) - len(todo)
    for page, data in zip(todo, made):
        files[page.path] = data
        if progress and (len(files) % 50 == 0 or len(files) == len(todo)):
            progress("rendering pages", cached + len(files), total or len(pages))
    return files


def page_files(pages: Iterable[SitePage], rendered: Mapping[str, bytes],
               cache: PageCache | None = None) -> dict[str, bytes]:
    """Every page's bytes by path: cached, or just ``rendered`` (and then
    put in ``cache``)."""
    files = {}
    for page in pages:
        if page.cached is None:
            files[page.path] = rendered[page.path]
            if cache:
                cache.put(page.key, files[page.path])
        else:
            files[page.path] = page.cached
    return files


def site_files(report: Report, theme: Theme) -> dict[str, bytes]:
    """The theme's static files and style sheet, and the content's assets."""
    files = static_files(theme)
    files[CSS_PATH] = theme_css(theme)
    files.update(asset_files(report.program))
    return files


def _page_key(cache: PageCache, page: SitePage, report: Report) -> str:
    if page.shows is None:
        return digest(cache.keys.inputs, page.path)
    return cache.fingerprints.key(cache.keys.program, page.path, page.shows(report, page.item),
                                  getattr(page.item, "project", None))


def site_globals(report: Report, settings: Settings) -> dict:
    """What every page may read besides the report."""
    program = report.program
    nav = [(spec.path, spec.nav) for spec in PAGES if spec.nav]
    nav += [(FREE_PAGE.format(id=page.id), page.title) for page in program.pages]
    return {
        "site_title": settings.title or program.name,
        "layout": LAYOUT,        # what page templates extend
        "lang": "en",
        "nav": nav,
        "pdfs": settings.pdf.enabled,  # link pages to their PDFs
        "pack_pdf": PACK_PDF.format(id=program.id),
        "rag_labels": RAG_LABELS,
        "state_labels": STATE_LABELS,
        "state_marks": STATE_MARKS,
        "benefit_labels": BENEFIT_LABELS,
        "benefit_marks": BENEFIT_MARKS,
        "on_track_tolerance": ON_TRACK_TOLERANCE,
        "tranche_names": {t.id: t.name for t in program.tranches},
        "team_names": {t.id: t.name for t in program.teams},
    }


def _render_page(template: jinja2.Template, report: Report, settings: Settings, path: str,
                 section: str, item: object) -> bytes:
    root = "../" * path.count("/")
    canonical = ""
    if settings.base_url:
        base = settings.base_url.rstrip("/") + "/"
        canonical = base + path.removesuffix("index.html")
        if path == "404.html":
            # A host serves 404.html at any depth: only links from the root work there.
            root = urlsplit(base).path
            canonical = ""
    page = PageContext(path, root, section or path, canonical)
    return (render_template(template, report, settings, page, item).strip() + "\n").encode("utf-8")


def render_template(template: jinja2.Template, report: Report, settings: Settings,
                    page: PageContext, item: object = None, **extra) -> str:
    """One template, with what every template may read."""
    return template.render(report=report, program=report.program, settings=settings,
                           page=page, item=item, **extra)


# Files copied as they are ---------------------------------------------------

def data_files(report: Report) -> dict[str, bytes]:
    """The report as JSON, for other tools (see docs/report-json.md)."""
    return {"data/report.json": report_json(report)}


def static_files(theme: Theme) -> dict[str, bytes]:
    """The theme's static files under static/, a user's replacing the default's."""
    files: dict[str, bytes] = {}
    for folder in reversed(theme.dirs):
        files.update(files_under(folder / "static", "static"))
    return files


def asset_files(program) -> dict[str, bytes]:
    """The content's assets as the site publishes them: as they are, but an
    SVG without what could run or fetch (:mod:`generator.content.assets`; the loader checked
    that each one can be cleaned)."""
    root = Path(program.content_dir, "assets")
    files = {}
    for rel in program.assets:
        data = (root / rel).read_bytes()
        files[f"assets/{rel}"] = clean_svg(data).data if rel.lower().endswith(".svg") else data
    return files
