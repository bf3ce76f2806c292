"""The keys of the cache: what a build reads, as one key; what one page
shows, as another.

Everything here is keyed by content (bytes and values), never by file times,
so a cache restored by a CI cache action is as good as one left on disk.

* :func:`inputs_key` hashes every input of a build: the content files, the
  settings, the theme's files, Baton's own code and the versions of the
  libraries that shape the output. When the output folder was written from
  the same key, there is nothing to do (the output's manifest keeps it).
* :class:`Fingerprints` keys a page by what it shows: a project page by its
  own project, what the analysis says about it, and the id, name and code of
  the other projects it names; so editing one project re-renders its page
  and the program pages, and leaves the other project pages alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.cache.scan import ContentFiles, _hash_files, files_under
from generator.content.model import Program, Project
from generator.look.theme import Theme
from generator.settings import Settings

CACHE_FORMAT = 1    # bump when what the page cache holds changes
PACKAGES = ("jinja2", "markdown-it-py", "pyyaml", "altair", "vl-convert-python", "fonttools",
            "typst")
CODE = Path(__file__).resolve().parents[1]   # generator/, every subpackage


def environment_key(settings: Settings, theme: Theme) -> str:
    """Everything but the content: Baton's code, the libraries, the settings
    (wherever baton.yaml is) and the theme's files."""
    hashed = hashlib.sha256(f"baton-cache {CACHE_FORMAT}\n".encode())
    for package in PACKAGES:
        try:
            hashed.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            hashed.update(f"{package} -\n".encode())
    hashed.update(repr(dataclasses.replace(settings, root="", cache_dir="", file="")).encode())
    _hash_files(hashed, files_under(CODE, "code", suffix=".py"))
    for number, folder in enumerate(theme.dirs):
        _hash_files(hashed, files_under(folder, f"theme{number}"))
    return hashed.hexdigest()



def inputs_key(content: ContentFiles, environment: str) -> str:
    """A build's every input: the environment key and each content file."""
    return digest(environment, *(f"{name} {sha}" for name, sha in content.files.items()))


def files_key(base: str, files: Mapping[str, bytes]) -> str:
    """``base`` and a set of files (path -> bytes), as one key."""
    hashed = hashlib.sha256(base.encode())
    _hash_files(hashed, sorted(files.items()))
    return hashed.hexdigest()


def program_key(environment: str, program: Program) -> str:
    """What every page may show of the program: the environment, and the
    program without its projects (name, as-of date, teams, tranches, free
    pages, assets…)."""
    rest = dataclasses.replace(program, projects=(), content_dir="")
    return digest(environment, Fingerprints().text(rest))


def digest(*parts: str) -> str:
    """A key made of texts."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return hashed.hexdigest()


_PLAIN = (str, int, float, bool, dt.date, type(None))
LONG_TEXT = 100   # an analysis object's text longer than this is written as its hash
_MODEL = Project.__module__


class Fingerprints:
    """Page keys, from texts that change whenever something a template could
    show changes. Source locations do not count: they are not shown
    (``repr=False``). One instance serves one build: the text of each model
    or analysis object is made once, however many pages show it."""

    def __init__(self, own: Callable[[Project], str] | None = None) -> None:
        self._own = own or _project_digest
        self._texts: dict[int, tuple[object, str]] = {}   # id -> (the object, kept alive; text)
        self._fields: dict[type, tuple[str, ...]] = {}

    def key(self, program: str, path: str, shows: object,
            project: Project | None = None) -> str:
        """The key of the page at ``path`` that shows ``shows`` (views from
        the analysis). ``project`` is the page's own project: all of it
        counts (its ``own`` key: by default, a hash of all of it); of any
        other project, its id, name, code and whether closed."""
        own = self._own(project) if project is not None else ""
        return digest(program, path, own, self.text(shows))

    def text(self, value: object) -> str:
        if isinstance(value, _PLAIN):
            return repr(value)
        if isinstance(value, Project):
            return repr(("P", value.id, value.name, value.code, value.closed))
        if type(value).__module__ == _MODEL:
            # A model object other than a project holds only values and other
            # such objects, and its repr leaves out its source: it is its text.
            return repr(value)
        if dataclasses.is_dataclass(value):
            known = self._texts.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            text = (type(value).__name__ + "(" + ",".join(
                f"{name}={self.text(getattr(value, name))}" for name in self._names(type(value)))
                + ")")
            if len(text) > LONG_TEXT:
                # Stands for the text in any text that holds this object: a
                # milestone that a hundred others wait for is written out once.
                text = "#" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
            self._texts[id(value)] = (value, text)
            return text
        if isinstance(value, (tuple, list)):
            return "[" + ",".join(self.text(item) for item in value) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{self.text(k)}:{self.text(value[k])}"
                                  for k in sorted(value, key=repr)) + "}"
        # an id() in a repr would make every key new: refuse rather than never reuse
        raise TypeError(f"cannot fingerprint {type(value).__name__}")

    def _names(self, cls: type) -> tuple[str, ...]:
        names = self._fields.get(cls)
        if names is None:
            names = self._fields[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
        return names


def _project_digest(project: Project) -> str:
    """All of a project; a dataclass repr leaves out its source locations."""
    return hashlib.sha256(repr(project).encode("utf-8", "surrogateescape")).hexdigest()


