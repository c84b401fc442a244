"""Rules about the code base itself that import-linter cannot express."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ("domain", "ports", "application", "adapters", "mosaicolabs", "mock_server")
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
