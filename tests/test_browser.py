"""What a reader sees: the demo site in a real browser, served under a subpath.

Playwright drives Debian's chromium (``apt-get install chromium``); axe-core
and html-validate come from npm (``npm ci --prefix tests/browser``, which
``make test`` runs). Without them these tests skip, saying what to install,
except in CI (``CI`` set), where they fail instead. Screenshots of every page
type are kept in tests/artifacts/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import DEMO, ROOT, TESTS, html_pages, require, served_at
from generator.analysis.report import analyse
from generator.content.loader import load
from generator.look.theme import chart_recolouring, load_theme
from generator.settings import load_settings

NODE_MODULES = TESTS / "browser" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
HTML_VALIDATE = NODE_MODULES / ".bin" / "html-validate"
ARTIFACTS = TESTS / "artifacts"
SUBPATH = "/program/"

PAGE_TYPES = {
    "dashboard": "index.html",
    "project": "projects/portal-redesign/index.html",
    "roadmap": "roadmap/index.html",
    "benefits": "benefits/index.html",
    "page": "pages/governance/index.html",
    "not-found": "404.html",
}



@pytest.fixture(scope="module")
def server(demo_site: Path, tmp_path_factory):
    """The demo site on a local HTTP server, under /program/ like a GitHub Pages project."""
    with served_at(demo_site, SUBPATH, tmp_path_factory.mktemp("www")) as url:
        yield url


class Watched:
    """A page with every console error, failed request and foreign request recorded."""

    def __init__(self, context, origin: str):
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        self.page.on("request", lambda r: not r.url.startswith(origin) and self.problems.append(
            f"request to another host: {r.url}"))

    def _failed(self, request):
        # The browser drops a favicon fetch when the next page opens first.
        if not (request.failure == "net::ERR_ABORTED" and request.url.endswith("favicon.svg")):
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def open(self, url: str):
        """Go to ``url`` and wait for its fonts too: opening the next page
        before they arrive would abort their requests."""
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        self.page.evaluate("document.fonts.ready.then(() => null)")
        return self.page


@pytest.fixture
def context(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_cleanly_and_is_kept_as_a_screenshot(kind, server, context):
    watched = Watched(context, origin_of(server))
    page = watched.open(server + PAGE_TYPES[kind])
    assert page.locator("main h1").first.is_visible()
    assert page.locator("nav[aria-label=Site] a").count() >= 3
    # the stylesheet applied: the header has the theme's panel background
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "flex"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind}.png"), full_page=True)
    assert watched.problems == []


CHARTS_ON = {"dashboard": 2, "project": 4, "roadmap": 2, "benefits": 6}


@pytest.mark.parametrize("kind", CHARTS_ON)
def test_charts_show_with_javascript_off_and_no_network(kind, server, context):
    """Each page type shows its charts drawn, in the theme's font, with their
    numbers a click away; nothing is fetched (JavaScript is off here)."""
    watched = Watched(context, origin_of(server))
    page = watched.open(server + PAGE_TYPES[kind])
    charts = page.locator("figure.chart")
    assert charts.count() == CHARTS_ON[kind]
    for i in range(charts.count()):
        chart = charts.nth(i)
        svg = chart.locator("svg.chart-svg")
        box = svg.bounding_box()
        assert box and box["width"] > 150 and box["height"] > 80, chart.get_attribute("id")
        assert svg.get_attribute("role") == "img"
        assert svg.locator("title").text_content() in chart.locator("figcaption").text_content()
        assert svg.locator("text").count() > 3  # axes and labels are drawn as text
        data = chart.locator("details.chart-data")
        data.locator("summary").click()
        assert data.locator("tbody tr").first.is_visible()
    assert page.evaluate("document.fonts.check('12px Inter')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Inter') && f.status == 'loaded')")
    assert watched.problems == []


def test_navigation_reaches_every_page(server, context, demo_site: Path):
    """Follow links from the dashboard, in the browser, until nothing is new."""
    watched = Watched(context, origin_of(server))
    seen, queue = set(), [server + "index.html"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page = watched.open(url)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urljoin(url, href).split("#")[0]
            if target.startswith(server) and target.endswith(".html"):
                queue.append(target)
    expected = {server + p.relative_to(demo_site).as_posix()
                for p in html_pages(demo_site) if p.name != "404.html"}
    assert expected - seen == set()
    assert watched.problems == []


def test_the_reader_sees_headlines_and_red_items(server, context):
    watched = Watched(context, origin_of(server))
    page = watched.open(server + "index.html")
    assert page.get_by_text("Vendor fix due 20 November", exact=False).first.is_visible()
    red = page.locator("table.health .rag-red")
    assert red.count() >= 3 and red.first.is_visible()
    assert red.first.inner_text() == "Red"  # the colour comes with its name
    assert page.get_by_text("7 days before", exact=False).is_visible()

    page = watched.open(server + "projects/identity-modernisation/index.html")
    assert page.locator("p.headline").inner_text().startswith("Vendor fix due 20 November")
    assert page.locator(".rag-red").first.is_visible()
    assert page.get_by_text("Dependency conflicts").is_visible()

    page = watched.open(server + "roadmap/index.html")
    assert page.get_by_role("heading", name="Critical path").is_visible()
    assert page.locator("tr.conflict", has_text="over capacity").first.is_visible()
    assert watched.problems == []


def test_phone_width_has_no_sideways_page_scroll(server, browser):
    context = browser.new_context(java_script_enabled=True, viewport={"width": 390, "height": 844})
    try:
        watched = Watched(context, origin_of(server))
        for kind in ("dashboard", "project", "benefits"):
            page = watched.open(server + PAGE_TYPES[kind])
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} is {overflow}px wider than a phone"
            # the key tables stack: each row's cells, headline, finish and state
            # included, are on screen, and no table scrolls sideways in its box
            off = page.evaluate("""() => [...document.querySelectorAll('table.stack')].flatMap(t =>
                [...t.querySelectorAll('td[data-label]')].filter(td => {
                    const r = td.getBoundingClientRect();
                    return r.width > 0 && (r.left < 0 || r.right > window.innerWidth + 0.5); })
                .map(td => td.dataset.label)
                .concat(t.parentElement.scrollWidth > t.parentElement.clientWidth ? ['(scrolls)'] : []))""")
            assert off == [], f"{kind}: {off[:5]} off a phone's screen"
            if kind != "benefits":
                assert page.locator("table.stack td[data-label]").count() > 10, kind
        page.screenshot(path=str(ARTIFACTS / "benefits-phone.png"), full_page=True)
        assert watched.problems == []
    finally:
        context.close()


def test_the_roadmap_on_a_phone_keeps_its_size_in_its_own_scrolling_box(server, browser):
    report = analyse(load(DEMO))
    context = browser.new_context(java_script_enabled=True, viewport={"width": 390, "height": 844})
    try:
        watched = Watched(context, origin_of(server))
        page = watched.open(server + "roadmap/index.html")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        frame = page.locator("#chart-roadmap .chart-frame")
        shown = frame.evaluate("""f => { const svg = f.querySelector('svg');
            return {box: f.clientWidth, scrolls: f.scrollWidth, drawn: svg.getBoundingClientRect().width,
                    natural: +svg.getAttribute('width'),
                    numbers: [...svg.querySelectorAll('text')].map(t => t.textContent)
                             .filter(t => /^\\d+$/.test(t)).length}; }""")
        assert shown["drawn"] == shown["natural"] > shown["box"] and shown["scrolls"] > shown["box"]
        # every milestone's number is on the chart, and the tables carry the same numbers
        assert shown["numbers"] == sum(len(p.milestones) for p in report.projects)
        keys = page.locator("table.roadmap td .key").all_inner_texts()
        assert keys == [str(n) for _, members in report.by_tranche() for p in members
                        for n in range(1, len(p.milestones) + 1)]
        frame.evaluate("f => f.scrollLeft = f.scrollWidth")   # the far end can be reached
        assert frame.evaluate("f => f.scrollLeft") > 0
        page.screenshot(path=str(ARTIFACTS / "roadmap-phone.png"), full_page=True)
        assert watched.problems == []
    finally:
        context.close()


CHART_PAINT = """() => ({page: getComputedStyle(document.body).backgroundColor,
    charts: [...document.querySelectorAll('svg.chart-svg')].map(svg => ({
        name: svg.getAttribute('aria-labelledby').split(' ')[0],
        background: getComputedStyle(svg.querySelector('rect')).fill,
        paint: [...new Set([...svg.querySelectorAll('*')].flatMap(e => {
            const style = getComputedStyle(e); return [style.fill, style.stroke]; }))]}))})"""


def _rgb(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


def test_dark_mode_recolours_every_chart_for_the_dark_page(server, browser):
    theme = load_theme(load_settings(DEMO))
    light_only = {_rgb(light) for light, dark in chart_recolouring(theme.light, theme.dark)
                  if light != dark}
    context = browser.new_context(color_scheme="dark")
    try:
        watched = Watched(context, origin_of(server))
        seen = 0
        for kind in ("dashboard", "project", "benefits", "roadmap"):
            page = watched.open(server + PAGE_TYPES[kind])
            found = page.evaluate(CHART_PAINT)
            assert found["page"] == _rgb(theme.dark.bg)
            for chart in found["charts"]:
                seen += 1
                assert chart["background"] == found["page"], (kind, chart["name"])  # no card
                left = sorted(set(chart["paint"]) & light_only)
                assert left == [], (kind, chart["name"], left)   # no light colour is left
        assert seen >= 8
        page.screenshot(path=str(ARTIFACTS / "roadmap-dark.png"), full_page=True)
        assert watched.problems == []
    finally:
        context.close()


def test_works_from_file_urls(demo_site: Path, context):
    watched = Watched(context, "file://")
    page = watched.open((demo_site / "index.html").as_uri())
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Roadmap", exact=True).click()
    assert page.url.endswith("/roadmap/index.html")
    page.locator("table.roadmap a").first.click()
    assert "/projects/" in page.url and page.locator("main h1").is_visible()
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "flex"
    assert watched.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(scheme, server, browser):
    require(AXE.is_file(), "axe-core", "npm ci --prefix tests/browser")
    # axe is a script: this context alone lets it past the site's CSP.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        failures = []
        for kind, rel in PAGE_TYPES.items():
            page.goto(server + rel)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "axe.run(document).then(r => ({v: r.violations, passes: r.passes.length}))")
            assert result["passes"] > 10, f"axe did not run on {kind}"
            for v in result["v"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(f"{kind}: {v['id']} ({v['impact']}): {v['help']} {targets}")
        assert failures == []
    finally:
        context.close()


def test_print_stylesheet_hides_navigation(server, context):
    page = Watched(context, origin_of(server)).open(server + PAGE_TYPES["project"])
    page.emulate_media(media="print")
    assert not page.locator("nav[aria-label=Site]").is_visible()
    assert page.locator("main h1").is_visible()


def test_every_page_is_valid_html(demo_site: Path):
    require(HTML_VALIDATE.is_file(), "html-validate", "npm ci --prefix tests/browser")
    pages = [str(p) for p in html_pages(demo_site)]
    run = subprocess.run([str(HTML_VALIDATE), "--config", str(TESTS / "browser" / ".htmlvalidate.json"),
                          *pages], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


TEXT_BOXES = """() => [...document.querySelectorAll('svg.chart-svg')].map(svg => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {name: svg.getAttribute('aria-labelledby').split(' ')[0], frame: box(svg),
            texts: [...svg.querySelectorAll('text')].map(t => [t.textContent, ...box(t)])};
})"""


def test_project_charts_have_no_label_cut_off_or_over_another(server, context):
    """Baton lays these four charts out itself, measuring text in the theme's
    font: as the browser sets them, every label is inside its chart and
    none lies over another."""
    watched = Watched(context, origin_of(server))
    page = watched.open(server + PAGE_TYPES["project"])
    charts = page.evaluate(TEXT_BOXES)
    assert len(charts) == CHARTS_ON["project"]
    for chart in charts:
        left, top, right, bottom = chart["frame"]
        labels = chart["texts"]
        assert len(labels) > 5, chart["name"]
        for text, *box in labels:
            assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom, (
                chart["name"], text, box, chart["frame"])
        for i, (a, *p) in enumerate(labels):
            for b, *q in labels[i + 1:]:
                overlap_x = min(p[2], q[2]) - max(p[0], q[0])
                overlap_y = min(p[3], q[3]) - max(p[1], q[1])
                assert overlap_x <= 0.5 or overlap_y <= 0.5, (chart["name"], a, b)
    assert watched.problems == []
