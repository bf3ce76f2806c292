"""Check that every internal link and asset reference of a site resolves.

``broken_links(files, base_url)`` reads the site's files the way a browser
would, before they are written: each ``href``/``src`` of the HTML pages,
each ``url(…)`` of the stylesheets, and each URL of ``sitemap.xml`` and
``feed.xml`` that points into the site (it starts with the base URL). A link
is broken when its file is not in the site, or when it names a place on an
HTML page (``#m-go-live``) that the page does not have. Links to other
hosts are not followed: the site works offline and checks offline.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator.errors import ERROR, ContentError, Diagnostic, Loc

URL_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
             ("source", "src"), ("iframe", "src"), ("form", "action"), ("image", "href"),
             ("use", "href"), ("image", "xlink:href"), ("use", "xlink:href")}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
XML_URL = re.compile(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"|<id>([^<]+)</id>")


@dataclass(frozen=True)
class Link:
    """One reference from a file of the site."""

    source: str      # the file it is in, relative to the site root
    line: int
    col: int
    url: str


@dataclass(frozen=True)
class Broken:
    link: Link
    reason: str


class ParsedPage(HTMLParser):
    """An HTML page's links (with their lines), ids and tags."""

    def __init__(self, text: str = ""):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, tuple[int, int]]] = []   # (tag, url, (line, column))
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.metas: list[dict] = []
        if text:
            self.feed(text)
            self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "meta":
            self.metas.append(attrs)
        line, offset = self.getpos()
        for attr, value in attrs.items():
            if (tag, attr) in URL_ATTRS and value is not None:
                self.urls.append((tag, value, (line, offset + 1)))


def links_of(path: str, data: bytes, base_url: str | None) -> tuple[list[Link], ParsedPage | None]:
    """The links in one file of the site, and the parsed page when it is HTML."""
    if path.endswith(".html"):
        page = ParsedPage(data.decode("utf-8", "replace"))
        return [Link(path, line, col, url) for _, url, (line, col) in page.urls], page
    text = data.decode("utf-8", "replace")
    if path.endswith(".css"):
        found = [(m.start(), m.group(2)) for m in CSS_URL.finditer(text)]
    elif path.endswith(".xml") and base_url:
        found = [(m.start(), next(g for g in m.groups() if g)) for m in XML_URL.finditer(text)]
        found = [(at, url) for at, url in found if url.startswith(base_url)]
    else:
        return [], None
    return [Link(path, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), url)
            for at, url in found], None


def broken_links(files: Mapping[str, bytes], base_url: str | None = None) -> list[Broken]:
    """Every reference in ``files`` (the site, by path) that does not
    resolve, in file and line order."""
    base = base_url.rstrip("/") + "/" if base_url else None
    pages: dict[str, ParsedPage] = {}
    links: list[Link] = []
    for path in sorted(files):
        found, page = links_of(path, files[path], base)
        links += found
        if page is not None:
            pages[path] = page
    broken = []
    for link in links:
        reason = _resolve(link, files, pages, base)
        if reason:
            broken.append(Broken(link, reason))
    return broken


def _resolve(link: Link, files: Mapping[str, bytes], pages: Mapping[str, ParsedPage],
             base: str | None) -> str:
    """Why ``link`` does not resolve, or '' when it does."""
    url, source = link.url.strip(), link.source
    if base:   # the site's own address, absolute or from the host's root (404.html)
        for prefix in (base, urlsplit(base).path):
            if url.startswith(prefix):
                url, source = url[len(prefix):], ""
                break
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return ""      # another host, mailto: …: not ours to check
    if url.startswith("/"):
        return "a link from the host's root breaks when the site is served from a subpath"
    path = unquote(parts.path)
    target = source
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if target.startswith(".."):
            return "points outside the site"
        if target == ".":
            target = "index.html"
        elif path.endswith("/"):
            target += "/index.html"
        if target not in files:
            return f"no file {target}"
    if parts.fragment and target.endswith(".html"):
        page = pages.get(target)
        if page is not None and unquote(parts.fragment) not in page.ids:
            return f"no id '{parts.fragment}' on {target}"
    return ""


def link_errors(files: Mapping[str, bytes], base_url: str | None,
                out_dir: str | os.PathLike) -> list[Diagnostic]:
    """Each broken link as an error at its line in the file it would be
    written to."""
    return [Diagnostic(Loc(os.path.join(os.path.abspath(out_dir), b.link.source), b.link.line,
                           b.link.col),
                       ERROR, f"broken link '{b.link.url}': {b.reason}",
                       "fix the link in the content or the theme")
            for b in broken_links(files, base_url)]


def check_all_links(files: Mapping[str, bytes], base_url: str | None,
                    out_dir: str | os.PathLike) -> None:
    """Raise ContentError naming every broken link (``--check-links``)."""
    broken = link_errors(files, base_url, out_dir)
    if broken:
        raise ContentError(broken)
