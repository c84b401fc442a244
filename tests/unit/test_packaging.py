"""The installed package (``pip install .``, not editable) ships every module of the source.

The source keeps the hexagon's layers in root folders that pyproject.toml maps into
``mosaicolabs.*``; a package missing from that list would work in the editable checkout
and be absent for users. This installs the wheel into a folder and compares.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import typing_checks  # noqa: E402


def _modules(package: Path) -> set[str]:
    return {str(p.relative_to(package)) for p in package.rglob("*.py")
            if "__pycache__" not in p.parts}


def test_the_wheel_ships_every_source_module_and_the_typing_marker(tmp_path: Path) -> None:
    installed = typing_checks.install_view(tmp_path / "installed") / "mosaicolabs"
    source = typing_checks.build_view(tmp_path / "view") / "mosaicolabs"
    assert _modules(source) - _modules(installed) == set()
    assert (installed / "py.typed").is_file()


IMPORT_ALL = """
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import mosaicolabs
assert mosaicolabs.__file__.startswith(sys.argv[1]), mosaicolabs.__file__
for module in pkgutil.walk_packages(mosaicolabs.__path__, "mosaicolabs."):
    importlib.import_module(module.name)
"""


def test_every_module_of_the_installed_package_imports(tmp_path: Path) -> None:
    target = typing_checks.install_view(tmp_path / "installed")
    done = subprocess.run([sys.executable, "-I", "-c", IMPORT_ALL, str(target)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
