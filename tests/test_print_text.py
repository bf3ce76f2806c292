"""Content is data in the PDFs, never Typst code: any text comes out as itself.

Each example goes the whole way: a string and a Markdown body into the data
of a print template of the default theme's library, typeset by Typst, and
read back from the PDF with pypdf. Typst's own syntax (``#``, ``$``, ``]``,
``\\``, ``@``, ``<``, ``#read("/etc/passwd")``) is only text there.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.look.markdown import _MD, print_markdown
from generator.look.theme import load_theme
from generator.publish.typeset import PrintDoc, Typesetter
from generator.settings import load_settings

PROBE = """#import "/default/print/baton.typ": *
#show: frame
= Probe
#par(data.parts.first().data.text)
#md(data.parts.first().data.body, within: 1)
"""
# Printable ASCII (Typst's syntax is all in it) and a few letters from further on.
ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                         max_codepoint=0x17F) | st.sampled_from("#$]\\@<>[*_`=/{}")
TYPST = ['#read("/etc/passwd")', '#include "/etc/passwd"', "$x^2$", "] #{ 1 + 1 }",
         "\\u{41} @label <label> // note /* c */", '#eval("1")', "`raw` *a* _b_ = h"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(needle: str, haystack: str) -> bool:
    """Every character of ``needle``, in order, in ``haystack``: the PDF adds
    list bullets and numbers that the Markdown's text does not have."""
    rest = iter(haystack)
    return all(char in rest for char in needle)


def markdown_text(body: str) -> str:
    """The text Markdown shows, as the site renders it."""
    rendered = _MD.render(body)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


class Probe:
    """The default theme's library under a probe template, typeset by Typst."""

    def __init__(self, folder: Path, typesetter: Typesetter, theme):
        self.typesetter, self.theme = typesetter, theme

    def text_of(self, text: str, body: str) -> str:
        nodes = print_markdown(body, lambda href: {"url": href}, lambda src, line: None)
        data = {"doc": {"title": "Probe", "subject": "", "author": None, "running_title": "Probe",
                        "as_of": "1 Jan 2026", "lang": "en", "paper": "a4"},
                "theme": {"font": self.theme.font.family, "colours": dict(self.theme.light.items())},
                "labels": {}, "cover": None,
                "parts": [{"kind": "probe", "data": {"text": text, "body": nodes}}]}
        doc = PrintDoc("probe.pdf", "print/probe.typ", json.dumps(data), dt.date(2026, 1, 1))
        pdf, _ = self.typesetter.typeset(doc)
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")
    (folder / "content").mkdir()
    (folder / "probe" / "print").mkdir(parents=True)
    (folder / "probe" / "print" / "probe.typ").write_text(PROBE)
    (folder / "baton.yaml").write_text("theme: probe\n")
    settings = load_settings(folder / "content")
    theme = load_theme(settings)
    with Typesetter(theme, settings, {}) as typesetter:
        yield Probe(folder, typesetter, theme)


@settings(max_examples=200, deadline=None)
@given(text=st.text(ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip()),
       body=st.text(ALPHABET | st.sampled_from("\n"), max_size=120))
@example(text=TYPST[0], body="\n\n".join(TYPST))
@example(text="#include \"/etc/hostname\"", body="# #read(\"/etc/passwd\")\n\n- $x$ ]")
def test_any_text_comes_out_as_itself(probe, text: str, body: str):
    shown = probe.text_of(text, body)
    assert squeeze(text) in squeeze(shown)
    assert in_order(squeeze(markdown_text(body)), squeeze(shown))
    assert "root:" not in shown, "nothing outside the site's files is read"


def test_the_probe_reads_what_typst_laid_out(probe):
    """The check above can fail: text the template leaves out is missed."""
    shown = probe.text_of("visible", "")
    assert "visible" in shown and "invisible" not in shown
