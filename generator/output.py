"""The one module that writes the site.

``write(files, out_dir, …)`` publishes a complete site or nothing: the new
site is put together in a temporary folder beside the output, which replaces
the old output only once every file is in place. A file whose bytes did not
change is hard-linked from the old output rather than written again, so it
keeps its time and a server or sync tool sees only what changed; when nothing
changed, nothing is written at all.

Baton marks the folders it makes with a ``.baton`` file, which also holds the
manifest: every file Baton wrote there with its hash, and the key of the
inputs it was built from (:mod:`.incremental`). Baton refuses to replace a
non-empty folder without that file, keeps any file in it that Baton did not
write, and refuses to overwrite one: pointing ``-o`` at the wrong folder can
never delete someone's work.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence

from .diagnostics import Diagnostic, Loc
from .incremental import walk

MARKER = ".baton"
MARKER_TEXT = (b"This folder is written by Baton (baton build) and replaced on every build.\n"
               b"Do not keep other files here: put them in content/assets/ instead.\n")
MANIFEST_FORMAT = 1


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote into an output folder."""

    inputs: str                                   # incremental.inputs_key of that build
    files: Mapping[str, tuple[str, int]]          # path -> (sha256, size)
    warnings: tuple[Diagnostic, ...] = ()          # what that build warned about

    @staticmethod
    def of(files: Mapping[str, bytes], inputs: str,
           warnings: Sequence[Diagnostic] = ()) -> "Manifest":
        return Manifest(inputs, {path: (hashlib.sha256(data).hexdigest(), len(data))
                                 for path, data in files.items()}, tuple(warnings))

    def text(self) -> bytes:
        warnings = [[d.loc.file, d.loc.line, d.loc.col, d.severity, d.message, d.hint]
                    for d in self.warnings]
        data = {"format": MANIFEST_FORMAT, "inputs": self.inputs, "warnings": warnings,
                "files": {path: list(entry) for path, entry in sorted(self.files.items())}}
        return MARKER_TEXT + json.dumps(data, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def read_manifest(out_dir: Path) -> Optional[Manifest]:
    """The manifest in ``out_dir``, or None (no marker, or one from before
    manifests: then every file in the folder counts as Baton's)."""
    try:
        text = (out_dir / MARKER).read_bytes()
        data = json.loads(text[len(MARKER_TEXT):]) if text.startswith(MARKER_TEXT) else None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return None
        warnings = tuple(Diagnostic(Loc(file, line, col), severity, message, hint)
                         for file, line, col, severity, message, hint in data["warnings"])
        return Manifest(data["inputs"], {p: (e[0], e[1]) for p, e in data["files"].items()},
                        warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def up_to_date(out_dir: str | os.PathLike, inputs: str) -> Optional[Manifest]:
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


def check_output(out_dir: Path) -> None:
    """Raise OutputError unless Baton may replace ``out_dir``."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another output folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise OutputError(
            f"{out_dir}: not empty and not made by Baton (no {MARKER} file), so Baton will not "
            "replace it; choose another output folder (-o), or empty this one")


def write(files: Mapping[str, bytes], out_dir: str | os.PathLike, manifest: Manifest,
          fresh: bool = False) -> int:
    """Make ``out_dir`` hold exactly ``files`` (paths relative to it) and the
    files Baton did not write; return how many files were written. ``fresh``
    writes every file, even one that did not change."""
    out = Path(out_dir).absolute()
    check_output(out)
    old = read_manifest(out)
    present = _present(out)
    foreign = present - set(old.files) if old else set()
    clash = sorted(foreign & set(files))
    if clash:
        raise OutputError(f"{out / clash[0]}: not written by Baton, so Baton will not overwrite "
                          "it; move it away (into content/assets/ if the site should have it)")
    same = set() if fresh or old is None else {
        path for path in files if path in present and old.files.get(path) == manifest.files[path]}
    marker = manifest.text()
    if (len(same) == len(files) and present - foreign == same
            and _read(out / MARKER) == marker):
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        staging.chmod(0o755)
        for rel in sorted(same | foreign):
            _link(out / rel, staging / rel)
        for rel, data in files.items():
            if rel not in same:
                _put(staging / rel, data)
        _put(staging / MARKER, marker)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files) - len(same) + 1


def _present(out: Path) -> set[str]:
    """The files in ``out`` but the marker, as relative paths; a link to a
    folder counts as a file, as it does in the manifest."""
    files, folders = walk(out)
    links = (name for name in folders if os.path.islink(os.path.join(out, name)))
    return {*files, *links} - {MARKER}


def _read(path: Path) -> Optional[bytes]:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _put(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _link(source: Path, target: Path) -> None:
    """``target`` is ``source``: the same file where the file system allows,
    else a copy with the same time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` where ``out`` is, keeping ``out`` if anything fails."""
    if not out.exists():
        new.rename(out)
        return
    old = new.with_suffix(".old")
    out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old)
