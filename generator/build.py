"""Build a site: settings → theme → cache → up to date? → load → analyse →
render the site → PDFs → check links → write.

This is the whole system in one function, read as a table of contents; each
step is a function of its own package. A build whose inputs are those of the
output already there stops after the fingerprint; the steps after it reuse
what the cache holds.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass
from pathlib import Path

from generator.cache.stores import BuildCache
from generator.errors import Diagnostic, Progress
from generator.look.theme import load_theme
from generator.publish.output import Manifest, check_output, up_to_date, write
from generator.settings import Settings, load_settings


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
          settings: Settings | None = None, progress: Progress | None = None,
          clean: bool = False, check_links: bool = False) -> Built:
    """Build the site for ``content_dir`` into ``out_dir``, reusing what the
    cache and the last build hold unless ``clean``; ``check_links`` fails the
    build when a link or asset reference in it does not resolve.

    Raises a BuildError (content, settings, theme, PDF or output folder);
    whichever it is, the previous output is left as it was.
    """
    settings = settings or load_settings(content_dir)
    theme = load_theme(settings)
    check_output(Path(out_dir), content_dir, settings)      # before the work, not after it
    cache = BuildCache(settings, theme, content_dir, clean)
    last = None if clean or check_links else up_to_date(out_dir, cache.inputs)
    if last is not None:
        return _built(out_dir, last.files, last.warnings, 0, 0)
    # Here, not at the top: Altair, vl-convert, Jinja and Typst take half a
    # second to import, which a build with nothing to do never pays.
    from generator.analysis.report import analyse
    from generator.content.loader import load_checked
    from generator.publish.links import check_all_links
    from generator.publish.pdf import make_pdfs
    from generator.render.feeds import missing_base_url
    from generator.render.site import render_site

    program, warnings = load_checked(content_dir, cache.loaded_folders, progress)
    report = analyse(program)
    with _kept_from_the_collector():  # the program and its analysis
        cache.for_program(report.program)
        files, charts = render_site(report, settings, theme, cache, progress,
                                    every_chart=settings.pdf.enabled)
        warnings += missing_base_url(settings)
        if settings.pdf.enabled:
            pdfs, said = make_pdfs(report, settings, theme, charts, files, cache.pdfs, progress)
            files, warnings = {**files, **pdfs}, warnings + tuple(said)
        if check_links:
            check_all_links(files, settings.base_url, out_dir)
        warnings += cache.damage()
        written = write(files, out_dir, Manifest.of(files, cache.inputs, warnings), fresh=clean)
    cache.prune()
    return _built(out_dir, files, warnings, cache.made, written)


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


def _built(out_dir, files, warnings, rendered: int, written: int) -> Built:
    return Built(Path(out_dir), sum(path.endswith(".html") for path in files),
                 sum(path.endswith(".pdf") for path in files), len(files), tuple(warnings),
                 rendered, written)
