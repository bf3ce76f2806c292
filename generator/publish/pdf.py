"""Which PDFs a build makes, and the data each is typeset from.

Every build with PDFs makes the executive pack and one PDF per project. Each
is a print template of the theme (``print/pack.typ``, ``print/project.typ``)
and one JSON document (:mod:`.printdata`): the template lays the data out,
:mod:`.typeset` makes the PDF with Typst. A PDF whose data, template and
fonts are those of a cached one is not typeset again.

Before a PDF is planned, every character its data holds is checked against
the theme's fonts: one that no font has is printed as U+FFFD, with a warning
at the content line that holds it (:mod:`.glyphs`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator.analysis.report import Report
from generator.cache.keys import digest, files_key
from generator.cache.stores import PageCache
from generator.charts.plan import Chart
from generator.errors import Diagnostic, PdfError, Progress
from generator.look.theme import Theme
from generator.publish.glyphs import Glyphs
from generator.publish.packdata import in_full
from generator.publish.printdata import PARTS, project_anchors
from generator.publish.printing import Links, Printing, date, labels, program_facts
from generator.publish.typeset import PrintDoc, Typesetter
from generator.render.filters import PACK_PDF, PROJECT_PAGE, PROJECT_PDF
from generator.settings import Settings

PACK_TEMPLATE = "print/pack.typ"
PROJECT_TEMPLATE = "print/project.typ"
PAPER = {"a4": "a4", "letter": "us-letter"}     # Typst's names


@dataclass(frozen=True)
class Part:
    """One part of a PDF: what a page of the site shows, set for paper."""

    kind: str          # a key of printdata.PARTS: dashboard, project-summary…
    anchor: str        # its label in the PDF: links to its site page come here
    title: str         # its line in the contents
    page: str = ""     # the site page it stands for
    level: int = 1     # 2: a project under "Active projects"
    wide: bool = False  # set on landscape pages
    new_page: bool = True  # False: it follows on the page before (the verdict, on the cover)


def plan_pdfs(report: Report, settings: Settings, theme: Theme, charts: Mapping[str, Chart],
              assets: frozenset[str], glyphs: Glyphs) -> tuple[list[PrintDoc], list[Diagnostic]]:
    """The executive pack, then one PDF per project, by id, and the warnings
    found on the way. ``assets`` are the site's files under assets/, which
    content Markdown may show. Raises PdfError when content names an
    image the site does not have."""
    program = report.program
    problems: list[Diagnostic] = []
    pack = PACK_PDF.format(id=program.id)
    parts = [Part("verdict", "part-verdict", "Verdict, decisions and escalations", new_page=False),
             Part("dashboard", "part-dashboard", "Dashboard", "index.html", new_page=False),
             Part("benefits", "part-benefits", "Benefits", "benefits/index.html", wide=True),
             Part("roadmap", "part-roadmap", "Roadmap", "roadmap/index.html", wide=True)]
    active = [p for p in report.projects if not p.project.closed]
    full = in_full(active, settings.pdf)
    parts += [Part("project-summary", f"part-project-{p.id}", p.project.name,
                   PROJECT_PAGE.format(id=p.id), level=2) for p in full]
    items = {f"part-project-{p.id}": p for p in full}
    cover = {"kind": "Executive pack", "name": program.name, "objective": program.objective,
             "facts": program_facts(report, count_closed=True),
             "pack": settings.pdf.pack, "in_full": len(full), "active": len(active),
             "limit": settings.pdf.pack_projects,
             "projects_title": "Active projects" if settings.pdf.pack == "full" else "Projects to look at"}
    docs = [_doc(report, settings, theme, charts, assets, problems, pack, PACK_TEMPLATE, parts,
                 items, {}, cover,
                 title=f"{program.name}: executive pack",
                 subject=f"Program report as of {report.as_of.isoformat()}: {program.objective}",
                 running_title=program.name)]
    for p in report.projects:
        path = PROJECT_PDF.format(id=p.id)
        whole = Part("project", "part-project", p.project.name, PROJECT_PAGE.format(id=p.id))
        docs.append(_doc(report, settings, theme, charts, assets, problems, path, PROJECT_TEMPLATE,
                         [whole], {"part-project": p}, project_anchors(p), None,
                         title=f"{p.project.name}: project report",
                         subject=f"Project report as of {report.as_of.isoformat()}, {program.name}",
                         running_title=f"{p.project.name} · {program.name}"))
    errors = sorted({d for d in problems if d.severity == "error"}, key=Diagnostic.sort_key)
    if errors:
        raise PdfError(errors)
    warnings = sorted({d for d in problems if d.severity != "error"}, key=Diagnostic.sort_key)
    return docs, warnings + glyphs.missing(program)


def _doc(report: Report, settings: Settings, theme: Theme, charts: Mapping[str, Chart],
         assets: frozenset[str], problems: list[Diagnostic], path: str, template: str,
         parts: list[Part], items: Mapping[str, object], anchors, cover: dict | None, *,
         title: str, subject: str, running_title: str) -> PrintDoc:
    links = Links(path, {part.page: part.anchor for part in parts if part.page}, settings.base_url,
                  frozenset(anchors))
    printing = Printing(report, charts, links, assets)
    data = {
        "doc": {"title": title, "subject": subject, "author": report.program.manager,
                "running_title": running_title, "as_of": date(report.as_of), "lang": "en",
                "paper": PAPER[settings.pdf.paper]},
        "theme": {"font": theme.font.family, "colours": dict(theme.light.items())},
        "labels": labels(),
        "cover": cover,
        "parts": [{"kind": part.kind, "anchor": part.anchor, "title": part.title,
                   "level": part.level, "wide": part.wide, "new_page": part.new_page,
                   "data": PARTS[part.kind](printing, *([items[part.anchor]]
                                                         if part.anchor in items else []))}
                  for part in parts],
    }
    problems += printing.errors + printing.warnings
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return PrintDoc(path, template, text, report.as_of)


def make_pdfs(report: Report, settings: Settings, theme: Theme, charts: Mapping[str, Chart],
              files: Mapping[str, bytes], cache: PageCache,
              progress: Progress | None = None) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every PDF by its path, and the warnings. A PDF whose data and every
    file it may load (the content's assets) are in ``cache`` is not typeset
    again; its warnings about content come again, Typst's do not."""
    assets = {path: data for path, data in files.items() if path.startswith("assets/")}
    glyphs = Glyphs.of(theme)
    docs, warnings = plan_pdfs(report, settings, theme, charts, frozenset(assets), glyphs)
    docs = [glyphs.replace_missing(doc) for doc in docs]
    salt = files_key(digest(cache.keys.program, settings.pdf.standard), assets)
    keys = {doc.path: digest(salt, doc.path, doc.template, doc.data) for doc in docs}
    kept = {doc.path: cache.get(keys[doc.path]) for doc in docs}
    pdfs = {path: pdf for path, pdf in kept.items() if pdf is not None}
    missing = [doc for doc in docs if doc.path not in pdfs]
    if missing:
        with Typesetter(theme, settings, assets) as typesetter:
            for doc, pdf, said in typesetter.typeset_all(missing, progress):
                cache.put(keys[doc.path], pdf)
                pdfs[doc.path] = pdf
                warnings += said
    return {doc.path: pdfs[doc.path] for doc in docs}, warnings
