"""baton.yaml settings, CLI options that win over them, and user themes."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_baton
from generator.content.fields import yaml_keys
from generator.settings import PdfSettings, Settings

DOCS = ROOT / "docs" / "settings.md"


def build(content: Path, *options: str):
    return run_baton(["build", str(content), "-o", str(content.parent / "out"), *options],
                     content.parent)


def page(content: Path, rel: str = "index.html") -> str:
    return (content.parent / "out" / rel).read_text()


def test_title_from_settings_and_cli_wins(minimal_copy: Path):
    (minimal_copy.parent / "baton.yaml").write_text("title: Program Office Reports\n")
    assert build(minimal_copy).exit_code == 0
    assert "<title>Dashboard · Program Office Reports</title>" in page(minimal_copy)
    assert build(minimal_copy, "--title", "From the CLI").exit_code == 0
    assert "<title>Dashboard · From the CLI</title>" in page(minimal_copy)


def test_unknown_setting_is_an_error_with_a_hint(minimal_copy: Path):
    (minimal_copy.parent / "baton.yaml").write_text("title: T\nbase_ulr: https://x.org/\n")
    result = build(minimal_copy)
    assert result.exit_code == 1
    assert "baton.yaml:2:1: error: unknown key 'base_ulr' (did you mean 'base_url'?)" in result.output
    assert not (minimal_copy.parent / "out").exists()


def test_bad_setting_values_name_the_line(minimal_copy: Path):
    (minimal_copy.parent / "baton.yaml").write_text(
        "base_url: example.org\ntheme: no-such-theme\npdf:\n  paper: a5\n")
    result = build(minimal_copy)
    assert result.exit_code == 1
    assert "baton.yaml:1:11: error: base_url: 'example.org' is not an absolute http(s) URL" in result.output
    assert "baton.yaml:2:8: error: theme: folder 'no-such-theme' not found" in result.output
    assert "baton.yaml:4:10: error: pdf.paper:" in result.output


def test_bad_cli_values_are_refused(minimal_copy: Path):
    result = build(minimal_copy, "--base-url", "ftp://example.org")
    assert result.exit_code != 0 and "not an absolute http(s) URL" in result.output


def test_base_url_gives_canonical_links_and_a_rooted_404(minimal_copy: Path):
    assert build(minimal_copy, "--base-url", "https://example.org/program/").exit_code == 0
    assert '<link rel="canonical" href="https://example.org/program/projects/alpha/">' in page(
        minimal_copy, "projects/alpha/index.html")
    not_found = page(minimal_copy, "404.html")
    assert 'href="/program/static/baton.css"' in not_found and "canonical" not in not_found
    assert build(minimal_copy).exit_code == 0
    assert "canonical" not in page(minimal_copy)


def test_a_user_theme_overrides_one_block_and_adds_static_files(minimal_copy: Path):
    theme = minimal_copy.parent / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    (theme / "templates" / "base.html").write_text(
        '{% extends "default/base.html" %}'
        '{% block footer %}<p>Prepared by the Program Office</p>{% endblock %}')
    (theme / "static" / "extra.css").write_text("body { color: black; }")
    (minimal_copy.parent / "baton.yaml").write_text("theme: mytheme\n")
    assert build(minimal_copy).exit_code == 0
    html = page(minimal_copy, "projects/alpha/index.html")
    assert "<p>Prepared by the Program Office</p>" in html and "made with Baton" not in html
    assert "<h1>Alpha" in html  # the rest of the default theme is still there
    out = minimal_copy.parent / "out"
    assert (out / "static" / "extra.css").is_file() and (out / "static" / "baton.css").is_file()


def test_theme_option_wins_and_a_broken_template_names_its_line(minimal_copy: Path, tmp_path: Path):
    theme = tmp_path / "broken"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ no_such_thing }}\n{% endblock %}\n')
    result = build(minimal_copy, "--theme", str(theme))
    assert result.exit_code == 1
    assert re.search(r"broken/templates/404\.html:3:1: error: theme: 'no_such_thing' is undefined",
                     result.output), result.output
    assert "Traceback" not in result.output
    assert not (minimal_copy.parent / "out").exists()


def test_every_setting_is_documented():
    """docs/settings.md has a row per setting, named as in baton.yaml."""
    text = DOCS.read_text()
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", text, re.M))
    settings = {k for k in yaml_keys(Settings) if k != "pdf"}
    settings |= {f"pdf.{k}" for k in yaml_keys(PdfSettings)}
    assert documented == settings
    for name in settings:  # and each has its command-line option
        options = {"pdf.enabled": "--pdf", "pdf.standard": "--pdf-standard"}
        option = options.get(name, "--" + name.split(".")[-1].replace("_", "-"))
        assert option in text, option
