"""The stores of the cache: rendered pages and PDFs, chart templates and
loaded project folders, each a folder of verified entries (:mod:`.store`)
pruned to what the last two builds used; and :class:`BuildCache`, the one
object a build asks for all of them.

``cache_dir`` None (a library caller's default, or ``cache_dir: ''``) keeps
nothing and touches no disk.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.cache import store
from generator.cache.keys import Fingerprints, digest, environment_key, inputs_key, program_key
from generator.cache.scan import CONTENT_MEMO, ContentFiles, read_content
from generator.content.model import Program, Project
from generator.errors import BatonBug, Diagnostic, Loc
from generator.look.theme import Theme
from generator.settings import Settings


@dataclass(frozen=True)
class PageKeys:
    """The two keys pages are keyed under."""

    inputs: str     # every input: for pages that show the whole program
    program: str    # see program_key: for pages that show one part of it


class Entries:
    """Files by key in ``<cache_dir>/<kind>/``; counts what it reused.

    ``cache_dir`` None: nothing is kept. ``read=False`` (``--clean``): nothing
    is read back, but what is made is kept for the next build. ``prune()``
    drops what neither this build nor the one before it used, so the cache
    holds two builds' worth: ``baton serve`` and ``baton build`` (whose
    settings differ) can take turns without emptying it for each other.
    """

    LAST_USED = ".used"   # the keys the previous build used, one a line

    def __init__(self, cache_dir: Path | None, kind: str, read: bool = True):
        self.folder = Path(cache_dir) / kind if cache_dir else None
        self.read = read
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.damaged = 0    # entries that failed to verify, and were made again

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        data = None
        if self.folder is not None and self.read:
            data, damaged = store.get(self.folder / key)
            self.damaged += damaged
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        if self.folder is not None:
            store.put(self.folder / key, data)   # a cache that cannot be written only costs time

    def prune(self) -> None:
        if self.folder is not None:
            _keep_recent(self.folder, self.used)


class PageCache(Entries):
    """Rendered pages or PDFs, each under a key made from ``keys`` and what
    of the program it shows."""

    def __init__(self, cache_dir: Path | None, kind: str, keys: PageKeys, read: bool = True,
                 own: Callable[[Project], str] | None = None):
        super().__init__(cache_dir, kind, read)
        self.keys = keys
        self.fingerprints = Fingerprints(own)   # own: see Fingerprints.key


def _keep_recent(folder: Path, used: set[str], since: int | None = None) -> None:
    """Delete what is in ``folder`` but was used neither by this build
    (``used``) nor by the one before it, and note what this build used.
    ``since`` (ns): keep too what was written from then on, by a worker
    whose use this process did not see."""
    if not folder.is_dir():
        return
    record = folder / Entries.LAST_USED
    try:
        before = set(record.read_text("ascii").split())
    except (OSError, ValueError):
        before = set()
    keep = used | before | {Entries.LAST_USED}
    try:
        for path in folder.iterdir():
            if path.name in keep or store.being_written(path):
                continue
            if since is not None and path.stat().st_mtime_ns >= since:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        record.write_text("".join(f"{name}\n" for name in sorted(used)), "ascii")
    except OSError:
        pass  # a cache that cannot be tidied only costs room


class TemplateCache(Entries):
    """Chart templates (see charts.plan.template) in ``<cache_dir>/chart-templates/``, one
    folder for each environment key: a rebuild reads them back instead of
    importing Altair to make them again.

    A template is read only when a chart of its kind is planned, which a
    rebuild that takes the roadmap page from the cache, or renders the
    dashboard in a forked worker, never does here. So ``prune()`` keeps or
    drops an environment's templates together, as the pages are kept: those
    of this build's environment and the previous build's."""

    def __init__(self, cache_dir: Path | None, environment: str, read: bool = True):
        super().__init__(cache_dir, f"chart-templates/{environment[:32]}", read)
        self.environment = environment

    def key(self, *parts: str) -> str:
        return digest(self.environment, *parts)

    def prune(self) -> None:
        if self.folder is not None:
            _keep_recent(self.folder.parent, {self.folder.name})


class ContentCache(Entries):
    """Loaded project folders, by a key of their files (see loader.check)."""

    def __init__(self, cache_dir: Path | None, content: ContentFiles, environment: str,
                 read: bool = True):
        super().__init__(cache_dir, "projects", read)
        self.environment = environment
        self.parts: dict[str, list[str]] = {}   # project -> its folders' and files' lines
        for path in content.folders:
            self._add(path, "folder")
        for path, sha in content.files.items():
            self._add(path, sha)

    def _add(self, path: str, what: str) -> None:
        parts = path.split("/", 2)
        if parts[0] == "projects" and len(parts) == 3:
            self.parts.setdefault(parts[1], []).append(f"{parts[2]} {what}")

    def folder_key(self, name: str) -> str:
        """Every file and folder under projects/<name>, and the environment:
        all a loaded project is made of but the program's tolerances (which
        the loader adds to it) and its source locations (which pages do
        not show). Page keys use it for the page's own project."""
        return digest(self.environment, name, *self.parts.get(name, ()))


class ChartCache:
    """SVG by spec key in ``<cache_dir>/charts/``, verified (:mod:`.store`).
    Safe to delete at any time."""

    def __init__(self, cache_dir: Path | None):
        self.folder = Path(cache_dir) / "charts" if cache_dir else None
        self.damaged = 0
        self.used: set[str] = set()
        self.opened = time.time_ns()   # a forked worker's charts are newer: kept too

    def get(self, key: str) -> str | None:
        self.used.add(f"{key}.svg")
        if self.folder is None:
            return None
        data, damaged = store.get(self.folder / f"{key}.svg")
        self.damaged += damaged
        try:
            return data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            self.damaged += 1
            return None

    def put(self, key: str, svg: str) -> None:
        self.used.add(f"{key}.svg")
        if self.folder is not None:
            store.put(self.folder / f"{key}.svg", svg.encode("utf-8"))

    def prune(self) -> None:
        if self.folder is not None:
            _keep_recent(self.folder, self.used, since=self.opened - 10**9)


class BuildCache:
    """Every store one build uses, opened once, and what the content folder
    holds now (its file hashes and the key of all the build's inputs).
    ``clean``: nothing is read back, but what is made is kept. Without a
    ``content_dir`` (rendering a report made in code) it keeps nothing,
    reads nothing and scans no folder."""

    def __init__(self, settings: Settings, theme: Theme, content_dir: str | os.PathLike | None,
                 clean: bool = False):
        self.folder = settings.cache_path if content_dir is not None else None
        self.environment = environment_key(settings, theme)
        self.scanned = (read_content(content_dir, self.folder / CONTENT_MEMO if self.folder else None)
                        if content_dir is not None else ContentFiles({}, ()))
        self.inputs = inputs_key(self.scanned, self.environment)
        self.read = not clean
        self.content = ContentCache(self.folder, self.scanned, self.environment, read=self.read)
        self.templates = TemplateCache(self.folder, self.environment, read=self.read)
        self.charts = ChartCache(self.folder)
        self._pages: PageCache | None = None   # opened by for_program
        self._pdfs: PageCache | None = None

    @property
    def loaded_folders(self) -> ContentCache | None:
        """Where the loader keeps project folders, or None without a cache."""
        return self.content if self.folder else None

    def for_program(self, program: Program) -> None:
        """Open the page and PDF stores, keyed by what of ``program`` a page shows."""
        keys = PageKeys(self.inputs, program_key(self.environment, program))
        self._pages = PageCache(self.folder, "pages", keys, read=self.read,
                                own=lambda project: self.content.folder_key(project.id))
        self._pdfs = PageCache(self.folder, "pdfs", keys, read=self.read)

    @property
    def pages(self) -> PageCache:
        return self._opened(self._pages)

    @property
    def pdfs(self) -> PageCache:
        return self._opened(self._pdfs)

    @staticmethod
    def _opened(pages: PageCache | None) -> PageCache:
        if pages is None:
            raise BatonBug("the page stores are opened by for_program(program), before rendering")
        return pages

    @property
    def made(self) -> int:
        """Pages and PDFs this build rendered or typeset: the rest were reused."""
        return sum(s.misses for s in (self._pages, self._pdfs) if s is not None)

    def damage(self) -> tuple[Diagnostic, ...]:
        """The warning that entries failed to verify and were made again."""
        count = sum(s.damaged for s in self._stores())
        if not count:
            return ()
        return (Diagnostic(Loc(str(self.folder)), "warning",
                           f"{count} damaged cache {'entry was' if count == 1 else 'entries were'} "
                           "made again", "nothing to do; if it happens again, check the disk"),)

    def prune(self) -> None:
        """Drop what neither this build nor the one before it used."""
        for used in self._stores():
            used.prune()

    def _stores(self) -> list[Entries | ChartCache]:
        return [s for s in (self.content, self.templates, self.charts, self._pages, self._pdfs)
                if s is not None]
