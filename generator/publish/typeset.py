"""Planned PDFs to PDF bytes with Typst.

A :class:`Typesetter` sets Typst up for a build's PDFs. Typst reads only
from its root, a temporary folder that holds the print templates (the
user's theme over the default's, and the default's under ``default/`` for
a template that builds on it) and the content's assets; the data of each
PDF comes in as ``sys.inputs.data``. Its fonts are the theme's font files
and nothing else: not the machine's, not Typst's own. So a PDF depends on
the content, the theme and the Typst version, never on where it is built.

``typeset_all`` makes several PDFs in spawned worker processes (from
``PARALLEL_MIN_PDFS`` on), each with its own compiler over the same root.
Processes, not threads: Typst keeps one cache of layouts for the whole
process and trims it after each PDF, so on threads a long PDF (the pack)
lost its first layout pass to its neighbours' trims and was laid out
twice; and the pack's memory stays in a worker, not in the build.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BatonBug, Diagnostic, Loc, PdfError, Progress
from generator.look.theme import DEFAULT_THEME, Theme
from generator.publish.glyphs import font_folders
from generator.publish.output import owned_folder, sweep
from generator.settings import Settings
from generator.workers import in_batches

PRINT = "print"          # the print templates' folder in a theme
DEFAULT = "default"      # the default theme's print templates, in the root
# Each standard is asked for with PDF/UA-1, which makes the PDF tagged and
# accessible; "none" asks for no standard (the PDF is still tagged).
STANDARDS = {"ua-1": ["ua-1"], "a-2a": ["a-2a", "ua-1"], "a-2b": ["a-2b", "ua-1"],
             "a-2u": ["a-2u", "ua-1"], "none": []}
SPAN = re.compile(r"┌─ (.+?):(\d+):(\d+)\s*$", re.MULTILINE)
TEMPLATE_HINT = "fix the print template, or remove it from your theme to use the default"
PARALLEL_MIN_PDFS = 4     # below this, this process typesets them all
TEMP_PREFIX = "baton-typst-"


@dataclass(frozen=True)
class PrintDoc:
    """One PDF to make: where it goes in the site, its template, and the
    data the template lays out (JSON)."""

    path: str
    template: str
    data: str
    as_of: dt.date


@dataclass(frozen=True)
class Setup:
    """What a process needs to typeset: the root, the font folders, which
    theme file each file of the root is (for diagnostics), the standard.
    Plain data, so a worker process gets it by pickling."""

    root: Path
    fonts: tuple[Path, ...]
    sources: tuple[tuple[str, Path], ...]
    standard: str
    theme_dir: Path      # where a missing template is reported


class Typesetter:
    """Typst, set up once for a build's PDFs; use it in a ``with`` block,
    which removes its folder."""

    def __init__(self, theme: Theme, settings: Settings, assets: Mapping[str, bytes]):
        self.theme, self.settings, self.assets = theme, settings, assets
        self._setup: Setup | None = None   # made by __enter__

    def __enter__(self) -> Typesetter:
        sweep(Path(tempfile.gettempdir()), TEMP_PREFIX)   # what a killed build left
        root = owned_folder(Path(tempfile.gettempdir()), TEMP_PREFIX)
        sources: dict[str, Path] = {}    # a file in the root -> the theme file it is
        try:
            for rel, path in _print_files(DEFAULT_THEME).items():
                sources[f"{DEFAULT}/{PRINT}/{rel}"] = path
            for folder in reversed(self.theme.dirs):   # the default's, then the user's over them
                for rel, path in _print_files(folder).items():
                    sources[f"{PRINT}/{rel}"] = path
            for rel, path in sources.items():
                _write(root / rel, path.read_bytes())
            for rel, data in self.assets.items():
                _write(root / rel, data)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        self._setup = Setup(root, font_folders(self.theme), tuple(sorted(sources.items())),
                           self.settings.pdf.standard, self.theme.dirs[0])
        return self

    def __exit__(self, *exc) -> None:
        if self._setup is not None:
            _compilers.pop(self._setup, None)
            shutil.rmtree(self._setup.root, ignore_errors=True)

    @property
    def setup(self) -> Setup:
        if self._setup is None:
            raise BatonBug("a Typesetter typesets inside its with block")
        return self._setup

    def typeset_all(self, docs: list[PrintDoc], progress: Progress | None = None
                    ) -> Iterator[tuple[PrintDoc, bytes, list[Diagnostic]]]:
        """Each PDF with what Typst warned about, in the order of ``docs``:
        in worker processes when there are enough, the first ones first
        (put the longest first). Raises PdfError as :meth:`typeset` does."""
        made = in_batches(_typeset_batch, self.setup, docs, parallel=len(docs) >= PARALLEL_MIN_PDFS,
                          serial_batch=1, step="typesetting PDFs", progress=progress)
        for doc, (pdf, warnings) in zip(docs, made):
            yield doc, pdf, warnings

    def typeset(self, doc: PrintDoc) -> tuple[bytes, list[Diagnostic]]:
        """One PDF, here, and what Typst warned about."""
        return _typeset(self.setup, doc)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _typeset_batch(setup: Setup, docs: list[PrintDoc]) -> list[tuple[bytes, list[Diagnostic]]]:
    return [_typeset(setup, doc) for doc in docs]


_compilers: dict[Setup, object] = {}   # this process's Typst compiler for each set-up


def _compiler(setup: Setup):
    import typst

    if setup not in _compilers:
        _compilers.clear()   # a new build's root: the last one is gone
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                            font_paths=[str(folder) for folder in setup.fonts])
        _compilers[setup] = typst.Compiler(root=str(setup.root), font_paths=fonts,
                                           ignore_system_fonts=True)
    return _compilers[setup]


def _typeset(setup: Setup, doc: PrintDoc) -> tuple[bytes, list[Diagnostic]]:
    """One PDF, and what Typst warned about. Raises PdfError, at the
    template line, when Typst cannot make it."""
    import typst

    main = setup.root / doc.template
    if not main.is_file():
        raise PdfError([Diagnostic(Loc(str(setup.theme_dir / doc.template)), "error",
                                       f"PDF: no print template {doc.template}", TEMPLATE_HINT)])
    stamp = dt.datetime.combine(doc.as_of, dt.time(), dt.UTC)
    try:
        pdf, warned = _compiler(setup).compile_with_warnings(
            input=str(main), format="pdf", sys_inputs={"data": doc.data},
            pdf_standards=STANDARDS[setup.standard], timestamp=stamp)
    except typst.TypstError as exc:
        raise PdfError([_diagnostic(setup, doc, "error", exc.message, exc.diagnostic,
                                        exc.hints, "error")]) from None
    warnings = [_diagnostic(setup, doc, "warning", w.message, w.diagnostic, w.hints, "warning")
                for w in warned]
    return pdf, warnings


def _diagnostic(setup: Setup, doc: PrintDoc, severity: str, message: str, rendered: str,
                hints: list[str], block: str) -> Diagnostic:
    """Typst's problem at the theme file and line it names: the first
    place Typst shows under the ``block`` (error or warning) that says it."""
    loc = Loc(doc.path)
    start = rendered.find(f"{block}: {message}")
    span = SPAN.search(rendered, start if start >= 0 else 0)
    if span:
        # Typst counts columns from 0
        loc = _loc(setup, span.group(1), int(span.group(2)), int(span.group(3)) + 1) or loc
    hint = "; ".join([*hints, TEMPLATE_HINT] if severity == "error" else hints)
    return Diagnostic(loc, severity, f"PDF {doc.path}: {_within(setup, message)}",
                      _within(setup, hint))


def _within(setup: Setup, text: str) -> str:
    """Typst's text with the temporary root's paths relative to the theme
    (``print/nope.typ``): the same on every machine, and no temp folder shown."""
    return text.replace(str(setup.root) + os.sep, "").replace(str(setup.root), ".")


def _loc(setup: Setup, shown: str, line: int, col: int) -> Loc | None:
    path = Path(shown) if os.path.isabs(shown) else Path.cwd() / shown
    try:
        rel = path.resolve().relative_to(setup.root.resolve()).as_posix()
    except ValueError:
        return None
    source = dict(setup.sources).get(rel)
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
