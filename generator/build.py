"""Build a site: load → analyse → draw charts → render → typeset PDFs → write.

This is the whole system in one function; each step is its own module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .analysis import analyse
from .charts import plan_charts
from .diagnostics import ContentError, Diagnostic, Progress
from .draw import draw
from .loader import check
from .output import check_output, write
from .pdfs import load_typesetter, plan_pdfs, print_files
from .render import render
from .settings import Settings, load_settings
from .theme import load_theme


@dataclass(frozen=True)
class Built:
    """What a build made, for the summary line."""

    out_dir: Path
    pages: int
    pdfs: int
    files: int
    warnings: tuple[Diagnostic, ...]


def build(content_dir: str | os.PathLike = "content", out_dir: str | os.PathLike = "site",
          settings: Optional[Settings] = None, progress: Optional[Progress] = None) -> Built:
    """Build the site for ``content_dir`` into ``out_dir``.

    Raises ContentError (content, settings or theme problems) or OutputError;
    either way the previous output is left as it was.
    """
    settings = settings or load_settings(content_dir)
    theme = load_theme(settings)
    check_output(Path(out_dir))  # fail before the work, not after it
    if progress:
        progress("reading and checking content", 0, 0)
    result = check(content_dir)
    if result.errors:
        raise ContentError(result.diagnostics)
    report = analyse(result.program)
    charts = draw(plan_charts(report, theme), theme, settings.cache_path, progress)
    files = render(report, settings, theme, charts, progress)
    warnings = result.warnings
    if settings.pdf.enabled:
        typeset = load_typesetter(settings)
        pdfs, pdf_warnings = typeset(plan_pdfs(report, settings, theme, charts),
                                     print_files(files, theme), settings.base_url, progress)
        files.update(pdfs)
        warnings += tuple(pdf_warnings)
    write(files, out_dir)
    pages = sum(1 for path in files if path.endswith(".html"))
    return Built(Path(out_dir), pages, sum(path.endswith(".pdf") for path in files), len(files),
                 warnings)
