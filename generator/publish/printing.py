"""What every part of a PDF's data is made with: the :class:`Printing`
context (the report, charts and links), facts, ratings, rows and dates.

The print templates (``print/*.typ`` in the theme) lay out data; they never
see content as markup. Every value here is JSON: names, titles and owners
are strings, figures are already formatted (:mod:`generator.look.formats`, as on the
site), Markdown bodies are trees (:func:`.markdown.print_markdown`), links
are resolved targets and charts are their SVG. docs/pdf.md describes the
shape; the default theme's templates read every field.

A link target is ``{"label": …}`` (a place in this PDF) or ``{"url": …}``
(the published site when there is a base URL, else a path relative to the
PDF in the site), made by :class:`Links`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.analysis.projects import ProjectStatus
from generator.analysis.report import Report
from generator.analysis.schedule import MilestoneStatus
from generator.charts.plan import Chart
from generator.errors import Diagnostic, Loc
from generator.look.formats import (
    BENEFIT_LABELS,
    BENEFIT_MARKS,
    RAG_LABELS,
    STATE_LABELS,
    STATE_MARKS,
    format_date,
    milestone_state,
    money,
    signed_days,
)
from generator.look.markdown import _is_local, print_markdown

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")   # what Typst can draw
SUMMARY_ROWS = 4            # milestones and risks on a project's pack page
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


@dataclass
class Links:
    """Where a link from one PDF goes. ``holds`` maps the site pages this PDF
    holds to their labels; ``anchors`` are the labels of places inside them
    that a fragment may reach (a project PDF's milestones and RAID items)."""

    pdf: str                                # the PDF's path in the site
    holds: Mapping[str, str]
    base_url: str | None
    anchors: frozenset[str] = frozenset()

    def page(self, site_path: str, fragment: str = "") -> dict:
        """A link to a page of the site (``projects/x/index.html``)."""
        label = self.holds.get(site_path)
        if label is not None:
            return {"label": fragment if fragment in self.anchors else label}
        target = site_path + (f"#{fragment}" if fragment else "")
        if self.base_url:
            return {"url": self.base_url.rstrip("/") + "/" + target}
        relative = posixpath.relpath(site_path or ".", posixpath.dirname(self.pdf))
        return {"url": relative + (f"#{fragment}" if fragment else "")}

    def href(self, href: str, page: str) -> dict | None:
        """A Markdown link written on site page ``page``, resolved as the site
        resolves it (site-root-relative, or relative to the page)."""
        if not _is_local(href):
            return {"url": href}
        path, _, fragment = href.partition("#")
        if not path:
            return self.page(page, fragment)
        if path.startswith(("./", "../")):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return self.page(path.lstrip("/"), fragment)


@dataclass
class Printing:
    """What every part's data is made with: the report, the charts, the
    links of the PDF being planned, and the problems found on the way
    (an image the content names that the site lacks)."""

    report: Report
    charts: Mapping[str, Chart]
    links: Links
    assets: frozenset[str]                           # site paths under assets/
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.report.program.currency

    def money(self, value: float | None, signed: bool = False) -> str:
        return money(value, self.currency, signed)

    def markdown(self, text: str | None, page: str, loc: Loc) -> list:
        """Content Markdown written on site page ``page``, from ``loc`` (the
        first line of the text in its file)."""
        if not text:
            return []

        def image(src: str, line: int) -> str | None:
            path, _, _ = src.partition("#")
            if path.startswith(("./", "../")):
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            path = path.lstrip("/")
            at = Loc(loc.file, loc.line + line, 1)
            if path not in self.assets:
                self.errors.append(Diagnostic(at, "error", f"PDF: image '{src}' is not in the site",
                                              "put the file in content/assets/, or fix the path"))
                return None
            if not path.lower().endswith(IMAGE_TYPES):
                self.warnings.append(Diagnostic(
                    at, "warning", f"PDF: image '{src}' cannot be drawn in a PDF; its text is shown",
                    "use PNG, JPEG, GIF, WebP or SVG"))
                return None
            return "/" + path

        return print_markdown(text, lambda href: self.links.href(href, page), image)

    def chart(self, name: str) -> dict | None:
        """A chart by name, or None when the content gives it no data."""
        c = self.charts.get(name)
        if c is None or not c.svg:
            return None
        size = SVG_SIZE.search(c.svg)
        width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 320.0)
        return {"name": c.name, "title": c.title, "summary": c.summary, "svg": c.svg,
                "width": width, "height": height}

    # Links to pages of the site

    def project(self, project, fragment: str = "") -> dict:
        return {"text": project.name, "to": self.links.page(project_page(project.id), fragment)}

    def milestone(self, m: MilestoneStatus) -> dict:
        return {**self.project(m.project, "m-" + m.milestone.id), "text": m.milestone.name,
                "project": m.project.name}


def project_page(project_id: str) -> str:
    return f"projects/{project_id}/index.html"


def date(value) -> str:
    return format_date(value)


def labels() -> dict:
    """The words the templates show for the scales."""
    return {"rag": RAG_LABELS, "state": STATE_LABELS, "state_marks": STATE_MARKS,
            "benefit": BENEFIT_LABELS, "benefit_marks": BENEFIT_MARKS}


# Pieces --------------------------------------------------------------------

def ratings(p: ProjectStatus) -> list[dict]:
    """The newest report's five ratings, with the rating the tolerances give
    where it is worse than the one declared; the overall one says whether
    the report is stale."""
    derived = {mm.dimension: mm.derived for mm in p.mismatches}
    return [{"dimension": dimension.capitalize(), "declared": p.declared(dimension),
             "derived": derived.get(dimension),
             "stale": dimension == "overall" and p.stale and p.status is not None}
            for dimension in ("overall", "schedule", "budget", "scope", "quality")]


def milestone_row(pr: Printing, m: MilestoneStatus, link: bool = True) -> dict:
    return {"milestone": pr.milestone(m) if link else {"text": m.milestone.name, "to": None},
            "date": date(m.date), "variance": signed_days(m.variance_days), "state": m.state,
            "state_text": milestone_state(pr.report, m)}


def owner(item) -> str | None:
    return item.owner or None


def source_loc(obj, key: str = "") -> Loc:
    return obj.src.at(key) if key else obj.src.loc


def body_loc(obj) -> Loc:
    return Loc(obj.src.loc.file, obj.body_line, 1)


def facts(pairs: list[tuple[str, str | None]]) -> list[dict]:
    return [{"label": label, "value": value} for label, value in pairs if value]


def program_facts(report: Report, count_closed: bool = False) -> list[dict]:
    program = report.program
    closed = sum(p.project.closed for p in report.projects)
    projects = str(len(report.projects)) + (f" ({closed} closed)" if count_closed and closed else "")
    return facts([("As of", date(report.as_of)), ("Sponsor", program.sponsor),
                  ("Program manager", program.manager), ("Projects", projects)])
