"""The `baton` command. The only place that prints or chooses exit codes."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import click

from generator import __version__, scaffold
from generator.build import Built
from generator.build import build as build_site
from generator.content.loader import Result
from generator.content.loader import check as check_content
from generator.errors import BatonBug, ContentError, OutputError, safe, to_json
from generator.look.theme import DEFAULT_THEME
from generator.settings import FILE_NAME, Settings, is_url, load_settings, settings_file, theme_problem

BUG_EXIT = 70   # sysexits' EX_SOFTWARE: Baton's fault, not the content's


class _Baton(click.Group):
    """The command group; a Baton bug ends in its traceback and a request
    to report it, never in a message that blames the content."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BatonBug as exc:
            traceback.print_exception(exc)
            click.echo(f"baton {__version__}: this is a Baton bug, not a problem in your content: "
                       "please report it, with the traceback above", err=True)
            sys.exit(BUG_EXIT)


@click.group(cls=_Baton, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="baton")
def main() -> None:
    """Baton: program and project reports from plain-text records."""


@main.command()
@click.argument("content_dir", default="content", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for tools, github for PR annotations")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any warning).")
def check(content_dir: str, fmt: str, strict: bool) -> None:
    """Validate CONTENT_DIR (default: content) and report every problem."""
    result = check_content(content_dir)
    summary = _summary(result)
    if fmt == "json":
        click.echo(to_json(result.diagnostics, summary))
    else:
        for diagnostic in result.diagnostics:
            click.echo(diagnostic.github() if fmt == "github" else diagnostic.text())
        click.echo(summary["text"])
    failed = bool(result.errors) or (strict and bool(result.warnings))
    sys.exit(1 if failed else 0)


def _summary(result: Result) -> dict:
    """'6 projects, 7 status reports, 4 benefits: no problems' and its figures."""
    program = result.partial
    counts = {"projects": 0, "status_reports": 0, "benefits": 0}
    if program is not None:
        counts = {
            "projects": len(program.projects),
            "status_reports": sum(len(p.status_reports) for p in program.projects),
            "benefits": len(program.benefits),
        }
    errors, warnings = len(result.errors), len(result.warnings)
    problems = ", ".join(
        part for part in (_plural(errors, "error"), _plural(warnings, "warning")) if part
    ) or "no problems"
    if program is None:
        text = f"content did not load: {problems}"
    else:
        text = (f"{_plural(counts['projects'], 'project', True)}, "
                f"{_plural(counts['status_reports'], 'status report', True)}, "
                f"{_plural(counts['benefits'], 'benefit', True)}: {problems}")
    return {**counts, "errors": errors, "warnings": warnings, "text": text}


def _plural(count: int, noun: str, zero: bool = False) -> str:
    if count == 0 and not zero:
        return ""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _url(ctx, param, value):
    if value is not None and not is_url(value):
        raise click.BadParameter(f"'{value}' is not an absolute http(s) URL, "
                                 "for example https://example.org/program/")
    return value


def _theme(ctx, param, value):
    if value is None:
        return None
    problem = theme_problem(Path(value))
    if problem:
        raise click.BadParameter(f"'{value}' {problem}")
    return os.path.abspath(value)


def _terminated(signum, frame) -> None:
    raise KeyboardInterrupt


def _absolute(ctx, param, value):
    """CLI paths are relative to where the command runs, not to baton.yaml;
    an empty one (``--cache-dir ''``: no cache) stays empty."""
    return value if not value else os.path.abspath(value)


@main.command()
@click.argument("content_dir", default="content", type=click.Path(file_okay=False))
@click.option("-o", "--output", "out_dir", default="site", show_default=True, type=click.Path(),
              help="Folder to write the site to.")
@click.option("--title", help="Site title (default: the program's name).")
@click.option("--base-url", callback=_url, help="Absolute URL the site is served from.")
@click.option("--theme", type=click.Path(), callback=_theme,
              help="A theme folder (templates/, static/) searched before the default theme.")
@click.option("--pdf/--no-pdf", default=None, help="Also write PDF reports.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="PDF paper size.")
@click.option("--pdf-standard", type=click.Choice(["ua-1", "a-2a", "a-2b", "a-2u", "none"]),
              help="The standard the PDFs meet (default ua-1: tagged and accessible).")
@click.option("--pack", type=click.Choice(["board", "full"]),
              help="The executive pack: board (a page for each of the worst projects, a line "
                   "for the rest; the default) or full (a page for every active project).")
@click.option("--pack-projects", type=click.IntRange(min=0),
              help="At most this many project pages in a board pack (default 20).")
@click.option("--cache-dir", type=click.Path(file_okay=False), callback=_absolute,
              help="Folder for cached charts, pages, PDFs and loaded content "
                   "(default: .baton-cache beside content).")
@click.option("--check-links", is_flag=True,
              help="Fail when a link or asset reference in the site does not resolve.")
@click.option("--clean", is_flag=True,
              help="Ignore the cache and the last build: render and write every file anew.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the last line.")
def build(content_dir: str, out_dir: str, quiet: bool, clean: bool, check_links: bool,
          **options) -> None:
    """Build the report site for CONTENT_DIR (default: content) into OUTPUT.

    Settings come from baton.yaml beside CONTENT_DIR; these options win.
    """
    started = time.perf_counter()
    # CI cancellation and `timeout` send SIGTERM: stop as Ctrl+C does, so the
    # build removes what it staged and leaves the last site as it was.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        settings = load_settings(content_dir, **options)
        built = build_site(content_dir, out_dir, settings,
                           progress=None if quiet or not _terminal() else _progress, clean=clean,
                           check_links=check_links)
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(diagnostic.text(), err=True)
        click.echo(f"build failed: {_plural(len(exc.errors), 'error')}; "
                   f"{out_dir}/ was not changed", err=True)
        sys.exit(1)
    except OutputError as exc:
        click.echo(f"error: {safe(str(exc))}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(f"build stopped; {out_dir}/ was not changed", err=True)
        sys.exit(130)
    for diagnostic in built.warnings:
        click.echo(diagnostic.text(), err=True)
    click.echo(summary(built, out_dir, time.perf_counter() - started, settings))


def summary(built: Built, out_dir: str, seconds: float, settings: Settings | None = None) -> str:
    """'built 12 pages, 7 PDFs (30 files) into site/ in 2.1 s; rendered 3 of
    19 pages and PDFs, wrote 5 files', the warnings, and which baton.yaml
    the build read (so settings from an unexpected file are seen)."""
    pdfs = f", {_plural(built.pdfs, 'PDF')}" if built.pdfs else ""
    made = built.pages + built.pdfs
    if built.written == 0:
        reuse = "nothing changed, no file written"
    else:
        reuse = (f"rendered {built.rendered} of {made} {'pages and PDFs' if pdfs else 'pages'}, "
                 f"wrote {_plural(built.written, 'file', True)}")
    return (f"built {_plural(built.pages, 'page', True)}{pdfs} ({_plural(built.files, 'file', True)}) "
            f"into {out_dir}/ in {seconds:.1f} s; {reuse}"
            + (f"; {_plural(len(built.warnings), 'warning')}" if built.warnings else "")
            + (f"; {settings_used(settings)}" if settings is not None else ""))


def settings_used(settings: Settings) -> str:
    """'settings from ../baton.yaml', or that there was none where Baton looks."""
    if settings.file:
        return f"settings from {_shown(Path(settings.file))}"
    return f"no {_shown(Path(settings.root, FILE_NAME))}: default settings"


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command()
@click.argument("content_dir", default="content", type=click.Path(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("-o", "--output", "out_dir", type=click.Path(),
              help="Folder to build into (default: a temporary folder, removed on exit).")
@click.option("--title", help="Site title (default: the program's name).")
@click.option("--base-url", callback=_url, help="Absolute URL the site is served from; "
              "the preview is served at its path.")
@click.option("--theme", type=click.Path(), callback=_theme,
              help="A theme folder (templates/, static/) searched before the default theme.")
@click.option("--pdf/--no-pdf", default=False, show_default=True,
              help="Also make the PDFs on every rebuild (slow).")
@click.option("--cache-dir", type=click.Path(file_okay=False), callback=_absolute,
              help="Folder for the cache (default: .baton-cache beside content).")
def serve(content_dir: str, host: str, port: int, out_dir: str | None, **options) -> None:
    """Build CONTENT_DIR, serve it on HOST:PORT, and rebuild and reload the
    browser whenever the content, baton.yaml or the theme changes."""
    # Here, not at the top: `baton build` and `baton check` never need a server.
    from generator.serve import Preview, make_server, serve_until_stopped, start_watching

    temporary = out_dir is None
    folder: str = tempfile.mkdtemp(prefix="baton-serve-") if out_dir is None else out_dir

    def report(built: Built | None, preview: Preview) -> None:
        for line in preview.errors:
            click.echo(safe(line), err=True)
        if built is None:
            click.echo(f"build failed: {_plural(len(preview.errors), 'problem')}; "
                       "the browser shows them until they are fixed", err=True)
        else:
            for diagnostic in built.warnings:
                click.echo(diagnostic.text(), err=True)
            click.echo(summary(built, folder, preview.seconds))

    stop = threading.Event()    # stops the watcher
    try:
        preview = Preview(lambda: build_site(content_dir, folder,
                                             load_settings(content_dir, **options)))
        try:
            settings = load_settings(content_dir, **options)
        except ContentError:
            settings = None
        prefix = "/"
        if settings and settings.base_url:
            prefix = urlsplit(settings.base_url).path.rstrip("/") + "/"
        watched = [Path(content_dir), settings_file(content_dir), DEFAULT_THEME]
        if settings and settings.theme_dir:
            watched.append(settings.theme_dir)
        # Watch before the first build, so no edit falls between the two.
        start_watching(preview, watched, stop, report)
        report(preview.rebuild(), preview)
        try:
            server = make_server(preview, prefix, host, port)
        except OSError as exc:
            click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc} "
                       "(choose another --port, or 0 for a free one)", err=True)
            sys.exit(1)
        click.echo(f"serving {content_dir}/ at http://{host}:{server.server_port}{prefix} "
                   "(Ctrl+C to stop)")
        serve_until_stopped(server, stop)
    finally:
        stop.set()
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--requirement", metavar="SPEC",
              help="How the workflow installs Baton, as a pip requirement "
                   "(default: where this Baton came from, when pip recorded it).")
def new(directory: str, requirement: str | None) -> None:
    """Make DIRECTORY a ready program repository: an example program, the
    settings, a GitHub Pages workflow, .gitignore and a README."""
    try:
        files, guessed = scaffold.new(Path(directory), requirement)
    except (scaffold.StarterError, OSError) as exc:
        click.echo(f"error: {safe(str(exc))}", err=True)
        sys.exit(1)
    click.echo(f"created {directory}/ with {_plural(len(files), 'file')}:")
    for name in files:
        click.echo(f"  {name}")
    if guessed:
        click.echo(f"{os.path.join(directory, 'requirements.txt')}:3:1: warning: cannot tell where "
                   "this Baton was installed from (replace the line with a pip requirement the "
                   "workflow can install, or run baton new with --requirement)", err=True)
    click.echo(f"next: cd {directory} && baton check content && baton serve content")


def _terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _progress(step: str, done: int, total: int) -> None:
    """A line per step; a step with a total counts up on one line."""
    if not total:
        click.echo(f"{step}…", err=True)
    else:
        click.echo(f"\r{step}: {done}/{total}", err=True, nl=done == total)
