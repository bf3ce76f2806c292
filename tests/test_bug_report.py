"""A Baton bug ends in a traceback and a request to report it, not in a
message that blames the content, and leaves the last site as it was."""

from __future__ import annotations

import click
from click.testing import CliRunner

from generator import cli
from generator.errors import BatonBug, BuildError, ContentError, OutputError, PdfError, ThemeError


def test_a_bug_is_reported_as_a_bug_with_its_traceback():
    @click.group(cls=cli._Baton)
    def group():
        pass

    @group.command()
    def broken():
        raise BatonBug("a chart could not be drawn: spec has no mark")

    result = CliRunner().invoke(group, ["broken"])
    assert result.exit_code == cli.BUG_EXIT == 70
    assert "Traceback (most recent call last)" in result.output
    assert "BatonBug: a chart could not be drawn: spec has no mark" in result.output
    assert "this is a Baton bug, not a problem in your content" in result.output
    assert "please report it" in result.output


def test_build_errors_share_one_base_and_a_bug_is_not_one():
    for kind in (ContentError, ThemeError, PdfError, OutputError):
        assert issubclass(kind, BuildError)
    assert not issubclass(BatonBug, BuildError)


def test_a_theme_error_keeps_its_class_through_a_worker_process():
    import pickle

    from generator.errors import Diagnostic, Loc

    error = ThemeError([Diagnostic(Loc("theme/templates/project.html", 3), "error", "theme: x")])
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is ThemeError
    assert back.diagnostics == error.diagnostics
