"""Rules about the code base itself that import-linter cannot express."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ("domain", "ports", "application", "adapters", "mosaicolabs", "mock_server")
# The wire test tooling (transcripts of Flight calls) decodes Flight descriptors too.
FLIGHT_ALLOWED = ("adapters/flight/", "mock_server/")


def _modules() -> list[Path]:
    return sorted(p for folder in LIBRARY for p in (ROOT / folder).rglob("*.py"))


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_library_has_modules():
    assert len(_modules()) > 40


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_flight_adapters_and_mock_server_import_pyarrow_flight(path):
    relative = path.relative_to(ROOT).as_posix()
    uses_flight = any(
        n == "pyarrow.flight" or n.startswith("pyarrow.flight.") for n in _imported_names(path)
    )
    if uses_flight:
        assert relative.startswith(FLIGHT_ALLOWED), f"{relative} imports pyarrow.flight"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_within_300_lines(path):
    assert len(path.read_text().splitlines()) <= 300


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_a_docstring(path):
    assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no module docstring"


def _fresh_import(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_importing_the_package_is_light():
    loaded = _fresh_import("import sys, mosaicolabs; print(' '.join(sorted(sys.modules)))").split()
    for heavy in ("pyarrow.flight", "pandas", "PIL", "dependency_injector", "grpc"):
        assert heavy not in loaded, f"import mosaicolabs loads {heavy}"


def test_package_ships_py_typed():
    assert (ROOT / "mosaicolabs" / "py.typed").is_file()
    assert "py.typed" in (ROOT / "pyproject.toml").read_text()


def test_every_package_is_listed_for_the_wheel():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    mapping = {"mosaicolabs": "mosaicolabs", "domain": "mosaicolabs.domain",
               "ports": "mosaicolabs.ports", "application": "mosaicolabs.application",
               "adapters": "mosaicolabs.adapters", "mock_server": "mosaicolabs.mock_server"}
    found = set()
    for folder, package in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *relative)))
    assert found == listed


# Strongly connected groups of modules that import each other, found over every
# import (lazy ones and those under TYPE_CHECKING too): a cycle means two modules
# that cannot be understood, tested or moved apart.
_CYCLES = r"""
import json, sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, sys.argv[1])
import grimp
graph = grimp.build_graph("mosaicolabs", cache_dir=None)
index, low, on_stack, stack, groups = {}, {}, set(), [], []
for root in sorted(graph.modules):
    if root in index:
        continue
    work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
    index[root] = low[root] = len(index); stack.append(root); on_stack.add(root)
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop(); on_stack.discard(member); group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
        elif child not in index:
            index[child] = low[child] = len(index); stack.append(child); on_stack.add(child)
            work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
        elif child in on_stack:
            low[node] = min(low[node], index[child])
print(json.dumps(groups))
"""

# None is tolerated: a cycle (lazy or TYPE_CHECKING imports included) makes rooms that
# cannot be understood, tested or moved apart.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def import_cycles(view: Path) -> set[tuple[str, ...]]:
    """The import cycles of the package laid out in ``view`` (see tools/pkgview.py)."""
    return {tuple(group) for group in json.loads(_fresh_import_in(view, _CYCLES))}


def _fresh_import_in(view: Path, code: str) -> str:
    return subprocess.run([sys.executable, "-c", code, str(view)], check=True,
                          capture_output=True, text=True, timeout=300).stdout


@pytest.fixture(scope="module")
def package_cycles(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, ...]]:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import pkgview
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return import_cycles(pkgview.lay_out(tmp_path_factory.mktemp("view")))


def test_no_new_import_cycle_in_the_package(package_cycles):
    assert package_cycles - KNOWN_CYCLES == set()


def test_the_memory_engine_has_no_import_cycle(package_cycles):
    memory = "mosaicolabs.adapters.memory."
    assert [c for c in package_cycles if any(m.startswith(memory) for m in c)] == []


def test_the_cycle_check_finds_a_cycle(tmp_path):
    package = tmp_path / "mosaicolabs"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from . import a\n")
    (package / "c.py").write_text("from . import a\n")
    assert import_cycles(tmp_path) == {("mosaicolabs.a", "mosaicolabs.b")}
