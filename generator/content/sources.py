"""Reading content files safely: bytes to text, text to YAML nodes.

YAML is *composed*, never constructed: the result is PyYAML's node graph,
which keeps each value's line and column and never runs a constructor, so a
``!!python/...`` tag cannot create an object. Tags outside YAML's plain data
types are refused, aliases that would expand a file past a fixed budget (an
"alias bomb") are refused before anything walks them, and so are anchors that
contain themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import Diagnostics, Loc

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_NODES = 100_000
# C0 and C1 control characters but tab and newline (a carriage return is a
# line end, read as newline): in a title they would reach a terminal, a feed
# or a PDF as they are.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_REPORTS = 10   # a file full of them: this many, then one line for the rest

YAML_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {
    YAML_TAG + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}
MERGE_TAG = YAML_TAG + "merge"
NULL_TAG = YAML_TAG + "null"
STR_TAG = YAML_TAG + "str"
# A plain (unquoted, untagged) scalar. Its YAML type (int, bool, null, ...) is
# resolved only when a field reads it: running PyYAML's resolver regexes on
# every scalar of every file was a third of the load time.
PLAIN_TAG = "tag:baton,2026:plain"
ALLOWED_TAGS.add(PLAIN_TAG)
NULL_VALUES = frozenset(("", "~", "null", "Null", "NULL"))


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]  # C or pure Python, as installed
    """The safe (C when available) loader, with scalar types resolved lazily."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return PLAIN_TAG if implicit[0] else STR_TAG
        return YAML_TAG + ("seq" if kind is yaml.SequenceNode else "map")


_resolver = yaml.resolver.Resolver()


def scalar_tag(node: yaml.ScalarNode) -> str:
    """The YAML 1.1 type of a scalar: an explicit tag, or the one its text implies."""
    if node.tag != PLAIN_TAG:
        return node.tag
    return _resolver.resolve(yaml.ScalarNode, node.value, (True, False))


@dataclass(frozen=True)
class SourceText:
    """A file's text and where its first line sits in the file."""

    path: str
    text: str
    first_line: int = 1  # line number of ``text``'s first line in the file


def read_text(path: Path, diags: Diagnostics) -> SourceText | None:
    """Read a file as UTF-8, reporting (not raising) anything wrong with it."""
    where = Loc(str(path))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            diags.error(where, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
                        "split it, or move large material to assets/")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(where, f"cannot read file: {exc.strerror or exc}")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        diags.error(Loc(str(path), line, col),
                    f"file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded)",
                    "save the file as UTF-8")
        return None
    if "\x00" in text:
        line, col = _line_col(data, data.index(b"\x00"))
        diags.error(Loc(str(path), line, col), "file contains a NUL byte", "is it a text file?")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _report_controls(SourceText(str(path), text), diags):
        return None
    return SourceText(str(path), text)


def _report_controls(src: SourceText, diags: Diagnostics) -> bool:
    """Report each line of ``src`` that holds a control character; True if any does."""
    found = 0
    for number, line in enumerate(src.text.split("\n"), 1):
        match = CONTROLS.search(line)
        if match is None:
            continue
        found += 1
        if found <= MAX_CONTROL_REPORTS:
            diags.error(Loc(src.path, number, match.start() + 1),
                        f"control character U+{ord(match.group()):04X} in the text",
                        "delete it: content may hold tabs and line breaks, no other control "
                        "characters")
    if found > MAX_CONTROL_REPORTS:
        diags.error(Loc(src.path), f"{found - MAX_CONTROL_REPORTS} more lines hold control characters",
                    "is it a text file?")
    return found > 0


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


FENCE = re.compile(r"^---[ \t]*$")
CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(src: SourceText, diags: Diagnostics) -> tuple[SourceText, SourceText] | None:
    """Split a Markdown file into its YAML front matter and its body.

    Returns ``None`` (after reporting) when the file has no front matter or
    never closes it.
    """
    lines = src.text.split("\n")
    if not lines or not FENCE.match(lines[0]):
        diags.error(Loc(src.path, 1, 1), "file does not start with front matter",
                    "the first line must be '---', then YAML keys, then a closing '---'")
        return None
    for index in range(1, len(lines)):
        if CLOSE.match(lines[index]):
            front = SourceText(src.path, "\n".join(lines[1:index]), first_line=2)
            body = SourceText(src.path, "\n".join(lines[index + 1:]), first_line=index + 2)
            return front, body
    diags.error(Loc(src.path, 1, 1), "front matter opened on line 1 is never closed",
                "add a line '---' after the last front matter key")
    return None


class Nodes:
    """Turns node marks into locations for one piece of text."""

    def __init__(self, src: SourceText):
        self.src = src

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.src.path, *self.pos(node))

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + self.src.first_line, mark.column + 1


def parse_yaml(src: SourceText, diags: Diagnostics) -> yaml.Node | None:
    """Compose one YAML document into checked nodes; ``None`` if it is empty or bad."""
    try:
        node = yaml.compose(src.text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + src.first_line if mark else src.first_line
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc.context or ""):
            problem = "found a second YAML document ('---'); a file holds one document"
        at_tab = mark is not None and src.text[mark.index:mark.index + 1] == "\t"
        hint = "indent with spaces, not tabs" if at_tab else _yaml_hint(problem)
        diags.error(Loc(src.path, line, col), f"YAML syntax error: {problem}", hint)
        return None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        line, col = src.first_line, 1
        position = getattr(exc, "position", None)
        if isinstance(position, int):
            before = src.text[:position]
            line = before.count("\n") + src.first_line
            col = position - (before.rfind("\n") + 1) + 1
        reason = getattr(exc, "reason", None) or "unreadable YAML"
        diags.error(Loc(src.path, line, col), f"YAML syntax error: {reason}",
                    "remove the control character")
        return None
    except RecursionError:
        diags.error(Loc(src.path, src.first_line, 1), "YAML is nested too deeply")
        return None
    if node is None:
        return None
    # Without '&' there are no anchors (so no aliases), without '!' no tags.
    if ("&" in src.text or "!" in src.text) and not _check_graph(node, Nodes(src), diags):
        return None
    return node


def _yaml_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put quotes around text that contains ': '"
    if "could not find expected ':'" in problem:
        return "each line of a mapping is 'key: value'"
    return ""


def _check_graph(root: yaml.Node, nodes: Nodes, diags: Diagnostics) -> bool:
    """Refuse foreign tags, self-containing anchors and alias bombs.

    Sizes are memoised per node, so the check costs one visit per distinct
    node however many times aliases repeat it.
    """
    size: dict[int, int] = {}
    active: set[int] = set()
    ok = True

    def visit(node: yaml.Node) -> int:
        nonlocal ok
        key = id(node)
        if key in size:
            return size[key]
        if key in active:
            raise _Recursive(node)
        if node.tag not in ALLOWED_TAGS:
            if ok:
                diags.error(nodes.loc(node), f"YAML tag '{_short_tag(node.tag)}' is not allowed",
                            "content is data: remove the tag")
            ok = False
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += visit(child)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += visit(k) + visit(v)
        active.discard(key)
        size[key] = total
        return total

    try:
        expanded = visit(root)
    except _Recursive as rec:
        diags.error(nodes.loc(rec.node), "an anchor refers to itself (recursive alias)",
                    "aliases may only repeat finished values")
        return False
    except RecursionError:
        diags.error(nodes.loc(root), "YAML is nested too deeply")
        return False
    if expanded > MAX_EXPANDED_NODES:
        diags.error(nodes.loc(root),
                    f"aliases expand this file to {expanded:,} values, more than the "
                    f"{MAX_EXPANDED_NODES:,} allowed",
                    "write the values out instead of repeating aliases")
        return False
    return ok


class _Recursive(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and (
        node.tag == NULL_TAG or (node.tag == PLAIN_TAG and node.value in NULL_VALUES))


def mapping_pairs(node: yaml.MappingNode, nodes: Nodes, diags: Diagnostics,
                  where: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """The (key, key node, value node) pairs of a mapping, merge keys applied.

    Reports keys that are not text and keys given twice (PyYAML would keep
    the last silently).
    """
    merged: dict[str, tuple[str, yaml.Node, yaml.Node]] | None = None
    explicit: dict[str, tuple[str, yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = knode.value
        tag = knode.tag
        if tag == STR_TAG or (tag == PLAIN_TAG and key not in NULL_VALUES and key != "<<"):
            if key not in explicit:  # the common case: a plain, new key
                explicit[key] = (key, knode, vnode)
                continue
            first = nodes.loc(explicit[key][1]).line
            prefix = f"{where}: " if where else ""
            diags.error(nodes.loc(knode), f"{prefix}key '{key}' is given twice (first on line {first})",
                        "keep one of them")
            continue
        if tag == MERGE_TAG or (tag == PLAIN_TAG and key == "<<"):
            merged = {} if merged is None else merged
            sources = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    diags.error(nodes.loc(source), f"{where or 'top level'}: '<<' merges mappings only")
                    continue
                for item in mapping_pairs(source, nodes, diags, where):
                    merged.setdefault(item[0], item)
            continue
        diags.error(nodes.loc(knode), f"{where or 'top level'}: a key must be a plain word",
                    "write 'key: value'")
    if merged is None:
        return list(explicit.values())
    merged.update(explicit)
    return list(merged.values())
