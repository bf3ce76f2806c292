"""Markdown in content, rendered safely: CommonMark plus tables, raw HTML shown
as text, and only harmless links made live.

A link is live when it is relative or uses http, https or mailto; any other
scheme (``javascript:``, ``vbscript:``, ``data:``, ``file:``…) leaves the
Markdown as plain text. Relative links and images are written from the site's
root (``assets/plan.png``, ``projects/portal/index.html``) and rewritten for the
page they appear on, so they work from any folder and any subpath. Images are
only shown from the site itself: a remote image becomes a link to it, because
the site must make no request to another host.

For the PDFs, :func:`print_markdown` gives the same Markdown as plain data
(a tree of dicts and strings) that the print templates lay out: content
never becomes Typst markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
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
    md.validateLink = lambda url: _is_local(url) or _scheme(url) in SAFE_SCHEMES  # type: ignore[method-assign]
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
            token.attrSet("href", _local(str(token.attrGet("href") or ""), root))
        elif token.type == "th_open":
            token.attrSet("scope", "col")  # Markdown tables have one header row
        if token.children:
            _rewrite(token.children, root, shift)
            token.children = [t for child in token.children for t in _image_or_link(child, root)]


def _image_or_link(token: Token, root: str) -> list[Token]:
    if token.type != "image":
        return [token]
    src = str(token.attrGet("src") or "")
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


# For print: Markdown as data ------------------------------------------------

# What print_markdown asks of its caller: where a link goes (a target for the
# print templates, or None to show the text alone) and where an image is (a
# path in the print templates' folder, or None to show its text).
LinkTarget = Callable[[str], dict | None]
ImagePath = Callable[[str, int], str | None]


def print_markdown(text: str, link: LinkTarget, image: ImagePath) -> list:
    """``text`` as a tree of plain data for the print templates, never as
    markup: every run of text stays a string, which the templates show as
    it is. Blocks and inlines are dicts with a ``kind``; a bare string is
    text. ``image(src, line)`` gets the 0-based line in ``text`` of each
    local image.

    A heading has a ``depth`` below the section the text sits in (1: just
    below it), not the level it was written at: the levels a text uses are
    ranked, and none goes more than one below the heading before it, so a
    tagged PDF's headings never skip a level, however the text was written."""
    tree = SyntaxTreeNode(_MD.parse(text, {}))
    levels = sorted({int(node.tag[1]) for node in tree.walk() if node.type == "heading"})
    return _blocks(tree.children, _Print(link, image, {level: rank for rank, level
                                                       in enumerate(levels, 1)}))


@dataclass
class _Print:
    link: LinkTarget
    image: ImagePath
    ranks: dict[int, int]
    depth: int = 0      # of the last heading


def _blocks(nodes: list[SyntaxTreeNode], how: _Print) -> list:
    return [block for node in nodes for block in _block(node, how)]


def _block(node: SyntaxTreeNode, how: _Print) -> list:
    kind = node.type
    if kind == "paragraph":
        return [{"kind": "paragraph", "body": _inlines(node.children, how)}]
    if kind == "heading":
        body = _inlines(node.children, how)
        if not body:
            return []   # a heading with no words: nothing to show or to tag
        how.depth = min(how.ranks[int(node.tag[1])], how.depth + 1)
        return [{"kind": "heading", "depth": how.depth, "body": body}]
    if kind in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
        items = [_blocks(item.children, how) for item in node.children]
        return [{"kind": "list", "ordered": kind == "ordered_list", "start": start,
                 "items": items}]
    if kind == "blockquote":
        return [{"kind": "quote", "body": _blocks(node.children, how)}]
    if kind in ("fence", "code_block", "html_block"):
        return [{"kind": "code", "text": node.content.rstrip("\n")}]
    if kind == "hr":
        return [{"kind": "rule"}]
    if kind == "table":
        rows = [row for part in node.children for row in part.children]
        cells = [[_inlines(cell.children, how) for cell in row.children] for row in rows]
        aligns = [_align(cell.attrs.get("style", "")) for cell in rows[0].children] if rows else []
        return [{"kind": "table", "align": aligns, "header": cells[0] if cells else [],
                 "rows": cells[1:]}]
    return [{"kind": "paragraph", "body": _inlines(node.children, how)}] if node.children else []


def _align(style: object) -> str:
    return str(style).removeprefix("text-align:") or "left"


def _inlines(nodes: list[SyntaxTreeNode], how: _Print) -> list:
    out: list = []
    for node in nodes:
        for item in _inline(node, how):
            if isinstance(item, str) and out and isinstance(out[-1], str):
                out[-1] += item   # one string a run: fewer, longer strings to lay out
            elif item != "":
                out.append(item)
    return out


def _inline(node: SyntaxTreeNode, how: _Print) -> list:
    kind = node.type
    if kind == "inline":
        return _inlines(node.children, how)
    if kind in ("text", "html_inline"):
        return [node.content]
    if kind == "softbreak":
        return [" "]
    if kind == "hardbreak":
        return [{"kind": "break"}]
    if kind == "code_inline":
        return [{"kind": "code", "text": node.content}]
    if kind in ("em", "strong"):
        return [{"kind": kind, "body": _inlines(node.children, how)}]
    if kind == "link":
        body = _inlines(node.children, how)
        target = how.link(str(node.attrs.get("href", "")))
        return [{"kind": "link", "to": target, "body": body}] if target else body
    if kind == "image":
        src = str(node.attrs.get("src", ""))
        alt = "".join(child.content for child in node.walk() if child.type == "text")
        if _is_local(src):
            path = how.image(src, _line_of(node))
            if path:
                return [{"kind": "image", "path": path, "alt": alt or src}]
            return [f"[image: {alt or src}]"]
        # A remote image would be a request to another host: link to it instead.
        target = how.link(src)
        text = f"image: {alt or src}"
        return [{"kind": "link", "to": target, "body": [text]}] if target else [text]
    return _inlines(node.children, how)


def _line_of(node: SyntaxTreeNode | None) -> int:
    """The 0-based line of an inline node: its block's, the nearest that has one."""
    while node is not None and not node.map:
        node = node.parent
    return node.map[0] if node is not None and node.map else 0
