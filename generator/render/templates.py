"""The theme's Jinja templates: the environment every page is rendered in,
its compiled templates kept in the cache, theme errors at their template
line, and which page templates use a template of the user's theme.

Templates come from a user's theme first, then the default theme; a user's
template can extend the default one by name (``{% extends "default/base.html" %}``)
and override only the blocks it needs.
"""

from __future__ import annotations

import io
import re
import traceback
from pathlib import Path

import jinja2
from jinja2 import nodes

from generator import __version__
from generator.cache import store
from generator.errors import Diagnostic, Loc, ThemeError
from generator.look.formats import (
    format_date,
    format_month,
    measured,
    number,
    percent,
    share,
    signed_days,
    since_lines,
    tolerance_status,
    verdict_basis,
)
from generator.look.theme import DEFAULT_THEME, Theme
from generator.render.filters import (
    cell,
    markdown_filter,
    milestone_state,
    money_filter,
    over_under_filter,
    project_pdf,
    project_url,
    reconcile_filter,
    relative,
)

CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
       "base-uri 'none'; form-action 'none'")
LAYOUT = "base.html"   # what page templates extend, as {% extends layout %}


def template_error(exc: Exception) -> ThemeError:
    """A theme problem as a diagnostic at the template line that caused it."""
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not file:  # an error while rendering: Jinja puts template lines in the traceback
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
        if frames:
            file, line = frames[-1].filename, frames[-1].lineno
    text = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    return ThemeError([Diagnostic(Loc(str(file or "template"), line or 1), "error",
                                  "theme: " + INTERNAL_CLASS.sub(r"a \1", text),
                                  "fix the template, or remove it to use the default")])


# Jinja names a value by its Python class ('generator.content.model.Project
# object'); a theme author knows it as a Project (docs/themes.md).
INTERNAL_CLASS = re.compile(r"'generator\.[\w.]+\.(\w+) object'")


def environment(theme: Theme, cache_dir: Path | None = None) -> jinja2.Environment:
    """The theme's templates, compiled once into ``<cache_dir>/templates/``
    (Jinja checks each against its source) rather than on every build."""
    env = jinja2.Environment(loader=_loader(theme), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                             bytecode_cache=_bytecode_cache(cache_dir))
    env.filters.update(money=money_filter, date=format_date, month=format_month, days=signed_days,
                       pct=percent, num=number, measured=measured, share=share,
                       markdown=markdown_filter, rel=relative, cell=cell,
                       over=over_under_filter, reconcile=reconcile_filter)
    env.globals.update(project_url=project_url, project_pdf=project_pdf, milestone_state=milestone_state,
                       verdict_basis=verdict_basis, since_lines=since_lines,
                       tolerance_status=tolerance_status)
    env.globals.update(csp=CSP, version=__version__)
    return env


def _bytecode_cache(cache_dir: Path | None) -> jinja2.BytecodeCache:
    return CompiledTemplates(Path(cache_dir) / "templates") if cache_dir is not None else _IN_MEMORY


class CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept in this process, for rendering with no cache
    folder: a library caller's renders compile each template once, and
    write nothing. Jinja keys each by its source, so an edit recompiles."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_IN_MEMORY = CompiledInMemory()


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept as every cache entry is
    (:mod:`generator.cache.store`): one that does not verify, or that Jinja cannot read
    back, is compiled again, never reported as a fault of the theme."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.damaged = 0

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data, damaged = store.get(self.folder / f"{bucket.key}.cache")
        self.damaged += damaged
        if data is not None:
            try:
                bucket.load_bytecode(io.BytesIO(data))
            except Exception:   # of another Python: compile it again
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        store.put(self.folder / f"{bucket.key}.cache", out.getvalue())


def _loader(theme: Theme) -> jinja2.BaseLoader:
    """A template by name from the user's theme, else the default's; by its
    ``default/`` name from the default theme."""
    return jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d / "templates") for d in theme.dirs]),
        jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(DEFAULT_THEME / "templates"))}),
    ])


def using_user_templates(theme: Theme, names: set[str]) -> set[str]:
    """Those of the page templates ``names`` that are, extend, include or
    import a template of the user's theme, at any depth, or name one Baton
    cannot follow (a variable other than ``layout``). A user's template may
    show anything of the report, so the pages made from these cannot be
    keyed by their part of the program: they are re-rendered on any change."""
    user = {path.relative_to(folder).as_posix()
            for folder in (d / "templates" for d in theme.dirs[:-1]) if folder.is_dir()
            for path in folder.rglob("*") if path.is_file()}
    if not user:
        return set()
    env = jinja2.Environment(loader=_loader(theme))
    seen: dict[str, bool] = {}

    def uses(name: str | None) -> bool:
        if name is None or name in user:
            return True
        if name not in seen:
            seen[name] = False          # a template that refers to itself is not followed twice
            try:
                source = env.loader.get_source(env, name)[0] if env.loader else ""
                found = _referenced(env.parse(source))
            except jinja2.TemplateError:
                found = [None]          # the build reports it; here it cannot be followed
            seen[name] = any(uses(ref) for ref in found)
        return seen[name]

    return {name for name in names if uses(name)}


REFERENCES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def _referenced(tree: nodes.Template) -> list[str | None]:
    """The templates ``tree`` extends, includes or imports: by name, or None
    for one given by an expression other than ``layout`` or a list."""
    found: list[str | None] = []
    for node in tree.find_all(REFERENCES):
        assert isinstance(node, REFERENCES)
        target = node.template
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            found.append(target.value)
        elif isinstance(target, nodes.Name) and target.name == "layout":
            found.append(LAYOUT)
        elif isinstance(target, (nodes.List, nodes.Tuple)):
            found += [item.value if isinstance(item, nodes.Const) else None
                      for item in target.items]
        else:
            found.append(None)
    return found
