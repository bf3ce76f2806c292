"""PDFs: built by the real command, read back with pypdf and drawn with poppler.

The demo's baton.yaml turns PDFs on, so ``demo_site`` holds an executive pack
and one PDF per project. pdftoppm (Debian's poppler-utils) draws pages to
PNG; without it the drawing tests skip, except in CI.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import DEMO, ROOT, html_pages, require, run_baton
from generator.content.loader import load
from generator.settings import load_settings

PACK = "pdf/dcx-executive-pack.pdf"
A4 = (595, 842)
LETTER = (612, 792)
ACTIVE = ["Automated case routing", "Customer data platform", "Identity modernisation",
          "Customer portal redesign", "Staff training and adoption"]
CLOSED = "Contact-centre telephony upgrade"


@functools.cache
def texts(pdf: Path) -> list[str]:
    """The text of each page (cached: extraction is the slow part of these tests)."""
    return [page.extract_text() for page in PdfReader(pdf).pages]


def flat(text: str) -> str:
    """Text with its line breaks as spaces: table cells wrap."""
    return " ".join(text.split())


def first_page(pages: list[str], pattern: str) -> int:
    """The 1-based number of the first page whose text matches ``pattern``."""
    for number, text in enumerate(pages, 1):
        if re.search(pattern, text, re.MULTILINE):
            return number
    raise AssertionError(f"no page matches {pattern!r}")


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


# The executive pack ---------------------------------------------------------

def test_the_pack_is_a_board_paper_with_its_parts_in_order_in_ten_pages_at_most(demo_site: Path):
    pages = texts(demo_site / PACK)
    assert len(pages) <= 10
    cover = pages[0]
    assert "EXECUTIVE PACK" in cover and "Digital Customer Experience" in cover and "Page" not in cover
    assert "Improve customer experience across digital channels" in cover and "15 Nov 2026" in cover
    # page 1: the verdict and the asks come before anything else
    assert re.search(r"^Verdict: (Red|Amber|Amber/green|Green)$", cover, re.M)
    assert cover.index("Verdict:") < cover.index("The board must decide") < cover.index(
        "Escalated to the board")
    # then what the board decided lately and the program office's own words, before the dashboard
    paper = "\n".join(pages)
    assert paper.index("Escalated to the board") < paper.index("Decided in the last 90 days") < paper.index(
        "The program office’s report of 15 Nov 2026\n") < paper.index("\nDashboard\n")
    starts = [first_page(pages, rf"^{title}$") for title in ("Dashboard", "Benefits", "Roadmap")]
    projects = [first_page(pages, rf"^{re.escape(title)}$") for title, _ in outline_projects(
        demo_site / PACK, "Projects to look at")]
    assert [*starts, *projects] == sorted([*starts, *projects]) and starts[0] == 2
    # "In this pack": the page each part starts on
    listed = dict(re.findall(r"(Dashboard|Benefits|Roadmap|Projects to look at) p\. (\d+)", flat(cover)))
    assert [int(listed[t]) for t in ("Dashboard", "Benefits", "Roadmap")] == starts
    assert int(listed["Projects to look at"]) == projects[0]


def test_the_verdict_lists_what_the_board_must_decide_and_flags_what_is_due_before_the_review(
        demo_site: Path):
    cover = flat(texts(demo_site / PACK)[0])
    decide = cover[cover.index("The board must decide"):cover.index("Escalated to the board")]
    assert "Renew the warehouse licence" in decide and "overdue by 14 days" in decide
    # the steering board meets on 10 Dec; approval of the QA contractor is needed by 1 Dec
    assert re.search(r"Approve a second QA contractor .*? 1 Dec 2026 before the review", decide)
    assert "Next review: 10 Dec 2026 (Digital Steering Board)" in decide
    assert "Directory sync drops 0.4 %" in cover  # an escalated issue
    paper = flat("\n".join(texts(demo_site / PACK)))
    start = paper.index("Decided in the last 90 days")
    lately = paper[start:paper.index("Dashboard", start)]
    assert "Pilot in two contact centres rather than one" in lately  # decided 14 Oct, as of 15 Nov


def test_page_one_leads_with_the_program_offices_rating_its_trend_and_what_the_projects_give(
        demo_site: Path):
    cover = flat(texts(demo_site / PACK)[0])
    # content/status/2026-11-15.md declares Amber; the one of 2026-10-15 declared Amber/green
    assert "Verdict: Amber " in cover
    assert "The program office’s report of 15 Nov 2026; Amber/green on 15 Oct 2026, now worse." in cover
    assert "Go-live holds at 11 December only if single sign-on is live by 27 November" in cover
    assert "Schedule Red · Budget Amber · Scope Green · Quality Amber" in cover
    # the derived rating stands beside it, with its rule
    assert re.search(r"From its projects: (Red|Amber|Amber/green|Green), derived from their ratings", cover)


# the five-point delivery-confidence scale, best first (content-format.md)
rank = {None: 0, "green": 1, "amber-green": 2, "amber": 3, "amber-red": 4, "red": 5}


def rated(content: Path) -> dict[str, str]:
    """Each active project's name and rating to act on, by the real analysis."""
    from generator.analysis.report import analyse
    report = analyse(load(content))
    return {p.project.name: p.rating for p in report.projects if not p.project.closed}


def test_a_board_pack_gives_a_page_to_amber_or_worse_worst_first_and_a_line_to_the_rest(demo_site: Path):
    pages = texts(demo_site / PACK)
    ratings = rated(DEMO)
    entries = outline_projects(demo_site / PACK, "Projects to look at")
    names = [re.sub(r" CX-\d+$", "", title) for title, _ in entries]
    assert names and all(rank[ratings[n]] >= rank["amber"] for n in names)
    assert sorted(n for n, r in ratings.items() if rank[r] >= rank["amber"]) == sorted(names)
    assert [rank[ratings[n]] for n in names] == sorted((rank[ratings[n]] for n in names), reverse=True)
    first = entries[0][1]
    assert [page for _, page in entries] == list(range(first, first + len(entries)))
    assert entries[-1][1] == len(pages), "the last project's page is the last page"
    assert not any(re.search(rf"^{CLOSED} CX-\d+$", text, re.M) for text in pages)
    # the others are one line each in the dashboard's project health
    health = flat(" ".join(pages[1:first_page(pages, r"^Benefits$") - 1]))
    for name in ACTIVE:
        assert name in health
    green = [n for n in ACTIVE if n not in names]
    assert green and not any(re.search(rf"^{re.escape(n)} CX-\d+$", t, re.M) for n in green for t in pages)
    routing = flat(pages[entries[0][1] - 1])
    for part in ("Next milestones", "Top risks", "Milestone slip"):
        assert part in routing
    assert "gives a page to 3 of the 5 active projects" in flat(pages[0])


def test_a_full_pack_gives_every_active_project_a_page(minimal_copy: Path, tmp_path: Path):
    (minimal_copy.parent / "baton.yaml").write_text("pdf:\n  enabled: true\n")
    out = tmp_path / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q", "--pack", "full"],
                     tmp_path).exit_code == 0
    pack = next((out / "pdf").glob("*-executive-pack.pdf"))
    active = [p for p in load(minimal_copy).projects if not p.closed]
    assert [t for t, _ in outline_projects(pack, "Active projects")] == [
        p.name + (f" {p.code}" if p.code else "") for p in active]
    (minimal_copy.parent / "baton.yaml").write_text("pdf:\n  enabled: true\n  pack_projects: 0\n")
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path).exit_code == 0
    assert "Projects to look at" not in [e.title for e in PdfReader(pack).outline if not isinstance(e, list)]


def test_every_page_but_the_cover_has_the_running_header_and_page_x_of_y(demo_site: Path):
    for pdf, title in [(PACK, "Digital Customer Experience"),
                       ("pdf/projects/case-routing.pdf",
                        "Automated case routing · Digital Customer Experience")]:
        pages = texts(demo_site / pdf)
        start = 1 if pdf == PACK else 0
        assert "Page 1 of" not in pages[0] or start == 0
        for number, text in enumerate(pages[start:], start + 1):
            assert f"Page {number} of {len(pages)}" in text, (pdf, number)
            assert title in text and "as of 15 Nov 2026" in text, (pdf, number)


def test_roadmap_and_benefits_are_landscape_and_the_rest_a4(demo_site: Path):
    reader = PdfReader(demo_site / PACK)
    pages = texts(demo_site / PACK)
    projects = outline_projects(demo_site / PACK, "Projects to look at")
    wide = range(first_page(pages, r"^Benefits$"), projects[0][1])
    for number, page in enumerate(reader.pages, 1):
        assert size(page) == (A4[::-1] if number in wide else A4), number


def test_charts_are_vectors_with_their_labels_as_text(demo_site: Path):
    reader = PdfReader(demo_site / PACK)
    pages = texts(demo_site / PACK)
    roadmap = pages[first_page(pages, r"^Roadmap$") - 1]
    svg = (demo_site / "roadmap" / "index.html").read_text("utf-8")
    chart = svg[svg.index('id="chart-roadmap"'):svg.index("</figure>", svg.index('id="chart-roadmap"'))]
    labels = set(re.findall(r"<text[^>]*>([^<]+)</text>", chart)) - {""}
    assert len(labels) > 10
    missing = [label for label in labels if label.replace("&amp;", "&") not in flat(roadmap)]
    assert not missing, missing
    for page in reader.pages:  # drawn as paths and text, not pictures
        assert list(page.images) == []


def test_metadata_title_author_subject_language_and_the_as_of_date(demo_site: Path):
    reader = PdfReader(demo_site / PACK)
    info = reader.metadata
    assert info.title == "Digital Customer Experience: executive pack"
    assert info.author == "Sam Okafor"
    assert info.subject.startswith("Program report as of 2026-11-15")
    # the as-of date, at midnight UTC: never the time of the build
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261115000000Z"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    project = PdfReader(demo_site / "pdf/projects/portal-redesign.pdf").metadata
    assert project.title == "Customer portal redesign: project report" and project.author == "Sam Okafor"


def structure(node, depth: int = 0) -> list[tuple[int, str]]:
    """(depth, role) of every element of a tagged PDF's structure tree."""
    found = []
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            found.append((depth, str(kid["/S"])))
            found += structure(kid, depth + 1)
    return found


def test_pdfs_are_tagged_pdf_ua_with_headings_as_bookmarks(demo_site: Path):
    reader = PdfReader(demo_site / PACK)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b"pdfuaid:part>1<" in root["/Metadata"].get_object().get_data().replace(b'"', b">")
    roles = [role for _, role in structure(root["/StructTreeRoot"])]
    role_map = {str(k): str(v) for k, v in root["/StructTreeRoot"].get("/RoleMap", {}).items()}
    standard = [role_map.get(role, role) for role in roles]
    for needed in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Figure", "/Link"):
        assert needed in standard, needed
    bookmarks = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert bookmarks == ["Digital Customer Experience", "Dashboard", "Benefits", "Roadmap",
                         "Projects to look at"]


def test_the_pdf_standard_setting_makes_a_pdf_a_2_archive(minimal_copy: Path, tmp_path: Path):
    (minimal_copy.parent / "baton.yaml").write_text("pdf:\n  enabled: true\n  standard: a-2b\n")
    out = tmp_path / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path).exit_code == 0
    xmp = PdfReader(out / "pdf/projects/alpha.pdf").trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"pdfuaid:part" in xmp


def test_the_fonts_are_the_themes_never_the_machines(demo_site: Path):
    names = set()
    for pdf in sorted((demo_site / "pdf").rglob("*.pdf")):
        for page in PdfReader(pdf).pages:
            fonts = page["/Resources"].get("/Font", {})
            for font in fonts.values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].removesuffix("-Identity-H"))
    assert names and names <= {"Inter-Regular", "Inter-SemiBold", "NotoSans-Regular",
                               "NotoSansSymbols2-Regular", "NotoEmoji-Regular"}, names


def test_the_project_pdf_is_its_page_in_order(demo_site: Path):
    pages = texts(demo_site / "pdf/projects/portal-redesign.pdf")
    order = [first_page(pages, rf"^{title}$") for title in
             ("Latest status", "Milestones", "Budget", "RAID log", "Decisions", "Status history")]
    assert order == sorted(order)
    whole = flat("\n".join(pages))
    for chart in ("Milestone slip.", "Budget burn.", "Risk heat map.", "Status history."):
        assert chart in whole
    assert "Download PDF" not in whole


def test_table_columns_keep_their_text_whole_beside_a_long_milestone_state(demo_site: Path):
    """The portal's milestone table has a long state ("At risk: needs Single
    sign-on live for customers, forecast later"); the name and owner columns
    keep room for their words instead of shrinking to one word a line."""
    whole = flat("\n".join(texts(demo_site / "pdf/projects/portal-redesign.pdf")))
    for name in ("Service design signed off Lee Chen", "Public beta (10 % of customers) Priya Shah"):
        assert name in whole


def test_milestone_states_give_their_real_day_counts_in_print_as_on_the_site(demo_site: Path):
    """As of 15 Nov 2026: Customer 360 is forecast for 27 Nov, the CRM
    migration for 13 Nov. Neither reads as the 30-day window."""
    pdf = flat("\n".join(texts(demo_site / "pdf/projects/data-platform.pdf")))
    page = (demo_site / "projects/data-platform/index.html").read_text()
    for words in ("Due in 12 days", "Overdue by 2 days"):
        assert words in pdf and words in page
    assert "Due in 30 days" not in pdf + page


# Links ------------------------------------------------------------------------

def links(pdf: Path) -> list[dict]:
    found = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                found.append(annotation)
    return found


def test_pages_link_to_their_pdfs(demo_site: Path):
    assert 'href="pdf/dcx-executive-pack.pdf"' in (demo_site / "index.html").read_text()
    assert 'href="../../pdf/projects/data-platform.pdf"' in (
        demo_site / "projects/data-platform/index.html").read_text()
    for page in html_pages(demo_site):
        for target in re.findall(r'href="([^"]+\.pdf)"', page.read_text("utf-8")):
            assert (page.parent / target).resolve().is_file(), (page, target)


def test_links_to_pages_in_the_pack_stay_inside_it_and_others_are_relative(demo_site: Path):
    found = links(demo_site / PACK)
    inside = [a for a in found if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    outside = [a["/A"]["/URI"] for a in found if a.get("/A", {}).get("/S") == "/URI"]
    assert len(inside) > 20
    assert outside and all(not uri.startswith(("http", "file", "/")) for uri in outside), outside
    assert "../projects/telephony-upgrade/index.html" in outside  # the closed project: not in the pack


def test_with_a_base_url_links_go_to_the_published_site(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "--pdf", "-q",
                        "--base-url", "https://example.org/program/"], tmp_path)
    assert result.exit_code == 0, result.output
    uris = [a["/A"]["/URI"] for pdf in sorted(out.rglob("*.pdf")) for a in links(pdf)
            if a.get("/A", {}).get("/S") == "/URI"]
    assert uris and all(uri.startswith("https://example.org/program/") for uri in uris), uris


# Paper, determinism, drawing ---------------------------------------------------

def test_letter_paper_from_the_setting(minimal_copy: Path, tmp_path: Path):
    (minimal_copy.parent / "baton.yaml").write_text("pdf:\n  enabled: true\n  paper: letter\n")
    out = tmp_path / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path).exit_code == 0
    sizes = {size(page) for pdf in out.rglob("*.pdf") for page in PdfReader(pdf).pages}
    assert sizes == {LETTER, LETTER[::-1]}


def test_a_pdf_is_the_same_alone_or_typeset_after_others(demo_site: Path):
    from generator.analysis.report import analyse
    from generator.charts.draw import draw
    from generator.charts.plan import plan_charts
    from generator.look.theme import load_theme
    from generator.publish.glyphs import Glyphs
    from generator.publish.pdf import plan_pdfs
    from generator.publish.typeset import Typesetter
    from generator.render.pages import asset_files

    settings = load_settings(DEMO, pdf=True)
    theme = load_theme(settings)
    report = analyse(load(DEMO))
    charts = draw(plan_charts(report, theme), theme, settings.cache_path)
    assets = asset_files(report.program)
    docs, _ = plan_pdfs(report, settings, theme, charts, frozenset(assets), Glyphs.of(theme))
    with Typesetter(theme, settings, assets) as typesetter:
        in_turn = [typesetter.typeset(doc)[0] for doc in docs]
    with Typesetter(theme, settings, assets) as typesetter:
        alone = typesetter.typeset(docs[-1])[0]
    assert alone == in_turn[-1] == (demo_site / docs[-1].path).read_bytes()


def filled(pdf: Path, folder: Path) -> list[float]:
    """How far down its body (without header and footer) each page's ink
    reaches, 0 to 1, drawn by poppler: 0 is a blank page."""
    require(shutil.which("pdftoppm") is not None, "pdftoppm", "apt-get install poppler-utils")
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(prefix)], check=True)
    reach = []
    for png in sorted(folder.glob(f"{pdf.stem}-*.png")):
        image = Image.open(png).convert("L")
        w, h = image.size
        body = image.crop((0, h // 10, w, h - h // 10)).point(lambda v: 255 if v < 200 else 0)
        box = body.getbbox()   # the inked rows and columns, or None
        reach.append(box[3] / body.size[1] if box else 0.0)
    assert len(reach) == len(PdfReader(pdf).pages)
    return reach


def test_no_page_is_blank_or_near_empty(demo_site: Path, tmp_path: Path):
    """A page that is not a document's last is at least a quarter full: no
    page holds the last four lines of a table."""
    for pdf in sorted((demo_site / "pdf").rglob("*.pdf")):
        reach = filled(pdf, tmp_path)
        assert all(r > 0 for r in reach), f"{pdf.name}: a page is blank"
        near_empty = [n for n, r in enumerate(reach[:-1], 1) if r < 0.25]
        assert not near_empty, f"{pdf.name}: pages {near_empty} are near empty"


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(top, bottom, word) of each word on a 1-based page, in points from
    the page's top, as poppler reads them."""
    require(shutil.which("pdftotext") is not None, "pdftotext", "apt-get install poppler-utils")
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [(float(top), float(bottom), word) for top, bottom, word in re.findall(
        r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', html)]


def stranded(pdf: Path) -> list[str]:
    """The bookmarked headings with nothing under them on their page: only
    the footer below the heading's line."""
    reader = PdfReader(pdf)

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                yield from walk(entry)
            else:
                yield entry
    alone = []
    for entry in walk(reader.outline):
        if entry.get("/Top") is None:
            continue
        number = reader.get_destination_page_number(entry)
        height = float(reader.pages[number].mediabox.height)
        top = height - float(entry["/Top"])
        on_page = words(pdf, number + 1)
        line = min(t for t, _, _ in on_page if t >= top - 3)   # the heading's own line
        bottom = max(b for t, b, _ in on_page if abs(t - line) < 2)
        footer = max(t for t, _, _ in on_page)                 # "Page 2 of 5", the lowest line
        if not any(bottom < t < footer - 2 for t, _, _ in on_page):
            alone.append(entry.title)
    return alone


def test_no_heading_is_left_at_the_foot_of_a_page(demo_site: Path):
    for pdf in sorted((demo_site / "pdf").rglob("*.pdf")):
        assert stranded(pdf) == [], pdf.name


def outline_projects(pdf: Path, heading: str) -> list[tuple[str, int]]:
    """(title, 1-based page) of the pack's outline entries under ``heading``."""
    reader = PdfReader(pdf)
    outline = reader.outline
    at = next(i for i, entry in enumerate(outline)
              if not isinstance(entry, list) and entry.title == heading)
    return [(entry.title, reader.get_destination_page_number(entry) + 1) for entry in outline[at + 1]
            if not isinstance(entry, list)]


def pack_shape(content: Path, pack: Path, limit: int = 20) -> None:
    """The pack of a generated program is a board paper: a page for each
    Amber-or-worse project, worst first, at most ``limit``, and one line for
    every active project in the project health table."""
    ratings = rated(content)
    program = load(content)
    named = {p.name + (f" {p.code}" if p.code else ""): p.name for p in program.projects}
    entries = outline_projects(pack, "Projects to look at")
    names = [named[title] for title, _ in entries]
    worse = [n for n, r in ratings.items() if rank[r] >= rank["amber"]]
    assert len(names) == min(limit, len(worse)) and set(names) <= set(worse)
    assert [rank[ratings[n]] for n in names] == sorted((rank[ratings[n]] for n in names), reverse=True)
    left_out = sorted(set(worse) - set(names), key=lambda n: rank[ratings[n]])
    assert not left_out or rank[ratings[left_out[-1]]] <= rank[ratings[names[-1]]]
    pages = texts(pack)
    first = entries[0][1]
    assert [page for _, page in entries] == list(range(first, first + len(entries)))
    health = flat(" ".join(pages[1:first_page(pages, r"^Benefits$") - 1]))
    for p in program.projects:
        if not p.closed:
            assert p.name in health, f"{p.name} has no line in the project health"


def test_a_generated_program_gets_a_board_pack(generated_site: tuple[Path, Path]):
    content, out = generated_site
    assert len(list((out / "pdf" / "projects").glob("*.pdf"))) == 30
    pack_shape(content, next((out / "pdf").glob("*-executive-pack.pdf")))


@pytest.mark.slow
def test_a_hundred_project_pack_is_at_most_about_forty_pages(tmp_path: Path):
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate
    content = generate(tmp_path, 100, 4)
    out = tmp_path / "site"
    result = run_baton(["build", str(content), "-o", str(out), "-q", "--pdf"], tmp_path)
    assert result.exit_code == 0, result.output
    pack = next((out / "pdf").glob("*-executive-pack.pdf"))
    assert len(PdfReader(pack).pages) <= 40
    pack_shape(content, pack)
    assert stranded(pack) == []
    # at this size a part may end on a short page (landscape parts start a
    # new one); every other page is at least a quarter full
    reader = PdfReader(pack)
    part_ends = {reader.get_destination_page_number(entry) for entry in reader.outline
                 if not isinstance(entry, list)}          # 0-based start = 1-based end of the part before
    reach = filled(pack, tmp_path)
    assert all(r > 0 for r in reach)
    assert not [n for n, r in enumerate(reach[:-1], 1) if r < 0.25 and n not in part_ends]
    team = flat(" ".join(texts(pack)))
    assert re.search(r"Team load.*?\d+ team-months over capacity", team)
    # the roadmap is legible: twenty projects a page, each page a chart of its own
    assert [n for n in range(1, 7) if f"Roadmap, page {n} of 5." in team] == [1, 2, 3, 4, 5]
    assert "Projects 81–100 of 100" in team


# Failures and warnings -----------------------------------------------------

def theme_with(content: Path, files: dict[str, str]) -> Path:
    theme = content.parent / "mytheme"
    for rel, text in files.items():
        (theme / rel).parent.mkdir(parents=True, exist_ok=True)
        (theme / rel).write_text(text)
    (content.parent / "baton.yaml").write_text("theme: mytheme\npdf:\n  enabled: true\n")
    return theme


def test_an_image_the_content_names_and_the_site_lacks_fails_at_the_content_line(
        minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q", "--pdf"], tmp_path).exit_code == 0
    before = sorted(out.rglob("*"))
    report = minimal_copy / "projects/alpha/status/2026-06-30.md"
    report.write_text(report.read_text() + "\nThe plan:\n\n![plan](assets/plan.png)\n")
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "-q", "--pdf"], tmp_path)
    assert result.exit_code == 1
    assert "projects/alpha/status/2026-06-30.md:10:1: error: PDF: image 'assets/plan.png' is not in " \
           "the site" in result.output
    assert "Traceback" not in result.output
    assert sorted(out.rglob("*")) == before, "the previous site is left as it was"


def test_a_theme_replaces_one_part_building_on_the_default(minimal_copy: Path, tmp_path: Path):
    """The example of docs/pdf.md, "Theming the PDFs", as it is written there."""
    example = re.search(r"```typ\n(.*?)```", (ROOT / "docs/pdf.md").read_text(), re.S).group(1)
    theme_with(minimal_copy, {"print/parts/verdict.typ": example})
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path)
    assert result.exit_code == 0, result.output
    pack = flat(" ".join(texts(next((out / "pdf").glob("*-executive-pack.pdf")))))
    assert "For the steering board only. OFFICIAL-SENSITIVE." in pack
    assert "The board must decide" in pack, "the default part is still there, after the line"


def test_a_theme_that_passes_state_a_bare_name_still_builds(minimal_copy: Path, tmp_path: Path):
    """Themes written before rows carried ``state_text`` call ``state(m.state)``."""
    theme_with(minimal_copy, {"print/parts/verdict.typ": (
        '#import "/default/print/baton.typ": *\n'
        '#import "/default/print/parts/verdict.typ" as default\n'
        '#let verdict(p) = { par[Old call: #state("overdue")]; default.verdict(p) }\n')})
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path)
    assert result.exit_code == 0, result.output
    pack = flat(" ".join(texts(next((out / "pdf").glob("*-executive-pack.pdf")))))
    assert "Old call: ! Overdue" in pack


def test_a_print_template_that_fails_is_named_at_its_line(minimal_copy: Path, tmp_path: Path):
    theme = theme_with(minimal_copy, {"print/project.typ": '#import "/default/print/baton.typ": *\n'
                                      '#show: frame\n= Report\n#image("/static/logo.png")\n'})
    result = run_baton(["build", str(minimal_copy), "-o", str(tmp_path / "out"), "-q"], tmp_path)
    assert result.exit_code == 1
    template = (theme / "print/project.typ").relative_to(tmp_path)
    assert f"{template}:4:8: error: PDF pdf/projects/alpha.pdf: file not found" in result.output
    assert "fix the print template" in result.output and "Traceback" not in result.output


def test_what_typst_warns_about_is_a_warning_at_the_template_line(minimal_copy: Path, tmp_path: Path):
    default = (ROOT / "themes/default/print/project.typ").read_text()
    theme = theme_with(minimal_copy, {"print/project.typ": default.replace(
        '#import "baton.typ": *', '#import "/default/print/baton.typ": *').replace(
        '#import "parts.typ": parts', '#import "/default/print/parts.typ": parts')
        + '\n#text(font: "No Such Font")[x]\n'})
    result = run_baton(["build", str(minimal_copy), "-o", str(tmp_path / "out")], tmp_path)
    assert result.exit_code == 0, result.output
    line = len(default.splitlines()) + 2
    template = (theme / "print/project.typ").relative_to(tmp_path)
    assert f"{template}:{line}:13: warning: PDF pdf/projects/alpha.pdf: unknown font family: " \
           "no such font" in result.output


def test_an_emoji_prints_from_the_bundled_font_and_a_character_no_font_has_is_a_warning(
        minimal_copy: Path, tmp_path: Path):
    report = minimal_copy / "projects/alpha/status/2026-06-30.md"
    report.write_text(report.read_text().replace("headline: On track.", "headline: On track 🚀")
                      + "\nLine two.\n\nA private sign \ue000 here.\n")
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "--pdf"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "🚀" not in result.output, "the emoji font has it: no warning"
    assert ("projects/alpha/status/2026-06-30.md:10:1: warning: PDF: no font of the theme has "
            "'\ue000' (U+E000); the PDFs show \ufffd instead") in result.output
    text = flat(" ".join(page.extract_text() for page in PdfReader(out / "pdf/projects/alpha.pdf").pages))
    assert "On track 🚀" in text and "A private sign \ufffd here." in text
