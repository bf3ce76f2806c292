"""The one module that writes the site.

``write(files, out_dir)`` publishes a complete site or nothing: files go to a
temporary folder beside the output, which replaces the old output only once
every file is written. Baton marks the folders it creates with a ``.baton``
file and refuses to replace a non-empty folder without it, so pointing ``-o``
at the wrong folder can never delete someone's work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".baton"
MARKER_TEXT = (b"This folder is written by Baton (baton build) and replaced on every build.\n"
               b"Do not keep other files here: put them in content/assets/ instead.\n")


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def check_output(out_dir: Path) -> None:
    """Raise OutputError unless Baton may replace ``out_dir``."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise OutputError(f"{out_dir}: exists and is not a folder; choose another output folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise OutputError(
            f"{out_dir}: not empty and not made by Baton (no {MARKER} file), so Baton will not "
            "replace it; choose another output folder (-o), or empty this one")


def write(files: dict[str, bytes], out_dir: str | os.PathLike) -> None:
    """Replace ``out_dir`` with exactly ``files`` (paths relative to it)."""
    out = Path(out_dir).absolute()
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        staging.chmod(0o755)
        for rel, data in {MARKER: MARKER_TEXT, **files}.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
