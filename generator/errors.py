"""What can stop a build, and every problem Baton reports: where it is,
what it is, how to fix it.

Every problem is a :class:`Diagnostic` with a :class:`Loc`. The library
collects them all and raises one :class:`BuildError`; only the command line
turns them into text, JSON or GitHub annotations and an exit code:

- :class:`ContentError`: the content or the settings, with diagnostics;
- :class:`ThemeError`: a theme's templates or ``theme.yaml``;
- :class:`PdfError`: a print template, or content the PDFs cannot show;
- :class:`OutputError`: the output folder cannot, or may not, be written.

A fault of Baton itself is a :class:`BatonBug`, not a build error: the
command line shows its traceback and asks for a report.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# How a long step tells the command line how far it is: (step, done, total),
# total 0 when there is no count. Like diagnostics, only the CLI shows it.
Progress = Callable[[str, int, int], None]

# What must not reach a terminal as it is: C0 and C1 controls (an escape
# sequence can clear the screen or rewrite a line) and the bidirectional
# overrides that make text read in another order than it runs.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with each character that could steer a terminal written as
    its escape (``\\x1b``, ``\\u202e``), so content quoted in a message is
    shown, never obeyed."""
    return UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a content file: absolute path, 1-based line and column."""

    file: str
    line: int = 1
    col: int = 1

    def display_path(self) -> str:
        """The path relative to the current directory, as the user typed it."""
        try:
            return os.path.relpath(self.file)
        except ValueError:  # another drive on Windows
            return self.file

    def __str__(self) -> str:
        return f"{safe(self.display_path())}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a location, a severity, a message and an optional hint."""

    loc: Loc
    severity: str
    message: str
    hint: str = ""

    def sort_key(self):
        return (self.loc.file, self.loc.line, self.loc.col, self.severity, self.message)

    def text(self) -> str:
        """One line for a terminal or a log: what content it quotes is made safe."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.loc}: {self.severity}: {safe(self.message + hint)}"

    def as_dict(self) -> dict:
        return {
            "file": self.loc.display_path(),
            "line": self.loc.line,
            "column": self.loc.col,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }

    def github(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's line."""
        props = ",".join(
            f"{k}={_escape_property(safe(str(v)))}"
            for k, v in (
                ("file", self.loc.display_path()),
                ("line", self.loc.line),
                ("col", self.loc.col),
                ("title", "baton check"),
            )
        )
        hint = f" ({self.hint})" if self.hint else ""
        return f"::{self.severity} {props}::{_escape_data(safe(self.message + hint))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class BuildError(Exception):
    """Why a build stopped; the previous output is left as it was."""


class OutputError(BuildError):
    """The output folder cannot be written; the message says why and what to do."""


class BatonBug(Exception):
    """Baton did something wrong: never the user's content. Reported with
    its traceback and a request to report it."""


class ContentError(BuildError):
    """The content folder has problems; ``diagnostics`` lists every one of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
        super().__init__("\n".join(d.text() for d in self.diagnostics))

    def __reduce__(self):   # from a worker process, whole, and of its own class
        return type(self), (self.diagnostics,)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)


class ThemeError(ContentError):
    """A theme's template or theme.yaml has problems, each named at its line."""


class PdfError(ContentError):
    """A PDF cannot be made: a print template fails, or content names what
    the site lacks; each problem at its template or content line."""


class Diagnostics:
    """A collector: loading code reports problems here and carries on."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(loc, ERROR, message, hint))

    def warning(self, loc: Loc, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(loc, WARNING, message, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> tuple[Diagnostic, ...]:
        unique = dict.fromkeys(self.items)  # one report per identical problem
        return tuple(sorted(unique, key=Diagnostic.sort_key))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    """A hint listing the allowed values."""
    return "one of: " + ", ".join(choices)


def to_json(diagnostics: Sequence[Diagnostic], summary: dict) -> str:
    return json.dumps(
        {"diagnostics": [d.as_dict() for d in diagnostics], "summary": summary},
        indent=2,
        sort_keys=True,
    )
