"""The `baton` command. The only place that prints or chooses exit codes."""

from __future__ import annotations

import sys

import click

from . import __version__
from .diagnostics import to_json
from .loader import Result, check as check_content


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
