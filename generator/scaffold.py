"""``baton new DIR``: a ready program repository.

It holds a small example program that passes ``baton check``, the settings,
a GitHub Actions workflow that checks every push and pull request and
publishes the default branch with GitHub Pages, a ``.gitignore``, a README
for the program office, and ``requirements.txt`` naming the Baton to install.
The files are in ``starter/``; the few whose names start with a dot are
stored without it, so that packaging keeps them.
"""

from __future__ import annotations

import json
import shutil
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from generator import __version__

STARTER = Path(__file__).resolve().parent / "starter"
# starter file -> its place in the new repository
PLACES = {"gitignore": ".gitignore", "site.yml": ".github/workflows/site.yml"}
WORKFLOW = PLACES["site.yml"]
PLACEHOLDER = f"baton @ git+https://github.com/YOUR-ORGANISATION/baton@v{__version__}"


class StarterError(Exception):
    """The folder cannot be made; the message says why."""


def new(target: Path, requirement: str | None = None) -> tuple[list[str], bool]:
    """Write the starter repository into ``target`` (missing or empty); return
    the files written and whether ``requirement`` had to be guessed."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StarterError(f"{target}: exists and is not an empty folder; Baton writes a new "
                           "program only into a new or empty folder")
    known = requirement or installed_requirement()
    written = []
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(STARTER).as_posix()
        place = target / PLACES.get(rel, rel)
        place.parent.mkdir(parents=True, exist_ok=True)
        if rel == "requirements.txt":
            text = source.read_text("utf-8").replace("@REQUIREMENT@", known or PLACEHOLDER)
            place.write_text(text, "utf-8")
        else:
            shutil.copyfile(source, place)
        written.append(place.relative_to(target).as_posix())
    return sorted(written), known is None


def installed_requirement() -> str | None:
    """How to install the Baton that runs now, when pip recorded where it came
    from (PEP 610): a git URL at its commit. None for a local folder, which a
    CI runner cannot reach."""
    try:
        text = distribution("baton").read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    try:
        origin = json.loads(text or "{}")
    except ValueError:
        return None
    vcs = origin.get("vcs_info")
    if not vcs or not origin.get("url", "").startswith(("https://", "ssh://", "git@")):
        return None
    return f"baton @ {vcs.get('vcs', 'git')}+{origin['url']}@{vcs.get('commit_id', '')}"
