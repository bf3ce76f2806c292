"""What hosts and feed readers read: ``sitemap.xml``, ``robots.txt`` and the
Atom feed of status reports, ``feed.xml``.

Each of them needs absolute URLs, so they are made only when the settings
give a base URL (``base_url`` or ``--base-url``). Without one they are left
out, with one warning, rather than written with URLs that would be wrong.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from generator import __version__
from generator.analysis.projects import DIMENSIONS
from generator.analysis.report import Report
from generator.errors import WARNING, Diagnostic, Loc
from generator.look.formats import RAG_LABELS, format_date
from generator.look.markdown import render_markdown
from generator.render.pages import PROJECT_PAGE, site_pages
from generator.settings import FILE_NAME, Settings

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_PATH = "feed.xml"
LEFT_OUT = ("sitemap.xml", "robots.txt", FEED_PATH)


def feeds(report: Report, settings: Settings) -> dict[str, bytes]:
    """The three files by path, or none without a base URL."""
    if not settings.base_url:
        return {}
    base = settings.base_url.rstrip("/") + "/"
    return {"sitemap.xml": sitemap(report, base), "robots.txt": robots(base),
            FEED_PATH: feed(report, settings, base)}


def missing_base_url(settings: Settings) -> tuple[Diagnostic, ...]:
    """The one warning a build without a base URL gets."""
    if settings.base_url:
        return ()
    where = Path(settings.root, FILE_NAME)
    fix = "set base_url in baton.yaml" if settings.file else \
        f"there is no {where.name} here: create it beside the content folder with a base_url"
    return (Diagnostic(Loc(str(where)), WARNING,
                       f"no base_url: {', '.join(LEFT_OUT)} and canonical links are left out",
                       f"{fix}, or build with --base-url https://example.org/program/"),)


def page_urls(report: Report, base: str) -> list[str]:
    """The absolute URL of every page a search engine should know, sorted."""
    return sorted(base + page.path.removesuffix("index.html") for page in site_pages(report)
                  if page.path != "404.html")


def sitemap(report: Report, base: str) -> bytes:
    root = ET.Element("urlset", xmlns=SITEMAP)
    for url in page_urls(report, base):
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = url
    return _xml(root)


def robots(base: str) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n".encode()


def feed(report: Report, settings: Settings, base: str) -> bytes:
    """Every status report, newest first. An entry's id is the address of its
    row in the project's status history, which never changes for a report."""
    program = report.program
    reports = sorted(((s, p) for p in program.projects for s in p.status_reports),
                     key=lambda sp: (-sp[0].date.toordinal(), sp[1].id))
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    ET.SubElement(root, "title").text = f"{settings.title or program.name}: status reports"
    ET.SubElement(root, "subtitle").text = program.objective
    ET.SubElement(root, "id").text = base + FEED_PATH
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=base)
    newest = reports[0][0].date if reports else report.as_of
    ET.SubElement(root, "updated").text = _timestamp(newest)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = program.manager or program.name
    ET.SubElement(root, "generator", version=__version__).text = "Baton"
    for status, project in reports:
        page = base + PROJECT_PAGE.format(id=project.id).removesuffix("index.html")
        url = f"{page}#status-{status.date.isoformat()}"
        entry = ET.SubElement(root, "entry")
        headline = status.headline or f"status report of {format_date(status.date)}"
        ET.SubElement(entry, "title").text = f"{project.name}: {headline}"
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
        ET.SubElement(entry, "updated").text = _timestamp(status.date)
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = project.manager
        ET.SubElement(entry, "category", term=status.overall,
                      label=f"Overall {RAG_LABELS[status.overall]}")
        ET.SubElement(entry, "summary").text = "; ".join(
            f"{dim.capitalize()} {RAG_LABELS[getattr(status, dim)]}" for dim in DIMENSIONS
            if getattr(status, dim))
        content = ET.SubElement(entry, "content", type="html")
        content.text = str(render_markdown(status.body, base))  # links from the site root
    return _xml(root)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()
