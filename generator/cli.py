"""The `baton` command. The only place that prints or chooses exit codes."""

from __future__ import annotations

import os
import sys
import time

import click

from . import __version__
from .build import build as build_site
from .diagnostics import ContentError, to_json
from .loader import Result, check as check_content
from .output import OutputError
from .settings import is_url, load_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


def _absolute(ctx, param, value):
    """CLI paths are relative to where the command runs, not to baton.yaml."""
    return None if value is None else os.path.abspath(value)


@main.command()
@click.argument("content_dir", default="content", type=click.Path(file_okay=False))
@click.option("-o", "--output", "out_dir", default="site", show_default=True, type=click.Path(),
              help="Folder to write the site to.")
@click.option("--title", help="Site title (default: the program's name).")
@click.option("--base-url", callback=_url, help="Absolute URL the site is served from.")
@click.option("--theme", type=click.Path(exists=True, file_okay=False), callback=_absolute,
              help="A theme folder (templates/, static/) searched before the default theme.")
@click.option("--pdf/--no-pdf", default=None, help="Also write PDF reports.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="PDF paper size.")
@click.option("--cache-dir", type=click.Path(file_okay=False), callback=_absolute,
              help="Folder for cached charts (default: .baton-cache beside content).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the last line.")
def build(content_dir: str, out_dir: str, quiet: bool, **options) -> None:
    """Build the report site for CONTENT_DIR (default: content) into OUTPUT.

    Settings come from baton.yaml beside CONTENT_DIR; these options win.
    """
    started = time.perf_counter()
    try:
        settings = load_settings(content_dir, **options)
        built = build_site(content_dir, out_dir, settings,
                           progress=None if quiet or not _terminal() else _progress)
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(diagnostic.text(), err=True)
        click.echo(f"build failed: {_plural(len(exc.errors), 'error')}; "
                   f"{out_dir}/ was not changed", err=True)
        sys.exit(1)
    except OutputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for diagnostic in built.warnings:
        click.echo(diagnostic.text(), err=True)
    seconds = time.perf_counter() - started
    pdfs = f", {_plural(built.pdfs, 'PDF')}" if built.pdfs else ""
    click.echo(f"built {_plural(built.pages, 'page', True)}{pdfs} ({_plural(built.files, 'file', True)}) "
               f"into {out_dir}/ in {seconds:.1f} s"
               + (f", {_plural(len(built.warnings), 'warning')}" if built.warnings else ""))


def _terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _progress(step: str, done: int, total: int) -> None:
    """A line per step; a step with a total counts up on one line."""
    if not total:
        click.echo(f"{step}…", err=True)
    else:
        click.echo(f"\r{step}: {done}/{total}", err=True, nl=done == total)
