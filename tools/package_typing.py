"""Type-check the whole package: ``mypy --strict`` and basedpyright (strict mode).

Both checkers read the package from a symlink view (see ``pkgview.py``), every layer
included: domain, ports, application, adapters, mock server, facade and CLI.

The basedpyright settings are ``[tool.basedpyright]`` of pyproject.toml with
``PACKAGE_RELAXED_PYRIGHT`` on top: pyarrow ships no type information, so a parameter
or lambda whose type is a pyarrow class is "unknown" to pyright however it is
annotated; every other strict rule stays on.

Run ``python tools/package_typing.py [--view DIR] [PATH_PREFIX ...]`` to see the
errors (only those under the given package-relative prefixes, e.g. ``mock_server/``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import typing_checks
from pkgview import ROOT

#: pyright rules off for the package (see the module docstring).
PACKAGE_RELAXED_PYRIGHT = {
    "reportUnknownParameterType": False,
    "reportUnknownLambdaType": False,
}


def run_package_mypy(view: Path, work: Path) -> tuple[int, str]:
    """``mypy --strict`` (plus pyproject's settings) over the whole package in ``view``."""
    args = [sys.executable, "-m", "mypy", "--strict", "--config-file",
            str(ROOT / "pyproject.toml"), "--cache-dir", str(work / ".mypy_cache_pkg"),
            "-p", "mosaicolabs"]
    done = subprocess.run(args, capture_output=True, text=True, cwd=view, timeout=900,
                          env={**os.environ, "MYPYPATH": str(view)})
    return done.returncode, done.stdout + done.stderr


def run_package_pyright(view: Path, work: Path) -> tuple[int, str]:
    """basedpyright (strict, less PACKAGE_RELAXED_PYRIGHT) over the whole package."""
    work.mkdir(parents=True, exist_ok=True)
    files = [view / "mosaicolabs"]
    return typing_checks.run_basedpyright(files, view, work, PACKAGE_RELAXED_PYRIGHT)


def check_package(view: Path, work: Path) -> dict[str, tuple[int, str]]:
    """Both checkers over the package: checker -> (exit status, output)."""
    return {
        "mypy --strict (package)": run_package_mypy(view, work),
        "basedpyright (package)": run_package_pyright(view, work / "pyright_pkg"),
    }


def _only(output: str, prefixes: list[str]) -> str:
    if not prefixes:
        return output
    pattern = re.compile(r"mosaicolabs/(" + "|".join(map(re.escape, prefixes)) + ")")
    return "\n".join(line for line in output.splitlines() if pattern.search(line))


def main(argv: list[str]) -> int:
    view_arg = argv[argv.index("--view") + 1] if "--view" in argv else None
    prefixes = [a for a in argv if not a.startswith("--") and a != view_arg]
    base = Path(view_arg) if view_arg else Path(tempfile.mkdtemp(prefix="pkgtyping-"))
    view = typing_checks.build_view(base / "view")
    failed = False
    for name, (status, output) in check_package(view, base / "work").items():
        print(f"== {name}: {'ok' if status == 0 else 'FAILED'}")
        if status:
            print(_only(output, prefixes))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
