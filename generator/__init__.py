"""Baton: a static report-site generator for program and project managers.

The pipeline: ``load`` content into a :class:`~generator.model.Program`,
analyse it, render pages, write the site. This package raises
:class:`ContentError` for bad content; only :mod:`generator.cli` prints.
"""

__version__ = "0.1.0"

from generator.content.loader import check, load  # noqa: E402
from generator.errors import ContentError, Diagnostic, Loc  # noqa: E402

__all__ = ["ContentError", "Diagnostic", "Loc", "check", "load", "__version__"]
