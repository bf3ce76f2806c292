"""Print HTML to PDF bytes with WeasyPrint.

``typeset(docs, files, base_url)`` lays out every planned PDF (:mod:`.pdfs`),
in worker processes when there are several. WeasyPrint may load nothing but
the site's own files: a fetcher serves those from memory and refuses every
other address, so a PDF never depends on the network or on where the build
runs. Links to the site's pages become links inside the PDF when it holds the
page, else links to the published site (``base_url``), else links relative to
the PDF's place in the site.

WeasyPrint reports what it cannot draw as log messages and goes on. Here a
missing image, SVG, font or file fails the build, naming the PDF; a CSS rule it
ignores is a warning.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .diagnostics import ContentError, Diagnostic, Loc, Progress
from .pdfs import SITE, PrintDoc
from .workers import in_batches

PARALLEL_MIN_PDFS = 4         # below this, starting workers costs more than it saves
# What WeasyPrint says when part of a page is missing from the PDF.
MISSING = re.compile(r"image|svg|font|fetch|load|uri|url", re.IGNORECASE)


@dataclass(frozen=True)
class Typeset:
    """One PDF and what WeasyPrint said while making it."""

    path: str
    pdf: bytes
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def typeset(docs: list[PrintDoc], files: Mapping[str, bytes], base_url: Optional[str],
            progress: Optional[Progress] = None) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every PDF by its path, and the warnings. ``files`` are what the print
    HTML may load, by site path. Raises ContentError when WeasyPrint cannot
    run or could not draw part of a PDF."""
    results = list(in_batches(_typeset_batch, (dict(files), base_url), docs,
                              parallel=len(docs) >= PARALLEL_MIN_PDFS, serial_batch=1,
                              step="typesetting PDFs", progress=progress))
    errors = [Diagnostic(Loc(r.path), "error", f"PDF: {message}",
                         "the theme or the content refers to something the site does not have")
              for r in results for message in r.errors]
    if errors:
        raise ContentError(errors)
    warnings = [Diagnostic(Loc(r.path), "warning", f"PDF: {message}",
                           "the print stylesheet uses CSS that WeasyPrint ignores")
                for r in results for message in r.warnings]
    return {r.path: r.pdf for r in results}, warnings


# In a worker ------------------------------------------------------------------

def _typeset_batch(shared: tuple[dict[str, bytes], Optional[str]],
                   batch: list[PrintDoc]) -> list[Typeset]:
    files, base_url = shared
    return [_typeset_one(doc, files, base_url) for doc in batch]


def _typeset_one(doc: PrintDoc, files: dict[str, bytes], base_url: Optional[str]) -> Typeset:
    log = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(log)
    propagate, logger.propagate = logger.propagate, False
    try:
        html = weasyprint.HTML(string=doc.html, base_url=SITE + doc.path,
                               url_fetcher=_SiteFetcher(files))
        document = html.render()
        holds = dict(doc.holds)
        for page in document.pages:
            page.links[:] = [_link(link, holds, doc.path, base_url) for link in page.links]
        pdf = document.write_pdf()
    finally:
        logger.removeHandler(log)
        logger.propagate = propagate
    fatal, other = [], []
    for level, message in log.messages:
        (fatal if level >= logging.ERROR or MISSING.search(message) else other).append(message)
    return Typeset(doc.path, pdf, tuple(fatal), tuple(other))


class _Collect(logging.Handler):
    """WeasyPrint's messages, with site addresses shown as site paths."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage().replace(SITE, "")))


class _SiteFetcher(URLFetcher):
    """Serves the site's files from memory; every other address fails."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(allowed_protocols=())
        self.files = files

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if not url.startswith(SITE):
            raise ValueError(f"not a file of the site: {url}")
        path = unquote(urlsplit(url).path).lstrip("/")
        if path not in self.files:
            raise FileNotFoundError(f"no such file in the site: {path}")
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=self.files[path], headers={"Content-Type": kind})


def _link(link: tuple, holds: dict[str, str], pdf_path: str, base_url: Optional[str]) -> tuple:
    """A link of a laid-out page, pointed where a reader of the PDF can follow it."""
    kind, target, *rest = link
    if kind != "external" or not target.startswith(SITE):
        return link
    site_path, _, fragment = target[len(SITE):].partition("#")
    if site_path in holds:
        own = len(holds) == 1   # a PDF of one page keeps its ids: follow the fragment
        return ("internal", fragment if own and fragment else holds[site_path], *rest)
    if base_url:
        return ("external", base_url.rstrip("/") + "/" + target[len(SITE):], *rest)
    relative = posixpath.relpath(site_path or ".", posixpath.dirname(pdf_path))
    return ("external", relative + (f"#{fragment}" if fragment else ""), *rest)
