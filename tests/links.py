"""Read a built site's links the way a browser would, without a browser."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
             ("source", "src"), ("iframe", "src"), ("form", "action")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []   # (tag, url)
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.metas: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "meta":
            self.metas.append(attrs)
        for attr, value in attrs.items():
            if (tag, attr) in URL_ATTRS and value is not None:
                self.urls.append((tag, value))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset that does not resolve, as 'page -> url'."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        for _, url in page.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            rel = path.relative_to(site).as_posix()
            target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            target = site / target_rel if parts.path else path
            if target_rel.startswith("..") or not target.is_file():
                broken.append(f"{rel} -> {url}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{rel} -> {url} (no id '{parts.fragment}')")
    return broken
