"""The scalar field types: text, Markdown, ids, milestone references,
enums, currencies, colours, numbers, booleans, dates and months, each
reading one YAML scalar and saying what is wrong with a bad one."""

from __future__ import annotations

import datetime as dt
import math
import re

import yaml

from generator.content.fields import INVALID, ScalarType, describe, shown
from generator.content.sources import (
    PLAIN_TAG,
    YAML_TAG,
    scalar_tag,
)
from generator.errors import did_you_mean, one_of

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
MAX_ID = 64          # an id names files and folders of the site: well within any file system
# Names Windows keeps for devices: a folder or file so named cannot be
# checked out there, whatever its extension.
RESERVED_IDS = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                          *(f"lpt{i}" for i in range(10))])
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})\Z")


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


def slug(text: str) -> str:
    """A valid id made from any text: 'Portal Redesign!' -> 'portal-redesign'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
