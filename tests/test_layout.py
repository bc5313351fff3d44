"""The layout shows the architecture, and keeps showing it (issue 15).

- No module passes about 300 lines.
- No import circle, counting imports made inside functions: a late import
  that dodges a circle is still one.
- The renderer imports nothing from Django or from the rest of the site; the
  file format imports nothing from Django.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pathways"
MAX_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(path: Path) -> list[str]:
    """Every module an import statement names, wherever it sits (not TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.dump(block.test)
        for node in ast.walk(block)
    }
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from a.b import c` names the module a.b.c when there is one, else a.b.
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def graph() -> dict[str, set[str]]:
    mods = modules()

    def owner(name: str) -> str:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name

    edges: dict[str, set[str]] = {name: set() for name in mods}
    for name, path in mods.items():
        for target in imported(path):
            found = owner(target)
            if found and found != name:
                edges[name].add(found)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return out


def test_no_import_circle_remains() -> None:
    assert cycles(graph()) == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_passes_300_lines(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_the_renderer_imports_nothing_above_it() -> None:
    for name, path in modules().items():
        if name.startswith("pathways.rendering"):
            outside = [
                target
                for target in imported(path)
                if target.startswith("django")
                or (target.startswith("pathways.") and not target.startswith("pathways.rendering"))
            ]
            assert outside == [], name


def test_the_file_format_imports_no_django() -> None:
    for name, path in modules().items():
        if name.startswith("pathways.content.format"):
            assert not [t for t in imported(path) if t.startswith(("django", "pathways.models"))]
