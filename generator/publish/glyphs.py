"""Which characters the PDFs can print: the theme's fonts, and nothing else.

Typst is given only the theme's font files (never the machine's), so a PDF
is the same on every machine. A character that none of them has would print
as an empty box, and fails a tagged PDF (PDF/UA) outright. So before
typesetting, every such character in the content is a warning at the line
that holds it, and the PDFs show U+FFFD (�) in its place.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.model import Page, Program
from generator.errors import Diagnostic, Loc
from generator.look.theme import Theme

REPLACEMENT = "\ufffd"
FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc")
# Code points a font need not have: shaping uses or drops them (joiners,
# variation selectors, tags), and controls never reach a page.
IGNORABLE_CATEGORIES = {"Cc", "Cf"}
IGNORABLE_RANGES = ((0xFE00, 0xFE0F), (0x180B, 0x180F), (0xE0000, 0xE0FFF))
_CMAPS: dict[tuple[str, int, int], frozenset[int]] = {}   # font file (path, size, mtime) -> cmap


def font_folders(theme: Theme) -> tuple[Path, ...]:
    """Every folder of font files the PDFs may use: each theme folder's
    ``static/fonts/`` (the site's font) and ``print/fonts/`` (the fallbacks
    for symbols, scripts and emoji), the user's first."""
    return tuple(folder for d in theme.dirs for folder in (d / "static" / "fonts", d / "print" / "fonts")
                 if folder.is_dir())


def font_files(theme: Theme) -> list[Path]:
    return sorted(path for folder in font_folders(theme) for path in folder.rglob("*")
                  if path.suffix.lower() in FONT_SUFFIXES and path.is_file())


@dataclass(frozen=True)
class Glyphs:
    """The characters the theme's fonts have."""

    covered: frozenset[int]

    @classmethod
    def of(cls, theme: Theme) -> Glyphs:
        return cls(frozenset().union(*(_cmap(path) for path in font_files(theme))))

    def has(self, char: str) -> bool:
        code = ord(char)
        return (code < 0x80 or code in self.covered
                or unicodedata.category(char) in IGNORABLE_CATEGORIES
                or any(low <= code <= high for low, high in IGNORABLE_RANGES))

    def lacking(self, text: str) -> list[str]:
        """The characters of ``text`` no font has, each once, in order."""
        if text.isascii():
            return []
        lacking = {char for char in set(text) if not self.has(char)}
        return list(dict.fromkeys(char for char in text if char in lacking)) if lacking else []

    def replace_missing(self, doc):
        """A planned PDF with every character no font has replaced by U+FFFD.
        Its data is JSON: the characters replaced are never JSON's own."""
        lacking = self.lacking(doc.data)
        if not lacking:
            return doc
        table = str.maketrans({char: REPLACEMENT for char in lacking})
        return dataclasses.replace(doc, data=doc.data.translate(table))

    def missing(self, program: Program) -> list[Diagnostic]:
        """A warning for each place in the content that holds characters no
        font of the theme has (free pages are not printed, so not checked)."""
        found = []
        for loc, text in _texts(program):
            lacking = self.lacking(text)
            if lacking:
                found.append(Diagnostic(
                    loc, "warning",
                    f"PDF: no font of the theme has {', '.join(map(_named, lacking))}; "
                    f"the PDFs show {REPLACEMENT} instead",
                    "write it another way, or add a font that has it to your theme's print/fonts/"))
        return sorted(set(found), key=Diagnostic.sort_key)


def _named(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _CMAPS:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = TTCollection(str(path), lazy=True).fonts
        else:
            fonts = [TTFont(str(path), lazy=True)]
        _CMAPS[key] = frozenset(code for font in fonts for code in font.getBestCmap())
    return _CMAPS[key]


def _texts(value: object, owner: object = None, name: str = "") -> Iterator[tuple[Loc, str]]:
    """Every string of the program's model, with where it is written."""
    if isinstance(value, str):
        if not value.isascii() and owner is not None:
            yield from _located(owner, name, value)
    elif isinstance(value, Page):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.repr and f.name not in ("src", "content_dir", "assets"):
                yield from _texts(getattr(value, f.name), value, f.name)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _texts(item, owner, f"{name}[{index}]" if owner is not None else name)


def _located(owner: Any, name: str, text: str) -> Iterator[tuple[Loc, str]]:
    src = owner.src
    if name == "body":   # a Markdown body: each line at its own line of the file
        first = getattr(owner, "body_line", 1)
        for offset, line in enumerate(text.split("\n")):
            if not line.isascii():
                yield Loc(src.loc.file, first + offset, 1), line
    else:
        yield src.at(name), text
