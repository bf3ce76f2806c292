"""The theme: its folders, and the look it declares in ``theme.yaml``.

A theme is a folder with ``templates/``, ``static/`` and ``theme.yaml``. The
last holds the one palette (light and dark colours) and the font; both the
page CSS (``static/theme.css``, made here) and the charts read it, so a chart
always matches the page around it, on screen and on paper. A user's theme is
searched first; its ``theme.yaml`` replaces only the keys it gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from generator.content.fields import NO_SOURCE, ListOf, Obj, Source, key
from generator.content.fields import record as look
from generator.content.folders import read_yaml_file
from generator.content.scalars import Colour, Number, Text
from generator.errors import Diagnostics, ThemeError
from generator.settings import Settings

# themes/ beside the package in the source; inside it once installed (pyproject.toml).
PACKAGE = Path(__file__).resolve().parents[1]      # generator/
DEFAULT_THEME = next(folder / "themes" / "default" for folder in (PACKAGE, PACKAGE.parent)
                     if (folder / "themes" / "default").is_dir())
FILE_NAME = "theme.yaml"
CSS_PATH = "static/theme.css"
FONT_FOLDER = "fonts"           # under static/
FONT_FORMATS = {".otf": "opentype", ".ttf": "truetype"}  # what browsers and charts both read
FALLBACK_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

SRC = field(default=NO_SOURCE, compare=False, repr=False)


@look
class Colours:
    """One colour scheme. Page colours first, then the RAG scale, then the
    chart series."""

    bg: str | None = key(Colour())         # page background
    fg: str | None = key(Colour())         # body text
    muted: str | None = key(Colour())      # secondary text
    line: str | None = key(Colour())       # rules and borders
    panel: str | None = key(Colour())      # header, cards, table bands
    link: str | None = key(Colour())
    accent: str | None = key(Colour())     # focus rings, current page
    warn_bg: str | None = key(Colour())    # conflicts and warnings
    warn_fg: str | None = key(Colour())
    green: str | None = key(Colour())
    amber_green: str | None = key(Colour())
    amber: str | None = key(Colour())
    amber_red: str | None = key(Colour())
    red: str | None = key(Colour())
    plan: str | None = key(Colour())       # charts: baseline and planned figures
    forecast: str | None = key(Colour())   # charts: forecasts and expectations
    actual: str | None = key(Colour())     # charts: actuals and measurements
    band: str | None = key(Colour())       # charts: tranche bands, quiet fills
    src: Source = SRC

    def items(self) -> list[tuple[str, str]]:
        """The colours given, as (name, #rrggbb)."""
        return [(name, getattr(self, name)) for name in COLOUR_NAMES
                if getattr(self, name) is not None]

    def rag(self, rag: str) -> str:
        return getattr(self, rag.replace("-", "_"))


COLOUR_NAMES = tuple(f.name for f in fields(Colours) if f.name != "src")
# The tints the charts draw with, as (colour, share over the background):
# the risk zones, and the roadmap's forecast bars.
TINTS = {"zone-low": ("green", .22), "zone-medium": ("amber", .3), "zone-high": ("red", .3),
         "forecast-bar": ("forecast", .45)}


def tint(colour: str, background: str, share: float) -> str:
    """``colour`` laid over ``background`` at ``share`` opacity, as #rrggbb."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b))


def chart_recolouring(light: Colours, dark: Colours) -> list[tuple[str, str]]:
    """The charts are drawn once, in the light palette. In dark mode the page
    CSS recolours them: each light colour (and each tint of the charts) to
    its dark counterpart, as (light, dark) pairs; where two names share a
    light colour, the first name's dark colour is used."""
    pairs: dict[str, str] = {}
    lights, darks = dict(light.items()), dict(dark.items())
    for name in COLOUR_NAMES:
        if name in lights and name in darks:
            pairs.setdefault(lights[name].lower(), darks[name].lower())
    for colour, share in TINTS.values():
        if {colour, "bg"} <= lights.keys() & darks.keys():
            pairs.setdefault(tint(lights[colour], lights["bg"], share),
                             tint(darks[colour], darks["bg"], share))
    return sorted(pairs.items())


@look
class FontFile:
    file: str = key(Text(), required=True)    # under static/fonts/
    weight: int = key(Number(100, 900, integer=True), default=400)
    src: Source = SRC


@look
class Font:
    family: str = key(Text(), required=True)
    files: tuple[FontFile, ...] = key(ListOf(Obj(FontFile)), default=())
    src: Source = SRC


@look
class ThemeFile:
    font: Font | None = key(Obj(Font))
    light: Colours = key(Obj(Colours), default=Colours())
    dark: Colours = key(Obj(Colours), default=Colours())
    src: Source = SRC


@dataclass(frozen=True)
class Theme:
    """The theme a build uses: its folders (the user's first) and its look."""

    dirs: tuple[Path, ...]
    font: Font
    light: Colours
    dark: Colours

    @property
    def font_dirs(self) -> tuple[Path, ...]:
        """Folders of font files, for the chart renderer (the default's last)."""
        return tuple(_fonts(d) for d in self.dirs if _fonts(d).is_dir())

    @property
    def font_stack(self) -> str:
        return f'"{self.font.family}", {FALLBACK_FONTS}'


def theme_dirs(settings: Settings) -> tuple[Path, ...]:
    """The theme folders, the user's first."""
    user = settings.theme_dir
    return ((user,) if user else ()) + (DEFAULT_THEME,)


def load_theme(settings: Settings) -> Theme:
    """The theme for a build: the default's theme.yaml with the user's keys
    over it. Raises ThemeError for a theme.yaml that is wrong."""
    diags = Diagnostics()
    dirs = theme_dirs(settings)
    files = [read_yaml_file(d / FILE_NAME, ThemeFile, diags, required=d == DEFAULT_THEME)
             for d in reversed(dirs)]
    if diags.has_errors:
        raise ThemeError(diags.sorted())
    base, *overrides = [f for f in files if f is not None]
    for over in overrides:
        base = ThemeFile(font=over.font or base.font, light=_over(base.light, over.light),
                         dark=_over(base.dark, over.dark), src=over.src)
    for name in ("light", "dark"):
        given = dict(getattr(base, name).items())
        missing = [colour for colour in COLOUR_NAMES if colour not in given]
        if missing:  # only the default theme can cause this: it gives every colour
            diags.error(base.src.at(name), f"{name}: no colour for {', '.join(missing)}",
                        "give every colour in the default theme's theme.yaml")
    if base.font is None:
        diags.error(base.src.loc, "font: missing", "name the font family and its files")
    else:
        _check_font_files(base.font, dirs, diags)
    if diags.has_errors:
        raise ThemeError(diags.sorted())
    return Theme(dirs, base.font, base.light, base.dark)


def _check_font_files(font: Font, dirs: tuple[Path, ...], diags: Diagnostics) -> None:
    for face in font.files:
        at = face.src.at("file")
        if Path(face.file).suffix.lower() not in FONT_FORMATS:
            diags.error(at, f"font file '{face.file}' is not OpenType or TrueType",
                        "use an .otf or .ttf file: the chart renderer reads no other kind")
        elif not any((_fonts(d) / face.file).is_file() for d in dirs):
            diags.error(at, f"font file '{face.file}' not found",
                        f"put it in your theme's static/{FONT_FOLDER}/ folder")


def _fonts(theme_dir: Path) -> Path:
    return theme_dir / "static" / FONT_FOLDER


def _over(base: Colours, over: Colours) -> Colours:
    given: dict[str, Any] = dict(over.items())
    return replace(base, **given)


def theme_css(theme: Theme) -> bytes:
    """static/theme.css: the font faces and the palette as custom properties."""
    lines = ["/* Made by Baton from theme.yaml: edit that file, not this one. */"]
    for face in theme.font.files:
        lines.append(f'@font-face {{ font-family: "{theme.font.family}"; '
                     f'src: url("{FONT_FOLDER}/{face.file}") '
                     f'format("{FONT_FORMATS[Path(face.file).suffix.lower()]}"); '
                     f"font-weight: {face.weight}; font-style: normal; font-display: swap; }}")

    def block(colours: Colours, indent: str) -> list[str]:
        return [f"{indent}--{name.replace('_', '-')}: {value};" for name, value in colours.items()]

    lines += [":root {", *block(theme.light, "  "), f"  --font: {theme.font_stack};", "}"]
    recolour = [f'  .chart-svg [{attr}="{light}" i] {{ {attr}: {dark}; }}'
                for light, dark in chart_recolouring(theme.light, theme.dark)
                for attr in ("fill", "stroke")]
    lines += ["@media (prefers-color-scheme: dark) {", "  :root {", *block(theme.dark, "    "),
              "  }", *recolour, "}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
