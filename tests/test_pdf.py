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

def test_the_pack_has_its_parts_in_order_and_its_contents_give_their_pages(demo_site: Path):
    pages = texts(demo_site / PACK)
    cover = pages[0]
    assert "EXECUTIVE PACK" in cover and "Digital Customer Experience" in cover and "Page" not in cover
    assert "Improve customer experience across digital channels" in cover and "15 Nov 2026" in cover
    starts = [first_page(pages, rf"^{title}$") for title in
              ("Benefits", "Roadmap", "Escalations and decisions")]
    dashboard = first_page(pages[1:], r"^Needs attention$") + 1
    projects = [first_page(pages, rf"^{re.escape(name)} CX-\d+$") for name in ACTIVE]
    assert [dashboard, *starts, *projects] == sorted([dashboard, *starts, *projects])
    # the contents on the cover: a leader and the page each part starts on
    listed = dict(re.findall(r"^(.+?)[ .]+ (\d+)$", cover, re.MULTILINE))
    assert int(listed["Dashboard"]) == dashboard
    assert [int(listed[t]) for t in ("Benefits", "Roadmap", "Escalations and decisions")] == starts
    assert [int(listed[name]) for name in ACTIVE] == projects


def test_each_active_project_has_one_page_and_the_closed_one_none(demo_site: Path):
    pages = texts(demo_site / PACK)
    starts = [first_page(pages, rf"^{re.escape(name)} CX-\d+$") for name in ACTIVE]
    assert starts == list(range(starts[0], starts[0] + len(ACTIVE)))
    assert starts[-1] == len(pages), "the last project's page is the last page"
    assert [page for _, page in outline_projects(demo_site / PACK)] == starts
    assert not any(re.search(rf"^{CLOSED} CX-\d+$", text, re.MULTILINE) for text in pages)
    routing = pages[starts[0] - 1]
    for part in ("Next milestones", "Top risks", "Milestone slip", "Routing pilot in two contact centres",
                 "Routing rules drift from how teams actually work"):
        assert part in flat(routing)


def test_escalations_and_decisions_list_what_the_board_must_act_on(demo_site: Path):
    pages = texts(demo_site / PACK)
    text = flat(pages[first_page(pages, r"^Escalations and decisions$") - 1])
    assert "Decisions needed" in text and "Renew the warehouse licence" in text
    assert "Decisions made in the last 90 days" in text
    assert "Pilot in two contact centres rather than one" in text  # made 14 Oct, as of 15 Nov


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
    wide = range(first_page(pages, r"^Benefits$"), first_page(pages, r"^Escalations and decisions$"))
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
    assert bookmarks[:5] == ["Digital Customer Experience", "Dashboard", "Benefits", "Roadmap",
                             "Escalations and decisions"]


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


def test_no_page_is_blank(demo_site: Path, tmp_path: Path):
    require(shutil.which("pdftoppm") is not None, "pdftoppm", "apt-get install poppler-utils")
    for pdf in sorted((demo_site / "pdf").rglob("*.pdf")):
        prefix = tmp_path / pdf.stem
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(prefix)], check=True)
        drawn = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
        assert len(drawn) == len(PdfReader(pdf).pages)
        for png in drawn:
            image = Image.open(png).convert("L")
            w, h = image.size
            body = image.crop((0, h // 10, w, h - h // 10))  # without the header and footer
            ink = sum(body.histogram()[:200])  # pixels darker than light grey
            assert ink > 0.001 * body.size[0] * body.size[1], f"{png.name} is blank"


def outline_projects(pdf: Path) -> list[tuple[str, int]]:
    """(title, 1-based page) of the pack's outline entries under "Active projects"."""
    reader = PdfReader(pdf)
    outline = reader.outline
    at = next(i for i, entry in enumerate(outline)
              if not isinstance(entry, list) and entry.title == "Active projects")
    return [(entry.title, reader.get_destination_page_number(entry) + 1) for entry in outline[at + 1]
            if not isinstance(entry, list)]


def test_a_generated_program_gets_one_pack_page_per_active_project(generated_site: tuple[Path, Path]):
    content, out = generated_site
    assert len(list((out / "pdf" / "projects").glob("*.pdf"))) == 30
    pack = next((out / "pdf").glob("*-executive-pack.pdf"))
    active = [p for p in load(content).projects if not p.closed]
    entries = outline_projects(pack)
    assert [title for title, _ in entries] == [p.name + (f" {p.code}" if p.code else "") for p in active]
    first = entries[0][1]
    assert [page for _, page in entries] == list(range(first, first + len(active)))
    assert entries[-1][1] == len(PdfReader(pack).pages)


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
    theme_with(minimal_copy, {"print/parts/escalations.typ": example})
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], tmp_path)
    assert result.exit_code == 0, result.output
    pack = flat(" ".join(texts(next((out / "pdf").glob("*-executive-pack.pdf")))))
    assert "For the steering board only. OFFICIAL-SENSITIVE." in pack
    assert "Escalations and decisions" in pack, "the default part is still there, after the line"


def test_a_theme_that_passes_state_a_bare_name_still_builds(minimal_copy: Path, tmp_path: Path):
    """Themes written before rows carried ``state_text`` call ``state(m.state)``."""
    theme_with(minimal_copy, {"print/parts/escalations.typ": (
        '#import "/default/print/baton.typ": *\n'
        '#import "/default/print/parts/escalations.typ" as default\n'
        '#let escalations(p) = { par[Old call: #state("overdue")]; default.escalations(p) }\n')})
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
