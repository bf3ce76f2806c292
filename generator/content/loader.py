"""Load a content folder (format v1) into a validated :class:`Program`.

``load`` reads every file, reports every problem it finds (with file, line and
column) and raises one :class:`ContentError` at the end, so a program office
fixes a folder in one pass. Walks are sorted, so the same folder always gives
the same model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import os
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from generator.content import checks
from generator.content.assets import publishable
from generator.content.defaults import merge_tolerances, qualified, with_direction
from generator.content.folders import FolderReader
from generator.content.model import (
    DEFAULT_TOLERANCES,
    BenefitsFile,
    Page,
    Program,
    Project,
    ResourcesFile,
    StatusReport,
    Tolerances,
)
from generator.content.scalars import DATE_PATTERN, id_problem, slug
from generator.errors import ContentError, Diagnostic, Diagnostics, Progress
from generator.workers import shared_map

PARALLEL_MIN_PROJECTS = 200  # below this, starting workers costs more than it saves
LOAD_CHUNK = 20  # project folders a worker loads at a time
KNOWN_ROOT = {"program.yaml", "benefits.yaml", "resources.yaml", "projects", "status", "pages", "assets"}


@dataclass(frozen=True)
class Result:
    """What checking a folder found: the model and every problem.

    ``partial`` is whatever loaded, for counting; ``program`` is the model only
    when there were no errors.
    """

    partial: Program | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def program(self) -> Program | None:
        return None if self.errors else self.partial

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def load(content_dir: str | os.PathLike) -> Program:
    """The program in ``content_dir``; raises ContentError listing every error."""
    result = check(content_dir)
    if result.errors:
        raise ContentError(result.diagnostics)
    assert result.program is not None
    return result.program


def load_checked(content_dir: str | os.PathLike, cache: FolderCache | None = None,
                 progress: Progress | None = None) -> tuple[Program, tuple[Diagnostic, ...]]:
    """The program in ``content_dir`` and its warnings (project folders from
    ``cache`` where their files are as they were); raises ContentError
    listing every problem when there is an error."""
    if progress:
        progress("reading and checking content", 0, 0)
    result = check(content_dir, cache)
    if result.program is None:
        raise ContentError(result.diagnostics)
    return result.program, result.warnings


class FolderCache(Protocol):
    """Where loaded project folders are kept between builds (see
    incremental.ContentCache): bytes by key, and each folder's files as a key."""

    def folder_key(self, name: str) -> str: ...
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...


def check(content_dir: str | os.PathLike, cache: FolderCache | None = None) -> Result:
    """Load and validate ``content_dir``, collecting errors and warnings.
    With ``cache``, a project folder whose files are as they were is taken,
    model and problems, from it instead of being read again."""
    diags = Diagnostics()
    with _collector_paused():
        program = _Loader(Path(content_dir), diags, cache=cache).load()
    if program is not None:
        broken = frozenset(d.loc.file for d in diags.items if d.severity == "error")
        checks.run(program, diags, broken)
    return Result(program, diags.sorted())


@contextlib.contextmanager
def _collector_paused():
    """Loading makes a large, acyclic heap of nodes and model objects; Python's
    cyclic garbage collector rescans it over and over (a third of the load time
    of a 1,000-project program). Pause it while loading, then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was loaded lives for the whole build: move it to the oldest
        # generation (freeze, then unfreeze) so that the first young
        # collection after this does not scan it all once more.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


class _Loader(FolderReader):
    """Reads one content folder into a Program: through :class:`FolderReader`,
    so nothing outside the content folder is read, however a symlink points."""

    def __init__(self, root: Path, diags: Diagnostics, tolerances: Tolerances = DEFAULT_TOLERANCES,
                 cache: FolderCache | None = None):
        super().__init__(root, diags)
        self.tolerances = tolerances  # the program's, once program.yaml is read
        self.cache = cache

    def load(self) -> Program | None:
        if not self.root.is_dir():
            self.diags.error(self.loc(self.root), "content folder not found",
                             "run Baton in your program repository, or name the content folder")
            return None
        if self.folder(self.root, "the content folder") is None:
            return None
        program = self.read_yaml(self.root / "program.yaml", Program)
        if program is None:
            return None
        self.tolerances = merge_tolerances(DEFAULT_TOLERANCES, program.tolerances)
        self.warn_strays()
        projects = self.load_projects()
        benefits = self.read_yaml(self.root / "benefits.yaml", BenefitsFile, required=False)
        teams = self.read_yaml(self.root / "resources.yaml", ResourcesFile, required=False)
        program = replace(
            program,
            id=program.id or slug(program.name or "") or "program",
            projects=tuple(projects),
            benefits=tuple(with_direction(b) for b in benefits.benefits) if benefits else (),
            teams=teams.teams if teams else (),
            pages=tuple(self.load_pages()),
            assets=tuple(self.list_assets()),
            status_reports=tuple(self.load_status_reports(self.root / "status")),
            content_dir=str(self.root),
        )
        return self.resolve(program)

    def load_projects(self) -> list[Project]:
        folder = self.root / "projects"
        entries = self.folder(folder, "projects/")
        if entries is None:
            if not os.path.lexists(folder):
                self.diags.error(self.loc(folder), "projects/ folder is missing",
                                 "add projects/<project-id>/project.yaml")
            return []
        names = []
        for entry in entries:
            if not self.inside(entry):
                continue
            if not entry.is_dir():
                self.diags.warning(self.loc(entry), "not a project folder; ignored",
                                   "projects/ holds one folder per project")
            elif id_problem(entry.name)[0]:
                problem, better = id_problem(entry.name)
                self.diags.error(self.loc(entry), f"project folder name '{entry.name}' {problem}",
                                 f"rename it to '{better or 'my-project'}'")
            else:
                names.append(entry.name)
        keys = {name: self.folder_key(name) for name in names} if self.cache else {}
        loaded = self.from_cache(keys)
        missing = [name for name in names if name not in loaded]
        if len(missing) >= PARALLEL_MIN_PROJECTS and (os.cpu_count() or 1) > 1:
            fresh = self.load_in_workers(missing)
        else:
            fresh = _load_folders(self.root, self.tolerances, missing)
        for name, made in zip(missing, fresh):
            loaded[name] = made
            if self.cache is not None:
                self.cache.put(keys[name], pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
        projects = []
        for name in names:  # in folder order, however each was loaded
            project, problems = loaded[name]
            self.diags.items.extend(problems)
            if project is not None:
                projects.append(project)
        if not projects and not self.diags.has_errors:
            self.diags.error(self.loc(folder), "the program has no projects",
                             "add projects/<project-id>/project.yaml")
        return projects

    def from_cache(self, keys: dict[str, str]) -> dict[str, LoadedFolder]:
        """The folders (by name, with their keys) that the cache holds as
        they are now: (project, problems)."""
        found: dict[str, LoadedFolder] = {}
        if self.cache is None:
            return found
        for name, key in keys.items():
            data = self.cache.get(key)
            if data is not None:
                try:
                    found[name] = pickle.loads(data)
                except Exception:  # a damaged entry is a miss: the folder is read again
                    pass
        return found

    def folder_key(self, name: str) -> str:
        """A folder's files, and what else loading it depends on: where the
        content is (locations hold it) and the program's tolerances."""
        assert self.cache is not None
        return hashlib.sha256(f"{self.cache.folder_key(name)}\0{self.root}\0{self.tolerances!r}"
                              .encode("utf-8", "surrogateescape")).hexdigest()

    def load_project(self, name: str) -> Project | None:
        entry = self.root / "projects" / name
        project = self.read_yaml(entry / "project.yaml", Project)
        for stray in self.folder(entry, "a project") or []:
            if stray.name not in ("project.yaml", "status"):
                self.diags.warning(self.loc(stray), "not part of content format v1; ignored",
                                   "a project folder holds project.yaml and status/")
        reports = self.load_status_reports(entry / "status")   # their problems too, in one run
        if project is None:
            return None
        return replace(project, id=name, status_reports=tuple(reports),
                       tolerances=merge_tolerances(self.tolerances, project.tolerances),
                       milestones=tuple(qualified(name, m) for m in project.milestones))

    def load_in_workers(self, names: list[str]) -> list[LoadedFolder]:
        """Load project folders in worker processes and here at once, a small
        chunk at a time, joined in folder order: the same as loading them one
        by one (see workers.shared_map)."""
        chunks = [names[i:i + LOAD_CHUNK] for i in range(0, len(names), LOAD_CHUNK)]
        work = functools.partial(_load_folders, self.root, self.tolerances)
        return [folder for chunk in shared_map(work, chunks) for folder in chunk]

    def load_status_reports(self, folder: Path) -> list[StatusReport]:
        reports = []
        for path in self.folder(folder, "status/") or []:
            if not self.inside(path):
                continue
            if path.suffix == ".md" and path.is_dir():
                self.diags.error(self.loc(path), f"{path.name} is a folder; a status report is a file",
                                 "move it away")
                continue
            if path.suffix != ".md" or not path.is_file():
                self.diags.warning(self.loc(path), "not a status report; ignored",
                                   "status reports are named YYYY-MM-DD.md")
                continue
            report = self.load_status_report(path)
            if report is not None:
                reports.append(report)
        return reports

    def load_status_report(self, path: Path) -> StatusReport | None:
        stem = path.stem
        file_date = None
        if DATE_PATTERN.match(stem):
            try:
                file_date = dt.date.fromisoformat(stem)
            except ValueError:
                self.diags.error(self.loc(path), f"status report file name '{path.name}' is not a real date",
                                 "check the day of the month")
        else:
            self.diags.error(self.loc(path), f"status report file name '{path.name}' is not a date",
                             "name it YYYY-MM-DD.md, the date the report describes")
        parts = self.read_markdown(path)
        if parts is None:
            return None
        front, body = parts
        report = self.read_node(front, StatusReport, "front matter is empty",
                                body=body.text, body_line=body.first_line)
        if report is None or file_date is None:
            return None
        if report.date is not None and report.date != file_date:
            self.diags.error(report.src.at("date"),
                             f"date: {report.date} disagrees with the file name {path.name}",
                             "rename the file or correct the date")
        return replace(report, date=file_date)

    def load_pages(self) -> list[Page]:
        folder = self.root / "pages"
        pages = []
        for path in self.folder(folder, "pages/") or []:
            if not self.inside(path):
                continue
            if path.suffix == ".md" and path.is_dir():
                self.diags.error(self.loc(path), f"{path.name} is a folder; a page is a file",
                                 "move it away")
                continue
            if path.suffix != ".md" or not path.is_file():
                self.diags.warning(self.loc(path), "not a page; ignored", "pages are named <page-id>.md")
                continue
            problem, better = id_problem(path.stem)
            if problem:
                self.diags.error(self.loc(path), f"page file name '{path.name}' {problem}",
                                 f"rename it to '{better or 'my-page'}.md'")
                continue
            parts = self.read_markdown(path)
            if parts is None:
                continue
            front, body = parts
            page = self.read_node(front, Page, "front matter is empty", id=path.stem,
                                  body=body.text, body_line=body.first_line)
            if page is not None:
                pages.append(page)
        return sorted(pages, key=lambda p: (p.order, p.id))

    def list_assets(self) -> list[str]:
        """The files under assets/ that the site publishes, relative to it.
        Dotfiles and dot-folders are left out; a kind that could run script
        is an error; an SVG is checked (:mod:`.assets`)."""
        folder = self.root / "assets"
        if self.folder(folder, "assets/") is None:
            return []
        assets = []
        for dirpath, dirnames, filenames in os.walk(folder, onerror=self.unreadable):
            dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or not self.inside(path):
                    continue
                if path.is_symlink() and not path.exists():
                    self.diags.error(self.loc(path), "symlink points to nothing")
                    continue
                if name in filenames:
                    rel = path.relative_to(folder).as_posix()
                    if publishable(path, rel, self.diags):
                        assets.append(rel)
        return sorted(assets)

    def warn_strays(self) -> None:
        for entry in sorted(self.root.iterdir()):
            if entry.name not in KNOWN_ROOT and not entry.name.startswith("."):
                self.diags.warning(self.loc(entry), "not part of content format v1; ignored",
                                   "see docs/content.md for the layout")

    # defaults that depend on other files -----------------------------------

    def resolve(self, program: Program) -> Program:
        as_of = program.as_of
        if as_of is None:
            dates = [r.date for p in program.projects for r in p.status_reports]
            dates += [r.date for r in program.status_reports]
            if dates:
                as_of = max(dates)
            elif program.name is not None:
                self.diags.error(program.src.loc, "as_of is not set and there are no status reports",
                                 "add 'as_of: YYYY-MM-DD' to program.yaml")
        return replace(program, tolerances=self.tolerances, as_of=as_of)


LoadedFolder = tuple[Project | None, list[Diagnostic]]  # a project folder, and its problems


def _load_folders(root: Path, tolerances: Tolerances, names: list[str]) -> list[LoadedFolder]:
    """Load project folders one by one, each with the problems found in it
    (also a worker's job: see load_in_workers)."""
    loaded = []
    with _collector_paused():
        for name in names:
            diags = Diagnostics()
            loaded.append((_Loader(root, diags, tolerances).load_project(name), diags.items))
    return loaded
