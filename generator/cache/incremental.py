"""What a rebuild may reuse: fingerprints of a build's inputs, and a cache of
what it made from them.

Everything here is keyed by content (bytes and values), never by file times,
so a cache restored by a CI cache action is as good as one left on disk.

* :func:`inputs_key` hashes every input of a build: the content files, the
  settings, the theme's files, Baton's own code and the versions of the
  libraries that shape the output. When the output folder was written from
  the same key, there is nothing to do (:mod:`.output` keeps the key).
* :class:`PageCache` keeps rendered pages, and typeset PDFs, by a key of
  what each one shows (:class:`Fingerprints`). A project page is keyed by
  its own project, what the analysis says about it, and the id, name and
  code of the other projects it names; so editing one project re-renders
  its page and the program pages, and leaves the other project pages alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import shutil
import stat
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional

from generator.cache import store
from generator.content.model import Program, Project
from generator.settings import Settings
from generator.look.theme import Theme

CACHE_FORMAT = 1    # bump when what the page cache holds changes
PACKAGES = ("jinja2", "markdown-it-py", "pyyaml", "altair", "vl-convert-python", "fonttools",
            "typst")
CODE = Path(__file__).resolve().parents[1]   # generator/, every subpackage


# What the whole build reads ------------------------------------------------

def environment_key(settings: Settings, theme: Theme) -> str:
    """Everything but the content: Baton's code, the libraries, the settings
    (wherever baton.yaml is) and the theme's files."""
    hashed = hashlib.sha256(f"baton-cache {CACHE_FORMAT}\n".encode())
    for package in PACKAGES:
        try:
            hashed.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            hashed.update(f"{package} -\n".encode())
    hashed.update(repr(dataclasses.replace(settings, root="", cache_dir="")).encode())
    _hash_files(hashed, files_under(CODE, "code", suffix=".py"))
    for number, folder in enumerate(theme.dirs):
        _hash_files(hashed, files_under(folder, f"theme{number}"))
    return hashed.hexdigest()


@dataclasses.dataclass(frozen=True)
class ContentFiles:
    """The content folder, read once a build: each file's hash and each
    folder, by relative path. The inputs key and the content cache's
    folder keys both come from it."""

    files: dict[str, str]       # path -> sha256 of its bytes, by path
    folders: tuple[str, ...]    # every folder under the content folder, sorted


CONTENT_MEMO = "content-hashes"   # read_content's memo, in the cache folder
RACY_NS = 2 * 10**9   # a file changed this close to a build is always read (see read_content)


def read_content(content_dir: str | os.PathLike, memo: Optional[Path] = None) -> ContentFiles:
    """Hash every file under ``content_dir``. ``memo`` is a file where each
    hash is kept with the file's size, times and inode, as git's index keeps
    them: a file whose stat is as it was is not read again. A file changed
    less than RACY_NS before this read is always read, and not kept: a second
    edit that close to the first might leave its stat as it was."""
    root = Path(content_dir)
    start = time.time_ns()
    base = os.fspath(root)
    names, folders = walk(root)
    known = _read_memo(memo, root)
    hashes, kept = {}, {}
    for name in sorted(names):
        path = base + os.sep + name
        try:
            st = os.lstat(path)   # a link is never followed: it may lead out of the content
            if stat.S_ISLNK(st.st_mode):
                hashes[name] = digest("link", os.readlink(path))
                continue
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        entry = known.get(name)
        if entry is not None and entry[0] == signature:
            sha = entry[1]
        else:
            try:
                with open(path, "rb") as file:
                    sha = hashlib.sha256(file.read()).hexdigest()
            except OSError as exc:   # the loader reports it, with its path
                hashes[name] = digest("unreadable", str(exc.errno))
                continue
        hashes[name] = sha
        if max(st.st_mtime_ns, st.st_ctime_ns) < start - RACY_NS:
            kept[name] = (signature, sha)
    if memo is not None and kept != known:
        _write_memo(memo, root, kept)
    return ContentFiles(hashes, tuple(sorted(folders)))


def _read_memo(memo: Optional[Path], root: Path) -> dict:
    data = store.get(memo)[0] if memo is not None else None
    try:
        memo_data = pickle.loads(data) if data else None
        if memo_data and memo_data["root"] == str(root.absolute()):
            return memo_data["files"]
    except Exception:  # of an older Baton: every file is read
        pass
    return {}


def _write_memo(memo: Path, root: Path, kept: dict) -> None:
    store.put(memo, pickle.dumps({"root": str(root.absolute()), "files": kept},
                                 pickle.HIGHEST_PROTOCOL))


def inputs_key(content: ContentFiles, environment: str) -> str:
    """A build's every input: the environment key and each content file."""
    return digest(environment, *(f"{name} {sha}" for name, sha in content.files.items()))


def files_key(base: str, files: Mapping[str, bytes]) -> str:
    """``base`` and a set of files (path -> bytes), as one key."""
    hashed = hashlib.sha256(base.encode())
    _hash_files(hashed, sorted(files.items()))
    return hashed.hexdigest()


def files_under(folder: Path, label: str, suffix: str = "") -> Iterator[tuple[str, bytes]]:
    """Each file under ``folder`` (not following links to folders), sorted by
    relative path, as (label/relative path, bytes)."""
    names, _ = walk(folder)
    for name in sorted(name for name in names if name.endswith(suffix)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as file:
                yield f"{label}/{name}", file.read()


def walk(folder: str | os.PathLike) -> tuple[list[str], list[str]]:
    """The names under ``folder`` of its files and of its folders (links to
    folders among them, not followed), relative, with "/" between parts.
    os.walk, not Path.rglob: this runs on every build, over every content
    file and every file of the site."""
    base = os.fspath(folder).rstrip(os.sep) or os.sep
    files, folders = [], []
    for top, subfolders, names in os.walk(base):
        relative = top[len(base):].lstrip(os.sep).replace(os.sep, "/")   # os.walk joins onto base
        prefix = relative + "/" if relative else ""
        files += [prefix + name for name in names]
        folders += [prefix + name for name in subfolders]
    return files, folders


def _hash_files(hashed, files: Iterable[tuple[str, bytes]]) -> None:
    for name, data in files:
        hashed.update(f"\n{name} {len(data)}\n".encode("utf-8", "surrogateescape"))
        hashed.update(data)


# What one page shows -------------------------------------------------------

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

    def __init__(self, own: Optional[Callable[[Project], str]] = None) -> None:
        self._own = own or _project_digest
        self._texts: dict[int, tuple[object, str]] = {}   # id -> (the object, kept alive; text)
        self._fields: dict[type, tuple[str, ...]] = {}

    def key(self, program: str, path: str, shows: object,
            project: Optional[Project] = None) -> str:
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


# The cache -----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Keys:
    """The two keys pages are keyed under."""

    inputs: str     # every input: for pages that show the whole program
    program: str    # see program_key: for pages that show one part of it


class PageCache:
    """Files by key in ``<cache_dir>/<kind>/``; counts what it reused.

    ``cache_dir`` None: nothing is kept. ``read=False`` (``--clean``): nothing
    is read back, but what is made is kept for the next build. ``prune()``
    drops what neither this build nor the one before it used, so the cache
    holds two builds' worth: ``baton serve`` and ``baton build`` (whose
    settings differ) can take turns without emptying it for each other.
    """

    LAST_USED = ".used"   # the keys the previous build used, one a line

    def __init__(self, cache_dir: Optional[Path], kind: str, keys: Optional[Keys],
                 read: bool = True, own: Optional[Callable[[Project], str]] = None):
        self.folder = Path(cache_dir) / kind if cache_dir else None
        self.keys = keys
        self.fingerprints = Fingerprints(own)   # own: see Fingerprints.key
        self.read = read
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.damaged = 0    # entries that failed to verify, and were made again

    def get(self, key: str) -> Optional[bytes]:
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


def _keep_recent(folder: Path, used: set[str]) -> None:
    """Delete what is in ``folder`` but was used neither by this build
    (``used``) nor by the one before it, and note what this build used."""
    if not folder.is_dir():
        return
    record = folder / PageCache.LAST_USED
    try:
        before = set(record.read_text("ascii").split())
    except (OSError, ValueError):
        before = set()
    keep = used | before | {PageCache.LAST_USED}
    try:
        for path in folder.iterdir():
            if path.name in keep or store.being_written(path):
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        record.write_text("".join(f"{name}\n" for name in sorted(used)), "ascii")
    except OSError:
        pass  # a cache that cannot be tidied only costs room


class TemplateCache(PageCache):
    """Chart templates (see charts.template) in ``<cache_dir>/specs/``, one
    folder for each environment key: a rebuild reads them back instead of
    importing Altair to make them again.

    A template is read only when a chart of its kind is planned, which a
    rebuild that takes the roadmap page from the cache, or renders the
    dashboard in a forked worker, never does here. So ``prune()`` keeps or
    drops an environment's templates together, as the pages are kept: those
    of this build's environment and the previous build's."""

    def __init__(self, cache_dir: Optional[Path], environment: str, read: bool = True):
        super().__init__(cache_dir, f"specs/{environment[:32]}", None, read)
        self.environment = environment

    def key(self, *parts: str) -> str:
        return digest(self.environment, *parts)

    def prune(self) -> None:
        if self.folder is not None:
            _keep_recent(self.folder.parent, {self.folder.name})


class ContentCache(PageCache):
    """Loaded project folders, by a key of their files (see loader.check)."""

    def __init__(self, cache_dir: Optional[Path], content: ContentFiles, environment: str,
                 read: bool = True):
        super().__init__(cache_dir, "projects", None, read)
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
