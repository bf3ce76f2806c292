"""Incremental builds: what a rebuild re-renders, what it writes, and that the
result always equals a build made from nothing."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, ROOT, run_baton
from generator.analysis.report import analyse
from generator.cache import store
from generator.cache.keys import Fingerprints
from generator.cache.stores import TemplateCache
from generator.charts import plan as charts
from generator.charts.draw import spec_key, spec_salt
from generator.charts.plan import plan_charts
from generator.content.loader import check
from generator.look.theme import load_theme
from generator.publish.output import MARKER, read_manifest
from generator.settings import load_settings


def build(content: Path, out: Path, *options: str):
    result = run_baton(["build", str(content), "-o", str(out), "-q", *options], content.parent)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and time: a file written again has new ones."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path in after if before.get(path) != after[path]}


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*") if p.is_file() and p.name != MARKER}


def rendered(summary: str) -> tuple[int, int]:
    match = re.search(r"rendered (\d+) of (\d+) ", summary)
    assert match, summary
    return int(match.group(1)), int(match.group(2))


def test_a_rebuild_with_no_change_writes_no_file(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(minimal_copy, out)
    before = stamps(out)
    for path in minimal_copy.rglob("*"):       # new times, same content: still no change
        os.utime(path, (1, 1))
    summary = build(minimal_copy, out)
    assert "nothing changed, no file written" in summary
    assert stamps(out) == before


def test_editing_one_project_rewrites_its_page_and_the_program_pages(minimal_copy: Path,
                                                                      tmp_path: Path):
    out = tmp_path / "out"
    build(minimal_copy, out, "--base-url", "https://example.org/p/")
    before = stamps(out)
    report = minimal_copy / "projects" / "beta" / "status" / "2026-06-16.md"   # has no headline
    report.write_text(report.read_text().replace("---\n", "---\nheadline: Edited.\n", 1))
    summary = build(minimal_copy, out, "--base-url", "https://example.org/p/")
    assert "Edited." in (out / "projects/beta/index.html").read_text()
    changed = rewritten(before, stamps(out))
    assert "projects/alpha/index.html" not in changed
    assert {"projects/beta/index.html", "index.html", "feed.xml", ".baton"} <= changed
    assert rendered(summary)[0] < rendered(summary)[1]


def test_a_page_that_names_another_project_follows_it(minimal_copy: Path, tmp_path: Path):
    """Alpha's build milestone needs beta's API: renaming that milestone in
    beta's file must re-render alpha's page too."""
    out = tmp_path / "out"
    build(minimal_copy, out)
    project = minimal_copy / "projects" / "beta" / "project.yaml"
    project.write_text(project.read_text().replace("name: API ready", "name: Public API ready"))
    build(minimal_copy, out)
    assert "Public API ready" in (out / "projects/alpha/index.html").read_text()


def test_incremental_equals_clean_after_each_kind_of_edit(tmp_path: Path):
    """Edit the demo four ways; after each, the incremental site equals a site
    built from nothing, byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    shutil.copy(ROOT / "baton.yaml", tmp_path / "baton.yaml")
    out, clean = tmp_path / "out", tmp_path / "clean"
    build(content, out, "--no-pdf")

    def edit(path: str, old: str, new: str) -> None:
        file = content / path
        text = file.read_text()
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1))

    status = sorted((content / "projects/data-platform/status").glob("*.md"))[-1]
    edits = [
        (status.relative_to(content).as_posix(), "headline:", "headline: Rewritten."),
        ("projects/data-platform/project.yaml", "name: Customer 360 view available",
         "name: Customer 360 view in service"),      # a milestone case routing needs
        ("resources.yaml", "capacity_fte: 3", "capacity_fte: 1"),
        ("program.yaml", "as_of: 2026-11-15", "as_of: 2026-11-20"),
    ]
    for path, old, new in edits:
        edit(path, old, new)
        summary = build(content, out, "--no-pdf")
        shutil.rmtree(clean, ignore_errors=True)
        build(content, clean, "--no-pdf", "--clean", "--cache-dir", str(tmp_path / "fresh"))
        assert files(out) == files(clean), (path, summary)


def test_the_cache_makes_a_deleted_site_without_rendering(minimal_copy: Path, tmp_path: Path):
    """CI restores .baton-cache but not the site: no page is rendered again,
    and the site is the same."""
    first, second = tmp_path / "first", tmp_path / "second"
    build(minimal_copy, first)
    summary = build(minimal_copy, second)
    assert rendered(summary)[0] == 0
    assert files(first) == files(second)


def test_clean_ignores_the_cache_and_writes_every_file(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(minimal_copy, out)
    before = stamps(out)
    summary = build(minimal_copy, out, "--clean")
    done, total = rendered(summary)
    assert done == total and not set(before) - rewritten(before, stamps(out))


def test_a_theme_change_re_renders_every_page(minimal_copy: Path, tmp_path: Path):
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "base.html").write_text('{% extends "default/base.html" %}')
    out = tmp_path / "out"
    build(minimal_copy, out, "--theme", str(theme.parent))
    (theme / "base.html").write_text('{% extends "default/base.html" %}'
                                     '{% block footer %}Theme two{% endblock %}')
    summary = build(minimal_copy, out, "--theme", str(theme.parent))
    done, total = rendered(summary)
    assert done == total
    assert all("Theme two" in p.read_text() for p in out.rglob("*.html") if p.name != "404.html")


def test_the_manifest_lists_what_baton_wrote(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(minimal_copy, out)
    manifest = read_manifest(out)
    assert sorted(manifest.files) == sorted(files(out))
    assert [d.message.split(":")[0] for d in manifest.warnings] == ["no base_url"]


def test_page_keys_ignore_source_lines_but_not_values():
    report = analyse(check(DEMO).program)
    p = report.projects[0]
    key = Fingerprints().key("program", "x.html", p, p.project)
    moved = dataclasses.replace(p.project, src=dataclasses.replace(p.project.src, path="elsewhere"))
    assert Fingerprints().key("program", "x.html", dataclasses.replace(p, project=moved),
                              moved) == key
    renamed = dataclasses.replace(p.project, summary="Another summary")
    assert Fingerprints().key("program", "x.html", dataclasses.replace(p, project=renamed),
                              renamed) != key


@pytest.mark.slow
def test_editing_one_of_200_projects_leaves_the_others_alone(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    content = generate(tmp_path, 200, 2)
    out = tmp_path / "site"
    build(content, out, "--no-pdf")
    before = stamps(out)
    charts = tmp_path / ".baton-cache" / "charts"
    drawn = len([p for p in charts.iterdir() if not p.name.startswith(".")])
    assert drawn > 4 * 200
    shutil.rmtree(charts)   # so every chart this rebuild plans is drawn, and counted
    edited = sorted((content / "projects").iterdir())[57]
    status = sorted((edited / "status").glob("*.md"))[-1]
    status.write_text(status.read_text() + "\nOne more line from the project manager.\n")
    summary = build(content, out, "--no-pdf")
    changed = rewritten(before, stamps(out))
    pages = {path for path in changed if path.startswith("projects/")}
    assert pages == {f"projects/{edited.name}/index.html"}, summary
    # A report's text is not on the roadmap: it stays as it was.
    assert changed - pages <= {"index.html", "benefits/index.html", "data/report.json", MARKER}
    assert rendered(summary)[0] == 3, summary   # the project, dashboard, benefits
    # Its charts and the charts of the pages rendered again: not the other
    # 199 projects', nor the roadmap's (its page is not rendered).
    report = analyse(check(content).program)
    theme = load_theme(load_settings(content))
    program = plan_charts(report, theme, ())
    shown = [name for name in program if name in ("risks", "rag-history") or name.startswith("benefits/")]
    planned = [*plan_charts(report, theme, (), program=shown).values(),
               *plan_charts(report, theme, (edited.name,), program=()).values()]
    salt = spec_salt(theme)
    assert {path.stem for path in charts.iterdir() if not path.name.startswith(".")} == \
        {spec_key(c.spec, salt) for c in planned}
    assert spec_key(program["roadmap"].spec, salt) not in {path.stem for path in charts.iterdir()}


def test_a_damaged_content_cache_is_read_again(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "site"
    build(minimal_copy, out)
    good = files(out)
    projects = minimal_copy.parent / ".baton-cache" / "projects"
    damaged = [path for path in projects.iterdir() if not path.name.startswith(".")]
    assert damaged
    for path in damaged:
        path.write_bytes(b"not a pickle")
    shutil.rmtree(out)
    build(minimal_copy, out)
    assert files(out) == good


def test_two_kinds_of_build_take_turns_without_emptying_the_cache(minimal_copy: Path,
                                                                  tmp_path: Path):
    """`baton serve` and `baton build` differ in settings; each keeps its pages."""
    build(minimal_copy, tmp_path / "a")
    build(minimal_copy, tmp_path / "b", "--title", "Another title")
    summary = build(minimal_copy, tmp_path / "c")
    assert rendered(summary)[0] == 0


def test_chart_templates_are_kept_so_a_rebuild_need_not_import_altair(minimal_copy: Path,
                                                                       tmp_path: Path):
    out = tmp_path / "site"
    build(minimal_copy, out, "--no-pdf")
    kept = tmp_path / ".baton-cache" / "chart-templates"
    assert len(list(kept.glob("*/[0-9a-f]*"))) >= 2   # one a kind of Vega chart the site shows
    status = sorted((minimal_copy / "projects").glob("*/status/*.md"))[-1]
    status.write_text(status.read_text() + "\nOne more line.\n")
    shutil.rmtree(tmp_path / ".baton-cache" / "charts")   # so the project's charts are planned
    code = ("import sys\nfrom generator.build import build\n"
            f"build({str(minimal_copy)!r}, {str(out)!r})\n"
            "print('altair' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert run.stdout.strip() == "False", run.stderr
    fresh = tmp_path / "fresh"
    build(minimal_copy, fresh, "--no-pdf", "--clean")
    assert files(out) == files(fresh)


def test_templates_are_kept_while_their_environment_is_in_use(tmp_path: Path):
    """A build that reads no template keeps them all; another Baton or theme
    (another environment) drops them once two builds have not used them."""
    def build_in(environment: str, make: bool) -> None:
        store = TemplateCache(tmp_path, environment)
        if make:
            store.put(store.key("roadmap"), b"{}")
        store.prune()

    build_in("old", make=True)
    for _ in range(3):
        build_in("old", make=False)
    assert [p.name for p in (tmp_path / "chart-templates" / "old").glob("[0-9a-f]*")]
    build_in("new", make=True)
    assert (tmp_path / "chart-templates" / "old").is_dir()   # `baton serve` and `baton build` take turns
    build_in("new", make=False)
    assert sorted(p.name for p in (tmp_path / "chart-templates").iterdir()) == [".used", "new"]


def test_a_kept_template_is_the_template_altair_makes(tmp_path: Path):
    report = analyse(check(DEMO).program)
    theme = load_theme(load_settings(DEMO))
    charts.template.cache_clear()   # made here, not taken from memory
    made = plan_charts(report, theme, templates=TemplateCache(tmp_path, "env"))
    # roadmap, team load, status over time
    assert len(list((tmp_path / "chart-templates" / "env").iterdir())) == 3
    charts.template.cache_clear()   # read back from the folder, not from memory
    kept = plan_charts(report, theme, templates=TemplateCache(tmp_path, "env"))
    assert list(kept) == list(made)
    assert all(json.dumps(kept[name].spec) == json.dumps(made[name].spec) for name in made)
    next((tmp_path / "chart-templates" / "env").iterdir()).write_text("{")
    charts.template.cache_clear()
    damaged = plan_charts(report, theme, templates=TemplateCache(tmp_path, "env"))
    assert all(json.dumps(damaged[name].spec) == json.dumps(made[name].spec) for name in made)


# What was hashed is remembered ------------------------------------------------

def test_a_file_whose_stat_is_unchanged_is_not_read_again(minimal_copy: Path, tmp_path: Path,
                                                          monkeypatch):
    from generator.cache import scan
    memo = tmp_path / "memo"
    monkeypatch.setattr(scan, "RACY_NS", 0)   # these files were written just now
    first = scan.read_content(minimal_copy, memo)
    assert scan.read_content(minimal_copy) == first
    # The memo is trusted while a file's size, times and inode are as they were:
    # a hash planted in it comes back, which only a file not read again can do.
    planted = pickle.loads(store.get(memo)[0])
    signature, _ = planted["files"]["program.yaml"]
    planted["files"]["program.yaml"] = (signature, "planted")
    store.put(memo, pickle.dumps(planted))
    assert scan.read_content(minimal_copy, memo).files["program.yaml"] == "planted"


def test_an_edit_that_keeps_size_and_time_is_still_seen(minimal_copy: Path, tmp_path: Path,
                                                        monkeypatch):
    from generator.cache import scan
    memo = tmp_path / "memo"
    monkeypatch.setattr(scan, "RACY_NS", 0)
    first = scan.read_content(minimal_copy, memo)
    program = minimal_copy / "program.yaml"
    before = program.stat()
    text = program.read_bytes()
    program.write_bytes(text.replace(b"a", b"b", 1))    # same size
    os.utime(program, ns=(before.st_atime_ns, before.st_mtime_ns))   # same time
    again = scan.read_content(minimal_copy, memo)
    assert again.files["program.yaml"] != first.files["program.yaml"]
    assert again == scan.read_content(minimal_copy)   # what reading every file gives


def test_a_file_changed_just_now_is_not_remembered(minimal_copy: Path, tmp_path: Path,
                                                   monkeypatch):
    import time

    from generator.cache import scan
    memo = tmp_path / "memo"
    monkeypatch.setattr(scan, "RACY_NS", 200_000_000)   # 0.2 s, not 2, for the test
    time.sleep(0.3)
    (minimal_copy / "pages").mkdir(exist_ok=True)
    (minimal_copy / "pages" / "new.md").write_text("# New\n")
    scan.read_content(minimal_copy, memo)
    kept = pickle.loads(store.get(memo)[0])["files"]
    assert "program.yaml" in kept
    assert "pages/new.md" not in kept   # a second edit this instant might keep its stat


OTHERS = ('{% block header_section %}{{ super() }}<p class="others">'
          '{% for other in report.projects %}{{ other.project.id }} says '
          '{{ other.status.headline if other.status else "" }};{% endfor %}</p>{% endblock %}')


@pytest.mark.parametrize("where", ["project.html", "base.html"])
def test_a_page_made_from_the_users_template_is_never_stale(minimal_copy: Path, tmp_path: Path,
                                                            where: str):
    """A user's project template (or a base template it extends) that shows
    another project's headline: editing that headline re-renders the page."""
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    if where == "project.html":
        (templates / "project.html").write_text('{% extends "default/project.html" %}' + OTHERS)
    else:   # the default project page extends `layout`, which is now the user's
        (templates / "base.html").write_text(
            '{% extends "default/base.html" %}{% block footer %}'
            '{% for other in report.projects %}{{ other.project.id }} says '
            '{{ other.status.headline if other.status else "" }};{% endfor %}{% endblock %}')
    out = tmp_path / "out"
    build(minimal_copy, out, "--theme", str(templates.parent))
    report = minimal_copy / "projects" / "beta" / "status" / "2026-06-16.md"
    report.write_text(report.read_text().replace("---\n", "---\nheadline: Edited.\n", 1))
    build(minimal_copy, out, "--theme", str(templates.parent))
    assert "beta says Edited.;" in (out / "projects/alpha/index.html").read_text()
    clean = tmp_path / "clean"
    build(minimal_copy, clean, "--theme", str(templates.parent), "--clean",
          "--cache-dir", str(tmp_path / "fresh-cache"))
    assert files(out) == files(clean)


def test_a_theme_that_overrides_only_the_dashboard_keeps_narrow_keys(minimal_copy: Path,
                                                                      tmp_path: Path):
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "dashboard.html").write_text('{% extends "default/dashboard.html" %}')
    out = tmp_path / "out"
    build(minimal_copy, out, "--theme", str(templates.parent))
    before = stamps(out)
    report = minimal_copy / "projects" / "beta" / "status" / "2026-06-16.md"
    report.write_text(report.read_text().replace("---\n", "---\nheadline: Edited.\n", 1))
    build(minimal_copy, out, "--theme", str(templates.parent))
    changed = rewritten(before, stamps(out))
    assert "projects/beta/index.html" in changed and "index.html" in changed
    assert "projects/alpha/index.html" not in changed


def test_which_page_templates_use_the_users(tmp_path: Path):
    from generator.look.theme import DEFAULT_THEME, Theme, load_theme
    from generator.render.templates import using_user_templates
    from generator.settings import Settings

    default = load_theme(Settings())
    templates = tmp_path / "templates"
    (templates / "parts").mkdir(parents=True)
    (templates / "parts" / "note.html").write_text("{{ report.as_of }}")
    (templates / "roadmap.html").write_text(
        '{% extends "default/roadmap.html" %}{% block tranches %}'
        '{% include "parts/note.html" %}{% endblock %}')
    (templates / "page.html").write_text(
        '{% extends "default/page.html" %}{% block content %}'
        '{% include item.id ~ ".html" ignore missing %}{% endblock %}')
    theme = Theme((tmp_path, DEFAULT_THEME), default.font, default.light, default.dark)
    names = {"project.html", "roadmap.html", "page.html", "404.html"}
    assert using_user_templates(default, names) == set()
    assert using_user_templates(theme, names) == {"roadmap.html", "page.html"}
