"""Build ``.tree/mosaicolabs``: the import package as one folder of symlinks.

The repository keeps the hexagon's layers in root folders that setuptools maps
into ``mosaicolabs.*``. Static tools (import-linter, mypy) want one directory
per package, so this script lays out that view without copying anything.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("domain", "ports", "application", "adapters", "mock_server")


def build(root: Path = ROOT) -> Path:
    """(Re)create ``<root>/.tree/mosaicolabs`` and return ``<root>/.tree``."""
    tree = root / ".tree"
    if tree.exists():
        shutil.rmtree(tree)
    return lay_out(tree, root)


def lay_out(dest: Path, root: Path = ROOT) -> Path:
    """(Re)create ``dest/mosaicolabs`` as the view of ``root``'s package; return ``dest``."""
    package = dest / "mosaicolabs"
    if package.exists():
        shutil.rmtree(package)
    package.mkdir(parents=True)
    _mirror(root / "mosaicolabs", package)
    for layer in LAYERS:
        _mirror(root / layer, package / layer)
    return dest


def _mirror(source: Path, target: Path) -> None:
    # Real folders with symlinked files: tools that walk folders without
    # following links (grimp) still see every module.
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.endswith((".py", ".typed")):
                os.symlink(Path(folder) / name, here / name)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT))
