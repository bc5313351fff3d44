"""The package's shape: small modules, no import circles, old import paths still served."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pathways.search
from pathways.search import backends

PACKAGE = Path(pathways.search.__file__).parent
SUBMODULES = {p.stem for p in PACKAGE.glob("*.py")} | {"backends"}


def imported_search_names(path: Path) -> set[str]:
    """What a module takes from `pathways.search` itself (submodules aside)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "pathways.search":
            names |= {a.name for a in node.names} - SUBMODULES
        elif isinstance(node, ast.ImportFrom) and node.module == "pathways":
            names |= {"pathways.search"} & {f"pathways.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names} & {"pathways.search"}
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_of_the_package_imports_the_facade(path: Path) -> None:
    assert imported_search_names(path) == set()


@pytest.mark.parametrize("path", sorted(Path(backends.__file__).parent.glob("*.py")))
def test_backends_know_nothing_of_the_rest_of_search(path: Path) -> None:
    tree = ast.parse(path.read_text())
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in modules if m.startswith("pathways.search")]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 300


def test_the_package_exports_what_it_lists() -> None:
    for name in pathways.search.__all__:
        assert hasattr(pathways.search, name), name


@pytest.mark.django_db
def test_search_looks_up_its_ranking_through_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/bench/measure.py swaps `ranked_ids` for `rank` to time first-time searches."""
    asked: list[list[str]] = []

    def rank(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
        asked.append(terms)
        return []

    monkeypatch.setattr(pathways.search, "ranked_ids", rank)
    assert pathways.search.search("naltrexone").results == []
    assert asked and asked[0] == ["naltrexone"]
