"""Files in the cache: written whole, read back only when they verify.

Every store of the cache (pages, PDFs, charts, chart templates, loaded
project folders, compiled templates, the content's file hashes) keeps its
entries through :func:`put` and :func:`get`. An entry is a header, the
SHA-256 of its bytes and the bytes, written to a temporary file and renamed
into place, so a reader never sees half of one. :func:`get` returns an
entry only when its header and checksum hold; a cut, garbled or foreign
file is a miss, and one that has the header but not the checksum is
counted as damaged, so the build makes it again and says so. A cache that
cannot be written, or that is deleted while a build runs, only costs time:
nothing here raises.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HEADER = b"baton-cache 1\n"
DIGEST = 64        # hex characters of a SHA-256


def put(path: Path, data: bytes) -> bool:
    """Keep ``data`` at ``path``; False when the cache cannot be written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as file:
            file.write(HEADER + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)
        os.replace(partial, path)
        return True
    except OSError:
        try:
            partial.unlink()
        except OSError:
            pass
        return False


def being_written(path: Path) -> bool:
    """Whether ``path`` is another build's entry that is still being written
    (a killed build's is not: it may be deleted)."""
    parts = path.name.rsplit(".", 2)
    if not (path.name.startswith(".") and len(parts) == 3 and parts[2] == "tmp"):
        return False
    try:
        pid = int(parts[1])
        os.kill(pid, 0)
    except ValueError:
        return False
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return pid != os.getpid()


def get(path: Path) -> tuple[bytes | None, bool]:
    """The entry at ``path`` and whether a file there failed to verify:
    (bytes, False), (None, False) when there is none, (None, True) when the
    file there is damaged."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError:     # none; the folder gone; a folder in its place
        return None, False
    start = len(HEADER) + DIGEST + 1
    if not raw.startswith(HEADER):
        return None, False   # an older Baton's entry, or no entry of ours: made again, quietly
    if len(raw) < start or raw[start - 1:start] != b"\n":
        return None, True
    data = raw[start:]
    if hashlib.sha256(data).hexdigest().encode("ascii") != raw[len(HEADER):start - 1]:
        return None, True
    return data, False
