"""One broken theme, print template or output folder per build error, with
its exact expected output: where ``tests/invalid/`` covers what
``baton check`` finds in content, this covers what only a build finds.

Each case in tests/build-errors/<case>/ overlays the minimal site
(overlay/), and is built with ``baton build content -q`` and the arguments
in args.txt. Every case must fail with exit status 1, name a file (and a
line where there is one), and leave every file as it was. Regenerate every
expected.txt after a deliberate change with:
BATON_REGEN=1 .venv/bin/python -m pytest tests/test_build_errors.py
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from conftest import BUILD_ERRORS, make_case, run_baton

CACHE = ".baton-cache"   # the build's own, and allowed to change


def cases() -> list[str]:
    return sorted(p.name for p in BUILD_ERRORS.iterdir() if p.is_dir())


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``root`` but the cache, with its bytes."""
    return {path.relative_to(root).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(root.rglob("*"))
            if CACHE not in path.relative_to(root).parts}


@pytest.mark.parametrize("case", cases())
def test_build_error_case(case, tmp_path):
    site = make_case(case, tmp_path, BUILD_ERRORS)
    args = shlex.split((BUILD_ERRORS / case / "args.txt").read_text())
    before = tree(site)
    result = run_baton(["build", "content", "-q", *args], site)
    expected_file = BUILD_ERRORS / case / "expected.txt"
    if os.environ.get("BATON_REGEN"):
        expected_file.write_text(result.output)
    assert result.output == expected_file.read_text()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert tree(site) == before, "a failed build changed or left files behind"


def test_every_case_names_the_file_to_fix():
    for case in cases():
        lines = (BUILD_ERRORS / case / "expected.txt").read_text().splitlines()
        problems = [line for line in lines if ": error:" in line or line.startswith("error: ")]
        assert problems, f"{case}: no error reported"
        for line in problems:
            where = line.removeprefix("error: ").split(":", 1)[0]
            assert where and " " not in where, f"{case}: {line!r} does not start with a path"
