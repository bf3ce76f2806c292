"""What page templates may call besides the report: where things are in the
site (the path patterns every module links by) and the filters, which
format and link but never compute a figure of the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import markupsafe

from generator.look import formats
from generator.look.formats import (
    format_date,
    format_month,
    money,
    number,
    over_under,
    reconcile,
    signed_days,
)
from generator.look.markdown import render_markdown

PROJECT_PAGE = "projects/{id}/index.html"
FREE_PAGE = "pages/{id}/index.html"
PACK_PDF = "pdf/{id}-executive-pack.pdf"      # the program's id
PROJECT_PDF = "pdf/projects/{id}.pdf"


@jinja2.pass_context
def relative(context, target: str) -> str:
    """A site-root-relative path, as a link from the current page."""
    return context["page"].root + target


@jinja2.pass_context
def project_url(context, project, fragment: str = "") -> str:
    """A link from the current page to a project's page, or a place on it."""
    return relative(context, PROJECT_PAGE.format(id=project.id) + (f"#{fragment}" if fragment else ""))


@jinja2.pass_context
def milestone_state(context, m) -> str:
    """A milestone's state in words, with its day count ('Due in 10 days'),
    or what holds it up ('At risk: needs …, forecast later')."""
    return formats.milestone_state(context["report"], m)


def project_pdf(project) -> str:
    """Where a project's PDF is in the site (see PROJECT_PDF)."""
    return PROJECT_PDF.format(id=project.id)


@jinja2.pass_context
def markdown_filter(context, text: str | None, shift: int = 0):
    return render_markdown(text or "", context["page"].root, shift)


CELL_FORMATS: dict[str, Callable[[Any], str]] = {
    "date": format_date, "month": format_month, "number": number, "days": signed_days,
    "text": lambda value: "–" if value is None else str(value)}


@jinja2.pass_context
def cell(context, value, kind: str) -> str:
    """A value of a chart's data table, formatted by its column's kind."""
    if kind == "money":
        return money_filter(context, value)
    if kind == "date" and value is not None:
        return markupsafe.Markup('<time datetime="{}">{}</time>').format(value.isoformat(),
                                                                          format_date(value))
    return CELL_FORMATS[kind](value)


@jinja2.pass_context
def money_filter(context, value: float | None, signed: bool = False) -> str:
    return money(value, context["program"].currency, signed)


@jinja2.pass_context
def over_under_filter(context, value: float | None) -> str:
    return over_under(value, context["program"].currency)


@jinja2.pass_context
def reconcile_filter(context, b) -> str:
    return reconcile(b, context["program"].currency)
