"""`baton build`: the pages, the output folder's safety, settings and themes."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from links import broken_links, parse

from conftest import DEMO, MINIMAL, REAL_DATA, ROOT, html_pages, require, run_baton
from generator.render.templates import CSP

PAGE_TYPES = ["index.html", "projects/portal-redesign/index.html", "roadmap/index.html",
              "benefits/index.html", "pages/governance/index.html", "404.html"]


def build(content: Path, out: Path, *options: str):
    return run_baton(["build", str(content), "-o", str(out), *options], content.parent)


# The demo site ---------------------------------------------------------------

def test_demo_has_every_page(demo_site: Path):
    for page in PAGE_TYPES:
        assert (demo_site / page).is_file(), page
    for project in (DEMO / "projects").iterdir():
        assert (demo_site / "projects" / project.name / "index.html").is_file()
    assert (demo_site / "pages" / "glossary" / "index.html").is_file()
    assert (demo_site / "static" / "baton.css").is_file()
    assert (demo_site / "assets" / "logo.svg").read_bytes() == (DEMO / "assets" / "logo.svg").read_bytes()


def test_every_link_resolves_and_is_relative(demo_site: Path):
    assert broken_links(demo_site) == []
    for path in html_pages(demo_site):
        for tag, url, _ in parse(path).urls:
            assert not url.startswith("/"), f"{path}: {url} is not relative"
            if tag != "a":  # stylesheets and images come from the site itself
                assert "://" not in url, f"{path}: {url}"


def test_every_page_has_the_csp_and_no_script(demo_site: Path):
    for path in html_pages(demo_site):
        page = parse(path)
        csp = [m["content"] for m in page.metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp == [CSP], path
        assert "script" not in page.tags, path
    assert "default-src 'none'" in CSP and "script-src" not in CSP  # so no script may run


def test_dashboard_shows_what_an_executive_needs(demo_site: Path):
    html = (demo_site / "index.html").read_text()
    for text in ("Improve customer experience across digital channels",   # objective
                 "15 Nov 2026",                                            # as-of date
                 "Renew the warehouse licence",                            # open decision, overdue
                 "overdue by 14 days",
                 "7 days before",                                          # the planted conflict
                 "Beta opens to staff on 20 November",                     # a headline
                 "$5,291,000",                                             # budget forecast roll-up
                 "last report <time datetime=\"2026-10-20\">"):            # the stale project
        assert text in html, text
    # the health grid has a row per project, and closed projects say so
    assert html.count('<tr class="closed">') == 1
    # Where the tolerances rate worse, both ratings read equally plainly: portal's
    # overall (schedule 72 days late), telephony's overall and schedule.
    plain = [re.sub(r"<[^>]+>", "", cell) for cell in
             re.findall(r'<span class="disagree">(.*?)</span>\s*(?:<span class="flag">|</td>)', html)]
    assert plain == ["Amber declared · Red by tolerances", "Green declared · Amber by tolerances",
                     "Amber/green declared · Amber by tolerances"]
    # The verdict leads: the program's rating and the decisions, with the ones
    # needed by the review on 10 Dec flagged.
    verdict = html[html.index('class="verdict"'):html.index('class="lead"')]
    assert html.index('class="verdict"') < html.index('id="attention"')
    assert re.search(r"Verdict: .*Amber", verdict) and "From 5 active projects: 2 Red" in verdict
    assert verdict.count("needed before the review on 10 Dec 2026") == 2


def plain_verdict(html: str) -> str:
    """The dashboard's verdict, up to the asks, as text."""
    return re.sub(r"<[^>]+>", "", html[html.index('class="verdict"'):html.index("<h3>The board must decide")])


def test_the_dashboard_verdict_leads_with_the_program_offices_report(demo_site: Path):
    html = (demo_site / "index.html").read_text()
    verdict = plain_verdict(html)
    # content/status/2026-11-15.md, after the one of 2026-10-15
    assert "Verdict: Amber" in verdict
    assert "The program office's report of 15 Nov 2026; Amber/green on 15 Oct 2026, now worse." in verdict
    assert "Go-live holds at 11 December only if single sign-on is live by 27 November" in verdict
    assert "Schedule Red · Budget Amber · Scope Green · Quality Amber" in verdict
    order = [verdict.index(words) for words in ("What changed", "Why it matters", "What we need",
                                                 "Next period", "From its projects: Amber")]
    assert order == sorted(order)


def test_a_greener_stale_program_report_shows_both_ratings_and_says_it_is_stale(
        tmp_path: Path, minimal_copy: Path):
    status = minimal_copy / "status"
    status.mkdir()
    (status / "2026-05-01.md").write_text("---\noverall: amber\n---\n")
    (status / "2026-06-01.md").write_text("---\noverall: green\nheadline: All well\n---\n")
    alpha = minimal_copy / "projects/alpha/status/2026-06-30.md"
    alpha.write_text(re.sub(r"overall: [a-z-]+", "overall: red", alpha.read_text(), count=1))
    build(minimal_copy, tmp_path / "site")
    html = (tmp_path / "site/index.html").read_text()
    verdict = plain_verdict(html)
    assert re.search(r"Verdict: Green declared · (Amber|Amber/red|Red) from its projects", verdict)
    assert "stale: 29 days old" in verdict and "Amber on 1 May 2026, now better" in verdict


def test_a_benefit_has_one_expected_figure_with_its_unit_everywhere(demo_site: Path):
    import yaml

    register = yaml.safe_load((DEMO / "benefits.yaml").read_text("utf-8"))["benefits"]
    text = lambda html: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # noqa: E731
    page = (demo_site / "benefits" / "index.html").read_text("utf-8")
    dashboard = (demo_site / "index.html").read_text("utf-8")
    lines = text(re.search(r'<section aria-labelledby="benefits">.*?</section>', dashboard, re.S)[0])
    measured = [b for b in register if b.get("measurements")]
    assert measured and len(measured) < len(register)   # both kinds are in the demo
    for b in register:
        row = text(re.search(rf'<tr id="{b["id"]}">.*?</tr>', page, re.S)[0])
        unit = b.get("unit")
        assert b["name"] in lines                                   # one line each on the dashboard
        if not b.get("measurements"):
            assert f"{b['name']} " in lines and "not measured yet" in lines
            continue
        caption = re.search(rf'{re.escape(b["name"])}: trajectory\.</strong>(.*?)</figcaption>',
                            page, re.S)[1]
        said = re.search(r"against (\S+(?: \S+)?) expected", caption)[1]
        assert f"{said} on " in row                                 # the table's Expected column
        assert f"against {said} expected" in lines                  # the dashboard's line
        if unit and unit != "USD":
            assert said.endswith(f" {unit}")
        digits = re.sub(r"[^0-9.]", "", said.split(" ")[0])
        assert len(digits.replace(".", "").lstrip("0")) <= 3 or "." not in digits  # no false precision


def test_cost_reads_one_way_and_the_forecast_is_reconciled_with_the_eac(demo_site: Path):
    import yaml

    budget = yaml.safe_load((DEMO / "projects" / "portal-redesign" / "project.yaml")
                            .read_text("utf-8"))["budget"]
    bac, forecast = budget["baseline"], budget["forecast"]
    eac = bac / (budget["earned_value"] / budget["actual"])
    page = (demo_site / "projects" / "portal-redesign" / "index.html").read_text("utf-8")
    section = re.search(r'<section aria-labelledby="budget">.*?</section>', page, re.S)[0]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", section,
                                                             flags=re.S)))
    assert "Variance at completion" not in words and "−$" not in words   # one sign: words
    assert f"${forecast - bac:,.0f} over its ${bac:,.0f} baseline" in words
    assert f"${eac:,.0f} (BAC ÷ CPI)" in words
    gap = forecast - eac
    assert f"the forecast is ${abs(gap):,.0f} {'over' if gap > 0 else 'under'} that estimate" in words
    dashboard = (demo_site / "index.html").read_text("utf-8")
    assert "<dt>SPI</dt>" in dashboard and "<dt>CPI</dt>" in dashboard


def test_the_sponsors_page_says_what_happened_since_the_last_report_and_whose_milestones(
        demo_site: Path):
    page = (demo_site / "projects" / "portal-redesign" / "index.html").read_text("utf-8")
    text = lambda html: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # noqa: E731
    tolerances = text(re.search(r'<ul class="tolerances">.*?</ul>', page, re.S)[0])
    for dimension in ("Schedule", "Budget", "Scope", "Quality"):
        assert dimension in tolerances
    since = text(re.search(r'<h3 id="since">.*?</ul>', page, re.S)[0])
    assert "Since the report of 1 Nov 2026" in since
    # i-translation's closed date falls between the two newest reports (content)
    assert "Closed: issue Spanish translations delivered without plain-language review" in since
    for slug, own in (("exposure", True), ("held-up", False)):
        section = re.search(rf'<section aria-labelledby="{slug}">.*?</section>', page, re.S)
        assert section, slug            # the demo's portal has both
        late = re.findall(r"<li>\s*<a href=\"([^\"]+)\"", section[0])
        assert late and all(("/portal-redesign/" in href) == own for href in late), (slug, late)


def test_project_page_leads_with_the_latest_report(demo_site: Path):
    html = (demo_site / "projects" / "portal-redesign" / "index.html").read_text()
    order = [html.index(text) for text in (
        ">Latest status</h2>", ">What changed</h3>", ">Why it matters</h3>", ">What we need</h3>",
        ">Dependency conflicts</h2>", ">Milestones</h2>", ">Budget</h2>", ">RAID log</h2>",
        ">Change requests</h2>", ">Decisions</h2>", ">Status history</h2>")]
    assert order == sorted(order)
    assert "<h3>What changed</h3>" in html  # report headings sit below the section's h2
    assert "+72 days" in html               # finish slip, computed by the analysis


def test_markdown_in_content_cannot_run(tmp_path: Path, minimal_copy: Path):
    report = minimal_copy / "projects" / "alpha" / "status" / "2026-06-30.md"
    text = report.read_text()
    report.write_text(text + "\n<script>alert(1)</script>\n\n"
                      "[click](javascript:alert(1)) [vb](vbscript:msgbox) [d](data:text/html,hi)\n\n"
                      "![pixel](https://tracker.example/p.gif) [ok](https://example.org)\n")
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 0
    html = (out / "projects" / "alpha" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "[click](javascript:alert(1))" in html
    assert "[vb](vbscript:msgbox)" in html and "[d](data:text/html,hi)" in html
    assert '<a href="https://tracker.example/p.gif">image: pixel</a>' in html
    assert "<img" not in html
    assert '<a href="https://example.org">ok</a>' in html


def test_same_content_same_bytes(demo_site: Path, tmp_path: Path):
    """Every file, the PDFs too: a second build of the demo, made anew without
    the cache, equals the first; and the default theme gives Typst
    nothing to warn about (the demo's one warning is that it has no base URL)."""
    first, second = demo_site, tmp_path / "b"
    result = build(DEMO, second, "--clean")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "no base_url" in warnings[0], result.output
    comparison = filecmp.dircmp(first, second)
    files = [p.relative_to(first) for p in first.rglob("*") if p.is_file()]
    match, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == len(files)
    assert comparison.left_only == comparison.right_only == []
    assert len([f for f in files if f.suffix == ".pdf"]) == 7


def test_python_build_py_is_baton_build(tmp_path: Path):
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    run = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "into site/" in run.stdout
    assert (tmp_path / "site" / "projects" / "alpha" / "index.html").is_file()


def test_real_portfolio_builds(tmp_path: Path):
    """The UK GMPP 2023 portfolio (213 projects) as a site: not just the demo."""
    csv = REAL_DATA / "uk-gmpp" / "uk_2023.csv"
    if not csv.is_file():
        pytest.skip(f"real data not found at {csv}")
    sys.path.insert(0, str(ROOT / "bench"))
    from gmpp import convert
    content, _, _ = convert(tmp_path / "gmpp", csv)
    out = tmp_path / "site"
    result = build(content, out, "-q")
    assert result.exit_code == 0, result.output
    assert len(list((out / "projects").iterdir())) == 213
    assert broken_links(out) == []


# Output folder safety ----------------------------------------------------------

def test_failed_build_leaves_the_previous_site(tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (minimal_copy / "projects" / "alpha" / "project.yaml").write_text("name: [unclosed\n")
    result = build(minimal_copy, out)
    assert result.exit_code == 1
    assert "alpha/project.yaml:2:1: error: YAML syntax error" in result.output
    assert "was not changed" in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_refuses_a_folder_it_did_not_make(tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("precious")
    result = build(minimal_copy, out)
    assert result.exit_code == 1
    assert "not made by Baton" in result.output
    assert (out / "chapter1.tex").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["chapter1.tex"]


def test_replaces_its_own_files_and_keeps_others(tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "out"
    out.mkdir()
    assert build(minimal_copy, out).exit_code == 0          # empty: fine
    assert (out / ".baton").is_file() and (out / "pages/about/index.html").is_file()
    (out / "CNAME").write_text("reports.example.org\n")     # not Baton's: kept
    (minimal_copy / "pages" / "about.md").unlink()
    assert build(minimal_copy, out).exit_code == 0
    assert not (out / "pages/about/index.html").exists()     # Baton's, no longer made: gone
    assert (out / "CNAME").read_text() == "reports.example.org\n"


def test_never_overwrites_a_file_it_did_not_write(tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "out"
    assert build(minimal_copy, out, "--no-pdf").exit_code == 0
    (out / "sitemap.xml").write_text("my own")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = build(minimal_copy, out, "--no-pdf", "--base-url", "https://example.org/p/")
    assert result.exit_code == 1
    assert "sitemap.xml: not written by Baton, so Baton will not overwrite it" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_refuses_a_file_as_output(tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "site"
    out.write_text("not a folder")
    result = build(minimal_copy, out)
    assert result.exit_code == 1 and "not a folder" in result.output
    assert out.read_text() == "not a folder"


def test_symlink_out_of_assets_fails_the_build(tmp_path: Path, minimal_copy: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets" / "leak.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = build(minimal_copy, out)
    assert result.exit_code == 1 and "leak.txt" in result.output
    assert not out.exists()


# Output on the terminal -------------------------------------------------------

def test_quiet_prints_one_line_saying_what_and_where(tmp_path: Path, minimal_copy: Path):
    result = build(minimal_copy, tmp_path / "out", "--quiet", "--base-url", "https://example.org/")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("built 7 pages (") and f"into {tmp_path / 'out'}/" in lines[0]
    # run beside the content folder: the baton.yaml it looked for, relative
    assert lines[0].endswith("; rendered 7 of 7 pages, wrote 18 files; no baton.yaml: default settings")


def test_the_summary_names_the_settings_file_it_read(tmp_path: Path, minimal_copy: Path):
    """A baton.yaml beside the content folder is read, and the build says so,
    relative to where it runs: one from another program is seen at once."""
    (minimal_copy.parent / "baton.yaml").write_text("title: Another Program\n")
    result = run_baton(["build", "content", "-o", "out", "-q"], minimal_copy.parent)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("; settings from baton.yaml")
    assert "Another Program" in (minimal_copy.parent / "out" / "index.html").read_text()
    nested = tmp_path / "elsewhere"
    nested.mkdir()
    result = run_baton(["build", str(minimal_copy), "-o", str(nested / "out"), "-q"], nested)
    assert result.output.splitlines()[-1].endswith(f"; settings from {minimal_copy.parent}/baton.yaml")


def test_warnings_are_printed_and_do_not_fail(tmp_path: Path, minimal_copy: Path):
    (minimal_copy / "notes.txt").write_text("stray")
    result = build(minimal_copy, tmp_path / "out")
    assert result.exit_code == 0
    assert "notes.txt:1:1: warning:" in result.output and "; 2 warnings" in result.output
    assert "baton.yaml:1:1: warning: no base_url: sitemap.xml, robots.txt, feed.xml and " \
           "canonical links are left out" in result.output
    # the minimal site has no baton.yaml, and the hint says so rather than send one to edit it
    assert "(there is no baton.yaml here: create it beside the content folder with a base_url, " \
           "or build with --base-url https://example.org/program/)" in result.output


def _has_terminals() -> bool:
    """Can this machine make a pseudo-terminal? A chroot without /dev/pts cannot."""
    import os
    import pty
    try:
        parent, child = pty.openpty()
    except OSError:
        return False
    os.close(parent)
    os.close(child)
    return True


def _in_terminal(args: list[str], env: dict) -> str:
    """Run baton with a real terminal as its output; returns what it printed."""
    import os
    import pty
    pid, fd = pty.fork()
    if pid == 0:  # the child: baton, attached to the terminal
        os.execve(str(Path(sys.executable).parent / "baton"), ["baton", *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def test_progress_on_a_terminal_but_not_with_quiet_or_in_ci(tmp_path: Path, minimal_copy: Path):
    import os
    require(_has_terminals(), "a pseudo-terminal", "mount devpts on /dev/pts")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    args = ["build", str(minimal_copy), "-o", str(tmp_path / "out")]
    shown = _in_terminal(args, env)
    assert "reading and checking content…" in shown and "rendering pages: 7/7" in shown
    assert "rendering pages" not in _in_terminal(args + ["--quiet"], env)
    assert "rendering pages" not in _in_terminal(args, {**env, "CI": "true"})
