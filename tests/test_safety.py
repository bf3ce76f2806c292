"""Content is data: hostile YAML and files are refused with a location, fast."""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest

from generator import ContentError, load


def _errors(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(content)
    return [d.text() for d in info.value.errors]


def test_python_tag_never_runs(minimal_copy, tmp_path):
    marker = tmp_path / "pwned"
    alpha = minimal_copy / "projects/alpha/project.yaml"
    alpha.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n" +
                     alpha.read_text().split("\n", 1)[1])
    errors = _errors(minimal_copy)
    assert "YAML tag '!!python/object/apply:os.system' is not allowed" in errors[0]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly_in_little_memory(minimal_copy):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (minimal_copy / "resources.yaml").write_text("\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    errors = _errors(minimal_copy)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "aliases expand this file to 12,345,679,021 values, more than the 100,000" in errors[0]
    # A generous bound that still fails loudly if the expansion were walked.
    assert elapsed < 2 and peak < 50 * 1024 * 1024


def test_deep_nesting_is_an_error_not_a_crash(minimal_copy):
    (minimal_copy / "resources.yaml").write_text("teams: " + "[" * 5000 + "]" * 5000 + "\n")
    errors = _errors(minimal_copy)
    assert errors and errors[0].startswith(str(os.path.relpath(minimal_copy / "resources.yaml")))


def test_huge_file_is_refused(minimal_copy):
    (minimal_copy / "pages/big.md").write_text("---\ntitle: Big\n---\n" + "x" * (6 * 1024 * 1024))
    assert "file is larger than 5 MB" in _errors(minimal_copy)[0]


def test_symlink_out_of_content_is_refused(minimal_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets/logo.png").symlink_to(secret)
    (minimal_copy / "assets/inside.md").symlink_to(minimal_copy / "pages/about.md")
    errors = _errors(minimal_copy)
    assert errors == [f"{os.path.relpath(minimal_copy / 'assets/logo.png')}:1:1: error: "
                      "a symlink that leads outside the content folder; Baton does not read it "
                      "(replace the link with the file or folder itself)"]


def test_symlink_inside_content_is_an_asset(minimal_copy):
    (minimal_copy / "assets/img").mkdir(parents=True)
    (minimal_copy / "assets/img/a.txt").write_text("a")
    (minimal_copy / "assets/about.md").symlink_to(minimal_copy / "pages/about.md")
    assert load(minimal_copy).assets == ("about.md", "img/a.txt")


def test_byte_order_mark_and_crlf_are_fine(minimal_copy):
    beta = minimal_copy / "projects/beta/project.yaml"
    beta.write_bytes(b"\xef\xbb\xbf" + beta.read_bytes().replace(b"\n", b"\r\n"))
    assert load(minimal_copy).project("beta").milestones[0].src.loc.line == 7
