"""`baton check`: summary, exit codes, --strict and the three output formats."""

from __future__ import annotations

import json
import re
import shutil

from conftest import DEMO, make_case, run_baton
from generator.cli import main


def test_demo_checks_clean(tmp_path):
    shutil.copytree(DEMO, tmp_path / "content")
    result = run_baton(["check"], tmp_path)  # content is the default folder
    assert result.exit_code == 0
    assert result.output == "6 projects, 17 status reports, 6 benefits: no problems\n"


def test_missing_folder(tmp_path):
    result = run_baton(["check", "nowhere"], tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("nowhere:1:1: error: content folder not found")


def test_warnings_pass_unless_strict(tmp_path):
    site = make_case("warnings-only", tmp_path)
    assert run_baton(["check", "content"], site).exit_code == 0
    strict = run_baton(["check", "content", "--strict"], site)
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1].endswith(": 3 warnings")


def test_json_format(tmp_path):
    site = make_case("unknown-key", tmp_path)
    result = run_baton(["check", "content", "--format", "json"], site)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"]["errors"] == 1 and report["summary"]["projects"] == 2
    assert report["diagnostics"] == [{
        "file": "content/projects/alpha/project.yaml", "line": 15, "column": 5,
        "severity": "error", "message": "milestones[1]: unknown key 'forcast'",
        "hint": "did you mean 'forecast'?",
    }]


def test_github_format(tmp_path):
    site = make_case("unknown-milestone", tmp_path)
    result = run_baton(["check", "content", "--format", "github"], site)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == ("::error file=content/projects/alpha/project.yaml,line=15,col=26,"
                     "title=baton check::milestones[1].depends_on[1]: unknown milestone "
                     "'beta/apl' (did you mean 'beta/api'?)")


def test_github_escapes_newlines_and_percent(tmp_path):
    site = make_case("warnings-only", tmp_path)
    (site / "content/50%.txt").write_text("x")
    result = run_baton(["check", "content", "--format", "github"], site)
    assert "file=content/50%25.txt" in result.output


def test_version_and_help(tmp_path):
    assert run_baton(["--version"], tmp_path).output.startswith("baton, version ")
    shown = run_baton(["--help"], tmp_path).output
    listed = dict(re.findall(r"^  (\w+)\s+(\S.*)$", shown.split("Commands:")[1], re.M))
    assert set(listed) == set(main.commands) >= {"build", "check", "new", "serve"}
    for name, command in main.commands.items():    # each with the first words of its help
        assert listed[name].rstrip(".…") in command.get_short_help_str(limit=200), name
