"""Site settings: ``baton.yaml`` beside ``content/``, overridden by CLI options.

Settings describe how to publish, not what the program is: the site's title,
where it will be served, which theme, PDF options and where to cache. They are
declared like content keys (see :mod:`generator.model`), so an unknown or
misspelt setting is an error with a did-you-mean hint, and docs/settings.md
documents every one (a test keeps the two in step).
"""

from __future__ import annotations

import os
import re
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from generator.content.fields import NO_SOURCE, Obj, Source, key
from generator.content.fields import record as setting
from generator.content.folders import read_yaml_file
from generator.content.scalars import Bool, Enum, Number, Text
from generator.errors import ContentError, Diagnostics

FILE_NAME = "baton.yaml"
URL_PATTERN = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?\Z")

SRC = field(default=NO_SOURCE, compare=False, repr=False)


@setting
class PdfSettings:
    enabled: bool = key(Bool(), default=False)
    paper: str = key(Enum("a4", "letter"), default="a4")
    # ua-1: tagged and accessible (PDF/UA-1); a-2a, a-2b, a-2u: also an archive (PDF/A-2)
    standard: str = key(Enum("ua-1", "a-2a", "a-2b", "a-2u", "none"), default="ua-1")
    # board: the pack gives a page to the worst projects (amber or worse, at
    # most pack_projects of them) and one line to the rest; full: a page each
    pack: str = key(Enum("board", "full"), default="board")
    pack_projects: int = key(Number(minimum=0, integer=True), default=20)
    src: Source = SRC


@setting
class Settings:
    title: str | None = key(Text())        # default: the program's name
    base_url: str | None = key(Text())     # absolute URL the site is served from
    theme: str | None = key(Text())        # a folder, relative to baton.yaml
    pdf: PdfSettings = key(Obj(PdfSettings), default=PdfSettings())
    cache_dir: str = key(Text(), default=".baton-cache")  # relative to baton.yaml
    root: str = ""  # the folder that relative paths are read from
    file: str = ""  # the baton.yaml these came from; "" when there was none
    src: Source = SRC

    @property
    def theme_dir(self) -> Path | None:
        return Path(self.root, self.theme) if self.theme else None

    @property
    def cache_path(self) -> Path | None:
        """The cache folder, or None for no cache: when cache_dir is empty,
        or when there is no root, as in ``Settings()`` made by a library
        caller, whose build then touches no disk before it writes the site."""
        return Path(self.root, self.cache_dir) if self.cache_dir and self.root else None


def settings_file(content_dir: str | os.PathLike) -> Path:
    """Where the settings of a content folder live: beside it."""
    return Path(content_dir).absolute().parent / FILE_NAME


def load_settings(content_dir: str | os.PathLike, **overrides: Any) -> Settings:
    """The settings for ``content_dir``: its baton.yaml (if any), checked, then
    every override that is not ``None`` (CLI options win; the CLI checks its
    own values). Raises ContentError."""
    path = settings_file(content_dir)
    diags = Diagnostics()
    settings = read_yaml_file(path, Settings, diags, required=False)
    if settings is not None:
        settings = replace(settings, root=str(path.parent), file=str(path))
        _validate(settings, diags)
    if diags.has_errors:
        raise ContentError(diags.sorted())
    settings = settings or Settings(root=str(path.parent))
    pdf = {"enabled": overrides.pop("pdf", None), "paper": overrides.pop("paper", None),
           "standard": overrides.pop("pdf_standard", None), "pack": overrides.pop("pack", None),
           "pack_projects": overrides.pop("pack_projects", None)}
    return replace(
        settings,
        pdf=replace(settings.pdf, **{k: v for k, v in pdf.items() if v is not None}),
        **{k: v for k, v in overrides.items() if v is not None},
    )


def is_url(text: str) -> bool:
    return bool(URL_PATTERN.match(text))


def _validate(settings: Settings, diags: Diagnostics) -> None:
    at = settings.src.at
    if settings.base_url is not None and not is_url(settings.base_url):
        diags.error(at("base_url"), f"base_url: '{settings.base_url}' is not an absolute http(s) URL",
                    "for example https://example.org/program/")
    cache = settings.cache_path
    if cache is not None and (cache.is_symlink() or (cache.exists() and not cache.is_dir())):
        diags.error(at("cache_dir"), f"cache_dir: '{settings.cache_dir}' is not a folder, so Baton "
                    "cannot write the cache there",
                    "set cache_dir (or --cache-dir) to a folder you can write, or '' for none")
    theme = settings.theme_dir
    if theme is not None:
        problem = theme_problem(theme)
        if problem:
            diags.error(at("theme"), f"theme: folder '{settings.theme}' {problem}",
                        "name a folder holding templates/, static/, print/ or theme.yaml, "
                        "relative to baton.yaml")


THEME_PARTS = ("templates", "static", "print", "theme.yaml")


def theme_problem(folder: Path) -> str:
    """Why ``folder`` is not a theme ('' when it is): it must be a folder
    holding at least one of a theme's parts, so a mistyped path such as
    ``/`` or ``/proc/sys`` is named, not walked."""
    try:
        if not folder.is_dir():
            return "is a file, not a folder" if folder.exists() else "not found"
        if not any((folder / part).exists() for part in THEME_PARTS):
            return "is not a theme: it holds none of " + ", ".join(THEME_PARTS)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return ""
