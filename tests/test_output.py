"""output.write on real folders: only what changed is touched, nothing is
changed before every new byte is on disk, and a write stopped part way is
completed by the next one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.publish import output
from generator.publish.output import MARKER, Manifest, OutputError, read_manifest, write


def _write(files: dict[str, bytes], out: Path, inputs: str = "key") -> int:
    return write(files, out, Manifest.of(files, inputs))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


SITE = {"index.html": b"home", "projects/a/index.html": b"a", "projects/b/index.html": b"b",
        "assets/logo.svg": b"<svg/>"}


def test_a_first_write_makes_the_folder_with_its_marker(tmp_path: Path):
    out = tmp_path / "site"
    assert _write(SITE, out) == len(SITE) + 1
    tree = _tree(out)
    assert {path: data for path, data in tree.items() if path != MARKER} == SITE
    assert read_manifest(out).files == Manifest.of(SITE, "key").files
    assert _leftovers(out) == []


def test_a_rewrite_touches_only_what_changed(tmp_path: Path):
    out = tmp_path / "site"
    _write(SITE, out)
    (out / "CNAME").write_text("reports.example.org\n")   # not Baton's
    kept = (out / "projects/a/index.html").stat()
    new = {**SITE, "index.html": b"home, again", "projects/c/index.html": b"c"}
    del new["projects/b/index.html"]
    assert _write(new, out, "key 2") == 3   # two pages and the marker
    assert _tree(out) == {**new, "CNAME": b"reports.example.org\n", MARKER: (out / MARKER).read_bytes()}
    unchanged = (out / "projects/a/index.html").stat()
    assert (unchanged.st_ino, unchanged.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert not (out / "projects/b").exists()   # its folder went with its only file
    assert read_manifest(out).inputs == "key 2"
    assert _write(new, out, "key 2") == 0      # nothing changed: nothing written
    assert _leftovers(out) == []


def test_a_file_can_become_a_folder_and_back(tmp_path: Path):
    out = tmp_path / "site"
    _write({"index.html": b"home", "assets/plan": b"a file"}, out)
    _write({"index.html": b"home", "assets/plan/v2.pdf": b"a file in a folder"}, out)
    assert (out / "assets/plan/v2.pdf").read_bytes() == b"a file in a folder"
    _write({"index.html": b"home", "assets/plan": b"a file again"}, out)
    assert (out / "assets/plan").read_bytes() == b"a file again"


@pytest.mark.parametrize("theirs, ours", [
    ("assets", "assets/logo.svg"),                      # their file where we need a folder
    ("projects/a/index.html/notes.txt", "projects/a/index.html"),   # their folder where we need a file
])
def test_someone_elses_file_in_the_way_stops_the_write_before_any_change(
        tmp_path: Path, theirs: str, ours: str):
    out = tmp_path / "site"
    _write({"index.html": b"home"}, out)
    (out / theirs).parent.mkdir(parents=True, exist_ok=True)
    (out / theirs).write_text("theirs")
    before = _tree(out)
    with pytest.raises(OutputError, match="Baton did not write"):
        _write({"index.html": b"home, again", ours: b"ours"}, out, "key 2")
    assert _tree(out) == before
    assert _leftovers(out) == []


def test_a_failed_write_leaves_the_site_as_it_was(tmp_path: Path):
    out = tmp_path / "site"
    _write(SITE, out)
    before = _tree(out)
    too_long = "x" * 300   # longer than any file system allows a name
    with pytest.raises(OutputError, match="was not changed"):
        _write({**SITE, "index.html": b"new home", f"{too_long}/index.html": b"?"}, out, "key 2")
    assert _tree(out) == before
    assert _leftovers(out) == []


def test_a_write_stopped_part_way_is_completed_by_the_next(tmp_path: Path, monkeypatch):
    out = tmp_path / "site"
    _write(SITE, out)
    (out / "CNAME").write_text("mine")
    new = {path: data + b", again" for path, data in SITE.items()}
    new["projects/c/index.html"] = b"c"
    moves = []
    real_replace = os.replace

    def stopped(source, target):   # as if the machine stopped after the third move
        if len(moves) == 3:
            raise KeyboardInterrupt
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        _write(new, out, "key 2")
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert Path(moves[0]).name == MARKER   # the marker that counts old and new files as Baton's
    assert output.up_to_date(out, "key 2") is None
    _write(new, out, "key 2")
    assert {p: d for p, d in _tree(out).items() if p != MARKER} == {**new, "CNAME": b"mine"}
    assert read_manifest(out) == Manifest.of(new, "key 2")
    assert _leftovers(out) == []
