"""What a file in ``assets/`` may be, and SVG made safe to publish.

Assets are published as they are, on the site's own origin, and on GitHub
Pages that origin is shared by every site of an organisation. So an asset
must never carry script:

- only the kinds in :data:`TYPES` are published: images, documents,
  spreadsheets, media, fonts and archives. HTML, XML, JavaScript and any
  other kind that a browser may run is refused with a message saying why
  (:func:`refusal`);
- an SVG is an image that can hold script, so it is rewritten
  (:func:`clean_svg`), when it holds any of these: no ``<script>``, no ``foreignObject``, no event
  handler, no link or reference to another file or host, no style that
  loads one. What is left draws as it did;
- dotfiles and dot-folders (``.env``, ``.git/``) are never published.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostics, Loc

# Suffix -> what it is, for docs/content.md and the messages.
TYPES = {
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "svg"), "image"),
    **dict.fromkeys(("pdf", "txt", "csv", "md", "rtf", "doc", "docx", "odt"), "document"),
    **dict.fromkeys(("xls", "xlsx", "ods", "ppt", "pptx", "odp"), "spreadsheet or slides"),
    **dict.fromkeys(("mp3", "m4a", "ogg", "wav", "mp4", "webm"), "audio or video"),
    **dict.fromkeys(("woff", "woff2", "ttf", "otf"), "font"),
    **dict.fromkeys(("zip",), "archive"),
}
# Kinds refused with their own reason: a browser runs what they hold.
SCRIPTED = {
    **dict.fromkeys(("html", "htm", "xhtml", "xht", "shtml", "mhtml"), "HTML"),
    **dict.fromkeys(("js", "mjs", "cjs", "wasm"), "JavaScript"),
    **dict.fromkeys(("xml", "xsl", "xslt", "rss", "atom"), "XML, which a browser can style with script,"),
    **dict.fromkeys(("svgz",), "compressed SVG, which Baton cannot check for script,"),
    **dict.fromkeys(("swf", "hta", "php", "jsp", "asp", "aspx", "cgi", "css"), "a file that a browser "
                    "or server runs"),
}

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

DROPPED_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener",
                    "audio", "video"}
ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
SAFE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
EXTERNAL_STYLE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)|expression\(|javascript:",
                            re.IGNORECASE)


def refusal(path: str) -> str | None:
    """Why the asset at ``path`` (relative to assets/) is not published, or
    None when it is."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in SCRIPTED:
        return f"{SCRIPTED[suffix]} can run script in a reader's browser; Baton does not publish it"
    if suffix not in TYPES:
        return "not a kind of file Baton publishes from assets/"
    return None


@dataclass(frozen=True)
class CleanSvg:
    """An SVG with what could run or fetch taken out, and what that was."""

    data: bytes
    removed: tuple[str, ...]


class SvgError(ValueError):
    """An SVG that cannot be checked: not well-formed, or with a DOCTYPE."""


def clean_svg(data: bytes) -> CleanSvg:
    """``data`` without script, event handlers, foreign objects and
    references to other files or hosts. Raises SvgError when it is not
    well-formed XML or declares a DOCTYPE (entities could hide anything)."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise SvgError("it declares a DOCTYPE or entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"it is not well-formed XML ({exc})") from None
    if _local(root.tag) != "svg":
        raise SvgError("its root element is not <svg>")
    removed: list[str] = []
    _clean(root, removed)
    if not removed:
        return CleanSvg(data, ())   # nothing to take out: published byte for byte
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return CleanSvg(b'<?xml version="1.0" encoding="UTF-8"?>\n' + body, tuple(sorted(set(removed))))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element: ET.Element, removed: list[str]) -> None:
    for child in list(element):
        name = _local(child.tag) if isinstance(child.tag, str) else ""
        target = _local(child.get("attributeName", ""))
        if not isinstance(child.tag, str) or name in DROPPED_ELEMENTS or (
                name in ANIMATIONS and (target.lower().startswith("on") or target == "href")):
            element.remove(child)
            removed.append(f"<{name}>" if name else "a processing instruction")
            continue
        if name == "style" and EXTERNAL_STYLE.search(child.text or ""):
            element.remove(child)
            removed.append("a <style> that loads another file")
            continue
        _clean(child, removed)
    for attribute, value in list(element.attrib.items()):
        name = _local(attribute)
        if name.lower().startswith("on"):
            del element.attrib[attribute]
            removed.append("event handlers")
        elif name == "href" and not (value.startswith("#") or SAFE_DATA.match(value)):
            del element.attrib[attribute]
            removed.append("links to other files or hosts")
        elif EXTERNAL_STYLE.search(value):   # style, fill="url(…)", filter…
            del element.attrib[attribute]
            removed.append("styles that load another file")


def publishable(path: Path, rel: str, diags: Diagnostics) -> bool:
    """Whether the asset at ``path`` (``rel`` under assets/) may be published:
    not a kind that could run script, and an SVG that can be cleaned (a
    warning names what cleaning removes). Problems go to ``diags``."""
    refused = refusal(rel)
    if refused:
        diags.error(Loc(str(path)), refused,
                    "convert it (HTML to PDF, say), or link to where it is published; "
                    "docs/content.md lists the kinds assets/ may hold")
        return False
    if not rel.lower().endswith(".svg"):
        return True
    try:
        removed = clean_svg(path.read_bytes()).removed
    except OSError as exc:
        diags.error(Loc(str(path)), f"cannot read file: {exc.strerror or exc}")
        return False
    except SvgError as exc:
        diags.error(Loc(str(path)), f"SVG not published: {exc}, so Baton cannot check it "
                    "for script", "save it again as plain SVG, or as PNG")
        return False
    if removed:
        diags.warning(Loc(str(path)), f"SVG published without {', '.join(removed)}: "
                      "an asset never carries script or loads another file",
                      "keep only the drawing in the file")
    return True
