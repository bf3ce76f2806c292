"""Which PDFs a build makes, and the print HTML of each.

A PDF is the site's own pages set for paper. Each page template renders its
content alone (its ``layout`` is ``pdf/part.html`` rather than ``base.html``),
with the same report and the same chart SVG as the site; ``pdf/pack.html`` and
``pdf/project.html`` put the parts in a document with a cover, a running header
and page numbers (``static/print.css``). :mod:`.typeset` makes the PDF.

In print HTML the site lives at ``SITE``, an address that is never fetched:
typeset serves it from the site's own files and turns links to it into links
inside the PDF, to the published site, or relative to the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

import markupsafe

from .analysis import RECENT_DAYS, Report
from .charts import Chart
from .diagnostics import ContentError, Diagnostic, Loc, Progress
from .incremental import PageCache, digest, files_key
from .render import (PACK_PDF, PROJECT_PAGE, PROJECT_PDF, PageContext, environment,
                     render_template, site_globals, template_error)
from .settings import FILE_NAME, Settings
from .theme import Theme, theme_css

SITE = "https://baton.invalid/"        # .invalid never resolves (RFC 2606)
PRINT_THEME_CSS = "static/theme-print.css"
SUMMARY_ROWS = 4                       # milestones and risks on a project's pack page
PAPER = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class Part:
    """One part of a PDF: a page of the site set for paper."""

    anchor: str        # its id in the document
    title: str         # its line in the contents
    html: markupsafe.Markup
    page: str = ""     # the site page it stands for: links to that page come here
    level: int = 1     # 2: a project under "Active projects"
    wide: bool = False  # set on landscape pages


@dataclass(frozen=True)
class PrintDoc:
    """One PDF to make: where it goes, its print HTML, and which site pages
    it holds (site path -> anchor), so links to them stay inside it."""

    path: str
    html: str
    holds: tuple[tuple[str, str], ...]


def plan_pdfs(report: Report, settings: Settings, theme: Theme,
              charts: Mapping[str, Chart]) -> list[PrintDoc]:
    """The executive pack, then one PDF per project, by id. Raises
    ContentError at the template line when a theme's template fails."""
    try:
        return _plan(report, settings, theme, charts)
    except Exception as exc:  # a theme's template can fail in any way: say where
        raise template_error(exc) from None


def _plan(report: Report, settings: Settings, theme: Theme,
          charts: Mapping[str, Chart]) -> list[PrintDoc]:
    env = environment(theme, settings.cache_path)
    env.globals.update(site_globals(report, settings), charts=charts, layout="pdf/part.html",
                       pdfs=False, paper=PAPER[settings.pdf.paper], recent_days=RECENT_DAYS,
                       summary_rows=SUMMARY_ROWS)
    program = report.program

    def part(template: str, path: str, anchor: str, title: str, item: object = None,
             **options) -> Part:
        page = PageContext(path, SITE, "", "")
        html = render_template(env.get_template(template), report, settings, page, item)
        return Part(anchor, title, markupsafe.Markup(html), **options)

    def document(template: str, path: str, parts: list[Part], title: str, subject: str,
                 running_title: str) -> PrintDoc:
        doc = {"title": title, "subject": subject, "running_title": running_title}
        page = PageContext(path, SITE, "", "")
        html = render_template(env.get_template(template), report, settings, page,
                               parts=parts, doc=doc)
        return PrintDoc(path, html, tuple(sorted((p.page, p.anchor) for p in parts if p.page)))

    pack = PACK_PDF.format(id=program.id)
    parts = [part("dashboard.html", pack, "part-dashboard", "Dashboard", page="index.html"),
             part("benefits.html", pack, "part-benefits", "Benefits", page="benefits/index.html",
                  wide=True),
             part("roadmap.html", pack, "part-roadmap", "Roadmap", page="roadmap/index.html",
                  wide=True),
             part("pdf/escalations.html", pack, "part-escalations", "Escalations and decisions")]
    parts += [part("pdf/project-summary.html", pack, f"part-project-{p.id}", p.project.name, p,
                   page=PROJECT_PAGE.format(id=p.id), level=2)
              for p in report.projects if not p.project.closed]
    docs = [document("pdf/pack.html", pack, parts, f"{program.name}: executive pack",
                     f"Program report as of {report.as_of.isoformat()}: {program.objective}",
                     program.name)]
    for p in report.projects:
        path = PROJECT_PDF.format(id=p.id)
        whole = part("project.html", path, "part-project", p.project.name, p,
                     page=PROJECT_PAGE.format(id=p.id))
        docs.append(document("pdf/project.html", path, [whole], f"{p.project.name}: project report",
                             f"Project report as of {report.as_of.isoformat()}, {program.name}",
                             f"{p.project.name} · {program.name}"))
    return docs


def print_files(files: Mapping[str, bytes], theme: Theme) -> dict[str, bytes]:
    """What print HTML may load: the site's static files and assets, and the
    theme's palette without the dark scheme (paper is light)."""
    keep = {path: data for path, data in files.items() if path.startswith(("static/", "assets/"))}
    return {**keep, PRINT_THEME_CSS: theme_css(theme, dark=False)}


def make_pdfs(report: Report, settings: Settings, theme: Theme, charts: Mapping[str, Chart],
              files: Mapping[str, bytes], cache: PageCache,
              progress: Optional[Progress] = None) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every PDF by its path, and what WeasyPrint warned about. A PDF whose
    print HTML (and every file it may load) is in ``cache`` is not typeset
    again."""
    docs = plan_pdfs(report, settings, theme, charts)
    loads = print_files(files, theme)
    salt = files_key(cache.keys.program, loads)
    keys = {doc.path: digest(salt, doc.path, doc.html, repr(doc.holds)) for doc in docs}
    pdfs = {doc.path: cache.get(keys[doc.path]) for doc in docs}
    missing = [doc for doc in docs if pdfs[doc.path] is None]
    warnings: list[Diagnostic] = []
    if missing:
        typeset = load_typesetter(settings)
        made, warnings = typeset(missing, loads, settings.base_url, progress)
        for path, pdf in made.items():
            cache.put(keys[path], pdf)
        pdfs.update(made)
    return pdfs, warnings


def load_typesetter(settings: Settings):
    """:func:`.typeset.typeset`, imported only when a build makes PDFs:
    importing WeasyPrint loads the Pango library, which a machine may lack."""
    try:
        from .typeset import typeset
    except (ImportError, OSError) as exc:
        raise ContentError([Diagnostic(Loc(str(Path(settings.root, FILE_NAME))), "error",
                                       f"PDF output needs WeasyPrint and the Pango library: {exc}",
                                       "apt-get install libpango-1.0-0 libpangoft2-1.0-0, "
                                       "or build without PDFs (--no-pdf)")]) from None
    return typeset
