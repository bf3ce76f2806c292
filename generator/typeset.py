"""Planned PDFs to PDF bytes with Typst.

A :class:`Typesetter` sets Typst up for a build's PDFs. Typst reads only
from its root, a temporary folder that holds the print templates (the
user's theme over the default's, and the default's under ``default/`` for
a template that builds on it) and the content's assets; the data of each
PDF comes in as ``sys.inputs.data``. Its fonts are the theme's font files
and nothing else: not the machine's, not Typst's own. So a PDF depends on
the content, the theme and the Typst version, never on where it is built.

``typeset_all`` makes several PDFs on threads, one Typst compiler each:
Typst lets go of Python's lock while it works, so they run side by side.

Typst's errors stop the build, named at the template line that caused them;
its warnings are warnings. Which is which is Typst's own answer (an error
raised or a warning returned), never a guess from a message's words.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Optional

from .diagnostics import ContentError, Diagnostic, Loc, Progress
from .glyphs import font_folders
from .settings import Settings
from .theme import DEFAULT_THEME, Theme

PRINT = "print"          # the print templates' folder in a theme
DEFAULT = "default"      # the default theme's print templates, in the root
# Each standard is asked for with PDF/UA-1, which makes the PDF tagged and
# accessible; "none" asks for no standard (the PDF is still tagged).
STANDARDS = {"ua-1": ["ua-1"], "a-2a": ["a-2a", "ua-1"], "a-2b": ["a-2b", "ua-1"],
             "a-2u": ["a-2u", "ua-1"], "none": []}
SPAN = re.compile(r"┌─ (.+?):(\d+):(\d+)\s*$", re.MULTILINE)
TEMPLATE_HINT = "fix the print template, or remove it from your theme to use the default"
PARALLEL_MIN_PDFS = 4     # below this, one thread does them all
MAX_THREADS = 8


@dataclass(frozen=True)
class PrintDoc:
    """One PDF to make: where it goes in the site, its template, and the
    data the template lays out (JSON)."""

    path: str
    template: str
    data: str
    as_of: dt.date


class Typesetter:
    """Typst, set up once for a build's PDFs; use it in a ``with`` block,
    which removes its folder."""

    def __init__(self, theme: Theme, settings: Settings, assets: Mapping[str, bytes]):
        self.theme, self.settings, self.assets = theme, settings, assets
        self.root: Optional[Path] = None
        self.sources: dict[str, Path] = {}    # a file in the root -> the theme file it is

    def __enter__(self) -> "Typesetter":
        import typst

        self.root = Path(tempfile.mkdtemp(prefix="baton-typst-"))
        for rel, path in _print_files(DEFAULT_THEME).items():
            self._copy(f"{DEFAULT}/{PRINT}/{rel}", path)
        for folder in reversed(self.theme.dirs):   # the default's, then the user's over them
            for rel, path in _print_files(folder).items():
                self._copy(f"{PRINT}/{rel}", path)
        for rel, data in self.assets.items():
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                 font_paths=[str(folder) for folder in font_folders(self.theme)])
        self._local = threading.local()
        return self

    def __exit__(self, *exc) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def _copy(self, rel: str, source: Path) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.sources[rel] = source

    @property
    def compiler(self):
        """This thread's Typst compiler: one compiler is not for two threads."""
        import typst

        compiler = getattr(self._local, "compiler", None)
        if compiler is None:
            compiler = self._local.compiler = typst.Compiler(
                root=str(self.root), font_paths=self.fonts, ignore_system_fonts=True)
        return compiler

    def typeset_all(self, docs: list[PrintDoc], progress: Optional[Progress] = None
                    ) -> Iterator[tuple[PrintDoc, bytes, list[Diagnostic]]]:
        """Each PDF with what Typst warned about, in the order of ``docs``:
        on as many threads as there are cores, the first ones first (put the
        longest first). Raises ContentError as :meth:`typeset` does."""
        threads = min(MAX_THREADS, os.cpu_count() or 1) if len(docs) >= PARALLEL_MIN_PDFS else 1
        with ThreadPoolExecutor(threads) as pool:
            for done, (doc, (pdf, warnings)) in enumerate(zip(docs, pool.map(self.typeset, docs)), 1):
                if progress:
                    progress("typesetting PDFs", done, len(docs))
                yield doc, pdf, warnings

    def typeset(self, doc: PrintDoc) -> tuple[bytes, list[Diagnostic]]:
        """One PDF, and what Typst warned about. Raises ContentError, at the
        template line, when Typst cannot make it."""
        import typst

        main = self.root / doc.template
        if not main.is_file():
            raise ContentError([Diagnostic(Loc(str(self.theme.dirs[0] / doc.template)), "error",
                                           f"PDF: no print template {doc.template}", TEMPLATE_HINT)])
        stamp = dt.datetime.combine(doc.as_of, dt.time(), dt.timezone.utc)
        try:
            pdf, warned = self.compiler.compile_with_warnings(
                input=str(main), format="pdf", sys_inputs={"data": doc.data},
                pdf_standards=STANDARDS[self.settings.pdf.standard], timestamp=stamp)
        except typst.TypstError as exc:
            raise ContentError([self._diagnostic(doc, "error", exc.message, exc.diagnostic,
                                                 exc.hints, "error")]) from None
        warnings = [self._diagnostic(doc, "warning", w.message, w.diagnostic, w.hints, "warning")
                    for w in warned]
        return pdf, warnings

    def _diagnostic(self, doc: PrintDoc, severity: str, message: str, rendered: str,
                    hints: list[str], block: str) -> Diagnostic:
        """Typst's problem at the theme file and line it names: the first
        place Typst shows under the ``block`` (error or warning) that says it."""
        loc = Loc(doc.path)
        start = rendered.find(f"{block}: {message}")
        span = SPAN.search(rendered, start if start >= 0 else 0)
        if span:
            # Typst counts columns from 0
            loc = self._loc(span.group(1), int(span.group(2)), int(span.group(3)) + 1) or loc
        hint = "; ".join([*hints, TEMPLATE_HINT] if severity == "error" else hints)
        return Diagnostic(loc, severity, f"PDF {doc.path}: {message}", hint)

    def _loc(self, shown: str, line: int, col: int) -> Optional[Loc]:
        path = Path(shown) if os.path.isabs(shown) else Path.cwd() / shown
        try:
            rel = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        source = self.sources.get(rel)
        return Loc(str(source), line, col) if source else None


def _print_files(theme_dir: Path) -> dict[str, Path]:
    """A theme's print templates and the files they read (``print/``, its
    fonts aside: Typst gets those as fonts), by relative path."""
    folder = theme_dir / PRINT
    if not folder.is_dir():
        return {}
    files = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*"))
             if path.is_file()}
    return {rel: path for rel, path in files.items() if not rel.startswith("fonts/")}
