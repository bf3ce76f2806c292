"""The docs name every key of the model, with the type the model reads.

A new field without documentation fails here (as in Datasette's test_docs).
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import ROOT
from generator.content.fields import yaml_keys
from generator.content.model import CONTENT_CLASSES

CONTENT_DOC = (ROOT / "docs" / "content.md").read_text()


def heading_for(cls: type) -> str:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*", cls.__name__)
    return " ".join([words[0]] + [w.lower() for w in words[1:]])


def section(title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#{{2,3}} |\Z)", CONTENT_DOC, re.M | re.S)
    assert match, f"docs/content.md has no section '### {title}'"
    return match.group(1)


def table_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells
    return rows


@pytest.mark.parametrize("cls", CONTENT_CLASSES, ids=lambda c: c.__name__)
def test_every_key_is_documented_with_its_type(cls):
    rows = table_rows(section(heading_for(cls)))
    keys = yaml_keys(cls)
    assert sorted(rows) == sorted(keys), f"{cls.__name__}: docs and model list different keys"
    for name, (_, spec) in keys.items():
        doc_type = rows[name][1]
        assert doc_type == spec.type.doc, f"{cls.__name__}.{name}: docs say {doc_type!r}"
        if spec.required:
            assert rows[name][2] == "required", f"{cls.__name__}.{name} is required"
        else:
            assert rows[name][2] != "required", f"{cls.__name__}.{name} is optional"


@pytest.mark.parametrize("cls", CONTENT_CLASSES, ids=lambda c: c.__name__)
def test_every_derived_field_is_named(cls):
    text = section(heading_for(cls))
    # A class's derived fields are described in prose in the file's section:
    # from the "## " heading before the class's own to the next "## ".
    own = CONTENT_DOC.index(f"### {heading_for(cls)}\n")
    start = CONTENT_DOC.rfind("\n## ", 0, own)
    end = CONTENT_DOC.find("\n## ", own)
    file_section = CONTENT_DOC[start:end if end > 0 else None]
    yaml_fields = {f for f, _ in yaml_keys(cls).values()}
    for f in dataclasses.fields(cls):
        if f.name in yaml_fields or f.name == "src":
            continue
        assert f"`{f.name}`" in text or f"`{f.name}`" in file_section, \
            f"{cls.__name__}.{f.name} is not named in docs/content.md"
