"""A built site's links, read from its folder by Baton's own checker."""

from __future__ import annotations

from pathlib import Path

from generator.publish.links import ParsedPage
from generator.publish.links import broken_links as check


def read_site(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def parse(path: Path) -> ParsedPage:
    return ParsedPage(path.read_text(encoding="utf-8"))


def broken_links(site: Path, base_url: str | None = None) -> list[str]:
    """Every internal link or asset that does not resolve, as 'page -> url: why'."""
    return [f"{b.link.source}:{b.link.line}:{b.link.col} -> {b.link.url}: {b.reason}"
            for b in check(read_site(site), base_url)]
