"""Markdown from content: safe, and its links work from every page."""

from __future__ import annotations

import pytest

from generator.look.markdown import render_markdown


@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](file:///etc/passwd)",
    "<a href='javascript:alert(1)'>x</a>", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)", "[x][r]\n\n[r]: javascript:alert(1)",
])
def test_nothing_from_content_becomes_live_code(source):
    html = render_markdown(source)
    assert "<script" not in html and "<a href=\"javascript" not in html.lower()
    assert "href=\"vbscript" not in html and "href=\"data:" not in html and "src=\"data:" not in html
    assert "href=\"file:" not in html and "onerror=" not in html.replace("&lt;img src=x onerror=", "")


def test_site_paths_are_rewritten_for_the_page():
    html = render_markdown("[plan](assets/plan.pdf) [p](/projects/a/index.html) [t](#top) "
                           "[up](../x.html) [web](https://example.org) [m](mailto:pmo@example.org)\n\n"
                           "![diagram](assets/d.svg)", root="../../")
    assert '<a href="../../assets/plan.pdf">' in html
    assert '<a href="../../projects/a/index.html">' in html
    assert '<a href="#top">' in html and '<a href="../x.html">' in html
    assert '<a href="https://example.org">' in html and '<a href="mailto:pmo@example.org">' in html
    assert '<img src="../../assets/d.svg" alt="diagram"' in html


def test_remote_images_become_links():
    html = render_markdown("![chart](https://cdn.example/c.png)")
    assert "<img" not in html and '<a href="https://cdn.example/c.png">image: chart</a>' in html


def test_heading_shift_and_table_headers():
    html = render_markdown("## What changed\n\n###### deep\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", shift=1)
    assert "<h3>What changed</h3>" in html and "<h6>deep</h6>" in html
    assert '<th scope="col">a</th>' in html
