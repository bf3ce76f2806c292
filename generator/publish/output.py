"""The one module that writes the site.

``write(files, out_dir, …)`` changes the output only once every new byte is
on disk: the files that are new or changed are written into a temporary
folder beside the output first, so a full disk or a failed write leaves the
previous site as it was. Then they are moved into place, each with one
rename, and the files the site no longer has are deleted. A file whose bytes
did not change is not touched, so it keeps its time and a server or sync
tool sees only what changed; when nothing changed, nothing is written at
all. A first build moves the whole temporary folder into place at once.

Baton marks the folders it makes with a ``.baton`` file, which also holds the
manifest: every file Baton wrote there with its hash, and the key of the
inputs it was built from (:mod:`generator.cache`), under a checksum. Baton
refuses to replace a non-empty folder without that file, or with one it
cannot verify (empty, cut, garbled, of an unknown format), keeps any file in
it that Baton did not write, and refuses to overwrite one: pointing ``-o`` at
the wrong folder can never delete someone's work.

The staging folder of a build carries its owner (``.baton-staging``, with
the process id); a build removes the staging folders beside its output that
a killed build left, once their owner is gone. SIGTERM stops a build as
Ctrl+C does, removing its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.cache.scan import walk
from generator.errors import Diagnostic, Loc, OutputError
from generator.settings import Settings

MARKER = ".baton"
MARKER_TEXT = (b"This folder is written by Baton (baton build) and replaced on every build.\n"
               b"Do not keep other files here: put them in content/assets/ instead.\n")
MANIFEST_FORMAT = 2        # 2 adds the checksum and paths relative to the folder
READ_FORMATS = (1, 2)
MOVING = ".baton-moving"   # the marker while files are moved in (see write)
STAGING_OWNER = ".baton-staging"   # in a staging folder: which process made it
RECOVER = ("build into a new folder (-o NEW), or, if nothing in it is yours, delete it "
           "and build again")


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote into an output folder."""

    inputs: str                                   # incremental.inputs_key of that build
    files: Mapping[str, tuple[str, int]]          # path -> (sha256, size)
    warnings: tuple[Diagnostic, ...] = ()          # what that build warned about

    @staticmethod
    def of(files: Mapping[str, bytes], inputs: str,
           warnings: Sequence[Diagnostic] = ()) -> Manifest:
        return Manifest(inputs, {path: (hashlib.sha256(data).hexdigest(), len(data))
                                 for path, data in files.items()}, tuple(warnings))

    def text(self, folder: Path) -> bytes:
        """The marker's bytes. Warnings' files are written relative to
        ``folder``'s parent, so the marker names no path of this machine."""
        base = os.path.dirname(os.path.abspath(folder))
        warnings = [[os.path.relpath(os.path.abspath(d.loc.file), base), d.loc.line, d.loc.col,
                     d.severity, d.message, d.hint] for d in self.warnings]
        data = {"format": MANIFEST_FORMAT, "inputs": self.inputs, "warnings": warnings,
                "files": {path: list(entry) for path, entry in sorted(self.files.items())}}
        data["checksum"] = _checksum(data)
        return MARKER_TEXT + json.dumps(data, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def _checksum(data: dict) -> str:
    body = {key: value for key, value in data.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def read_manifest(out_dir: Path) -> Manifest | None:
    """The manifest in ``out_dir``, or None when it has no marker. Raises
    OutputError when the marker is there but is not one Baton can verify:
    then Baton cannot tell its files from anyone else's."""
    marker = Path(out_dir) / MARKER
    try:
        if marker.is_symlink() or not marker.is_file():
            if not os.path.lexists(marker):
                return None
            raise OutputError(_damaged(out_dir, "is not a file"))
        text = marker.read_bytes()
    except OSError as exc:
        raise OutputError(_damaged(out_dir, f"cannot be read ({exc.strerror or exc})")) from None
    if not text.startswith(MARKER_TEXT):
        raise OutputError(_damaged(out_dir, "is empty" if not text else "is not Baton's manifest"))
    try:
        data = json.loads(text[len(MARKER_TEXT):])
        if not isinstance(data, dict) or data.get("format") not in READ_FORMATS:
            raise OutputError(_damaged(out_dir, "is of a format this Baton does not know"))
        if data["format"] >= 2 and data.get("checksum") != _checksum(data):
            raise OutputError(_damaged(out_dir, "does not match its checksum (cut or edited)"))
        base = os.path.dirname(os.path.abspath(out_dir))
        warnings = tuple(Diagnostic(Loc(os.path.normpath(os.path.join(base, str(file))), int(line),
                                        int(col)), str(severity), str(message), str(hint))
                         for file, line, col, severity, message, hint in data["warnings"])
        files = {}
        for path, (sha, size) in data["files"].items():
            if not isinstance(path, str) or not isinstance(sha, str) or not isinstance(size, int):
                raise ValueError(path)
            files[path] = (sha, size)
        if not isinstance(data["inputs"], str):
            raise ValueError("inputs")
        return Manifest(data["inputs"], files, warnings)
    except OutputError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise OutputError(_damaged(out_dir, "is cut or garbled")) from None


def _damaged(out_dir: Path, why: str) -> str:
    return (f"{Path(out_dir) / MARKER}: {why}, so Baton cannot tell which files in {out_dir} it "
            f"wrote and will not change the folder; {RECOVER}")


def up_to_date(out_dir: str | os.PathLike, inputs: str) -> Manifest | None:
    """The manifest of ``out_dir`` when it was built from ``inputs`` and all
    its files are still there; otherwise None."""
    out = Path(out_dir)
    manifest = read_manifest(out)
    if manifest is None or manifest.inputs != inputs:
        return None
    for path, (_, size) in manifest.files.items():
        try:
            if (out / path).stat().st_size != size:
                return None
        except OSError:
            return None
    return manifest


def check_output(out_dir: Path, content_dir: str | os.PathLike, settings: Settings) -> None:
    """Raise OutputError unless a build of ``content_dir`` may write
    ``out_dir``: apart from the content, the cache and the theme, and not
    there, or empty, or holding a manifest Baton can verify."""
    check_apart(out_dir, {"content": Path(content_dir), "cache": settings.cache_path,
                          "theme": settings.theme_dir})
    _check_owned(out_dir)


def _check_owned(out_dir: Path) -> None:
    """Raise OutputError unless Baton may replace ``out_dir``: it is not
    there, or empty, or holds a manifest Baton can verify."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another output folder")
    try:
        empty = not out_dir.is_dir() or not any(out_dir.iterdir())
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot be read ({exc.strerror or exc}); "
                          "choose another output folder") from None
    if read_manifest(out_dir) is None and not empty:
        raise OutputError(
            f"{out_dir}: not empty and not made by Baton (no {MARKER} file), so Baton will not "
            "replace it; choose another output folder (-o), or empty this one")


def check_apart(out_dir: Path, others: Mapping[str, Path | None]) -> None:
    """Raise OutputError when the output folder and one of ``others`` (the
    content, the cache, the theme, by what they are) hold one another: a
    site built into its content would publish itself, and a build into the
    folder above the content would count the content as the site's."""
    out = Path(os.path.realpath(out_dir))
    for what, folder in others.items():
        if folder is None:
            continue
        other = Path(os.path.realpath(folder))
        if out == other:
            raise OutputError(f"{out_dir}: is the {what} folder; "
                              "build into a folder of its own (the default is site/)")
        if out.is_relative_to(other):
            raise OutputError(f"{out_dir}: inside the {what} folder ({_shown(folder)}); "
                              "build into a folder beside it (the default is site/)")
        if other.is_relative_to(out):
            raise OutputError(f"{out_dir}: holds the {what} folder ({_shown(folder)}); "
                              "build into a folder of its own (the default is site/)")


def _shown(folder: Path) -> str:
    """A folder as the user would type it here: relative when it is below
    the working folder (the CLI makes ``--theme`` absolute)."""
    relative = os.path.relpath(folder)
    return folder.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def write(files: Mapping[str, bytes], out_dir: str | os.PathLike, manifest: Manifest,
          fresh: bool = False) -> int:
    """Make ``out_dir`` hold exactly ``files`` (paths relative to it) and the
    files Baton did not write; return how many files were written. ``fresh``
    writes every file, even one that did not change."""
    out = Path(out_dir).absolute()
    _check_owned(out)
    old = read_manifest(out)
    present = _present(out)
    foreign = present - set(old.files) if old else set()
    clash = sorted(foreign & set(files))
    if clash:
        raise OutputError(f"{out / clash[0]}: not written by Baton, so Baton will not overwrite "
                          "it; move it away (into content/assets/ if the site should have it)")
    same = set() if fresh or old is None else {
        path for path in files if path in present and old.files.get(path) == manifest.files[path]}
    changed = sorted(path for path in files if path not in same)
    gone = sorted(present - foreign - set(files))
    marker = manifest.text(out)
    if not changed and not gone and _read(out / MARKER) == marker:
        return 0
    replacing = out.exists()   # else the new site is moved into place whole
    if replacing:
        _check_room(out, changed, present, set(gone))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        sweep(out.parent, f".{out.name}.", ".new")
        staging = owned_folder(out.parent, f".{out.name}.", ".new")
    except OSError as exc:
        raise OutputError(f"{out.parent}: cannot write: {exc.strerror or exc}; "
                          "choose another output folder") from None
    try:
        try:
            staging.chmod(0o755)
            for rel in changed:
                _put(staging / rel, files[rel])
            _put(staging / MARKER, marker)
            # Should the moves below stop part way, this marker counts the
            # old files and the new as Baton's, with no hash for those in
            # motion and no inputs key: the next build rewrites them all.
            if replacing:
                moving = {path: manifest.files[path] if path in same else ("", 0)
                          for path in (present - foreign) | set(files)}
                _put(staging / MOVING, Manifest("", moving).text(out))
        except OSError as exc:
            raise OutputError(f"{exc.filename or staging}: cannot write: {exc.strerror or exc}; "
                              f"{out} was not changed") from None
        try:
            if replacing:
                os.replace(staging / MOVING, out / MARKER)
                _move_in(staging, out, changed, gone)
            else:
                (staging / STAGING_OWNER).unlink()
                staging.rename(out)
        except OSError as exc:
            if not replacing and out.is_dir():
                # Another build made the folder first: its site is whole. Write
                # over it as a second build would.
                shutil.rmtree(staging, ignore_errors=True)
                return write(files, out, manifest, fresh)
            raise OutputError(f"{exc.filename or out}: {exc.strerror or exc}; {out} is part old, "
                              "part new: build again once this is mended") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)   # gone already when it became the output
    return len(changed) + 1


def owned_folder(parent: Path, prefix: str, suffix: str = "") -> Path:
    """A new temporary folder in ``parent`` that says which process made it
    (``.baton-staging``), so that :func:`sweep` can prove it is Baton's."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=parent))
    (folder / STAGING_OWNER).write_bytes(MARKER_TEXT + f"{os.getpid()}\n".encode())
    return folder


def sweep(parent: Path, prefix: str, suffix: str = "") -> None:
    """Remove the folders in ``parent`` named ``prefix…suffix`` that a killed
    build left: those that carry Baton's owner file, whose process is gone.
    Any other folder, and one whose owner still runs, is left alone."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        folder = Path(parent) / name
        owner = None if folder.is_symlink() else _read(folder / STAGING_OWNER)
        if owner is None or not owner.startswith(MARKER_TEXT):
            continue
        try:
            pid = int(owner[len(MARKER_TEXT):])
        except ValueError:
            continue
        if pid != os.getpid() and not _running(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True    # there, but someone else's
    return True


def _check_room(out: Path, changed: list[str], present: set[str], gone: set[str]) -> None:
    """Raise OutputError, before anything is moved, if a file Baton did not
    write stands where the site needs a folder, or a folder holding one
    where it needs a file."""
    for rel in changed:
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            if above in present and above not in gone:
                raise OutputError(f"{out / above}: a file Baton did not write stands where the "
                                  f"site needs a folder for {rel}; move it away")
        target = out / rel
        if os.path.isdir(target) and not os.path.islink(target):
            kept = [p for p in present if p.startswith(rel + "/") and p not in gone]
            if kept:
                raise OutputError(f"{target}: a folder holding files Baton did not write "
                                  f"({kept[0]}) stands where the site needs a file; move it away")


def _move_in(staging: Path, out: Path, changed: list[str], gone: list[str]) -> None:
    """Delete ``gone`` from ``out`` (and the folders that leaves empty), then
    move each of ``changed`` from ``staging`` into place, and the marker last."""
    for rel in gone:
        (out / rel).unlink(missing_ok=True)
    emptied = {parent for rel in gone for parent in Path(rel).parents if parent != Path(".")}
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        try:
            (out / folder).rmdir()
        except OSError:
            pass  # not empty: it holds files that are still the site's, or someone else's
    for rel in changed:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        if os.path.isdir(out / rel) and not os.path.islink(out / rel):
            shutil.rmtree(out / rel)   # emptied of Baton's files above (see _check_room)
        os.replace(staging / rel, out / rel)
    os.replace(staging / MARKER, out / MARKER)


def _present(out: Path) -> set[str]:
    """The files in ``out`` but the marker, as relative paths; a link to a
    folder counts as a file, as it does in the manifest."""
    files, folders = walk(out)
    links = (name for name in folders if os.path.islink(os.path.join(out, name)))
    return {*files, *links} - {MARKER}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _put(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
