"""Field types and the generic reader that turns YAML nodes into model objects.

A model class declares each YAML key with :func:`key` (its type, whether it is
required, its default); :func:`read_object` reads any such class from a mapping
node, reporting every wrong type, unknown key, bad value and missing key with
its location, and carrying on so that one run finds every problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, dataclass_transform

import yaml

from generator.content.sources import (
    NULL_TAG,
    NULL_VALUES,
    PLAIN_TAG,
    Nodes,
    is_null,
    mapping_pairs,
)
from generator.errors import Diagnostics, Loc, did_you_mean

INVALID = object()  # a value that was reported as wrong



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
