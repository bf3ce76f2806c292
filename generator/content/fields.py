"""Field types and the generic reader that turns YAML nodes into model objects.

A model class declares each YAML key with :func:`key` (its type, whether it is
required, its default); :func:`read_object` reads any such class from a mapping
node, reporting every wrong type, unknown key, bad value and missing key with
its location, and carrying on so that one run finds every problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, dataclass_transform

import yaml

from generator.content.sources import (
    NULL_TAG,
    NULL_VALUES,
    PLAIN_TAG,
    YAML_TAG,
    Nodes,
    is_null,
    mapping_pairs,
    scalar_tag,
)
from generator.errors import Diagnostics, Loc, did_you_mean, one_of

INVALID = object()  # a value that was reported as wrong

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
MAX_ID = 64          # an id names files and folders of the site: well within any file system
# Names Windows keeps for devices: a folder or file so named cannot be
# checked out there, whatever its extension.
RESERVED_IDS = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                          *(f"lpt{i}" for i in range(10))])
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})\Z")


@dataclass(frozen=True)
class Source:
    """Where a model object came from: its location, its key path, and the
    (line, column) of each of its values (``keys['depends_on[1]']``)."""

    loc: Loc
    path: str = ""
    keys: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, key: str) -> Loc:
        """The location of one of the object's values, or of the object itself."""
        pos = self.keys.get(key)
        return Loc(self.loc.file, *pos) if pos else self.loc

    def where(self, key: str = "") -> str:
        """The key path of this object or one of its keys, for messages."""
        if not key:
            return self.path
        return f"{self.path}.{key}" if self.path else key


NO_SOURCE = Source(Loc("<built-in>"))


class Reader:
    """Reads one file's nodes, reporting problems into ``diags``."""

    def __init__(self, nodes: Nodes, diags: Diagnostics):
        self.nodes = nodes
        self.diags = diags

    def loc(self, node: yaml.Node) -> Loc:
        return self.nodes.loc(node)

    def error(self, node: yaml.Node, path: str, message: str, hint: str = "") -> object:
        prefix = f"{path}: " if path else ""
        self.diags.error(self.loc(node), prefix + message, hint)
        return INVALID


def shown(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return f"'{shown(node.value)}'"


# Field types ---------------------------------------------------------------

class FieldType:
    """Reads one value. ``doc`` is how docs/content.md names the type."""

    doc = "value"

    def read(self, node: yaml.Node, r: Reader, path: str) -> Any:
        raise NotImplementedError


class ScalarType(FieldType):
    expected = "a value"

    def read(self, node, r, path):
        if not isinstance(node, yaml.ScalarNode):
            return r.error(node, path, f"expected {self.expected}, got {describe(node)}", self.hint(""))
        return self.scalar(node, node.value, r, path)

    def scalar(self, node, text, r, path):
        return text

    def hint(self, text: str) -> str:
        return ""


class Text(ScalarType):
    doc = "text"
    expected = "text"


class Markdown(Text):
    doc = "markdown"


def id_problem(text: str) -> tuple[str, str]:
    """Why ``text`` is not an id, and an id it could be; ('', '') when it is one."""
    if not ID_PATTERN.match(text):
        return "is not a valid id", slug(text)
    if text in RESERVED_IDS:
        return "is a name Windows keeps for a device, so the site could not be checked " \
               "out there", f"{text}-1"
    if len(text) > MAX_ID:
        return f"is {len(text)} characters long, more than the {MAX_ID} an id may have", \
               text[:MAX_ID].rstrip("-")
    return "", ""


class Id(Text):
    doc = "id"
    expected = "an id"

    def scalar(self, node, text, r, path):
        problem, better = id_problem(text)
        if problem == "is not a valid id":
            return r.error(node, path, f"'{shown(text)}' {problem}",
                           f"ids use lower-case letters, digits and '-': '{better or 'my-id'}'")
        if problem:
            return r.error(node, path, f"'{shown(text)}' {problem}", f"for example '{better}'")
        return text


class MilestoneRef(Text):
    doc = "milestone reference"
    expected = "a milestone reference"

    def scalar(self, node, text, r, path):
        parts = text.split("/")
        if len(parts) > 2 or any(id_problem(p)[0] for p in parts):
            return r.error(node, path, f"'{shown(text)}' is not a milestone reference",
                           "write '<milestone-id>' or '<project-id>/<milestone-id>'")
        return text


class Enum(Text):
    def __init__(self, *choices: str):
        self.choices = choices
        self.doc = " \\| ".join(f"`{c}`" for c in choices)

    def scalar(self, node, text, r, path):
        if text not in self.choices:
            hint = did_you_mean(text.lower().replace("/", "-").replace(" ", "-"), self.choices)
            return r.error(node, path, f"'{shown(text)}' is not allowed",
                           hint or one_of(self.choices))
        return text


class Currency(Text):
    doc = "currency code"

    def scalar(self, node, text, r, path):
        if not re.fullmatch(r"[A-Z]{3}", text):
            return r.error(node, path, f"'{shown(text)}' is not an ISO 4217 currency code",
                           "three capital letters, e.g. USD, EUR, GBP")
        return text


class Colour(Text):
    doc = "colour (#rrggbb)"
    expected = "a colour"

    def scalar(self, node, text, r, path):
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
            return r.error(node, path, f"'{shown(text)}' is not a colour",
                           "write it as six hex digits after '#', e.g. '#1a7f37'")
        return text.lower()


_constructor = yaml.constructor.SafeConstructor()


class Number(ScalarType):
    doc = "number"
    expected = "a number"

    def __init__(self, minimum: float | None = None, maximum: float | None = None,
                 integer: bool = False):
        self.minimum, self.maximum, self.integer = minimum, maximum, integer
        if integer:
            self.doc, self.expected = "integer", "a whole number"
        if minimum is not None and maximum is not None:
            self.doc += f" {_num(minimum)}–{_num(maximum)}"
        elif minimum is not None:
            self.doc += f" ≥ {_num(minimum)}"

    def scalar(self, node, text, r, path):
        if node.tag == PLAIN_TAG and text.isascii() and text.isdigit() and (
                len(text) == 1 or text[0] != "0"):
            value = int(text)  # the common case, without resolving YAML 1.1's octal, 1:30 or 1_000
        else:
            value = self.number(node, text, r, path)
            if value is INVALID:
                return value
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            return r.error(node, path, f"{_num(value)} is out of range",
                           self._range())
        return value

    def number(self, node, text, r, path):
        """Any other scalar: YAML 1.1 resolves its type, then it is read."""
        tag = scalar_tag(node)[len(YAML_TAG):]
        if tag == "float" and self.integer:
            return r.error(node, path, f"expected a whole number, got '{shown(text)}'")
        if tag not in ("int", "float"):
            return r.error(node, path, f"expected {self.expected}, got {describe(node)}",
                           self.hint(text))
        try:
            value = (_constructor.construct_yaml_int(node) if tag == "int"
                     else _constructor.construct_yaml_float(node))
        except (ValueError, OverflowError):
            value = None
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return r.error(node, path, f"'{shown(text)}' is not a finite number")
        return value

    def _range(self) -> str:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"it must be from {_num(low)} to {_num(high)}"
        if low is not None:
            return f"it must be at least {_num(low)}"
        return f"it must be at most {_num(high)}" if high is not None else "any number will do"

    def hint(self, text):
        cleaned = re.sub(r"[,\s_£$€¥]", "", text)
        if cleaned != text and re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            return f"write numbers plainly, without separators or currency signs: {cleaned}"
        if text.endswith("%") and re.fullmatch(r"-?\d+(\.\d+)?", text[:-1]):
            return f"write the number without '%': {text[:-1]}"
        return ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Bool(ScalarType):
    doc = "true \\| false"
    expected = "true or false"

    def scalar(self, node, text, r, path):
        if scalar_tag(node) != YAML_TAG + "bool":
            return r.error(node, path, f"expected true or false, got '{shown(text)}'")
        return _constructor.construct_yaml_bool(node)


class Date(ScalarType):
    doc = "date"
    expected = "a date"

    def scalar(self, node, text, r, path):
        if DATE_PATTERN.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return r.error(node, path, f"'{text}' is not a real date",
                               "check the day of the month")
        return r.error(node, path, f"expected a date, got '{shown(text)}'", self.hint(text))

    def hint(self, text):
        return "dates are YYYY-MM-DD"


class Month(ScalarType):
    doc = "month"
    expected = "a month"

    def scalar(self, node, text, r, path):
        match = MONTH_PATTERN.match(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return text
        return r.error(node, path, f"expected a month, got '{shown(text)}'", self.hint(text))

    def hint(self, text):
        return "months are YYYY-MM"


class ListOf(FieldType):
    def __init__(self, item: FieldType):
        self.item = item
        self.doc = f"list of {item.doc}"

    def read(self, node, r, path):
        if not isinstance(node, yaml.SequenceNode):
            example = f"[{node.value}]" if isinstance(node, yaml.ScalarNode) else "a list"
            return r.error(node, path, f"expected a list, got {describe(node)}",
                           f"write a list: {shown(example)}" if isinstance(node, yaml.ScalarNode)
                           else "start each item with '- '")
        values = []
        for index, child in enumerate(node.value):
            if is_null(child):
                r.error(child, f"{path}[{index}]", "empty list item", "remove the empty '-' line")
                continue
            value = self.item.read(child, r, f"{path}[{index}]")
            if value is not INVALID and value is not None:
                values.append(value)
        return tuple(values)


class Obj(FieldType):
    def __init__(self, cls: type):
        self.cls = cls
        self.doc = cls.__name__

    def read(self, node, r, path):
        value = read_object(self.cls, node, r, path)
        return INVALID if value is None else value


# Declaring keys ------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    type: FieldType
    required: bool = False
    name: str = ""                # the YAML key when it differs from the field
    default_from: str = ""        # another field whose value is the default


_T = TypeVar("_T")


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def record(cls: type[_T]) -> type[_T]:
    """A frozen dataclass whose fields are passed by name: the model's,
    the settings' and the theme's classes (``key()`` is one such field)."""
    return dataclass(frozen=True, kw_only=True)(cls)


def key(type_: FieldType, *, required: bool = False, default: Any = None, name: str = "",
        default_from: str = "") -> Any:
    """Declare a YAML key on a model dataclass."""
    meta = {"yaml": Key(type_, required, name, default_from)}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class ClassSpec:
    """A model class's keys, ready for reading: which are required, which default
    to another key's value."""

    keys: dict[str, tuple[str, Key]]
    required: tuple[tuple[str, str], ...]        # (yaml name, field name)
    defaults_from: tuple[tuple[str, str], ...]   # (field name, source field name)


@cache
def class_spec(cls: type) -> ClassSpec:
    keys = yaml_keys(cls)
    return ClassSpec(
        keys,
        tuple((name, f) for name, (f, k) in keys.items() if k.required),
        tuple((f, k.default_from) for f, k in keys.values() if k.default_from),
    )


@cache
def yaml_keys(cls: type) -> dict[str, tuple[str, Key]]:
    """The YAML keys of a model class: ``{yaml name: (field name, Key)}``."""
    keys = {}
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("yaml")
        if spec is not None:
            keys[spec.name or f.name] = (f.name, spec)
    return keys


def read_object(cls: type, node: yaml.Node, r: Reader, path: str = "",
                **derived: Any) -> Any | None:
    """Read a model object from a mapping node; ``None`` if it is not a mapping."""
    if not isinstance(node, yaml.MappingNode):
        if path:
            r.error(node, path, f"expected a mapping of 'key: value' lines, got {describe(node)}")
        else:
            required = [k for k, (_, spec) in yaml_keys(cls).items() if spec.required]
            r.error(node, "", f"the file must hold 'key: value' lines, not {describe(node)}",
                    "start with: " + ", ".join(f"'{k}:'" for k in required or list(yaml_keys(cls))[:1]))
        return None
    spec = class_spec(cls)
    keys = spec.keys
    values: dict[str, Any] = {}
    locs: dict[str, tuple[int, int]] = {}  # also the keys that were given
    empty: list[str] = []
    first_line = r.nodes.src.first_line
    # This loop runs for every value of every file: it inlines what it can.
    for name, knode, vnode in mapping_pairs(node, r.nodes, r.diags, path):
        entry = keys.get(name)
        if entry is None:
            r.error(knode, path, f"unknown key '{shown(name)}'",
                    did_you_mean(name, keys) or "allowed keys: " + ", ".join(keys))
            continue
        mark = vnode.start_mark
        locs[name] = (mark.line + first_line, mark.column + 1)
        kind = vnode.__class__
        if kind is yaml.ScalarNode:
            tag = vnode.tag
            if tag == NULL_TAG or (tag == PLAIN_TAG and vnode.value in NULL_VALUES):
                empty.append(name)
                continue
        elif kind is yaml.SequenceNode:
            for index, child in enumerate(vnode.value):
                if child.__class__ is yaml.ScalarNode:  # objects keep their own src
                    mark = child.start_mark
                    locs[f"{name}[{index}]"] = (mark.line + first_line, mark.column + 1)
        value = entry[1].type.read(vnode, r, f"{path}.{name}" if path else name)
        if value is not INVALID:
            values[entry[0]] = value
    for name, fname in spec.required:
        if fname in values:
            continue
        if name not in locs:
            r.error(node, path, f"missing required key '{name}'")
        elif name in empty:
            r.diags.error(Loc(r.nodes.src.path, *locs[name]),
                          f"{path}.{name}: a value is required" if path
                          else f"{name}: a value is required")
    for fname, source in spec.defaults_from:
        if fname not in values and source in values:
            values[fname] = values[source]
    return cls(**values, **derived, src=Source(r.loc(node), path, locs))


def slug(text: str) -> str:
    """A valid id made from any text: 'Portal Redesign!' -> 'portal-redesign'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

