"""The house keeps its shape: no import cycles, one job and a docstring a
module, and packages that import only downwards (docs/development.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
# The layers, bottom first: a module may import its own layer and those below.
LAYERS = [
    {"errors", "scaffold"},
    {"content", "workers"},
    {"settings", "analysis"},
    {"look"},
    {"cache"},
    {"charts"},
    {"render"},
    {"publish"},
    {"build"},
    {"serve"},
    {"cli"},
]


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts): path
            for path in sorted(PACKAGE.rglob("*.py")) if "starter" not in path.parts}


def imports(name: str, path: Path) -> set[str]:
    """Every generator module ``name`` imports, at the top or in a function."""
    found = set()
    package = name.rsplit(".", 1)[0] if not path.name == "__init__.py" else name
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules() else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {module for module in found if module in modules() and module != name}


def test_no_module_imports_itself_round_a_circle():
    graph = {name: imports(name, path) for name, path in modules().items()}
    graph = {name: {m for m in deps if not m.endswith("__init__") and m != "generator"}
             for name, deps in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def _layer(module: str) -> int:
    part = module.split(".")[1] if module.count(".") else ""
    for index, layer in enumerate(LAYERS):
        if part in layer:
            return index
    raise AssertionError(f"{module}: in no layer of LAYERS; add it")


def test_packages_import_only_their_own_layer_or_below():
    for name, path in modules().items():
        if name == "generator" or name.endswith("__init__"):
            continue
        for imported in imports(name, path):
            if imported == "generator" or imported.endswith("__init__"):
                continue
            assert _layer(imported) <= _layer(name), f"{name} imports {imported}, a layer above it"


def test_every_module_says_what_its_one_job_is():
    for name, path in modules().items():
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), f"{name}: no docstring"
