"""Build a site: fingerprint → load → analyse → draw charts → render → feeds
→ typeset PDFs → write.

This is the whole system in one function; each step is its own module. A
build whose inputs are those of the output already there stops after the
fingerprint; the steps after it reuse what the cache holds.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from generator.errors import ContentError, Diagnostic, Loc, Progress
from generator.cache.incremental import (CONTENT_MEMO, ContentCache, Keys, PageCache, TemplateCache,
                          environment_key, inputs_key, program_key, read_content)
from generator.publish.output import Manifest, check_apart, check_output, up_to_date, write
from generator.settings import Settings, load_settings
from generator.look.theme import load_theme


@dataclass(frozen=True)
class Built:
    """What a build made, for the summary line."""

    out_dir: Path
    pages: int
    pdfs: int
    files: int
    warnings: tuple[Diagnostic, ...]
    rendered: int = 0      # pages and PDFs made by this build; the rest came from the cache
    written: int = 0       # files written; 0 when nothing changed


def build(content_dir: str | os.PathLike = "content", out_dir: str | os.PathLike = "site",
          settings: Optional[Settings] = None, progress: Optional[Progress] = None,
          clean: bool = False, check_links: bool = False) -> Built:
    """Build the site for ``content_dir`` into ``out_dir``, reusing what the
    cache and the last build hold unless ``clean``; ``check_links`` fails the
    build when a link or asset reference in it does not resolve.

    Raises ContentError (content, settings or theme problems) or OutputError;
    either way the previous output is left as it was.
    """
    settings = settings or load_settings(content_dir)
    theme = load_theme(settings)
    # fail before the work, not after it
    check_apart(Path(out_dir), {"content": Path(content_dir), "cache": settings.cache_path,
                                "theme": settings.theme_dir})
    check_output(Path(out_dir))
    environment = environment_key(settings, theme)
    cache = settings.cache_path
    scanned = read_content(content_dir, cache / CONTENT_MEMO if cache else None)
    inputs = inputs_key(scanned, environment)
    last = None if clean or check_links else up_to_date(out_dir, inputs)
    if last is not None:
        return _built(out_dir, last.files, last.warnings, 0, 0)
    # Imported here, not at the top: Altair, vl-convert, Jinja and Typst
    # take half a second to import, which a build with nothing to do never pays.
    from generator.analysis.report import analyse
    from generator.charts.draw import SiteCharts
    from generator.publish.feeds import feeds, missing_base_url
    from generator.content.loader import check
    from generator.render.pages import (PARALLEL_MIN_PAGES, data_files, look_up, page_files, projects_to_render,
                         render_pages, shows_everything, site_files, site_pages)
    from generator.workers import aside

    if progress:
        progress("reading and checking content", 0, 0)
    content = ContentCache(cache, scanned, environment, read=not clean)
    result = check(content_dir, content if cache else None)
    if result.errors:
        raise ContentError(result.diagnostics)
    report = analyse(result.program)
    with _kept_from_the_collector():  # the program and its analysis
        keys = Keys(inputs, program_key(environment, report.program))
        pages = PageCache(cache, "pages", keys, read=not clean,
                          own=lambda project: content.folder_key(project.id))
        templates = TemplateCache(cache, environment, read=not clean)
        charts = SiteCharts(report, theme, cache, progress, fresh=clean, templates=templates)
        site = site_pages(report)
        whole = [page for page in site if shows_everything(page)]  # the dashboard, the benefits page
        parts = [page for page in site if not shows_everything(page)]
        look_up(whole, report, pages)
        # While a forked worker renders the pages any change re-renders, and the
        # theme's files, this process looks up the rest, renders those the
        # cache lacks, and writes out the report's data.
        with aside(lambda: (render_pages(report, settings, theme, charts, whole),
                            site_files(report, theme)),
                   when=len(site) >= PARALLEL_MIN_PAGES) as program_files:
            look_up(parts, report, pages)
            # Only pages the cache does not hold need their charts. When that is
            # every project page, or PDFs show every chart, all are drawn in one batch.
            stale = projects_to_render(parts)
            every = settings.pdf.enabled or len(stale) == len(report.projects)
            charts.prepare(None if every else stale)
            rendered = render_pages(report, settings, theme, charts, parts, progress, len(site))
            data = data_files(report)
            rendered_whole, others = program_files()
        if progress:
            progress("rendering pages", len(site), len(site))
        files = dict(sorted({**page_files(site, {**rendered, **rendered_whole}, pages), **data,
                             **others, **feeds(report, settings)}.items()))
        warnings = result.warnings + missing_base_url(settings)
        caches = [pages]   # what "rendered" counts
        if settings.pdf.enabled:
            from generator.publish.pdf import make_pdfs

            pdfs = PageCache(cache, "pdfs", keys, read=not clean)
            made, pdf_warnings = make_pdfs(report, settings, theme, charts, files, pdfs, progress)
            files.update(made)
            warnings += tuple(pdf_warnings)
            caches.append(pdfs)
        if check_links:
            from generator.publish.links import link_errors

            if broken := link_errors(files, settings.base_url, out_dir):
                raise ContentError(broken)
        warnings += _damaged(cache, sum(c.damaged for c in (content, templates, charts.cache,
                                                            *caches)))
        written = write(files, out_dir, Manifest.of(files, inputs, warnings), fresh=clean)
    for used in (content, templates, *caches):
        used.prune()
    return _built(out_dir, files, warnings, sum(c.misses for c in caches), written)


@contextlib.contextmanager
def _kept_from_the_collector():
    """Keep Python's cyclic garbage collector off every object alive now
    (the program and its analysis) until the block ends. They are most of a
    large program's heap and live for the whole build, yet each collection
    of the oldest generation rescanned them all: about 0.7 s of a one-edit
    rebuild of 1,000 projects. ``baton serve`` frees them after the block
    like any other object."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _damaged(cache: Optional[Path], count: int) -> tuple[Diagnostic, ...]:
    """The warning that cache entries failed to verify and were made again."""
    if not count:
        return ()
    return (Diagnostic(Loc(str(cache)), "warning",
                       f"{count} damaged cache {'entry was' if count == 1 else 'entries were'} "
                       "made again", "nothing to do; if it happens again, check the disk"),)


def _built(out_dir, files, warnings, rendered: int, written: int) -> Built:
    return Built(Path(out_dir), sum(path.endswith(".html") for path in files),
                 sum(path.endswith(".pdf") for path in files), len(files), tuple(warnings),
                 rendered, written)
