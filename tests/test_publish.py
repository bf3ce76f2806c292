"""Publishing: `baton new`, the Pages workflows, the base URL's files, the
installed package, and `--check-links`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
import yaml

from conftest import DEMO, ROOT, run_baton, served_at
from generator.publish.links import links_of

BASE = "https://example.org/program/"
ATOM = "{http://www.w3.org/2005/Atom}"
OFFICIAL = {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}


# baton new and the workflows -------------------------------------------------

def test_new_makes_a_repository_that_checks_and_builds(tmp_path: Path):
    repo = tmp_path / "pmo"
    made = run_baton(["new", str(repo), "--requirement", "baton @ git+https://example.org/b@v1"],
                     tmp_path)
    assert made.exit_code == 0, made.output
    for name in (".github/workflows/site.yml", ".gitignore", "README.md", "baton.yaml",
                 "requirements.txt", "content/program.yaml"):
        assert (repo / name).is_file(), name
    assert "baton @ git+https://example.org/b@v1" in (repo / "requirements.txt").read_text()
    assert {"/site/", "/.baton-cache/"} <= set((repo / ".gitignore").read_text().split())
    readme = (repo / "README.md").read_text()
    assert "status report" in readme and "pull request" in readme

    checked = run_baton(["check", "--strict", "content"], repo)
    assert checked.exit_code == 0 and checked.output.endswith(": no problems\n"), checked.output
    built = run_baton(["build", "content", "-o", "site", "--check-links", "-q",
                       "--base-url", BASE], repo)
    assert built.exit_code == 0, built.output
    assert "1 PDF" not in built.output and ", 3 PDFs" in built.output  # pack and two projects
    assert (repo / "site" / "feed.xml").is_file()


def test_new_never_writes_into_a_folder_with_files(tmp_path: Path):
    (tmp_path / "notes.md").write_text("mine")
    result = run_baton(["new", str(tmp_path)], tmp_path)
    assert result.exit_code == 1 and "not an empty folder" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_new_says_when_it_cannot_tell_where_baton_came_from(tmp_path: Path):
    """This checkout is an editable install: a CI runner could not install it."""
    result = run_baton(["new", str(tmp_path / "pmo")], tmp_path)
    assert result.exit_code == 0
    assert "requirements.txt:3:1: warning: cannot tell where this Baton was installed from" \
        in result.output
    assert "YOUR-ORGANISATION" in (tmp_path / "pmo" / "requirements.txt").read_text()


@pytest.mark.parametrize("workflow", [ROOT / "generator/starter/site.yml",
                                      ROOT / ".github/workflows/pages.yml"],
                         ids=["baton-new", "this-repository"])
def test_workflow_checks_builds_and_deploys_with_the_pages_actions(workflow: Path):
    flow = yaml.safe_load(workflow.read_text())
    triggers = flow[True]   # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert flow["permissions"] == {"contents": "read"}
    assert set(flow["jobs"]) == {"build", "deploy"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "baton check --format github content" in runs
    assert re.search(r"baton build content -o site --pdf --check-links", runs)
    uses = {step["uses"].split("@")[0] for job in (build, deploy) for step in job["steps"]
            if "uses" in step}
    assert OFFICIAL <= uses
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    # v4 leaves hidden files out of the artifact: the manifest, .baton, is never published
    assert int(upload["uses"].split("@v")[1].split(".")[0]) >= 4, upload["uses"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "pull_request" in deploy["if"] and "default_branch" in deploy["if"]
    if workflow.name == "site.yml":
        assert "pip install -r requirements.txt" in runs


@pytest.mark.slow
def test_the_installed_package_has_the_theme_and_the_starter(tmp_path: Path):
    """What `pip install` puts on a CI runner, not this checkout: a wheel,
    installed into a folder, makes a new repository and builds it."""
    source, wheels, target = tmp_path / "source", tmp_path / "wheels", tmp_path / "installed"
    for name in ("generator", "themes"):         # build a copy: a build writes beside its source
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source),
                    "-w", str(wheels)], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(target), *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)
    run = [sys.executable, "-c", "from generator.cli import main; main()"]
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "CI": "true"}
    for args in (["new", "pmo", "--requirement", "baton"], ["build", "pmo/content", "-o", "site",
                                                              "--pdf", "-q"]):
        done = subprocess.run(run + args, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "site" / "pdf").rglob("*.pdf")), \
        "the print templates and fonts are in the wheel"
    css = (tmp_path / "site" / "static" / "baton.css").read_bytes()
    assert css == (ROOT / "themes" / "default" / "static" / "baton.css").read_bytes()
    assert subprocess.run(run[:2] + ["import generator.look.theme as t; print(t.DEFAULT_THEME)"],
                          cwd=tmp_path, env=env, capture_output=True, text=True).stdout \
        == f"{target}/generator/themes/default\n"


# The base URL ------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    result = run_baton(["build", str(DEMO), "-o", str(out), "-q", "--base-url", BASE,
                        "--check-links"], ROOT)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out


def test_under_its_subpath_every_link_of_the_published_site_resolves(published: Path,
                                                                       tmp_path: Path):
    """Serve the site under /program/ and crawl it from the sitemap and the
    dashboard: every page, stylesheet, font, image, PDF and in-site URL of the
    sitemap and feed answers 200."""
    with served_at(published, urlsplit(BASE).path, tmp_path) as url:
        def local(address: str) -> str:
            return url + address[len(BASE):] if address.startswith(BASE) else address

        todo = [url, url + "sitemap.xml", url + "feed.xml", url + "robots.txt"]
        seen: set[str] = set()
        while todo:
            address = todo.pop().split("#")[0]
            if address in seen or not address.startswith(url):
                continue
            seen.add(address)
            try:
                with urlopen(address) as response:
                    body = response.read()
            except HTTPError as exc:
                pytest.fail(f"{address}: {exc.code}")
            name = address + "index.html" if address.endswith("/") else address
            found, _ = links_of(name, body, BASE)      # pages, stylesheets, sitemap, feed
            todo += [local(urljoin(address, link.url)) for link in found]
    pages = {p for p in seen if p.endswith("/") or p.endswith(".html")}
    assert len(pages) >= 12 and any(p.endswith(".pdf") for p in seen)
    assert any(p.endswith("static/fonts/Inter-Regular.otf") for p in seen)


def test_sitemap_and_robots_name_every_page_absolutely(published: Path):
    locs = [e.text for e in ET.parse(published / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = sorted(p.relative_to(published).as_posix() for p in published.rglob("*.html")
                   if p.name != "404.html")
    assert locs == sorted(BASE + p.removesuffix("index.html") for p in pages)
    assert (published / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_feed_has_every_status_report_newest_first_with_stable_ids(published: Path,
                                                                   tmp_path: Path):
    root = ET.parse(published / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    reports = sorted(DEMO.glob("projects/*/status/*.md"))
    assert len(entries) == len(reports)
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    expected = {f"{BASE}projects/{r.parent.parent.name}/#status-{r.stem}" for r in reports}
    assert set(ids) == expected
    for entry in entries:          # each id is a place on the project page
        project, anchor = entry.find(f"{ATOM}id").text[len(BASE):].split("#")
        assert f'id="{anchor}"' in (published / project / "index.html").read_text()
    assert root.find(f"{ATOM}updated").text == dates[0]
    # a new report adds an entry and leaves the others' ids as they were
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    (content / "projects/portal-redesign/status/2026-11-20.md").write_text(
        "---\noverall: amber\nheadline: A newer report.\n---\nBody.\n")
    result = run_baton(["build", str(content), "-o", str(tmp_path / "site"), "-q", "--no-pdf",
                        "--base-url", BASE], tmp_path)
    assert result.exit_code == 0, result.output
    newer = ET.parse(tmp_path / "site" / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in newer] == \
        [f"{BASE}projects/portal-redesign/#status-2026-11-20"] + ids


def test_every_page_has_its_canonical_link(published: Path):
    for path in published.rglob("*.html"):
        rel = path.relative_to(published).as_posix()
        links = [attrs for attrs in _links(path) if attrs.get("rel") == "canonical"]
        if rel == "404.html":
            assert links == []
        else:
            assert [a["href"] for a in links] == [BASE + rel.removesuffix("index.html")]


def _links(path: Path) -> list[dict]:
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "link":
                found.append(dict(attrs))

    Links().feed(path.read_text())
    return found


def test_without_a_base_url_they_are_left_out(demo_site: Path):
    assert not any((demo_site / name).exists() for name in ("sitemap.xml", "robots.txt",
                                                             "feed.xml"))
    assert all("canonical" not in p.read_text() for p in demo_site.rglob("*.html"))


# --check-links -------------------------------------------------------------------

def test_check_links_fails_on_a_broken_link_and_keeps_the_site(minimal_copy: Path,
                                                                tmp_path: Path):
    out = tmp_path / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    page = minimal_copy / "pages" / "about.md"
    page.write_text(page.read_text() + "\nSee [the plan](projects/gamma/index.html) and "
                    "[a milestone](projects/alpha/index.html#m-nope).\n")
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "--check-links"], tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.output
    assert re.match(r".*out/pages/about/index\.html:\d+:\d+: error: broken link "
                    r"'\.\./\.\./projects/gamma/index\.html': no file projects/gamma/index\.html",
                    errors[0]), errors
    assert "no id 'm-nope' on projects/alpha/index.html" in errors[1]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_check_links_finds_a_theme_asset_that_is_not_there(minimal_copy: Path, tmp_path: Path):
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "base.html").write_text('{% extends "default/base.html" %}{% block head %}'
                                     '<link rel="stylesheet" href="{{ \'static/brand.css\'|rel }}">'
                                     '{% endblock %}')
    result = run_baton(["build", str(minimal_copy), "-o", str(tmp_path / "out"), "--check-links",
                        "--theme", str(theme.parent)], tmp_path)
    assert result.exit_code == 1 and "no file static/brand.css" in result.output
    assert "build failed: 7 errors" in result.output        # one per page
