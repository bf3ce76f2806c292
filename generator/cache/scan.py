"""What the content folder holds, file by file, as hashes: read on every
build to tell whether anything changed, and kept in a memo so that an
unchanged file is not read again. A link is hashed by where it points,
never followed: it may lead out of the content folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.cache import store


@dataclass(frozen=True)
class ContentFiles:
    """The content folder, read once a build: each file's hash and each
    folder, by relative path. The inputs key and the content cache's
    folder keys both come from it."""

    files: dict[str, str]       # path -> sha256 of its bytes, by path
    folders: tuple[str, ...]    # every folder under the content folder, sorted


CONTENT_MEMO = "content-hashes"   # read_content's memo, in the cache folder
RACY_NS = 2 * 10**9   # a file changed this close to a build is always read (see read_content)


def read_content(content_dir: str | os.PathLike, memo: Path | None = None) -> ContentFiles:
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
                hashes[name] = _text_hash("link", os.readlink(path))
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
                hashes[name] = _text_hash("unreadable", str(exc.errno))
                continue
        hashes[name] = sha
        if max(st.st_mtime_ns, st.st_ctime_ns) < start - RACY_NS:
            kept[name] = (signature, sha)
    if memo is not None and kept != known:
        _write_memo(memo, root, kept)
    return ContentFiles(hashes, tuple(sorted(folders)))


def _read_memo(memo: Path | None, root: Path) -> dict:
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


def _text_hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
