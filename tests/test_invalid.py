"""One invalid content folder per error class, with its exact expected output.

Each case in tests/invalid/<case>/ overlays the minimal site (overlay/) and may
remove files (remove.txt). Regenerate every expected.txt after a deliberate
change with:  BATON_REGEN=1 .venv/bin/python -m pytest tests/test_invalid.py
"""

from __future__ import annotations

import os

import pytest

from conftest import INVALID, invalid_cases, make_case, run_baton


@pytest.mark.parametrize("case", invalid_cases())
def test_invalid_case(case, tmp_path):
    site = make_case(case, tmp_path)
    result = run_baton(["check", "content"], site)
    expected_file = INVALID / case / "expected.txt"
    if os.environ.get("BATON_REGEN"):
        expected_file.write_text(result.output)
    expected = expected_file.read_text()
    assert result.output == expected
    has_error = ": error: " in expected
    assert result.exit_code == (1 if has_error else 0)
    assert "Traceback" not in result.output


def test_every_case_names_a_file_and_line():
    for case in invalid_cases():
        lines = (INVALID / case / "expected.txt").read_text().splitlines()
        problems = lines[:-1]
        assert problems, f"{case}: no problem reported"
        for line in problems:
            path, line_no, col, rest = line.split(":", 3)
            assert path.startswith("content"), line
            assert int(line_no) >= 1 and int(col) >= 1, line
