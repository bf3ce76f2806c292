"""Markdown in content, rendered safely: CommonMark plus tables, raw HTML shown
as text, and only harmless links made live.

A link is live when it is relative or uses http, https or mailto; any other
scheme (``javascript:``, ``vbscript:``, ``data:``, ``file:``…) leaves the
Markdown as plain text. Relative links and images are written from the site's
root (``assets/plan.png``, ``projects/portal/index.html``) and rewritten for the
page they appear on, so they work from any folder and any subpath. Images are
only shown from the site itself: a remote image becomes a link to it, because
the site must make no request to another host.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def _scheme(url: str) -> str:
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


def _is_local(url: str) -> bool:
    return not _scheme(url) and not url.startswith("//")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False}).enable("table")
    md.validateLink = lambda url: _is_local(url) or _scheme(url) in SAFE_SCHEMES
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def render_markdown(text: str, root: str = "", shift: int = 0) -> Markup:
    """``text`` as HTML for a page ``root`` away from the site root (``"../../"``),
    with headings moved ``shift`` levels down (h2 becomes h3 for shift=1)."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    _rewrite(tokens, root, shift)
    return Markup(_MD.renderer.render(tokens, _MD.options, env))


def _rewrite(tokens: list[Token], root: str, shift: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and shift:
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
        elif token.type == "link_open":
            token.attrSet("href", _local(token.attrGet("href") or "", root))
        elif token.type == "th_open":
            token.attrSet("scope", "col")  # Markdown tables have one header row
        if token.children:
            _rewrite(token.children, root, shift)
            token.children = [_image_or_link(child, root) for child in token.children]
            token.children = [t for child in token.children for t in child]


def _image_or_link(token: Token, root: str) -> list[Token]:
    if token.type != "image":
        return [token]
    src = token.attrGet("src") or ""
    if _is_local(src):
        token.attrSet("src", _local(src, root))
        return [token]
    # A remote image would be a request to another host: link to it instead.
    link = Token("link_open", "a", 1, attrs={"href": src})
    text = Token("text", "", 0, content=f"image: {token.content or src}")
    return [link, text, Token("link_close", "a", -1)]


def _local(url: str, root: str) -> str:
    """A site-root-relative URL, made relative to the page."""
    if not _is_local(url) or url.startswith("#") or url.startswith("../") or url.startswith("./"):
        return url
    return root + url.lstrip("/")
